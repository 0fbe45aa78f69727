"""The create-vault dialog, shown when there is no vault yet.

Your name, your role, a name for this computer (all three go on the audit trail) and the
passphrase twice, with a live hint: the minimum length, then whether it is hard enough to guess. The store's own checks decide
(`Vault.create` raises PassphraseRejected); its message is shown beside the fields. On
success `vault` holds the open Vault and the dialog accepts.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.store import MIN_PASSPHRASE_LENGTH, Vault, VaultError, passphrase_weakness

from ..widgets import ProblemLabel, heading, muted, wait_cursor

FIRST_ROLE = "administrator"  # whoever creates the vault; they add the rest of the team in Staff

CreateFunction = Callable[..., Vault]


def this_computer_name() -> str:
    try:
        return socket.gethostname() or "This computer"
    except OSError:
        return "This computer"


class CreateVaultDialog(QDialog):
    def __init__(
        self,
        vault_path: Path,
        *,
        create: CreateFunction = Vault.create,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self.vault: Vault | None = None
        self._create = create
        self.setWindowTitle("Create your vault - CarePlan Desktop")
        self.setObjectName("create_vault_dialog")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading("Create your vault", self))
        intro = QLabel(
            "Everything you record is kept in one encrypted file on this computer. "
            "Nobody can open it without the passphrase, and it cannot be recovered if it is "
            "forgotten: choose one you will remember. You will be the vault's first administrator: "
            "you add the rest of the team, each with a passphrase of their own, in Staff.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        where = muted(f"The vault will be saved as {self.vault_path}", self)
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.user_name = QLineEdit(self)
        self.device_name = QLineEdit(this_computer_name(), self)
        self.passphrase = QLineEdit(self)
        self.repeated = QLineEdit(self)
        for field, name in (
            (self.user_name, "Your name"),
            (self.device_name, "A name for this computer"),
            (self.passphrase, "Passphrase"),
            (self.repeated, "Type the passphrase again"),
        ):
            field.setAccessibleName(name)
        for field in (self.passphrase, self.repeated):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.user_name.setObjectName("user_name")
        self.device_name.setObjectName("device_name")
        self.passphrase.setObjectName("passphrase")
        self.repeated.setObjectName("repeated")
        form.addRow("Your &name", self.user_name)
        form.addRow("Name for this &computer", self.device_name)
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("Type it &again", self.repeated)
        self.hint = muted("", self)
        self.hint.setObjectName("passphrase_hint")
        self.hint.setAccessibleName("Passphrase hint")
        self.hint.setWordWrap(True)
        form.addRow("", self.hint)
        self.show_passphrase = QCheckBox("&Show passphrases", self)
        self.show_passphrase.toggled.connect(self._set_visible_passphrase)
        form.addRow("", self.show_passphrase)
        layout.addLayout(form)

        self.problem = ProblemLabel("Problem creating the vault", self)
        self.problem.setObjectName("create_problem")
        layout.addWidget(self.problem)
        layout.addStretch(1)

        buttons = QDialogButtonBox(self)
        self.create_button = QPushButton("Create &vault", self)
        self.create_button.setDefault(True)
        self.create_button.setAccessibleName("Create vault")
        self.quit_button = QPushButton("&Quit", self)
        self.quit_button.setAutoDefault(False)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.clicked.connect(self.try_create)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

        self.passphrase.textChanged.connect(self._update_hint)
        self.repeated.textChanged.connect(self._update_hint)
        self._update_hint()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.user_name.setFocus()

    def _set_visible_passphrase(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.repeated.setEchoMode(mode)

    def _update_hint(self) -> None:
        length = len(self.passphrase.text())
        if length < MIN_PASSPHRASE_LENGTH:
            text = (
                f"At least {MIN_PASSPHRASE_LENGTH} characters ({length} so far). "
                "A few ordinary words together work well."
            )
        elif weakness := passphrase_weakness(self.passphrase.text(), (self.user_name.text(), self.device_name.text())):
            text = weakness
        elif not self.repeated.text():
            text = "Long enough and hard to guess. Now type it again below."
        elif self.repeated.text() != self.passphrase.text():
            text = "Long enough and hard to guess. The second box does not match yet."
        else:
            text = "Long enough and hard to guess, and both boxes match."
        self.hint.setText(text)

    def try_create(self) -> None:
        name = self.user_name.text().strip()
        if not name:
            self.problem.show_problem("Enter your name: you sign in with it, and it goes on the audit trail "
                                      "with everything you record.")
            self.user_name.setFocus()
            return
        device = self.device_name.text().strip() or "This computer"
        try:
            with wait_cursor():
                vault = self._create(
                    self.vault_path,
                    self.passphrase.text(),
                    self.repeated.text(),
                    user_name=name,
                    user_role=FIRST_ROLE,
                    device_name=device,
                )
        except VaultError as error:  # PassphraseRejected, VaultExistsError: say what to do
            self.problem.show_problem(str(error))
            self.passphrase.setFocus()
            self.passphrase.selectAll()
            return
        self.vault = vault
        self.problem.clear_problem()
        self.accept()

    def done(self, result: int) -> None:
        self.passphrase.clear()
        self.repeated.clear()
        super().done(result)
