"""Small editors the consultation's sections are built from.

Each editor says when the nurse changed it (`edited`, never when the screen fills it in) and
reads back as the value a `PlanDraft` holds. A date or an amount that cannot be read yet keeps
its last readable value for saving and says what is wrong beside it, so half-typed input
never blocks the rest of the plan from saving.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.domain.uk_dates import UkDateError, parse_uk_date

from ..dates import uk_date
from ..widgets import muted, muted_colour, problem_colour, scaled_font

#: the colours people use for medicine containers, offered first; any other word may be typed
MEDICINE_COLOURS = ("blue", "yellow", "red", "white", "green", "pink", "orange", "purple", "brown", "black")
CARRIED_FORWARD = "carried forward"


def caption(text: str, buddy: QWidget, parent: QWidget | None = None) -> QLabel:
    """A field's label, tied to the field (Alt+mnemonic focuses it; screen readers read it)."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    label.setWordWrap(True)  # a large font wraps it rather than widen the page
    if not buddy.accessibleName():
        buddy.setAccessibleName(text.replace("&", ""))
    return label


class TextArea(QPlainTextEdit):
    """Several lines of the person's words. Tab moves on (it never types a tab). It grows
    with what is typed, from `lines` up to `most` lines, then scrolls."""

    edited = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None, *, lines: int = 3,
                 placeholder: str = "", most: int = 12, grow: bool = True) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(placeholder)
        self._filling = False
        self._lines, self._most, self._rows = lines, max(lines, most), -1
        self.document().setDocumentMargin(4)
        self.textChanged.connect(self._changed)
        if grow:
            self.document().documentLayout().documentSizeChanged.connect(self._fit)
            self._fit()
        else:
            self.setMinimumHeight(self._height(lines))

    def _height(self, rows: int) -> int:
        return QFontMetrics(self.font()).lineSpacing() * rows + 2 * self.frameWidth() + 10

    def _fit(self, *_args) -> None:
        rows = min(max(self.document().lineCount(), self._lines), self._most)
        if rows != self._rows:
            self._rows = rows
            self.setFixedHeight(self._height(rows))

    def _changed(self) -> None:
        if not self._filling:
            self.edited.emit()

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, text: str) -> None:
        if text == self.toPlainText():
            return
        self._filling = True
        try:
            self.setPlainText(text)
        finally:
            self._filling = False


class LineField(QLineEdit):
    """One line of text."""

    edited = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(placeholder)
        self.textEdited.connect(self._typed)  # typed, never set by the screen

    def _typed(self, _text: str) -> None:
        self.edited.emit()

    def value(self) -> str:
        return self.text()

    def set_value(self, text: str) -> None:
        if text != self.text():
            self.setText(text)


class _CheckedLine(LineField):
    """A line whose text must read as something (a date, an amount): the last readable value
    is what saves, and a problem shows in red beside it until the text reads again."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(accessible_name, parent, placeholder=placeholder)
        self._good = self._blank()
        self.problem = QLabel(parent)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(f"{accessible_name}: problem")
        palette = self.problem.palette()
        palette.setColor(palette.ColorRole.WindowText, problem_colour(palette))
        self.problem.setPalette(palette)
        self.problem.hide()
        self.textChanged.connect(self._check)

    def _typed(self, text: str) -> None:
        self._check(text)  # textEdited comes before textChanged: read the value first
        self.edited.emit()

    def _read(self, text: str):  # returns the value, or raises ValueError with a message
        raise NotImplementedError

    def _check(self, text: str) -> None:
        if not text.strip():
            self._good = self._blank()
            self._say("")
            return
        try:
            self._good = self._read(text)
        except ValueError as error:
            self._say(str(error))
        else:
            self._say("")

    def _blank(self):
        return None

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        self.setAccessibleDescription(message)

    @property
    def is_readable(self) -> bool:
        return not self.problem.text()


class DateField(_CheckedLine):
    """A UK date (dd/mm/yyyy); blank is no date."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(accessible_name, parent, placeholder="dd/mm/yyyy")
        self.setMaximumWidth(QFontMetrics(self.font()).horizontalAdvance("00/00/00000") + 24)
        self.setMinimumWidth(QFontMetrics(self.font()).horizontalAdvance("00/00/0000") + 20)

    def _read(self, text: str) -> dt.date:
        try:
            return parse_uk_date(text)
        except UkDateError as error:
            raise ValueError(str(error)) from None

    def date_value(self) -> dt.date | None:
        return self._good

    def set_date(self, day: dt.date | None) -> None:
        self._good = day
        self.setText(uk_date(day) if day else "")


_MONEY = re.compile(r"^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")


def read_pence(text: str) -> int:
    """'£1,850.50' -> 185050; ValueError with a message for the nurse otherwise."""
    match = _MONEY.match(text.strip())
    if not match:
        raise ValueError("Type an amount in pounds, for example 1,850 or 1850.50.")
    pounds = int(match.group(1).replace(",", ""))
    pence = int((match.group(2) or "0").ljust(2, "0"))
    return pounds * 100 + pence


