"""The person's conditions: picked from the catalogue by typing (name or SNOMED CT id), each with
its date of diagnosis, removed only after the nurse confirms.

    Add a condition [ copd                         ]
                    | COPD (chronic obstructive ...)  SNOMED CT 13645005 |   <- matches while typing
    Type 2 diabetes          SNOMED CT 44054006   diagnosed [01/05/1996]  [Remove]

Enter (or a double-click) adds the highlighted match; Up and Down move through the matches.
A condition that is not in the catalogue is recorded in the nurse's words with no SNOMED CT
code (the last line of the matches offers it); cancer is recorded with its site ("bowel"),
typed in the row's own "Where" box.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
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
from careplan_desktop.services.register.condition_entries import FREE_TEXT, entry_key, read_key

from ..widgets import muted, with_clear_button
from .fields import DateField

SEARCH_PLACEHOLDER = "Type a condition name or SNOMED CT id"
MAX_MATCHES = 8
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class ConditionRow:
    """The widgets of one chosen condition: its name, its code (or "in words, no code"), where it
    is for a condition recorded with its site, the date of diagnosis and Remove."""

    def __init__(self, key: str, name: str, snomed: str | None, parent: QWidget, *, with_site: bool = False) -> None:
        entry = read_key(key)
        self.code = entry.code
        self.name_label = QLabel(name, parent)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.snomed_label = muted(f"SNOMED CT {snomed}" if snomed else "In words, no SNOMED CT code", parent)
        self.site: QLineEdit | None = None
        if with_site:
            self.site = QLineEdit(entry.site or "", parent)
            self.site.setPlaceholderText("Where, for example bowel")
            self.site.setAccessibleName(f"Where is the {name.lower()} (its site)")
        self._key = key
        self.diagnosed = DateField(parent)
        self.diagnosed.setAccessibleName(f"Date of diagnosis of {name}")
        self.remove = QPushButton("Remove", parent)
        self.remove.setAccessibleName(f"Remove {name}")
        self.remove.setAutoDefault(False)

    def key(self) -> str:
        """How the person form names this condition (`condition_entries`)."""
        if self.site is not None:
            return entry_key(self.code, site=self.site.text())
        return self._key

    def widgets(self) -> tuple[QWidget | None, ...]:
        return self.name_label, self.snomed_label, self.site, self.diagnosed, self.remove


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
        self.grid.setColumnStretch(5, 1)
        self._headers = [muted(text, self) for text in ("Condition", "", "Where", "Diagnosed")]
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
        found = [c for c in self.reference.search_conditions(text)
                 if c.code not in chosen or c.needs_site][:MAX_MATCHES]  # another cancer: another site
        for condition in found:
            item = QListWidgetItem(f"{condition.name}    SNOMED CT {condition.snomed}", self.matches)
            item.setData(CODE_ROLE, condition.code)
            item.setToolTip(condition.snomed_display)
        if not found:
            item = QListWidgetItem("No condition in the catalogue matches.", self.matches)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        words = " ".join(text.split())
        if len(words) >= 3:  # not in the catalogue: record it in these words, with no code
            item = QListWidgetItem(f"Not in the catalogue: record \u201c{words}\u201d in these words (no SNOMED CT code)",
                                   self.matches)
            item.setData(CODE_ROLE, entry_key(FREE_TEXT, words=words))
            item.setToolTip("Recorded as written, with no SNOMED CT code: it is in no recall by condition.")
        if self.matches.count() and (found or len(words) >= 3):
            self.matches.setCurrentRow(0 if found else self.matches.count() - 1)
        rows = max(1, min(self.matches.count(), MAX_MATCHES + 1))
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
            row = self.rows[-1] if self.rows else None
            if row is not None and row.site is not None and not row.site.text():
                QTimer.singleShot(0, row.site.setFocus)  # cancer: say where next (once the row is shown)
            else:
                self.search.setFocus()

    # -- the chosen conditions -------------------------------------------------------------------
    def codes(self) -> list[str]:
        """The chosen conditions' keys: a catalogue code, "cancer:bowel", or "free-text:<words>"."""
        return [row.key() for row in self.rows]

    def add(self, code: str, diagnosed_on: dt.date | None = None, *, diagnosed_text: str | None = None) -> None:
        entry = read_key(code)
        if code in self.codes() and not (entry.site is None and self._needs_site(entry.code)):
            return
        with_site = False
        if entry.is_free_text:
            name, snomed = entry.words or "", None
        else:
            try:
                kind = self.reference.condition(entry.code)
                name, snomed, with_site = kind.name, kind.snomed, kind.needs_site
            except KeyError:  # no longer in the catalogue: shown as stored, and flagged by validation
                name, snomed = entry.code, "unknown"
        row = ConditionRow(code, name, snomed, self, with_site=with_site)
        if row.site is not None:
            row.site.textChanged.connect(self.changed)
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

    def _needs_site(self, code: str) -> bool:
        try:
            return self.reference.condition(code).needs_site
        except KeyError:
            return False

    def _answered(self, row: ConditionRow, role: QMessageBox.ButtonRole) -> None:
        self.confirm = None
        if role == QMessageBox.ButtonRole.DestructiveRole and row in self.rows:
            self._remove_rows([row])

    def remove(self, code: str) -> None:
        self._remove_rows([r for r in self.rows if r.key() == code])

    def _remove_rows(self, rows: list[ConditionRow]) -> None:
        for row in rows:
            self.rows.remove(row)
            for widget in row.widgets():
                if widget is not None:
                    self.grid.removeWidget(widget)
                    widget.deleteLater()
        self._lay_out()
        self.changed.emit()

    def clear(self) -> None:
        self._remove_rows(list(self.rows))
        self.search.clear()

    def _lay_out(self) -> None:
        for index, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets()):
                if widget is not None:
                    self.grid.addWidget(widget, index, column)
        for column, label in enumerate(self._headers):
            label.setVisible(bool(self.rows) and (column != 2 or any(row.site is not None for row in self.rows)))
        self.empty_label.setVisible(not self.rows)

    def entries(self) -> tuple[list[tuple[str, dt.date | None]], str | None]:
        """(code, diagnosed on) per condition, and a problem if a date cannot be read."""
        problem = None
        entries = []
        for row in self.rows:
            if row.diagnosed.problem():
                problem = f"The diagnosis date for {row.name_label.text()}: {row.diagnosed.problem()}"
            entries.append((row.key(), row.diagnosed.date()))
        return entries, problem

    def raw(self) -> list[list[str]]:
        """What is on screen, as plain text (for the lock stash and the unsaved-changes check)."""
        return [[row.key(), row.diagnosed.text()] for row in self.rows]

    def set_raw(self, raw: list[list[str]]) -> None:
        self.clear()
        for code, text in raw:
            self.add(code, diagnosed_text=text)
