"""The Exchange area: this computer and the practice key, the destination folders with what is
pending for each, "Export now", "Import a bundle...", and the conflicts inbox.

Everything that reads or writes the vault runs through `context.tasks` (writes with
a write task); the core's messages (exchange.errors) are shown as they are. What an import or a
resolved conflict changed reaches the open screens by itself (`ui.changes`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from careplan_desktop.exchange.keys import key_file_needs_passphrase

from ..context import AppContext
from ..screen import AreaScreen
from . import jobs
from .conflicts_panel import ConflictsPanel
from .export_dialog import ExportChoice, ExportDialog
from .sending import SendingPanel


class ExchangeScreen(AreaScreen):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("exchange_screen")
        self.overview: jobs.Overview | None = None
        self.busy = False
        self.export_dialog: ExportDialog | None = None
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Exchange")
        self.sending = SendingPanel(self.tabs)
        self.conflicts = ConflictsPanel(self.tabs)
        self.tabs.addTab(self.sending, "Sending and receiving")
        self.tabs.addTab(self.conflicts, "Conflicts")
        layout.addWidget(self.tabs)
        s = self.sending
        s.install_key_button.clicked.connect(self.install_key)
        s.create_key_button.clicked.connect(self.create_key)
        s.rename_button.clicked.connect(self.rename_device)
        s.add_button.clicked.connect(self.add_folder)
        s.remove_button.clicked.connect(self.remove_folder)
        s.export_button.clicked.connect(self.export_now)
        s.export_pending_action.triggered.connect(self.export_now)
        s.export_people_action.triggered.connect(lambda: self.open_export_dialog("people"))
        s.export_all_action.triggered.connect(lambda: self.open_export_dialog("all"))
        s.import_button.clicked.connect(self.import_bundle)
        s.check_button.clicked.connect(self.check_now)
        r = s.receiving
        r.watch_button.clicked.connect(self.watch_folder)
        r.unwatch_button.clicked.connect(self.stop_watching)
        r.retry_button.clicked.connect(self.try_again)
        s.computers.confirm_button.clicked.connect(self.confirm_computer)
        s.computers.remove_button.clicked.connect(self.remove_computer)
        s.computers.add_to_key_button.clicked.connect(self.add_computers_to_key)
        s.auto_export_changed.connect(self.switch_auto_export)
        self.conflicts.resolve_requested.connect(self.resolve)
        context.changes.changed.connect(self._data_changed)

    # -- the lock protocol -------------------------------------------------------------------
    def clear_patient_data(self) -> None:
        if self.export_dialog is not None:
            self.export_dialog.clear()
        self.overview = None
        self.conflicts.clear()
        self.sending.clear()
        self.tabs.setTabText(1, "Conflicts")

    def vault_unlocked(self) -> None:
        self.refresh()

    # -- reading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.context.is_unlocked:
            return
        vault = self.context.open_vault()
        self.context.tasks.read(lambda control: jobs.read_overview(vault), name="exchange overview",
                                on_finished=self._show_overview, on_failed=self.sending.show_problem)

    def check_now(self) -> None:
        """Look into the folders now: this screen re-reads, and the status bar's check runs at
        once (exporting to reachable automatic destinations, importing from the inbox folders)."""
        self.context.changes.notify(jobs.EXCHANGE, jobs.CHECK_NOW)
        if not self.isVisible():
            self.refresh()

    def _show_overview(self, done: jobs.Done) -> None:
        if not self.context.is_unlocked:
            return
        if not done.ok:
            self.sending.show_problem(done.problem)
            return
        self.overview = overview = done.value
        self.sending.show_overview(overview)
        self.conflicts.show_conflicts(overview.conflicts)
        n = len(overview.conflicts)
        self.tabs.setTabText(1, f"Conflicts ({n})" if n else "Conflicts")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.overview is not None:  # the first read is started by vault_unlocked
            self.refresh()

    def _data_changed(self, what: frozenset) -> None:
        if self.isVisible() and jobs.EXCHANGE in what:
            self.refresh()

    # -- writing -------------------------------------------------------------------------------
    def _write(self, work, name: str, on_done=None, *, where=None) -> None:
        """Run a write job; show the core's message on failure (in `where`: the sending tab or
        the conflicts panel); refresh after. What it changed reaches open screens by itself."""
        if not self.context.is_unlocked:
            return
        vault = self.context.open_vault()
        where = where or self.sending
        where.show_message("Working...")
        self._set_busy(True)

        def finished(done: Any) -> None:
            self._set_busy(False)
            if isinstance(done, jobs.Done) and not done.ok:
                where.show_problem(done.problem)
            elif on_done is not None:
                on_done(done.value if isinstance(done, jobs.Done) else done)
            self.context.changes.notify(jobs.EXCHANGE)  # this screen re-reads (_data_changed)
            if not self.isVisible():
                self.refresh()

        def failed(message: str) -> None:
            self._set_busy(False)
            where.show_problem(message)
            self.refresh()

        self.context.tasks.write(lambda control: work(vault), name=name,
                                 on_finished=finished, on_failed=failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.sending.set_busy(busy)
        self.conflicts.set_busy(busy)

    def install_key(self) -> None:
        path = self.ask_open_file("Install the practice key", "Practice key (*.key *.json);;All files (*)")
        if not path:
            return
        passphrase = None
        try:
            if key_file_needs_passphrase(path):
                passphrase = self.ask_text("Practice key", "The practice exchange passphrase:", secret=True)
                if not passphrase:
                    return
        except Exception:  # an unreadable file: install_key says what is wrong
            passphrase = None
        self._write(lambda v: jobs.install_key_file(v, path, passphrase), "install key",
                    lambda info: self.sending.show_message("The practice key is installed on this computer."))

    def create_key(self) -> None:
        if self.overview is not None and self.overview.key is not None and not self.ask_yes_no(
                "Create a new practice key",
                "This computer already has the practice key. With a new key, every laptop needs the new "
                "key file before it can exchange bundles with this computer. Make a new key?"):
            return
        practice = self.ask_text("Create the practice key", "The practice's name (shown with the key):")
        if practice is None:
            return
        path = self.ask_save_file("Save the practice key file", "practice.key", "Practice key (*.key)")
        if not path:
            return
        self._write(lambda v: jobs.create_key_file(v, path, practice, None), "create key",
                    lambda info: self.sending.show_message(
                        "The practice key is made and installed here. Copy the key file to each laptop "
                        "(by hand, not with the bundles) and install it there."))

    def rename_device(self) -> None:
        current = self.overview.device_name if self.overview else ""
        name = self.ask_text("This computer", "A name others will recognise (e.g. \"Andrea's laptop\"):", current)
        if name is None:
            return
        self._write(lambda v: jobs.rename_device(v, name), "rename device")

    def add_folder(self) -> None:
        folder = self.ask_folder("Choose a destination folder (a shared drive or a USB stick)")
        if not folder:
            return
        self._write(lambda v: jobs.add_folder(v, folder, "", False), "add destination")

    def remove_folder(self) -> None:
        chosen = self.sending.chosen_destination()
        if chosen is None:
            self.sending.show_problem("Choose a destination in the list first.")
            return
        self._write(lambda v: jobs.remove_folder(v, chosen.id), "remove destination")

    def watch_folder(self) -> None:
        folder = self.ask_folder("Choose a folder to watch for bundles from other computers")
        if not folder:
            return
        self._write(lambda v: jobs.watch_folder(v, folder), "watch folder",
                    lambda inbox_id: self.context.changes.notify(jobs.CHECK_NOW))  # what waits comes in now

    def stop_watching(self) -> None:
        chosen = self.sending.receiving.chosen_inbox()
        if chosen is None:
            self.sending.show_problem("Choose an inbox folder in the list first.")
            return
        self._write(lambda v: jobs.stop_watching(v, chosen.id), "stop watching folder",
                    lambda _: self.sending.show_message(f"{chosen.name} is no longer watched. Its files are left "
                                                        "where they are."))

    def confirm_computer(self) -> None:
        chosen = self.sending.computers.chosen_computer()
        if chosen is None or chosen.status != "waiting":
            self.sending.show_problem("Choose a computer that is waiting to be confirmed in the list first.")
            return
        self._write(lambda v: jobs.confirm_computer(v, chosen.device_uuid), "confirm computer",
                    lambda _: (self.sending.show_message(f"{chosen.name} is confirmed: its bundles are imported."),
                               self.context.changes.notify(jobs.CHECK_NOW)))

    def remove_computer(self) -> None:
        chosen = self.sending.computers.chosen_computer()
        if chosen is None or chosen.status == "this":
            self.sending.show_problem("Choose another computer in the list first (not this one).")
            return
        if not self.ask_yes_no("Remove computer", f"Refuse every later bundle from {chosen.name}? Do this for a lost "
                               "or retired computer."):
            return
        self._write(lambda v: jobs.remove_computer(v, chosen.device_uuid), "remove computer",
                    lambda _: self.sending.show_message(f"{chosen.name} was removed: its bundles are refused."))

    def add_computers_to_key(self) -> None:
        path = self.ask_open_file("Add the computers to the practice key file", "Practice key (*.key *.json);;All files (*)")
        if not path:
            return
        self._write(lambda v: jobs.add_computers_to_key_file(v, path), "add computers to key file",
                    lambda counts: self.sending.show_message(
                        f"{counts[0]} computers of this practice (and {counts[1]} removed) are now in the key file. "
                        "A new computer set up from it imports their bundles at once."))

    def try_again(self) -> None:
        self._write(jobs.try_refused_again, "try refused bundles again",
                    lambda _: self.context.changes.notify(jobs.CHECK_NOW))

    def switch_auto_export(self, destination_id: int, on: bool) -> None:
        self._write(lambda v: jobs.switch_auto_export(v, destination_id, on), "auto export")

    def export_now(self) -> None:
        if self.overview is not None and not self.overview.destinations:
            self.sending.show_problem("Add a destination folder first (a shared drive or a USB stick).")
            return
        chosen = self.sending.chosen_destination()
        ids = {chosen.id} if chosen is not None else None
        self._write(lambda v: jobs.export_pending(v, ids), "export",
                    lambda round_: self.sending.show_lines(round_.lines, problem=bool(round_.failed)))

    def open_export_dialog(self, scope: str) -> ExportDialog | None:
        """Export with a choice of what goes (chosen people, everything) and where to."""
        if self.overview is None or not self.context.is_unlocked:
            return None
        if self.export_dialog is not None:
            self.export_dialog.reject()
        dialog = self.export_dialog = ExportDialog(self.context, self.overview.destinations, scope, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chosen = self.sending.chosen_destination()
        if chosen is not None:
            dialog.set_folder(chosen.folder)
        dialog.chosen.connect(self.export_chosen)
        dialog.finished.connect(lambda _=0, d=dialog: self._export_dialog_closed(d))
        dialog.open()
        return dialog

    def _export_dialog_closed(self, dialog: ExportDialog) -> None:
        if self.export_dialog is dialog:
            self.export_dialog = None

    def export_chosen(self, choice: ExportChoice) -> None:
        people = len(choice.nhs_numbers)
        self._write(lambda v: jobs.export_chosen(v, choice.folder, choice.scope, choice.nhs_numbers), "export chosen",
                    lambda result: self.sending.show_message(jobs.export_summary(result, choice.scope, people)))

    def import_bundle(self) -> None:
        path = self.ask_open_file("Import a bundle", "CarePlan bundles (*.cpb);;All files (*)")
        if not path:
            return
        self._write(lambda v: jobs.import_file(v, path), "import", self._imported)

    def _imported(self, result) -> None:
        self.sending.show_message(jobs.import_summary(result))
        if result.conflicts:
            self.tabs.setCurrentWidget(self.conflicts)

    def resolve(self, conflict_id: int, choice: str, merged) -> None:
        """Keep one, merge fields, or (two agreed plan versions) merge into a new draft."""
        self._write(lambda v: jobs.resolve(v, conflict_id, choice, merged), "resolve conflict",
                    self.conflicts.show_resolved, where=self.conflicts)

    # -- asking (tests replace these) ------------------------------------------------------------
    def ask_open_file(self, title: str, filters: str) -> str:
        return QFileDialog.getOpenFileName(self, title, "", filters)[0]

    def ask_save_file(self, title: str, name: str, filters: str) -> str:
        return QFileDialog.getSaveFileName(self, title, name, filters)[0]

    def ask_folder(self, title: str) -> str:
        return QFileDialog.getExistingDirectory(self, title)

    def ask_yes_no(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str, text: str = "", *, secret: bool = False) -> str | None:
        echo = QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal
        value, ok = QInputDialog.getText(self, title, label, echo, text)
        return value.strip() if ok else None
