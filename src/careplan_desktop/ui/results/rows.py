"""One row of the results-entry grid: what the check is, the field to type in, last time, the
target, a message under the field, and the trend chart.

    HbA1c (mmol/mol)   [ 20 to 200 mmol/mol ]   58 on 21/10/2026   58 or below ...   ╱╲_•
                       HbA1c must be between 20 and 200 mmol/mol.   (red: refused)

Typed values are data: every label shows them as plain text, never as markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from careplan_desktop.services.results.entry import ResultField

from ..dates import uk_date
from ..widgets import muted, problem_colour, warning_colour
from .trend_chart import TrendChart

COLUMNS = ("Test", "This time", "Last time", "Usual target", "Trend")


def _plain(text: str, parent: QWidget, *, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    return label


class ResultRow:
    """The widgets for one check; `grid` rows `row` (the check) and `row + 1` (its message)."""

    def __init__(self, field: ResultField, grid: QGridLayout, row: int, parent: QWidget) -> None:
        self.field = field
        self.code = field.code
        unit = field.unit if field.kind != "choice" else ""
        caption = field.name + (f" ({unit})" if unit else "")
        self.label = _plain(field.name, parent)
        self.label.setMinimumWidth(self.label.fontMetrics().averageCharWidth() * 14)  # a long name wraps
        self.input: QLineEdit | QComboBox
        if field.kind == "choice":
            combo = QComboBox(parent)
            combo.addItem("")
            combo.addItems(list(field.choices))
            combo.setMinimumContentsLength(max(len(c) for c in field.choices) + 2)
            self.input = combo
        else:
            edit = QLineEdit(parent)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("000/000") + 24)  # the range: its tooltip
            if field.computed:
                edit.setReadOnly(True)
                edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                edit.setPlaceholderText("worked out from weight and height")
            else:
                edit.setPlaceholderText(field.hint)
            self.input = edit
        self.input.setObjectName(f"result_{field.code}")
        self.input.setAccessibleName(caption)
        self.input.setAccessibleDescription(f"Accepts {field.plausible_text}" if field.plausible_text else "")
        self.input.setToolTip(f"Accepts {field.plausible_text}" if not field.computed else "")
        self.label.setBuddy(self.input)
        previous = field.previous
        self.last = _plain(f"{previous.value_text} on {uk_date(previous.taken_on)}" if previous else "None before",
                           parent, wrap=True)  # at large text "on 21/11/2026" goes under the value
        self.last.setObjectName(f"last_{field.code}")
        self.target = muted("", parent, factor=0.95)
        self.target.setTextFormat(Qt.TextFormat.PlainText)
        self.target.setText(field.target_text or "No set target")
        self.target.setWordWrap(True)
        self.target.setMinimumWidth(self.target.fontMetrics().averageCharWidth() * 16)  # wraps between words
        self.chart = TrendChart(field.history, field.limits, kind=field.kind, name=field.name, parent=parent)
        self.message = _plain("", parent)
        self.message.setObjectName(f"message_{field.code}")
        self.message.setAccessibleName(f"{field.name}: problem")
        font = self.message.font()
        font.setBold(True)
        self.message.setFont(font)
        self.message.hide()
        self.message_kind = ""  # "refused" or "unusual" while a message shows

        grid.addWidget(self.label, row, 0)
        cell = QHBoxLayout()  # the field, then its unit: "[ 58 ] mmol/mol"
        cell.setSpacing(6)
        cell.addWidget(self.input)
        self.unit = muted(unit, parent, factor=0.95)
        self.unit.setTextFormat(Qt.TextFormat.PlainText)
        self.unit.setMinimumWidth(self.unit.fontMetrics().horizontalAdvance("mL/min/1.73m²"))
        cell.addWidget(self.unit)
        grid.addLayout(cell, row, 1)
        grid.addWidget(self.last, row, 2)
        grid.addWidget(self.target, row, 3)
        grid.addWidget(self.chart, row, 4)
        grid.addWidget(self.message, row + 1, 1, 1, 3)

    # -- the value -------------------------------------------------------------------------------
    @property
    def typed(self) -> bool:
        return not self.field.computed and bool(self.text().strip())

    def text(self) -> str:
        return self.input.currentText() if isinstance(self.input, QComboBox) else self.input.text()

    def set_text(self, text: str) -> None:
        if isinstance(self.input, QComboBox):
            index = self.input.findText(text)
            self.input.setCurrentIndex(max(index, 0))
        else:
            self.input.setText(text)

    def connect_changed(self, slot) -> None:
        if isinstance(self.input, QComboBox):
            self.input.currentTextChanged.connect(slot)
        else:
            self.input.textEdited.connect(slot)

    # -- messages --------------------------------------------------------------------------------
    def show_message(self, message: str, kind: str) -> None:
        palette = self.message.palette()
        if kind == "refused":
            colour = problem_colour(palette)
        else:
            colour = warning_colour(palette)
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.message.setPalette(palette)
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.message_kind = kind if message else ""
        self.input.setAccessibleDescription(message or self.field.plausible_text)

    def clear_message(self) -> None:
        self.show_message("", "")
