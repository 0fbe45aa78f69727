"""The "Sending and receiving" tab: this computer and its practice key, the destination
folders (reachable, pending, last export, export automatically), and the buttons. Widgets
only: the ExchangeScreen connects the buttons and runs the work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..announce import announce
from ..widgets import ProblemLabel, heading, muted
from .folder_table import add_row, chosen_in, folder_table
from .jobs import when
from .computers import ComputersBox
from .receiving import ReceivingBox

COLUMNS = ["Destination", "Folder", "Reachable", "Pending changes", "Last export", "Export automatically"]
AUTO_COLUMN = 5


class SendingPanel(QWidget):
    auto_export_changed = Signal(int, bool)  # destination id, on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sending_panel")
        self.destinations: list = []
        self._filling = False
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Sync by file", self))
        layout.addWidget(muted("Plans travel as encrypted bundles on a USB stick or through a shared folder. "
                               "Only computers with this practice's key can open them.", self, factor=1.0, wrap=True))

        device_box = QGroupBox("This computer", self)
        grid = QGridLayout(device_box)
        self.device_label = QLabel("", device_box)
        self.device_label.setObjectName("device_name")
        self.key_label = QLabel("", device_box)
        self.key_label.setObjectName("key_state")
        self.key_label.setWordWrap(True)
        self.rename_button = QPushButton("Rename...", device_box)
        self.install_key_button = QPushButton("Install the practice key...", device_box)
        self.install_key_button.setToolTip("Install the practice's key file, made once at the practice")
        self.create_key_button = QPushButton("Create the practice key...", device_box)
        self.create_key_button.setToolTip("Only once, at the practice: then copy the key file to each laptop")
        grid.addWidget(QLabel("Name:", device_box), 0, 0)
        grid.addWidget(self.device_label, 0, 1)
        grid.addWidget(self.rename_button, 0, 2, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(QLabel("Practice key:", device_box), 1, 0)
        grid.addWidget(self.key_label, 1, 1)
        keys = QHBoxLayout()
        keys.addWidget(self.install_key_button)
        keys.addWidget(self.create_key_button)
        grid.addLayout(keys, 1, 2)
        grid.setColumnStretch(1, 1)
        layout.addWidget(device_box)

        out_box = QGroupBox("Destinations", self)
        column = QVBoxLayout(out_box)
        self.table = folder_table(COLUMNS, "destinations", "Destination folders", out_box)
        self.table.itemChanged.connect(self._item_changed)
        column.addWidget(self.table)
        self.empty_note = muted("No destinations yet: add a shared folder or a USB stick's folder.", out_box, factor=1.0, wrap=True)
        column.addWidget(self.empty_note)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add a folder...", out_box)
        self.remove_button = QPushButton("Remove", out_box)
        self.check_button = QPushButton("Check now", out_box)
        self.check_button.setToolTip("Look for the folders now (also done every 30 seconds)")
        # "Export now" sends the pending changes; its menu offers the other choices of what goes
        self.export_button = QToolButton(out_box)
        self.export_button.setObjectName("export_now")
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.export_menu = QMenu(self.export_button)
        self.export_pending_action = self.export_menu.addAction("Pending changes (the default)")
        self.export_people_action = self.export_menu.addAction("Chosen people...")
        self.export_all_action = self.export_menu.addAction("Everything...")
        self.export_button.setMenu(self.export_menu)
        self.export_button.setText("Export now")
        self.export_button.setToolTip("Send the pending changes to the chosen destination, or to every reachable one. "
                                      "The arrow offers chosen people, or everything.")
        self.export_button.setMinimumHeight(self.add_button.sizeHint().height())
        for button in (self.add_button, self.remove_button, self.check_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        column.addLayout(buttons)
        layout.addWidget(out_box, 1)

        self.receiving = ReceivingBox(self)
        self.import_button = self.receiving.import_button
        self.status_label = self.receiving.status_label
        layout.addWidget(self.receiving)
        self.computers = ComputersBox(self)
        layout.addWidget(self.computers)

        self.message = QLabel("", self)
        self.message.setObjectName("exchange_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = ProblemLabel("Exchange problem", self)
        self.problem.setObjectName("exchange_problem")
        layout.addWidget(self.message)
        layout.addWidget(self.problem)

    # -- showing ---------------------------------------------------------------------------------
    def show_overview(self, overview) -> None:
        self.device_label.setText(overview.device_name)
        key = overview.key
        if key is None:
            self.key_label.setText("None installed yet: bundles cannot be made or opened on this computer.")
        else:
            practice = key.practice or "the practice"
            installed = f", installed {when(key.installed_at)}" if key.installed_at else ""
            self.key_label.setText(f"{practice} (key {key.key_id[:8]}{installed})")
        self.show_destinations(overview.destinations)
        self.receiving.show_inboxes(overview.inboxes)
        self.computers.show_computers(overview.computers)
        status = overview.status
        self.status_label.setText(f"Last import: {when(status.last_import_at)}.   "
                                  f"Last export: {when(status.last_export_at)}.")

    def show_destinations(self, destinations: list) -> None:
        chosen = self.chosen_destination()
        self.destinations = list(destinations)
        self._filling = True
        self.table.setRowCount(0)
        for d in self.destinations:
            row = add_row(self.table, [
                d.name, d.folder, "Yes" if d.reachable else "No - not found now", str(d.pending.changes),
                when(d.last_export_at) + (f" (failed: {d.last_error})" if d.last_error else "")])
            auto = QTableWidgetItem("")
            auto.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            auto.setCheckState(Qt.CheckState.Checked if d.auto_export else Qt.CheckState.Unchecked)
            auto.setData(Qt.ItemDataRole.UserRole, d.id)
            self.table.setItem(row, AUTO_COLUMN, auto)
            if chosen is not None and d.id == chosen.id:
                self.table.selectRow(row)
        self._filling = False
        self.empty_note.setVisible(not self.destinations)

    def chosen_destination(self):
        return chosen_in(self.table, self.destinations)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != AUTO_COLUMN:
            return
        self.auto_export_changed.emit(int(item.data(Qt.ItemDataRole.UserRole)),
                                      item.checkState() == Qt.CheckState.Checked)

    def show_message(self, text: str) -> None:
        self.problem.clear_problem()
        self.message.setText(text)
        announce(self.message, text)

    def show_lines(self, lines: list[str], *, problem: bool = False) -> None:
        text = "\n".join(lines) or "Nothing to send."
        if problem:
            self.message.setText("")
            self.problem.show_problem(text)
        else:
            self.show_message(text)

    def show_problem(self, text: str) -> None:
        self.message.setText("")
        self.problem.show_problem(text)

    def set_busy(self, busy: bool) -> None:
        for button in (self.export_button, self.add_button, self.remove_button,
                       self.install_key_button, self.create_key_button, self.rename_button):
            button.setEnabled(not busy)
        self.receiving.set_busy(busy)

    def clear(self) -> None:
        self.destinations = []
        self._filling = True
        self.table.setRowCount(0)
        self._filling = False
        for label in (self.device_label, self.key_label, self.message):
            label.setText("")
        self.receiving.clear()
        self.computers.clear()
        self.problem.clear_problem()
