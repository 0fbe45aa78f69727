"""The Staff area (administrators): the team, who can sign in on this computer, add someone
with a role and a first passphrase, remove someone (they can no longer sign in, at once).
Other roles see the list and why they cannot change it. The work runs through the task runner;
the services check the role again (`services.staff.roles`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.staff.roles import ROLES, may

from ..context import AppContext
from ..screen import AreaScreen
from ..widgets import ProblemLabel, heading, muted, read_only_table


class StaffScreen(AreaScreen):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("staff_screen")
        self.members = []
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Staff", self))
        self.note = muted("", self, wrap=True)
        layout.addWidget(self.note)
        self.table = read_only_table(self, "staff_table", "Staff", ["Name", "Role", "Can sign in here"])
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.remove_button = QPushButton("&Remove the chosen member of staff", self)
        self.remove_button.setObjectName("remove_staff")
        self.remove_button.clicked.connect(self.remove_chosen)
        self.reset_button = QPushButton("&Give the chosen person the new passphrase typed below", self)
        self.reset_button.setObjectName("reset_passphrase")
        self.reset_button.clicked.connect(self.reset_chosen)
        for button in (self.remove_button, self.reset_button):  # one a row: they fit at 200% text
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)

        self.add_box = QWidget(self)
        form = QFormLayout(self.add_box)
        self.name = QLineEdit(self.add_box)
        self.name.setObjectName("staff_name")
        self.name.setAccessibleName("New member of staff's name")
        self.role = QComboBox(self.add_box)
        self.role.setObjectName("staff_role")
        self.role.setAccessibleName("Their role")
        self.role.addItems(ROLES)
        self.passphrase = QLineEdit(self.add_box)
        self.repeated = QLineEdit(self.add_box)
        for field, name in ((self.passphrase, "Their first passphrase"), (self.repeated, "Type it again")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(name)
        self.passphrase.setObjectName("staff_passphrase")
        self.repeated.setObjectName("staff_repeated")
        form.addRow(heading("Add a member of staff", self.add_box, factor=1.1))
        form.addRow("&Name", self.name)
        form.addRow("R&ole", self.role)
        form.addRow("First &passphrase", self.passphrase)
        form.addRow("Type it &again", self.repeated)
        self.add_button = QPushButton("&Add", self.add_box)
        self.add_button.setObjectName("add_staff")
        self.add_button.clicked.connect(self.add)
        self.repeated.returnPressed.connect(self.add)
        form.addRow("", self.add_button)
        layout.addWidget(self.add_box)
        self.problem = ProblemLabel("Staff problem", self)
        self.problem.setObjectName("staff_problem")
        layout.addWidget(self.problem)
        self.done_label = muted("", self, wrap=True)
        self.done_label.setObjectName("staff_done")
        layout.addWidget(self.done_label)

    # -- lock-aware --------------------------------------------------------------------------
    def vault_unlocked(self) -> None:
        vault = self.context.open_vault()
        admin = may(vault.user_role, "manage staff")
        self.add_box.setEnabled(admin)
        self.remove_button.setEnabled(admin)
        self.reset_button.setEnabled(admin)
        self.note.setText("Everyone here signs in with their own name and passphrase. Passphrases stay on this "
                          "computer; a removed person cannot sign in again." if admin else
                          "Only an administrator can add or remove staff. Ask your practice's administrator.")
        self.refresh()

    def clear_patient_data(self) -> None:
        self.table.setRowCount(0)
        for field in (self.passphrase, self.repeated):
            field.clear()

    def refresh(self) -> None:
        from careplan_desktop.services.staff.team import staff_list

        vault = self.context.open_vault()
        self.context.tasks.read(lambda control: staff_list(vault), on_finished=self._show, name="staff list")

    def _show(self, members) -> None:
        self.members = list(members)
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            for column, text in enumerate((member.name, member.role, "yes" if member.can_sign_in else "no")):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    # -- actions -----------------------------------------------------------------------------
    def add(self) -> None:
        from careplan_desktop.services.staff.team import add_staff

        vault = self.context.open_vault()
        name, role = self.name.text(), self.role.currentText()
        passphrase, repeated = self.passphrase.text(), self.repeated.text()
        self.problem.clear_problem()
        self.context.tasks.write(lambda control: add_staff(vault, name, role, passphrase, repeated), by=self,
                                 on_finished=self._added, on_failed=self._failed, name="add staff")

    def _added(self, member) -> None:
        for field in (self.name, self.passphrase, self.repeated):
            field.clear()
        self.done_label.setText(f"Added {member.name} ({member.role}). They can sign in now.")
        self.refresh()

    def _chosen(self, doing: str):
        row = self.table.currentRow()
        if not 0 <= row < len(self.members):
            self.problem.show_problem(f"Choose the member of staff to {doing} in the list first.")
            return None
        return self.members[row]

    def reset_chosen(self) -> None:
        """A forgotten passphrase, or someone from a vault made before staff signed in as themselves."""
        from careplan_desktop.services.staff.team import set_first_passphrase

        member = self._chosen("give a new passphrase")
        if member is None:
            return
        vault = self.context.open_vault()
        passphrase, repeated = self.passphrase.text(), self.repeated.text()
        self.problem.clear_problem()
        self.context.tasks.write(lambda control: set_first_passphrase(vault, member.uuid, passphrase, repeated),
                                 by=self, on_finished=lambda _: self._reset(member), on_failed=self._failed,
                                 name="set passphrase")

    def _reset(self, member) -> None:
        self.passphrase.clear()
        self.repeated.clear()
        self.done_label.setText(f"{member.name} can now sign in with the new passphrase.")
        self.refresh()

    def remove_chosen(self) -> None:
        from careplan_desktop.services.staff.team import remove_staff

        member = self._chosen("remove")
        if member is None:
            return
        vault = self.context.open_vault()
        self.problem.clear_problem()
        self.context.tasks.write(lambda control: remove_staff(vault, member.uuid), by=self,
                                 on_finished=self._removed, on_failed=self._failed, name="remove staff")

    def _removed(self, member) -> None:
        self.done_label.setText(f"Removed {member.name}. They can no longer sign in.")
        self.refresh()

    def _failed(self, message: str) -> None:
        self.problem.show_problem(message)
        self.passphrase.clear()
        self.repeated.clear()
