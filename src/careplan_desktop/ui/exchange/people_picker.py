"""Choosing people by searching the register: type a name, an NHS number or a date of birth
(the register's own search, `services.register.listing.RegisterSearch`), add the matches wanted to the
chosen list. The register is read once, on the worker, when the picker is first shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.domain.nhs_number import formatted
from careplan_desktop.services.register.listing import RegisterRow, RegisterSearch, load_register

from ..screen_fit import available_size
from ..context import AppContext
from ..dates import uk_date
from ..widgets import muted, with_clear_button

MAX_SHOWN = 50  # matches listed at once: typing more narrows them


def read_register(vault) -> tuple[list[RegisterRow], RegisterSearch]:
    """On the worker: everyone on the register and the search index over them."""
    rows, preferred = load_register(vault)
    return rows, RegisterSearch(rows, preferred)


def person_line(row: RegisterRow) -> str:
    return f"{row.name}   {formatted(row.nhs_number)}   {uk_date(row.date_of_birth)}"


WIDEST_LINE = "MACKINTOSH-SMITH, Alexandra   999 000 0000   00/00/0000"


class PeoplePicker(QWidget):
    """`changed` is emitted when the chosen list changes."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("people_picker")
        self.context = context
        self.rows: list[RegisterRow] = []
        self._search: RegisterSearch | None = None
        self._shown: list[int] = []
        self._reading = False
        self._generation = 0  # bumped on lock: a register read started before it is dropped
        self.search = QLineEdit(self)
        self.search.setObjectName("people_search")
        self.search.setPlaceholderText("Name, NHS number or date of birth")
        with_clear_button(self.search)
        self.search.setAccessibleName("Find a person")
        self.matches = QListWidget(self)
        self.matches.setObjectName("people_matches")
        self.matches.setAccessibleName("People found")
        self.note = muted("", self)
        self.add_button = QPushButton("Add", self)
        self.add_button.setObjectName("add_person")
        self.chosen = QListWidget(self)
        self.chosen.setObjectName("people_chosen")
        self.chosen.setAccessibleName("People chosen")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setObjectName("remove_person")
        found = QLabel("&Find:", self)
        found.setBuddy(self.search)
        width = self.fontMetrics().horizontalAdvance(WIDEST_LINE) + 3 * self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent)
        for view in (self.matches, self.chosen):
            view.setMinimumWidth(min(width, available_size(self).width() // 3))  # large text: the lists elide
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(found, 0, 0)
        grid.addWidget(self.search, 0, 1)
        grid.addWidget(QLabel("Chosen:", self), 0, 2)
        grid.addWidget(self.matches, 1, 0, 1, 2)
        grid.addWidget(self.chosen, 1, 2)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 1, 3)
        grid.addWidget(self.note, 2, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.search.textChanged.connect(self._show_matches)
        self.matches.doubleClicked.connect(lambda index: self.add_current())
        self.add_button.clicked.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.chosen.doubleClicked.connect(lambda index: self.remove_current())
        for widget in (self.search, self.matches, self.chosen):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Enter in the search or the matches adds the highlighted person (in the chosen list it
        removes one), and goes no further: the dialog's default button is not pressed by it.
        Up and Down in the search move through the matches."""
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            (self.remove_current if watched is self.chosen else self.add_current)()
            return True
        if watched is self.search and key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.matches.count():
            step = -1 if key == Qt.Key.Key_Up else 1
            self.matches.setCurrentRow(max(0, min(self.matches.count() - 1, self.matches.currentRow() + step)))
            return True
        return False

    # -- reading the register ------------------------------------------------------------------
    def load(self) -> None:
        """Read the register (once): the first time people are to be chosen."""
        if self._search is not None or self._reading or not self.context.is_unlocked:
            return
        self._reading = True
        self.note.setText("Reading the register...")
        vault, generation = self.context.open_vault(), self._generation
        self.context.tasks.read(lambda control: read_register(vault), name="read the register for export",
                                on_finished=lambda result: self._loaded(result, generation), on_failed=self._failed)

    def _loaded(self, result, generation: int) -> None:
        self._reading = False
        if generation != self._generation:
            return
        self.rows, self._search = result
        self._show_matches(self.search.text())

    def _failed(self, message: str) -> None:
        self._reading = False
        self.note.setText(message)

    # -- searching and choosing ------------------------------------------------------------------
    def _show_matches(self, text: str) -> None:
        self.matches.clear()
        self._shown = []
        if self._search is None:
            return
        if not text.strip():
            self.note.setText("Type a name, NHS number or date of birth to find someone.")
            return
        found = self._search.matches(text)
        self._shown = found[:MAX_SHOWN]
        for index in self._shown:
            self.matches.addItem(person_line(self.rows[index]))
        if self._shown:
            self.matches.setCurrentRow(0)
        if not found:
            self.note.setText("No one on the register matches that.")
        elif len(found) > MAX_SHOWN:
            self.note.setText(f"{len(found):,} match: the first {MAX_SHOWN} are shown. Type more to narrow them.")
        else:
            self.note.setText("Enter or Add puts the highlighted person on the chosen list.")

    def add_current(self) -> None:
        row = self.matches.currentRow()
        if not 0 <= row < len(self._shown):
            return
        person = self.rows[self._shown[row]]
        if person.nhs_number in self.chosen_numbers():
            return
        item = QListWidgetItem(person_line(person))
        item.setData(Qt.ItemDataRole.UserRole, person.nhs_number)
        self.chosen.addItem(item)
        self.chosen.setCurrentItem(item)
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self.changed.emit()

    def chosen_numbers(self) -> tuple[str, ...]:
        return tuple(self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count()))

    def clear(self) -> None:
        """Locking: nobody's name stays in the widgets or in memory."""
        self._generation += 1
        self.rows, self._search, self._shown = [], None, []
        self.search.clear()
        self.matches.clear()
        self.chosen.clear()
        self.note.setText("")
