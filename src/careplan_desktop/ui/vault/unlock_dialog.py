"""The sign-in dialog: at start-up, and over the main window after a lock or Switch user.

Who you are (your name, from the vault's key slots: `store.key_slots`, readable without the
key and naming no patient) and your passphrase. A vault made before key slots shows no names:
its one passphrase signs in as its first administrator, once, and it is upgraded.

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
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.store import Vault, VaultError, WrongPassphraseError
from careplan_desktop.store.key_slots import read_slots

from ..widgets import ProblemLabel, heading, muted, wait_cursor

UnlockFunction = Callable[..., Vault]  # (path, passphrase, *, user=name)


class UnlockDialog(QDialog):
    unlocked = Signal(object)  # the open Vault, just before the dialog accepts

    def __init__(
        self,
        vault_path: Path,
        *,
        reason: str = "",
        demo_passphrase: str | None = None,
        unlock: UnlockFunction = Vault.unlock,
        user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self.vault: Vault | None = None
        self._unlock = unlock
        self.setWindowTitle("Sign in to CarePlan Desktop")
        self.setObjectName("unlock_dialog")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading("Sign in to CarePlan Desktop", self))
        self.reason_label = QLabel(reason or "Choose your name and type your passphrase.", self)
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

        who = QLabel("&Who are you?", self)
        self.who = QComboBox(self)
        self.who.setObjectName("who")
        self.who.setAccessibleName("Your name")
        who.setBuddy(self.who)
        try:
            slots = read_slots(self.vault_path)
        except VaultError as error:  # a damaged .keys file: say so, nobody can sign in
            slots = None
            self._slots_problem = str(error)
        else:
            self._slots_problem = ""
        for slot in slots.slots if slots else ():
            self.who.addItem(slot.name, slot.user_uuid)
        if user is not None and (index := self.who.findData(user)) >= 0:
            self.who.setCurrentIndex(index)
        elif user is not None and (index := self.who.findText(user)) >= 0:
            self.who.setCurrentIndex(index)
        self.no_names = muted("This vault was made before staff signed in as themselves. Type its passphrase: "
                              "you sign in as its first administrator. Then, in Staff, give each member of your team a "
                              "passphrase of their own.", self)
        self.no_names.setWordWrap(True)
        layout.addWidget(who)
        layout.addWidget(self.who)
        layout.addWidget(self.no_names)
        who.setVisible(self.who.count() > 0)
        self.who.setVisible(self.who.count() > 0)
        self.no_names.setVisible(self.who.count() == 0 and self.vault_path.exists() and not self._slots_problem)

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
        self.show_passphrase = QCheckBox("Sh&ow passphrase", self)
        self.show_passphrase.toggled.connect(self._set_visible_passphrase)
        layout.addWidget(self.show_passphrase)

        self.problem = ProblemLabel("Unlock problem", self)
        self.problem.setObjectName("unlock_problem")
        layout.addWidget(self.problem)
        layout.addStretch(1)

        buttons = QDialogButtonBox(self)
        self.unlock_button = QPushButton("&Sign in", self)
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleName("Sign in")
        self.quit_button = QPushButton("&Quit", self)
        self.quit_button.setAccessibleName("Quit CarePlan Desktop")
        self.quit_button.setAutoDefault(False)
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        if self._slots_problem:
            self.problem.show_problem(self._slots_problem)
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
        who = {"user": self.who.currentData()} if self.who.count() else {}
        try:
            with wait_cursor():
                vault = self._unlock(self.vault_path, text, **who)
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
