"""The "Receiving" part of the Sending and receiving tab: the inbox folders this computer watches
(reachable, bundles waiting, last import), the bundle files that could not be read (with the
reason, shown once: they are not tried again until the file changes or "Try again"), and
"Import a bundle..." for a single file. Widgets only: the ExchangeScreen runs the work."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..widgets import ProblemLabel, muted
from .folder_table import add_row, chosen_in, folder_table
from .jobs import when

COLUMNS = ["Inbox folder", "Folder", "Reachable", "Waiting", "Last import"]


def refused_text(inboxes: list) -> str:
    """The files that could not be read, each with its reason (the core's own words)."""
    refused = [(inbox, f) for inbox in inboxes for f in inbox.refused]
    if not refused:
        return ""
    n = len(refused)
    lines = [f"{n} bundle{'s' if n != 1 else ''} could not be read and {'were' if n != 1 else 'was'} left where "
             f"{'they are' if n != 1 else 'it is'}:"]
    lines += [f"{f.file_name} in {inbox.name}: {f.message}" for inbox, f in refused]
    return "\n".join(lines)


class ReceivingBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Receiving", parent)
        self.setObjectName("receiving")
        self.inboxes: list = []
        column = QVBoxLayout(self)
        column.addWidget(muted("Bundles from other computers waiting in these folders are imported when the folder "
                               "can be reached (checked every 30 seconds). A destination folder can be one too.",
                               self, factor=1.0, wrap=True))
        self.table = folder_table(COLUMNS, "inbox_folders", "Inbox folders", self)
        column.addWidget(self.table)
        self.empty_note = muted("No inbox folders yet: bundles are imported one at a time with \"Import a bundle...\".",
                                self, factor=1.0, wrap=True)
        column.addWidget(self.empty_note)
        self.refused = ProblemLabel("Bundles that could not be read", self)
        self.refused.setObjectName("refused_bundles")
        column.addWidget(self.refused)
        buttons = QHBoxLayout()
        self.watch_button = QPushButton("Watch a folder...", self)
        self.watch_button.setObjectName("watch_folder")
        self.watch_button.setToolTip("A shared folder, or a USB stick's folder, where other computers leave bundles")
        self.unwatch_button = QPushButton("Stop watching", self)
        self.retry_button = QPushButton("Try again", self)
        self.retry_button.setObjectName("retry_refused")
        self.retry_button.setToolTip("Read the bundles that could not be read once more (after installing the right "
                                     "key, or updating this computer)")
        self.import_button = QPushButton("Import a bundle...", self)
        self.import_button.setObjectName("import_bundle")
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("exchange_totals")
        self.status_label.setWordWrap(True)
        for button in (self.watch_button, self.unwatch_button, self.retry_button, self.import_button):
            buttons.addWidget(button)
        buttons.addWidget(self.status_label, 1)
        column.addLayout(buttons)

    def show_inboxes(self, inboxes: list) -> None:
        chosen = self.chosen_inbox()
        self.inboxes = list(inboxes)
        self.table.setRowCount(0)
        for inbox in self.inboxes:
            row = add_row(self.table, [inbox.name, inbox.folder, "Yes" if inbox.reachable else "No - not found now",
                                       str(inbox.waiting), when(inbox.last_import_at)])
            if chosen is not None and inbox.id == chosen.id:
                self.table.selectRow(row)
        has_any = bool(self.inboxes)
        self.table.setVisible(has_any)
        self.empty_note.setVisible(not has_any)
        self.unwatch_button.setEnabled(has_any)
        text = refused_text(self.inboxes)
        self.refused.show_problem(text)
        self.retry_button.setVisible(bool(text))
        if has_any:  # as tall as its rows, no taller: the destinations keep the room
            height = self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
            height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
            self.table.setFixedHeight(height + 2)

    def chosen_inbox(self):
        return chosen_in(self.table, self.inboxes)

    def set_busy(self, busy: bool) -> None:
        for button in (self.watch_button, self.unwatch_button, self.retry_button, self.import_button):
            button.setEnabled(not busy)
        if not busy:
            self.unwatch_button.setEnabled(bool(self.inboxes))

    def clear(self) -> None:
        self.inboxes = []
        self.table.setRowCount(0)
        self.status_label.setText("")
        self.refused.clear_problem()
        self.retry_button.hide()
