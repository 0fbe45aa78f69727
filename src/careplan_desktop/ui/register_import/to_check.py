"""After importing the practice system's full list: the people on the register here who were not
in it, "to check". The import changed none of them. For the one selected, one click records that
they died, moved away or left the register (the register status dialog opens with that choice
made, for the date or reason), or leaves them as they are.

Keyboard: the list takes Up/Down; Alt+D, Alt+M, Alt+L and Alt+E act on the selected person.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from careplan_desktop.domain.nhs_number import formatted
from careplan_desktop.services.register.importing import ToCheck
from careplan_desktop.services.register.status import DIED, LEFT_REGISTER, MOVED_AWAY, StatusChange

from ..context import AppContext
from ..dates import uk_date
from ..widgets import muted, read_only_table, scaled_font

LEFT_AS_THEY_ARE = "Left as they are"
TO_DO = "To check"
ACTIONS = ((DIED, "Mark as &died…"), (MOVED_AWAY, "Mark as &moved away…"),
           (LEFT_REGISTER, "Mark as &left the register…"))


class ToCheckPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_to_check")
        self.context = context
        self.people: list[ToCheck] = []
        self.dialog = None  # the register status dialog while it is open
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("", self)
        self.title.setFont(scaled_font(self.title.font(), 1.1, bold=True))
        layout.addWidget(self.title)
        layout.addWidget(muted("On the register here but not in the full list. The import changed none of them: "
                               "check each in the practice system, then mark them or leave them.",
                               self, factor=1.0, wrap=True))
        self.table = read_only_table(self, "to_check_list", "People to check",
                                     ["Name", "NHS number", "Born", "Now"])
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for status, text in (*ACTIONS, ("leave", "Leave as they ar&e")):
            button = QPushButton(text, self)
            button.setObjectName(f"to_check_{status}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=status: self.act(s))
            row.addWidget(button)
            self.buttons[status] = button
        row.addStretch(1)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._enable)

    def show_people(self, people: Sequence[ToCheck]) -> None:
        self.people = list(people)
        self.title.setText(f"To check: {len(self.people):,} {'person' if len(self.people) == 1 else 'people'}")
        self.table.setRowCount(len(self.people))
        for line, person in enumerate(self.people):
            for column, text in enumerate((person.name, formatted(person.nhs_number),
                                           uk_date(person.date_of_birth), TO_DO)):
                self.table.setItem(line, column, QTableWidgetItem(text))
        if self.people:
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].row() if rows else None

    def _enable(self) -> None:
        line = self.selected()
        open_ = line is not None and self.table.item(line, 3).text() == TO_DO
        for button in self.buttons.values():
            button.setEnabled(open_)

    def act(self, status: str) -> None:
        """Mark the selected person (`status`), or "leave" them as they are."""
        line = self.selected()
        if line is None or not self.context.is_unlocked:
            return
        if status == "leave":
            self._done(line, LEFT_AS_THEY_ARE)
            return
        from ..register.status_dialog import ask_register_status

        person = self.people[line]
        self.dialog = ask_register_status(self.context, person.patient_uuid, person.name, self, status=status,
                                          on_recorded=lambda change, at=line: self._recorded(at, change))

    def _recorded(self, line: int, change: StatusChange) -> None:
        self._done(line, change.text)

    def _done(self, line: int, text: str) -> None:
        self.table.item(line, 3).setText(text)
        following = next((i for i in range(line + 1, self.table.rowCount()) if self.table.item(i, 3).text() == TO_DO),
                         None)
        if following is not None:
            self.table.selectRow(following)
        self._enable()
        self.table.setFocus()
