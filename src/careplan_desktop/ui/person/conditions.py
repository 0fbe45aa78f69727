"""The person's conditions: picked from the catalogue by typing (name or SNOMED CT id), each with
its date of diagnosis, removed only after the nurse confirms.

    Add a condition [ copd                         ]
                    | COPD (chronic obstructive ...)  SNOMED CT 13645005 |   <- matches while typing
    Type 2 diabetes          SNOMED CT 44054006   diagnosed [01/05/1996]  [Remove]

Enter (or a double-click) adds the highlighted match; Up and Down move through the matches.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.domain.reference import ReferenceData

from ..widgets import muted, with_clear_button
from .fields import DateField

SEARCH_PLACEHOLDER = "Type a condition name or SNOMED CT id"
MAX_MATCHES = 8
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class ConditionRow:
    """The widgets of one chosen condition."""

    def __init__(self, code: str, name: str, snomed: str, parent: QWidget) -> None:
        self.code = code
        self.name_label = QLabel(name, parent)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.snomed_label = muted(f"SNOMED CT {snomed}", parent)
        self.diagnosed = DateField(parent)
        self.diagnosed.setAccessibleName(f"Date of diagnosis of {name}")
        self.remove = QPushButton("Remove", parent)
        self.remove.setAccessibleName(f"Remove {name}")
        self.remove.setAutoDefault(False)

    def widgets(self) -> tuple[QWidget, ...]:
        return self.name_label, self.snomed_label, self.diagnosed, self.remove


class ConditionsEditor(QWidget):
    changed = Signal()

    def __init__(self, reference: ReferenceData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference = reference
        self.rows: list[ConditionRow] = []
        self.confirm: QMessageBox | None = None  # the open "remove?" question

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(self)
        self.search.setObjectName("condition_search")
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setAccessibleName("Add a condition")
        with_clear_button(self.search)
        self.matches = QListWidget(self)
        self.matches.setObjectName("condition_matches")
        self.matches.setAccessibleName("Matching conditions")
        self.matches.hide()
        self.empty_label = muted("No conditions recorded yet.", self, factor=1.0)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setColumnStretch(4, 1)
        self._headers = [muted(text, self) for text in ("Condition", "", "Diagnosed")]
        for column, label in enumerate(self._headers):
            self.grid.addWidget(label, 0, column)
        outer.addWidget(self.search)
        outer.addWidget(self.matches)
        outer.addWidget(self.empty_label)
        outer.addLayout(self.grid)

        self.search.textChanged.connect(self._show_matches)
        self.search.returnPressed.connect(self.add_highlighted)
        self.search.installEventFilter(self)
        self.matches.itemActivated.connect(lambda item: self._add_item(item))

    # -- searching ---------------------------------------------------------------------------
    def _show_matches(self, text: str) -> None:
        self.matches.clear()
        if not text.strip():
            self.matches.hide()
            return
        chosen = set(self.codes())
        found = [c for c in self.reference.search_conditions(text) if c.code not in chosen][:MAX_MATCHES]
        for condition in found:
            item = QListWidgetItem(f"{condition.name}    SNOMED CT {condition.snomed}", self.matches)
            item.setData(CODE_ROLE, condition.code)
            item.setToolTip(condition.snomed_display)
        if not found:
            item = QListWidgetItem("No condition in the catalogue matches.", self.matches)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            self.matches.setCurrentRow(0)
        rows = max(1, min(len(found), MAX_MATCHES))
        self.matches.setFixedHeight(self.matches.sizeHintForRow(0) * rows + 2 * self.matches.frameWidth() + 2)
        self.matches.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.search and event.type() == QEvent.Type.KeyPress and self.matches.isVisible():
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                QApplication.sendEvent(self.matches, key_event)
                return True
            if key_event.key() == Qt.Key.Key_Escape:
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def add_highlighted(self) -> None:
        item = self.matches.currentItem() if self.matches.isVisible() else None
        if item is not None:
            self._add_item(item)

    def _add_item(self, item: QListWidgetItem) -> None:
        code = item.data(CODE_ROLE)
        if code:
            self.add(code)
            self.search.clear()
            self.search.setFocus()

    # -- the chosen conditions -------------------------------------------------------------------
    def codes(self) -> list[str]:
        return [row.code for row in self.rows]

    def add(self, code: str, diagnosed_on: dt.date | None = None, *, diagnosed_text: str | None = None) -> None:
        if code in self.codes():
            return
        try:
            kind = self.reference.condition(code)
            name, snomed = kind.name, kind.snomed
        except KeyError:  # no longer in the catalogue: shown as stored, and flagged by validation
            name, snomed = code, "unknown"
        row = ConditionRow(code, name, snomed, self)
        row.diagnosed.set_date(diagnosed_on)
        if diagnosed_text is not None:
            row.diagnosed.setText(diagnosed_text)
        row.diagnosed.textChanged.connect(self.changed)
        row.remove.clicked.connect(lambda _=False, r=row: self.ask_to_remove(r))
        self.rows.append(row)
        self._lay_out()
        self.changed.emit()

    def ask_to_remove(self, row: ConditionRow) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "Remove condition",
                          f"Remove {row.name_label.text()} from this person's conditions?",
                          QMessageBox.StandardButton.NoButton, self)
        box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.buttonClicked.connect(lambda button: self._answered(row, box.buttonRole(button)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm = box
        box.open()

    def _answered(self, row: ConditionRow, role: QMessageBox.ButtonRole) -> None:
        self.confirm = None
        if role == QMessageBox.ButtonRole.DestructiveRole and row in self.rows:
            self.remove(row.code)

    def remove(self, code: str) -> None:
        for row in [r for r in self.rows if r.code == code]:
            self.rows.remove(row)
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self._lay_out()
        self.changed.emit()

    def clear(self) -> None:
        for code in self.codes():
            self.remove(code)
        self.search.clear()

    def _lay_out(self) -> None:
        for index, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, index, column)
        for label in self._headers:
            label.setVisible(bool(self.rows))
        self.empty_label.setVisible(not self.rows)

    def entries(self) -> tuple[list[tuple[str, dt.date | None]], str | None]:
        """(code, diagnosed on) per condition, and a problem if a date cannot be read."""
        problem = None
        entries = []
        for row in self.rows:
            if row.diagnosed.problem():
                problem = f"The diagnosis date for {row.name_label.text()}: {row.diagnosed.problem()}"
            entries.append((row.code, row.diagnosed.date()))
        return entries, problem

    def raw(self) -> list[list[str]]:
        """What is on screen, as plain text (for the lock stash and the unsaved-changes check)."""
        return [[row.code, row.diagnosed.text()] for row in self.rows]

    def set_raw(self, raw: list[list[str]]) -> None:
        self.clear()
        for code, text in raw:
            self.add(code, diagnosed_text=text)
