"""The unlock dialog: at start-up, and over the main window after a lock.

The dialog unlocks the vault itself (on the GUI thread behind a wait cursor: deriving the key
takes about 0.3 s) and, on success, holds the open Vault in `vault` and accepts. A wrong
passphrase keeps it open with the message in red, the field cleared and focused again.
Escape does nothing (the only ways out are Unlock and Quit); Quit rejects, and whoever
opened the dialog quits the app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.store import Vault, VaultError, WrongPassphraseError

from ..widgets import ProblemLabel, heading, muted, wait_cursor

UnlockFunction = Callable[[Path, str], Vault]


class UnlockDialog(QDialog):
    unlocked = Signal(object)  # the open Vault, just before the dialog accepts

    def __init__(
        self,
        vault_path: Path,
        *,
        reason: str = "",
        demo_passphrase: str | None = None,
        unlock: UnlockFunction = Vault.unlock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self.vault: Vault | None = None
        self._unlock = unlock
        self.setWindowTitle("Unlock CarePlan Desktop")
        self.setObjectName("unlock_dialog")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading("Unlock CarePlan Desktop", self))
        self.reason_label = QLabel(reason or "Type your passphrase to open the vault.", self)
        self.reason_label.setWordWrap(True)
        layout.addWidget(self.reason_label)
        self.path_label = muted(f"Vault: {self.vault_path}", self)
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.path_label)

        self.demo_label = QLabel(self)
        self.demo_label.setWordWrap(True)
        self.demo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_label.setVisible(demo_passphrase is not None)
        if demo_passphrase is not None:
            self.demo_label.setText(
                f"Demo vault: the passphrase is <b>{demo_passphrase}</b>. "
                "Everyone in it is made up; it is deleted when you quit."
            )
            self.demo_label.setAccessibleName("Demo vault passphrase")
        layout.addWidget(self.demo_label)

        prompt = QLabel("&Passphrase", self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setObjectName("passphrase")
        prompt.setBuddy(self.passphrase)
        if demo_passphrase is not None:
            self.passphrase.setText(demo_passphrase)
        layout.addWidget(prompt)
        layout.addWidget(self.passphrase)
        self.show_passphrase = QCheckBox("&Show passphrase", self)
        self.show_passphrase.toggled.connect(self._set_visible_passphrase)
        layout.addWidget(self.show_passphrase)

        self.problem = ProblemLabel("Unlock problem", self)
        self.problem.setObjectName("unlock_problem")
        layout.addWidget(self.problem)
        layout.addStretch(1)

        buttons = QDialogButtonBox(self)
        self.unlock_button = QPushButton("&Unlock", self)
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleName("Unlock")
        self.quit_button = QPushButton("&Quit", self)
        self.quit_button.setAccessibleName("Quit CarePlan Desktop")
        self.quit_button.setAutoDefault(False)
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.passphrase.setFocus()

    def _set_visible_passphrase(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)

    def set_reason(self, reason: str) -> None:
        self.reason_label.setText(reason)

    def try_unlock(self) -> None:
        text = self.passphrase.text()
        if not text:
            self._problem("Type your passphrase, then press Enter.")
            return
        try:
            with wait_cursor():
                vault = self._unlock(self.vault_path, text)
        except WrongPassphraseError as error:
            self._problem(str(error))
            return
        except VaultError as error:  # too new, missing: nothing to retype, keep the text
            self.problem.show_problem(str(error))
            return
        self.vault = vault
        self.passphrase.clear()
        self.problem.clear_problem()
        self.unlocked.emit(vault)
        self.accept()

    def _problem(self, message: str) -> None:
        self.problem.show_problem(message)
        self.passphrase.clear()
        self.passphrase.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # no way round the lock; Quit is a button
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        self.passphrase.clear()
        super().done(result)
