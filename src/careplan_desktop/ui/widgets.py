"""Small building blocks shared by the screens: headings, muted text, the red problem label,
a wait cursor. Sizes are relative to the application font, so a large system font scales
everything."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QEventLoop, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QLabel, QLayout, QLayoutItem, QLineEdit, QSizePolicy, QTableWidget, QToolButton,
    QWidget,
)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def problem_colour(palette: QPalette) -> QColor:
    """A red readable on the window background (WCAG AA on white and on dark grey)."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3261e")


def muted_colour(palette: QPalette) -> QColor:
    """Secondary text: grey, still readable (about 5.7:1 on white)."""
    return QColor("#b0b0b0") if is_dark(palette) else QColor("#595959")


def warning_colour(palette: QPalette) -> QColor:
    """Amber for "look at this" (overdue, out of range, flags): not an error, still readable."""
    return QColor("#ffcc80") if is_dark(palette) else QColor("#7a4a00")


def good_colour(palette: QPalette) -> QColor:
    """Green for "present", "added": readable on the window and on a list's background."""
    return QColor("#7fd18b") if is_dark(palette) else QColor("#1b6e2c")


def chart_colours(palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """A chart's first line, second line and target: each at least 3:1 on the chart's background
    (WCAG 1.4.11), the two lines told apart by their markers as well as their colour."""
    if is_dark(palette):
        return QColor("#5aa9ff"), QColor("#c6dcf5"), QColor("#4fd08a")
    return QColor("#005eb8"), QColor("#4a6e96"), QColor("#007f3b")


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * factor)
    else:
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    font.setBold(bold)
    return font


def heading(text: str, parent: QWidget | None = None, *, factor: float = 1.4) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(label.font(), factor, bold=True))
    label.setAccessibleName(text)
    label.setWordWrap(True)
    return label


def muted(text: str = "", parent: QWidget | None = None, *, factor: float = 0.9, wrap: bool = False) -> QLabel:
    """Secondary text in a smaller grey font; `wrap` for a sentence that must not widen the
    window at large font sizes."""
    label = QLabel(text, parent)
    label.setWordWrap(wrap)
    label.setFont(scaled_font(label.font(), factor))
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_colour(palette))
    label.setPalette(palette)
    return label


class FlowRow(QLayout):
    """A row of buttons that wraps onto another line when the window is too narrow for it
    (large text, a small screen), instead of making the window wider than the screen."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt's name)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt's name)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt's name)
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        width = sum(i.sizeHint().width() for i in self._items) + self._gap * max(0, len(self._items) - 1)
        return QSize(width, max((i.sizeHint().height() for i in self._items), default=0))

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt's name)
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


class ElidedLabel(QLabel):
    """One line that gives way when there is no room (a status bar at large text): cut with
    "…", the whole of it in the tooltip and in what a screen reader says. `text()` is the whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._whole = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()
        self.updateGeometry()

    def text(self) -> str:
        return self._whole

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._whole) + margins.left() + margins.right() + 2
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        margins = self.contentsMargins()
        least = min(self.sizeHint().width(), self.fontMetrics().averageCharWidth() * 10 + margins.left() + margins.right())
        return QSize(least, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(0, self.contentsRect().width())
        QLabel.setText(self, self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, room)
                       if room else self._whole)


class ProblemLabel(QLabel):
    """A red message beside the fields it is about; hidden while there is nothing to say."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName(accessible_name)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, problem_colour(palette))
        self.setPalette(palette)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.hide()

    def show_problem(self, message: str) -> None:
        self.setText(message)
        self.setAccessibleDescription(message)
        self.setVisible(bool(message))
        if message:
            from .announce import announce

            announce(self, message, urgent=True)

    def clear_problem(self) -> None:
        self.show_problem("")


@contextlib.contextmanager
def wait_cursor() -> Iterator[None]:
    """For the short waits that stay on the GUI thread (unlocking takes about 0.3 s)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    # let the cursor paint; typing is not processed meanwhile (no second unlock re-entering)
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def with_clear_button(line_edit: QLineEdit) -> QLineEdit:
    """The little cross that empties a search box, with a name a screen reader can say."""
    line_edit.setClearButtonEnabled(True)
    for button in line_edit.findChildren(QToolButton):
        button.setAccessibleName("Clear")
        button.setToolTip("Clear")
    return line_edit


def labels_text(widget) -> str:
    """Every label's text under `widget`, one a line, rich text as plain (for tests and screen readers)."""
    if widget is None:
        return ""
    from PySide6.QtGui import QTextDocumentFragment
    from PySide6.QtWidgets import QLabel

    lines = []
    for label in widget.findChildren(QLabel):
        text = label.text()
        if label.textFormat() == Qt.TextFormat.RichText:
            text = QTextDocumentFragment.fromHtml(text).toPlainText()
        if text:
            lines.append(text.replace("\u00a0", " "))
    return "\n".join(lines)


def read_only_table(parent: QWidget, name: str, accessible_name: str, headings: list[str]) -> QTableWidget:
    """A table to read and choose rows from, never to type in (folder lists, lists of people)."""
    table = QTableWidget(0, len(headings), parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setHorizontalHeaderLabels(headings)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


SAVE, DISCARD, STAY = "save", "discard", "stay"


def ask_save_or_discard(parent: QWidget, text: str, *, title: str = "Unsaved changes") -> str:
    """Leaving with work not saved: SAVE, DISCARD or STAY (the default is Save; Escape stays).
    A modal question that waits for the answer, for `may_close` and the like."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("save_or_discard_question")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    chosen = box.exec()
    box.deleteLater()
    return {QMessageBox.StandardButton.Save: SAVE, QMessageBox.StandardButton.Discard: DISCARD}.get(
        QMessageBox.StandardButton(chosen), STAY)
