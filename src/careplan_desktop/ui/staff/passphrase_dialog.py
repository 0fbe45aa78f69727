"""Change my passphrase: whoever is signed in, with their current passphrase. Only their own
key slot changes; nobody else's passphrase is needed or touched."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from ..context import AppContext
from ..widgets import ProblemLabel, heading, muted


class ChangePassphraseDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Change my passphrase")
        self.setObjectName("change_passphrase")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Change my passphrase", self))
        vault = context.open_vault()
        layout.addWidget(muted(f"Signed in as {vault.user_name}. Only your own passphrase changes.", self, wrap=True))
        form = QFormLayout()
        self.current, self.new, self.repeated = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        for field, label, name in ((self.current, "&Current passphrase", "current"),
                                   (self.new, "&New passphrase", "new"), (self.repeated, "Type it &again", "repeated")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setObjectName(name)
            field.setAccessibleName(label.replace("&", ""))
            form.addRow(label, field)
        layout.addLayout(form)
        self.problem = ProblemLabel("Passphrase problem", self)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def change(self) -> None:
        from careplan_desktop.services.staff.team import change_my_passphrase

        vault = self.context.open_vault()
        current, new, repeated = self.current.text(), self.new.text(), self.repeated.text()
        self.context.tasks.write(lambda control: change_my_passphrase(vault, current, new, repeated), by=self,
                                 on_finished=lambda _: self.accept(), on_failed=self._failed,
                                 name="change passphrase")

    def _failed(self, message: str) -> None:
        self.problem.show_problem(message)

    def done(self, result: int) -> None:
        for field in (self.current, self.new, self.repeated):
            field.clear()
        super().done(result)
