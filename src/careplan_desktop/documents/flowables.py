"""Small platypus flowables shared by the letters and the yellow folder.

- :class:`Frozen` (and :class:`StampBook` for paragraphs): what is the same in every letter of a
  batch (headings, what a test measures, the prompts). Laid out once, drawn once per PDF as a
  form XObject, then reused.
- :class:`Line`: a short line of text drawn without Paragraph's cost when it fits.
- :class:`Block`: a few flowables kept together on one page (one result, one prompt, one
  contact), optionally on a tinted panel or with a coloured bar down the left.
- :class:`RuledLines`: lines to write on.
- :class:`Swatch`: a coloured square with a word beside it (medicine container colours).
"""

from __future__ import annotations

from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from .styles import RULE_GREY, TEXT, markup

_FORMS_ATTR = "_careplan_forms"


class Frozen(Flowable):
    """Any flowable that looks the same wherever it appears: laid out once per width and drawn
    once per PDF into a form XObject, then placed again by reference. Never split, except when
    it is taller than a whole page."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner
        self._sizes: dict[float, tuple[float, float]] = {}
        self._wrapped_at: float | None = None
        self._avail = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        size = self._sizes.get(avail_width)
        if size is None:
            size = self._sizes[avail_width] = self.inner.wrap(avail_width, 1e6)
            self._wrapped_at = avail_width
        self._avail = avail_width
        self.width, self.height = size
        return size

    def getSpaceBefore(self) -> float:  # noqa: N802 - platypus name
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.inner.getSpaceAfter()

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:  # taller than a whole page: let the inner one split
            self.inner.wrap(avail_width, avail_height)
            self._wrapped_at = None
            return self.inner.split(avail_width, avail_height)
        return []

    def draw(self) -> None:
        # Platypus marks a flowable it had to move to the next page and never unmarks it; this
        # one is placed again in the next letter, where the mark would read as "too large".
        self.__dict__.pop("_postponed", None)
        canv = self.canv
        forms = canv.__dict__.setdefault(_FORMS_ATTR, {})
        key = (id(self), self._avail)
        name = forms.get(key)
        if name is None:
            name = forms[key] = f"CP{len(forms)}"  # claimed first: frozen parts may nest
            if self._wrapped_at != self._avail:
                self.inner.wrap(self._avail, 1e6)
                self._wrapped_at = self._avail
            pad = 24
            canv.beginForm(name, -pad, -pad, self.width + pad, self.height + pad)
            self.inner.drawOn(canv, 0, 0)
            canv.endForm()
        canv.doForm(name)


class StampBook:
    """One frozen paragraph per (text, style) for a whole batch: identical text is laid out once."""

    def __init__(self) -> None:
        self._stamps: dict[tuple[str, str], Frozen] = {}

    def __call__(self, text: str, style: ParagraphStyle) -> Frozen:
        key = (text, style.name)
        stamp = self._stamps.get(key)
        if stamp is None:
            stamp = self._stamps[key] = Frozen(Paragraph(text, style))
        return stamp


class Line(Flowable):
    """Text that usually fits on one line (a date, "This time: 58 mmol/mol"): measured and drawn
    directly, which is far cheaper than a Paragraph; becomes a Paragraph when it must wrap.
    ``text`` is plain text with optional ``**bold**`` parts, not markup."""

    def __init__(self, text: str, style: ParagraphStyle, bold_font: str) -> None:
        super().__init__()
        self.text = text
        self.style = style
        pieces = text.split("**")
        if len(pieces) % 2 == 0:  # an unclosed **: print it as written
            pieces = [text]
        self.segments = [(piece, bold_font if index % 2 else style.fontName)
                         for index, piece in enumerate(pieces) if piece]
        self._para: Paragraph | None = None
        self._multiline = "\n" in text
        self._text_width: float | None = None

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width = self._text_width
        if width is None:
            size = self.style.fontSize
            width = self._text_width = sum(stringWidth(piece, font, size) for piece, font in self.segments)
        if width <= avail_width and not self._multiline:
            self._para = None
            self.width, self.height = width, self.style.leading
            return avail_width, self.height
        if self._para is None:
            self._para = Paragraph(markup(self.text), self.style)
        self.width, self.height = self._para.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self._para is None:
            return []
        return self._para.split(avail_width, avail_height)

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
            return
        canv = self.canv
        text = canv.beginText(0, self.height - self.style.fontSize)
        text.setFillColor(self.style.textColor)
        for piece, font in self.segments:
            text.setFont(font, self.style.fontSize)
            text.textOut(piece)
        canv.drawText(text)


class Block(Flowable):
    """Flowables kept together and drawn one under another; moves whole to the next page."""

    def __init__(
        self,
        parts: Sequence[Flowable],
        *,
        space_before: float = 0,
        space_after: float = 0,
        padding: float = 0,
        background: colors.Color | None = None,
        border: colors.Color | None = None,
        border_width: float = 1,
        bar: colors.Color | None = None,
        bar_width: float = 4,
    ) -> None:
        super().__init__()
        self.parts = list(parts)
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.padding = padding
        self.background = background
        self.border = border
        self.border_width = border_width
        self.bar = bar
        self.bar_width = bar_width if bar is not None else 0
        self._placed: list[tuple[Flowable, float]] = []
        self._pin_last = False

    def stretch_to(self, height: float) -> None:
        """Grow to ``height`` with the last part pinned to the bottom (writing lines in a row of
        prompts line up across the columns)."""
        if height > self.height and self._placed:
            self._pin_last = True
            self.height = height

    def _inset(self) -> float:
        return self.padding + (self.bar_width + self.padding if self.bar is not None else 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = avail_width - self._inset() - self.padding
        y = self.padding
        placed = []
        last = len(self.parts) - 1
        for index, part in enumerate(self.parts):
            if index:
                y += part.getSpaceBefore()
            _, height = part.wrap(inner, 1e6)
            placed.append((part, y + height))
            y += height
            if index != last:
                y += part.getSpaceAfter()
        self._placed = placed
        self._pin_last = False
        self._inner = inner
        self.width = avail_width
        self.height = y + self.padding
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:  # bigger than a page: flow the parts instead
            return list(self.parts)
        return []

    def draw(self) -> None:
        canv = self.canv
        if self.background is not None or self.border is not None:
            canv.saveState()
            if self.background is not None:
                canv.setFillColor(self.background)
            if self.border is not None:
                canv.setStrokeColor(self.border)
                canv.setLineWidth(self.border_width)
            canv.roundRect(0, 0, self.width, self.height, 4, stroke=int(self.border is not None),
                           fill=int(self.background is not None))
            canv.restoreState()
        if self.bar is not None:
            canv.saveState()
            canv.setFillColor(self.bar)
            canv.rect(self.padding, self.padding, self.bar_width, self.height - 2 * self.padding, stroke=0, fill=1)
            canv.restoreState()
        x = self._inset()
        last = len(self._placed) - 1
        for index, (part, bottom_from_top) in enumerate(self._placed):
            if index == last and self._pin_last:
                part.drawOn(canv, x, self.padding)
            else:
                part.drawOn(canv, x, self.height - bottom_from_top)


class RuledLines(Flowable):
    """``count`` lines to write on, ``gap`` apart."""

    def __init__(self, count: int, gap: float, *, color: colors.Color = RULE_GREY) -> None:
        super().__init__()
        self.count = max(0, count)
        self.gap = gap
        self.color = color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.count * self.gap
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.color)
        canv.setLineWidth(0.8)
        for line in range(self.count):
            y = self.height - (line + 1) * self.gap + 1
            canv.line(0, y, self.width, y)
        canv.restoreState()


class Swatch(Flowable):
    """A coloured square (the colour of a medicine container) with a paragraph beside it."""

    def __init__(self, fill: colors.Color | None, para: Paragraph, size: float) -> None:
        super().__init__()
        self.fill = fill
        self.para = para
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        gap = self.size * 0.5
        _, height = self.para.wrap(avail_width - self.size - gap, avail_height)
        self.width = avail_width
        self.height = max(height, self.size)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(TEXT)
        canv.setLineWidth(1.2)
        top = self.height
        if self.fill is not None:
            canv.setFillColor(self.fill)
            canv.roundRect(0, top - self.size, self.size, self.size, 3, stroke=1, fill=1)
        else:  # no known colour: an empty outlined box, the word still says it
            canv.setDash(3, 2)
            canv.roundRect(0, top - self.size, self.size, self.size, 3, stroke=1, fill=0)
        canv.restoreState()
        self.para.drawOn(canv, self.size * 1.5, top - self.para.height)


def colour_from_word(word: str | None) -> colors.Color | None:
    """'light blue' -> a reportlab colour, or None when the word is not a colour we know."""
    if not word:
        return None
    key = "".join(word.lower().split())
    key = key.replace("grey", "gray")
    try:
        return colors.toColor(key)
    except ValueError:
        return None


class Columns(Flowable):
    """Flowables side by side in equal columns, tops aligned; kept together. With ``stretch``
    a Block cell grows to the row's height, its last part at the bottom (writing lines)."""

    def __init__(self, cells: Sequence[Flowable], gap: float, *, stretch: bool = True) -> None:
        super().__init__()
        self.cells = list(cells)
        self.gap = gap
        self.stretch = stretch

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        count = max(1, len(self.cells))
        self._cell_width = (avail_width - self.gap * (count - 1)) / count
        self._heights = [cell.wrap(self._cell_width, 1e6)[1] for cell in self.cells]
        self.width = avail_width
        self.height = max(self._heights, default=0)
        for index, cell in enumerate(self.cells):
            if self.stretch and isinstance(cell, Block):
                cell.stretch_to(self.height)
                self._heights[index] = cell.height
        return self.width, self.height

    def draw(self) -> None:
        for index, (cell, height) in enumerate(zip(self.cells, self._heights)):
            cell.drawOn(self.canv, index * (self._cell_width + self.gap), self.height - height)


NBSP = "\u00a0"


def unbroken(text: str) -> str:
    """Spaces made non-breaking, so a phone or NHS number never splits across lines."""
    return text.replace(" ", NBSP)