def pounds_text(pence: int) -> str:
    return f"{pence // 100:,}.{pence % 100:02d}"


class MoneyField(_CheckedLine):
    """An amount in pounds; blank is £0."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(accessible_name, parent, placeholder="0.00")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMinimumWidth(QFontMetrics(self.font()).horizontalAdvance("£000,000.00") + 20)

    def _blank(self) -> int:
        return 0

    def _read(self, text: str) -> int:
        return read_pence(text)

    def pence(self) -> int:
        return self._good

    def set_pence(self, pence: int) -> None:
        self._good = pence
        self.setText(pounds_text(pence) if pence else "")


class ChoiceField(QComboBox):
    """One of a fixed list (a status, a way of reviewing, a category)."""

    edited = Signal()

    def __init__(self, accessible_name: str, choices: tuple[str, ...], parent: QWidget | None = None, *,
                 blank: str | None = None, labels: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(6)
        self._values = (("",) if blank is not None else ()) + tuple(choices)
        labels = labels or {}  # words shown for a value, where they differ from the value itself
        for value in self._values:
            label = blank if value == "" and blank is not None else labels.get(value, value[:1].upper() + value[1:])
            self.addItem(label, value)
        self.activated.connect(lambda _index: self.edited.emit())  # chosen by the nurse only

    def value(self) -> str:
        return self.currentData() or ""

    def set_value(self, value: str) -> None:
        index = self.findData(value)
        if index < 0 and value:  # a value this list does not offer: keep it, never lose it
            self.addItem(value, value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


def colour_icon(name: str, size: int) -> QIcon:
    pixmap = QPixmap(size, size)
    colour = QColor(name.strip().lower()) if name.strip() else QColor()
    pixmap.fill(colour if colour.isValid() else QColor(0, 0, 0, 0))
    return QIcon(pixmap)


class ColourField(QComboBox):
    """The colour of a medicine's container: pick one of the usual colours or type another."""

    edited = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName(accessible_name)
        size = QFontMetrics(self.font()).height()
        self.addItem("", "")
        for name in MEDICINE_COLOURS:
            self.addItem(colour_icon(name, size), name, name)
        self.lineEdit().setPlaceholderText("none")
        self.lineEdit().textEdited.connect(lambda _t: self.edited.emit())
        self.activated.connect(lambda _i: self.edited.emit())
        self.setMinimumWidth(QFontMetrics(self.font()).horizontalAdvance("yellow") + size + 48)

    def value(self) -> str:
        return self.currentText().strip()

    def set_value(self, value: str) -> None:
        index = self.findText(value, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(value)


class PromptLabel(QLabel):
    """The short "what good looks like" line at the top of a section."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setObjectName("section_prompt")
        self.setAccessibleName("What good looks like")
        self.setAccessibleDescription(text)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet("QLabel#section_prompt { background: palette(alternate-base); padding: 6px 8px;"
                           " border-left: 4px solid #005eb8; }")


def carried_badge(parent: QWidget | None = None, *, tip: str = "") -> QLabel:
    """A small 'carried forward' mark on something copied from the last agreed plan."""
    badge = QLabel(CARRIED_FORWARD, parent)
    badge.setObjectName("carried_badge")
    badge.setAccessibleName(CARRIED_FORWARD)
    badge.setToolTip(tip or "Copied from the last agreed plan: check it still holds for the person.")
    badge.setFont(scaled_font(badge.font(), 0.85))
    badge.setStyleSheet("QLabel#carried_badge { background: #e8edee; color: #330072; border: 1px solid #768692;"
                        " border-radius: 3px; padding: 0px 4px; }")
    return badge


class Collapsible(QWidget):
    """A part of a section closed until it is used: a button that opens it, then the body."""

    opened = Signal()

    def __init__(self, title: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 6)
        self.toggle = QToolButton(self)
        self.toggle.setText(title)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setFont(scaled_font(self.toggle.font(), 1.1, bold=True))
        self.toggle.setAccessibleName(title)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self.set_open)
        self.note = muted(note, self)
        self.note.setWordWrap(True)
        self.body = QFrame(self)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(20, 0, 0, 0)
        self.body.hide()
        header = QHBoxLayout()
        header.addWidget(self.toggle)
        header.addStretch(1)
        column.addLayout(header)
        column.addWidget(self.note)
        column.addWidget(self.body)

    @property
    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def set_open(self, open_: bool) -> None:
        if self.toggle.isChecked() != open_:
            self.toggle.setChecked(open_)  # comes back here through `toggled`
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)
        self.note.setVisible(not open_)
        if open_:
            self.opened.emit()


def section_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(label.font(), 1.1, bold=True))
    label.setContentsMargins(0, 10, 0, 0)
    label.setWordWrap(True)
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    label = muted(text, parent)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(palette.ColorRole.WindowText, muted_colour(palette))
    return label
