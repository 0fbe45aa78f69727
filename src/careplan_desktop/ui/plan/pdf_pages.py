"""PDF pages as images, for the print preview and for printing: the printout is made once, by
reportlab, and what is printed is exactly that PDF.

PySide6-Essentials has no QtPdf, so pages are rasterised by whichever is installed:
QtPdf (PySide6-Addons), else pypdfium2 (a small wheel with PDFium inside). Both work on the
bytes in memory: no temporary file ever holds the plan. With neither, `available()` is False
and the screens offer Save PDF only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

POINTS_PER_INCH = 72.0
NOT_AVAILABLE = ("Printing from here needs the PDF page renderer (pypdfium2, or PySide6-Addons), which is not "
                 "installed. Save the PDF and print it from your PDF reader.")


def _engine() -> str | None:
    try:
        from PySide6.QtPdf import QPdfDocument  # noqa: F401
        return "qtpdf"
    except ImportError:
        pass
    try:
        import pypdfium2  # noqa: F401
        return "pdfium"
    except ImportError:
        return None


ENGINE = _engine()


def available() -> bool:
    return ENGINE is not None


_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one document at a time, whichever thread


def _pdfium_pages(pdf: bytes, dpi: float, first: int, last: int | None) -> Iterator[QImage]:
    import pypdfium2 as pdfium

    with _PDFIUM:
        yield from _pdfium_locked(pdfium, pdf, dpi, first, last)


def _pdfium_locked(pdfium, pdf: bytes, dpi: float, first: int, last: int | None) -> Iterator[QImage]:
    document = pdfium.PdfDocument(pdf)
    try:
        stop = len(document) if last is None else min(last + 1, len(document))
        for index in range(first, stop):
            page = document[index]
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)  # RGB
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888).copy()  # own the pixels before PDFium frees them
            bitmap.close()
            page.close()
            yield image
    finally:
        document.close()


def _qtpdf_pages(pdf: bytes, dpi: float, first: int, last: int | None) -> Iterator[QImage]:
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    try:
        stop = document.pageCount() if last is None else min(last + 1, document.pageCount())
        for index in range(first, stop):
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / POINTS_PER_INCH), round(points.height() * dpi / POINTS_PER_INCH))
            yield document.render(index, size)
    finally:
        document.close()
        buffer.close()


def pages(pdf: bytes, *, dpi: float = 150, first: int = 0, last: int | None = None) -> Iterator[QImage]:
    """Each page from `first` to `last` (0-based, inclusive; None: to the end) as an image."""
    if ENGINE == "qtpdf":
        yield from _qtpdf_pages(pdf, dpi, first, last)
    elif ENGINE == "pdfium":
        yield from _pdfium_pages(pdf, dpi, first, last)
    else:
        raise RuntimeError(NOT_AVAILABLE)


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of `pdf` on `printer` (pages honour the print dialog's range), each page
    image scaled to the printable area keeping its shape. Returns the pages printed. Runs on the
    GUI thread (printers are not painted from workers): about a second for a 6-page plan."""
    dpi = min(max(printer.resolution(), 150), 300)
    first, last = 0, None
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, max(printer.toPage(), printer.fromPage()) - 1
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be started.")
    printed = 0
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        target_area = QRect(0, 0, area.width(), area.height())
        for image in pages(pdf, dpi=dpi, first=first, last=last):
            if printed:
                printer.newPage()
            size = image.size().scaled(target_area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (target_area.width() - size.width()) // 2
            painter.drawImage(QRect(x, 0, size.width(), size.height()), image)
            printed += 1
    finally:
        painter.end()
    return printed
