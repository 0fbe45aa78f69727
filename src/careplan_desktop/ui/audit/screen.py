"""The Audit view: for a person (NHS number), who viewed and changed what, when, on which
computer; for a member of staff (administrators only), what they did. Filtered by dates (UK
dates, both ends included). Export as CSV or PDF for an information-governance request: owner-
only files, and the export is itself audited. The services check the role
(`services.audit.trail`); the screen shows their refusal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.domain.uk_dates import parse_uk_date

from ..context import AppContext
from ..screen import AreaScreen
from ..widgets import ProblemLabel, heading, muted, read_only_table

COLUMNS = ["When", "Who", "Role", "Computer", "What was done", "To what", "Person"]


class AuditScreen(AreaScreen):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("audit_screen")
        self.trail = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Audit", self))
        layout.addWidget(muted("Who looked at and changed a person's record, or what a member of staff did. "
                               "Times are local.", self, wrap=True))
        form = QFormLayout()
        self.nhs_number = QLineEdit(self)
        self.nhs_number.setObjectName("audit_nhs_number")
        self.nhs_number.setAccessibleName("NHS number")
        self.staff = QComboBox(self)
        self.staff.setObjectName("audit_staff")
        self.staff.setAccessibleName("Member of staff")
        self.date_from, self.date_to = QLineEdit(self), QLineEdit(self)
        for field, name in ((self.date_from, "From date"), (self.date_to, "To date")):
            field.setPlaceholderText("DD/MM/YYYY")
            field.setAccessibleName(name)
        self.date_from.setObjectName("audit_from")
        self.date_to.setObjectName("audit_to")
        form.addRow("A person's &NHS number", self.nhs_number)
        form.addRow("or a member of &staff", self.staff)
        form.addRow("F&rom date", self.date_from)
        form.addRow("T&o date", self.date_to)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.show_button = QPushButton("Show the &trail", self)
        self.show_button.setObjectName("audit_show")
        self.show_button.clicked.connect(self.show_trail)
        self.csv_button = QPushButton("Export as &CSV…", self)
        self.pdf_button = QPushButton("Export as &PDF…", self)
        self.csv_button.clicked.connect(lambda: self._choose_file(False))
        self.pdf_button.clicked.connect(lambda: self._choose_file(True))
        for button in (self.show_button, self.csv_button, self.pdf_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        for field in (self.nhs_number, self.date_from, self.date_to):
            field.returnPressed.connect(self.show_trail)
        self.title = heading("", self, factor=1.1)
        self.title.setObjectName("audit_title")
        layout.addWidget(self.title)
        self.table = read_only_table(self, "audit_table", "Audit trail", COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.problem = ProblemLabel("Audit problem", self)
        self.problem.setObjectName("audit_problem")
        layout.addWidget(self.problem)
        self.done_label = muted("", self, wrap=True)
        self.done_label.setObjectName("audit_done")
        layout.addWidget(self.done_label)
        self._set_exports()

    def _set_exports(self) -> None:
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(self.trail is not None)

    # -- lock-aware --------------------------------------------------------------------------
    def vault_unlocked(self) -> None:
        from careplan_desktop.services.staff.roles import may
        from careplan_desktop.services.staff.team import staff_list

        vault = self.context.open_vault()
        admin = may(vault.user_role, "see any audit trail")
        self.staff.setEnabled(admin)
        self.staff.clear()
        if admin:
            self.context.tasks.read(lambda control: staff_list(vault, include_removed=True),
                                    on_finished=self._fill_staff, name="staff for audit")

    def _fill_staff(self, members) -> None:
        self.staff.clear()
        self.staff.addItem("(a person's record: type the NHS number)", None)
        for member in members:
            self.staff.addItem(f"{member.name} ({member.role}{'' if member.active else ', removed'})", member.uuid)

    def clear_patient_data(self) -> None:
        self.trail = None
        self.table.setRowCount(0)
        self.title.setText("")
        self.nhs_number.clear()
        self._set_exports()

    # -- showing -----------------------------------------------------------------------------
    def _dates(self):
        try:
            return tuple(parse_uk_date(f.text()) if f.text().strip() else None for f in (self.date_from, self.date_to))
        except ValueError as error:
            self.problem.show_problem(str(error))
            return None

    def show_trail(self) -> None:
        from careplan_desktop.domain.nhs_number import InvalidNhsNumber, normalise
        from careplan_desktop.services.audit.trail import person_trail, staff_trail

        self.problem.clear_problem()
        self.done_label.setText("")
        dates = self._dates()
        if dates is None:
            return
        vault = self.context.open_vault()
        staff_uuid = self.staff.currentData() if self.staff.isEnabled() else None
        if self.nhs_number.text().strip():
            try:
                number = normalise(self.nhs_number.text())
            except InvalidNhsNumber as error:
                self.problem.show_problem(str(error))
                return
            job = lambda control: person_trail(vault, number, date_from=dates[0], date_to=dates[1])  # noqa: E731
        elif staff_uuid:
            job = lambda control: staff_trail(vault, staff_uuid, date_from=dates[0], date_to=dates[1])  # noqa: E731
        else:
            self.problem.show_problem("Type a person's NHS number, or choose a member of staff.")
            return
        self.context.tasks.read(job, on_finished=self._show, on_failed=self.problem.show_problem, name="audit trail")

    def _show(self, trail) -> None:
        self.trail = trail
        self.title.setText(f"{trail.title}: {len(trail.lines)} event{'s' if len(trail.lines) != 1 else ''}")
        self.table.setRowCount(len(trail.lines))
        for row, line in enumerate(trail.lines):
            values = (line.at.strftime("%d/%m/%Y %H:%M"), line.staff, line.role, line.computer, line.action, line.what,
                      line.person)
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setColumnHidden(6, trail.subject_kind != "staff")
        self.table.resizeColumnsToContents()
        self._set_exports()

    # -- exporting ---------------------------------------------------------------------------
    def _choose_file(self, as_pdf: bool) -> None:
        kind = "PDF files (*.pdf)" if as_pdf else "CSV files (*.csv)"
        path, _ = QFileDialog.getSaveFileName(self, "Export the audit trail", "", kind)
        if path:
            self.export_to(Path(path), as_pdf=as_pdf)

    def export_to(self, path: Path, *, as_pdf: bool) -> None:
        from careplan_desktop.services.audit.export import export_trail

        if self.trail is None:
            return
        vault, trail = self.context.open_vault(), self.trail
        self.context.tasks.write(lambda control: export_trail(vault, trail, path, as_pdf=as_pdf), by=self,
                                 on_finished=lambda written: self.done_label.setText(
                                     f"Exported {len(trail.lines)} events to {Path(written).name}. "
                                     "The export is recorded in the audit trail."),
                                 on_failed=self.problem.show_problem, name="export audit trail")
