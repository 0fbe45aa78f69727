"""Backups, in Settings: when the last was made, Back up now, Restore from backup.

Back up now asks for a folder, writes a backup there and checks it (`services.backup.copies`).
Restore asks for a backup file, opens and checks it with this vault's key, shows its date and
counts, and asks before putting it in the vault's place; the vault as it was is kept aside.
Afterwards the app locks, so every screen reads the restored vault after signing in again.
The folder and file pickers are attributes (`choose_folder`, `choose_file`, `confirm`) so tests
can answer them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.backup.copies import BackupSummary, back_up, inspect_backup, last_backup, restore
from careplan_desktop.store.settings import save_settings

from ..context import AppContext
from ..widgets import ProblemLabel, muted
from .daily import daily_folder


def when(moment: dt.datetime | None) -> str:
    return f"{moment.day} {moment:%B %Y at %H:%M}" if moment else ""


class BackupPanel(QGroupBox):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Backups", parent)
        self.context = context
        self.setObjectName("backup_panel")
        layout = QVBoxLayout(self)
        intro = QLabel("A backup is an encrypted copy of the whole vault, opened again and checked before it is "
                       "called a backup. CarePlan Desktop makes one each day on this computer and keeps the "
                       "last 14; keep another copy away from this computer too.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.last = QLabel(self)
        self.last.setObjectName("last_backup")
        self.last.setWordWrap(True)
        layout.addWidget(self.last)
        row = QHBoxLayout()
        self.backup_button = QPushButton("&Back up now…", self)
        self.backup_button.setObjectName("back_up_now")
        self.restore_button = QPushButton("&Restore from backup…", self)
        self.restore_button.setObjectName("restore_backup")
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = muted("", self, wrap=True)
        self.status.setObjectName("backup_status")
        layout.addWidget(self.status)
        self.problem = ProblemLabel("Problem with the backup", self)
        self.problem.setObjectName("backup_problem")
        layout.addWidget(self.problem)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_from_backup)
        self.choose_folder = self._choose_folder
        self.choose_file = self._choose_file
        self.confirm = self._confirm
        self._busy = False

    # -- showing ---------------------------------------------------------------------------------
    def vault_unlocked(self) -> None:
        from careplan_desktop.services.practice.details import settings_refusal

        self.show_last_backup()
        refusal = settings_refusal(self.context.open_vault())  # the one place that decides
        self.restore_button.setEnabled(refusal is None)
        self.restore_button.setToolTip(refusal or "")

    def show_last_backup(self) -> None:
        folders = [daily_folder(self.context.vault_path)]
        if self.context.settings.last_backup_folder:
            folders.append(Path(self.context.settings.last_backup_folder))
        found = [moment for moment in map(last_backup, folders) if moment is not None]
        latest = max(found, default=None)
        self.last.setText(f"Last backup: {when(latest)}." if latest else
                          "No backup has been made on this computer yet. Back up now.")

    def _running(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)
        self.status.setText(text)

    # -- back up now -----------------------------------------------------------------------------
    def _choose_folder(self) -> str:
        start = self.context.settings.last_backup_folder or str(Path.home())
        return QFileDialog.getExistingDirectory(self, "Choose a folder for the backup", start)

    def back_up_now(self) -> None:
        if self._busy or not self.context.is_unlocked:
            return
        folder = self.choose_folder()
        if not folder:
            return
        self.problem.clear_problem()
        vault = self.context.open_vault()
        self._running(True, "Backing up and checking the copy…")
        self.context.tasks.write(lambda control: back_up(vault, Path(folder)), by=self, name="back up",
                                 on_finished=lambda made: self._backed_up(made, folder), on_failed=self._failed)

    def _backed_up(self, made: BackupSummary, folder: str) -> None:
        self._running(False, f"Backed up and checked: {made.path.name}, {made.describe()}.")
        self.context.settings.last_backup_folder = folder
        save_settings(self.context.settings)
        self.show_last_backup()

    def _failed(self, message: str) -> None:
        self._running(False)
        self.problem.show_problem(message)

    # -- restore ---------------------------------------------------------------------------------
    def _choose_file(self) -> str:
        start = self.context.settings.last_backup_folder or str(daily_folder(self.context.vault_path))
        path, _ = QFileDialog.getOpenFileName(self, "Choose a backup to restore", start,
                                              "CarePlan backups (*.vault);;All files (*)")
        return path

    def _confirm(self, summary: BackupSummary) -> bool:
        answer = QMessageBox.question(
            self, "Restore from backup",
            f"Restore the backup {summary.describe()}?\n\nEverything recorded since then will no longer be in the "
            "vault. The vault as it is now is kept beside it, not deleted. CarePlan Desktop locks afterwards: "
            "sign in again to carry on.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def restore_from_backup(self) -> None:
        if self._busy or not self.context.is_unlocked:
            return
        path = self.choose_file()
        if not path:
            return
        self.problem.clear_problem()
        vault = self.context.open_vault()
        self._running(True, "Opening and checking the backup…")
        self.context.tasks.read(lambda control: inspect_backup(vault, Path(path)), name="check backup",
                                on_finished=self._checked, on_failed=self._failed)

    def _checked(self, summary: BackupSummary) -> None:
        self._running(False, f"The backup opens and checks out: {summary.describe()}.")
        if not self.confirm(summary):
            return
        vault = self.context.open_vault()
        self._running(True, "Restoring…")
        self.context.tasks.write(lambda control: restore(vault, summary.path), by=self, name="restore",
                                 on_finished=self._restored, on_failed=self._failed)

    def _restored(self, outcome: tuple[BackupSummary, Path]) -> None:
        summary, aside = outcome
        self._running(False, f"Restored the backup {summary.describe()}. The vault as it was is kept at {aside}.")
        self.restored = outcome
        window = self.window()
        if hasattr(window, "lock"):  # every screen reads the restored vault after signing in again
            window.lock(f"Restored the backup {summary.describe()}. The vault as it was is kept at {aside.name}. "
                        "Sign in again to carry on.")

    def shutdown(self) -> None:
        pass
