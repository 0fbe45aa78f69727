"""The "Computers of this practice" part of the Sending and receiving tab (issue 14): each
computer that signs bundles, with its short fingerprint and whether its bundles are imported
here. A computer met for the first time waits until a nurse compares its fingerprint with the one
shown on that computer and confirms it; a lost laptop is removed (its later bundles are refused).
Widgets only: the ExchangeScreen runs the work."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..widgets import muted
from .folder_table import add_row, chosen_in, folder_table

COLUMNS = ["Computer", "Fingerprint", "Bundles"]
STATUS_WORDS = {"this": "This computer", "confirmed": "Imported", "waiting": "Waiting: compare and confirm",
                "removed": "Refused (removed)"}


class ComputersBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Computers of this practice", parent)
        self.setObjectName("computers")
        self.computers: list = []
        column = QVBoxLayout(self)
        column.addWidget(muted("Every bundle is signed by the computer that made it. Before a new computer's bundles "
                               "are imported, compare its fingerprint with the one shown on that computer.",
                               self, factor=1.0, wrap=True))
        self.table = folder_table(COLUMNS, "computers_table", "Computers of this practice", self)
        column.addWidget(self.table)
        buttons = QHBoxLayout()
        self.confirm_button = QPushButton("Confirm computer", self)
        self.confirm_button.setObjectName("confirm_computer")
        self.confirm_button.setToolTip("The fingerprint matches the one shown on that computer: import its bundles")
        self.remove_button = QPushButton("Remove computer...", self)
        self.remove_button.setObjectName("remove_computer")
        self.remove_button.setToolTip("A lost or retired computer: refuse its bundles from now on")
        self.add_to_key_button = QPushButton("Add to key file...", self)
        self.add_to_key_button.setObjectName("add_computers_to_key")
        self.add_to_key_button.setToolTip("Write these computers into the practice key file: a new computer set up "
                                          "from it imports their bundles at once, and refuses the removed ones")
        for button in (self.confirm_button, self.remove_button, self.add_to_key_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)

    def show_computers(self, computers: list) -> None:
        chosen = self.chosen_computer()
        self.computers = list(computers)
        self.table.setRowCount(0)
        for computer in self.computers:
            row = add_row(self.table, [computer.name, computer.fingerprint, STATUS_WORDS.get(computer.status, "")])
            if chosen is not None and computer.device_uuid == chosen.device_uuid:
                self.table.selectRow(row)

    def chosen_computer(self):
        return chosen_in(self.table, self.computers)

    def clear(self) -> None:
        self.computers = []
        self.table.setRowCount(0)
