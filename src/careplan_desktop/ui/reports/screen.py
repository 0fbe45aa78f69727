"""The Reports area (issue 15): for a period and optionally one condition or lead professional,
every figure with its number and a chart, and the people behind any number (choose a row or a
bar; opening one of them is the normal, audited view of their record in the Register). Export
writes the report for commissioners as a PDF or a CSV (small numbers hidden by default).

Figures are counted off the GUI thread (`context.tasks.read`); a newer choice makes an older
result be dropped. Only staff whose role may see reports get them: the services refuse others
and the screen says so."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QHeaderView, QPushButton, QScrollArea, QSplitter, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from careplan_desktop.services.reports.period import PeriodError

from ..context import AppContext
from ..dates import uk_date
from ..screen import AreaScreen
from ..widgets import FlowRow, ProblemLabel, heading, muted, read_only_table
from .choices import ReportChoices
from .figure_view import FigureView

PEOPLE_COLUMNS = ["Name", "NHS number", "Date of birth"]
BUILD_BUDGET = 0.04  # seconds of building figures at a time on the GUI thread


class ReportsScreen(AreaScreen):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("reports_screen")
        self.report = None
        self.people: list = []
        self.views: dict[str, FigureView] = {}
        self._waiting: list = []  # figures still to build on screen
        self._section = None
        self._generation = 0
        self._people_generation = 0
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Reports", self))
        layout.addWidget(muted("The figures a practice reports, counted from what the vault holds. Choose a number "
                               "to see the people behind it.", self, wrap=True))
        self.choices = ReportChoices(context.today, self)
        self.choices.changed.connect(self.refresh)
        layout.addWidget(self.choices)
        row = FlowRow()  # wraps at large text rather than widening the window
        self.suppress = QCheckBox("Hide &small numbers (1 to 4 read \"<5\", and some others \"hidden\")", self)
        self.suppress.setObjectName("report_suppress")
        self.suppress.setChecked(True)
        self.pdf_button = QPushButton("Export as P&DF…", self)
        self.csv_button = QPushButton("E&xport as CSV…", self)
        self.pdf_button.setObjectName("report_export_pdf")
        self.csv_button.setObjectName("report_export_csv")
        self.pdf_button.clicked.connect(lambda: self._choose_file(True))
        self.csv_button.clicked.connect(lambda: self._choose_file(False))
        row.addWidget(self.suppress)
        row.addWidget(self.pdf_button)
        row.addWidget(self.csv_button)
        layout.addLayout(row)
        self.status = muted("", self, wrap=True)
        self.status.setObjectName("report_status")
        layout.addWidget(self.status)
        self.problem = ProblemLabel("Reports problem", self)
        self.problem.setObjectName("report_problem")
        layout.addWidget(self.problem)

        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.scroll = QScrollArea(splitter)
        self.scroll.setWidgetResizable(True)
        self.scroll.setObjectName("report_figures")
        self.scroll.setAccessibleName("Figures")
        self.figures_box = QWidget()
        self.figures_column = QVBoxLayout(self.figures_box)
        self.scroll.setWidget(self.figures_box)
        people_box = QWidget(splitter)
        people_layout = QVBoxLayout(people_box)
        people_layout.setContentsMargins(0, 0, 0, 0)
        self.people_title = heading("People behind a number", people_box, factor=1.1)
        self.people_title.setWordWrap(True)
        self.people_title.setObjectName("report_people_title")
        people_layout.addWidget(self.people_title)
        self.people_table = read_only_table(people_box, "report_people", "People behind the number", PEOPLE_COLUMNS)
        self.people_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # the NHS number and the date of birth stay whole: they say who it is
            self.people_table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.people_table.itemActivated.connect(lambda _item: self.open_chosen())
        self.people_table.cellDoubleClicked.connect(lambda _r, _c: self.open_chosen())
        people_layout.addWidget(self.people_table, 1)
        self.open_button = QPushButton("&Open record", people_box)
        self.open_button.setObjectName("report_open_person")
        self.open_button.clicked.connect(self.open_chosen)
        people_layout.addWidget(self.open_button)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([3000, 2000])  # shared 3:2 whatever the window's width
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self._set_buttons()
        context.changes.changed.connect(self._data_changed)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """The people behind a number go beside the figures when there is room, and under them
        when there is not (large text, a small screen), so neither is cut off at the side."""
        wide = self.width() >= self.fontMetrics().averageCharWidth() * 150
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
        super().resizeEvent(event)

    # -- lock-aware --------------------------------------------------------------------------
    def vault_unlocked(self) -> None:
        from careplan_desktop.services.staff.roles import MAY, may

        vault = self.context.open_vault()
        if not may(vault.user_role, "see reports"):
            self._clear()
            self.problem.show_problem(MAY["see reports"][1])
            self.choices.setEnabled(False)
            return
        self.choices.setEnabled(True)
        self.problem.clear_problem()
        if self.choices.condition.count() == 1:
            from careplan_desktop.domain.reference import load_reference_data

            self.choices.set_conditions([(c.code, c.name) for c in load_reference_data().conditions])
        from careplan_desktop.services.reports.figures import lead_professionals

        self.context.tasks.read(lambda control: lead_professionals(vault), name="lead professionals",
                                on_finished=self.choices.set_leads, on_failed=self.problem.show_problem)
        self.refresh()

    def clear_patient_data(self) -> None:
        self._generation += 1
        self._clear()

    def _clear(self) -> None:
        self.report = None
        self._waiting = []
        self.people = []
        self.people_table.setRowCount(0)
        self.people_title.setText("People behind a number")
        while self.figures_column.count():
            item = self.figures_column.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.views = {}
        self._set_buttons()

    def _set_buttons(self) -> None:
        for button in (self.pdf_button, self.csv_button):
            button.setEnabled(self.report is not None)
        self.open_button.setEnabled(bool(self.people))

    # -- counting ----------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.context.is_unlocked or not self.choices.isEnabled():
            return
        try:
            filters = self.choices.filters()
        except PeriodError as error:
            self.problem.show_problem(str(error))
            return
        from careplan_desktop.services.reports.figures import compute_report

        self.problem.clear_problem()
        self._generation += 1
        generation, vault, today = self._generation, self.context.vault, self.context.today()
        self.status.setText(f"Counting {filters.period.label}…")
        self.context.tasks.read(lambda control: compute_report(vault, filters, today=today, progress=control.progress),
                                name="report", on_progress=lambda done, total: self._preparing(done, total, generation),
                                on_finished=lambda report: self._show(report, generation), on_failed=self._failed)

    def _preparing(self, done: int, total: int, generation: int) -> None:
        """The first report after an upgrade gets everyone's figures ready, a few hundred at a time."""
        if generation == self._generation:
            self.status.setText(f"Getting the figures ready for the first time: {done:,} of {total:,} people. "
                                "You can go on using the app meanwhile.")

    def _failed(self, message: str) -> None:
        self.status.setText("")
        self.problem.show_problem(message)

    def _show(self, report, generation: int) -> None:
        if generation != self._generation or not self.context.is_unlocked:
            return
        self._clear()
        self.report = report
        filters = report.filters
        who = f" · people with {report.condition_name}" if filters.condition else ""
        who += f" · lead professional {filters.lead}" if filters.lead else ""
        self.status.setText(f"{filters.period.label}{who}")
        self._waiting = list(report.figures)
        self._section = None
        self._set_buttons()
        self._add_some(generation)

    def _add_some(self, generation: int) -> None:
        """Build the figures a few at a time, letting the window breathe between (a report of
        thirty figures with their charts must not hold the GUI thread for long)."""
        if generation != self._generation or self.report is None:
            return
        started = time.perf_counter()
        while self._waiting and time.perf_counter() - started < BUILD_BUDGET:
            figure = self._waiting.pop(0)
            if figure.section != self._section:
                self._section = figure.section
                self.figures_column.addWidget(heading(figure.section, self.figures_box, factor=1.25))
            view = FigureView(figure, self.report.filters.period.end, self.figures_box)
            view.people_asked.connect(self.show_people)
            self.views[figure.key] = view
            self.figures_column.addWidget(view)
            if figure.key == "plans_agreed":
                letter = self.report.letter_to_plan
                text = ("No first plan agreed in the period followed a results letter." if not letter.plans else
                        f"Median days from the results letter to the agreed plan: {letter.median_days:g} "
                        f"(over {letter.plans} first plans).")
                self.figures_column.addWidget(muted(text, self.figures_box, wrap=True))
        if self._waiting:
            QTimer.singleShot(0, lambda: self._add_some(generation))
        else:
            self.figures_column.addStretch(1)

    # -- the people behind a number -------------------------------------------------------------
    def show_people(self, figure: str, breakdown: str) -> None:
        if self.report is None or not self.context.is_unlocked:
            return
        from careplan_desktop.services.reports.figures import people_behind

        self._people_generation += 1
        generation, vault, filters = self._people_generation, self.context.vault, self.report.filters
        shown = self.report.figure(figure)
        self.people_title.setText(shown.title if len(shown.rows) == 1 else f"{shown.title}: {breakdown}")
        self.people_table.setRowCount(0)
        self.context.tasks.read(lambda control: people_behind(vault, filters, figure, breakdown), name="people behind",
                                on_finished=lambda people: self._show_people(people, generation),
                                on_failed=self.problem.show_problem)

    def _show_people(self, people: list, generation: int) -> None:
        if generation != self._people_generation or not self.context.is_unlocked:
            return
        self.people = people
        self.people_table.setRowCount(len(people))
        for row, person in enumerate(people):
            for column, value in enumerate((person.name, person.nhs_number, uk_date(person.date_of_birth))):
                self.people_table.setItem(row, column, QTableWidgetItem(value))
        self.people_title.setText(f"{self.people_title.text()} ({len(people)})")
        if people:
            self.people_table.selectRow(0)
        self._set_buttons()

    def open_chosen(self) -> None:
        """Open the chosen person's record in the Register (an audited view, as anywhere else)."""
        row = self.people_table.currentRow()
        if not (0 <= row < len(self.people)):
            return
        window = self.window()
        if hasattr(window, "show_area"):
            window.show_area("register").open_person(self.people[row].uuid)

    # -- the report for commissioners ----------------------------------------------------------
    def _choose_file(self, as_pdf: bool) -> None:
        if self.report is None:
            return
        period = self.report.filters.period
        name = f"care-planning-report-{period.start.isoformat()}-to-{period.end.isoformat()}.{'pdf' if as_pdf else 'csv'}"
        path, _ = QFileDialog.getSaveFileName(self, "Export the report", str(Path.home() / name),
                                              "PDF (*.pdf)" if as_pdf else "CSV (*.csv)")
        if path:
            self.export_to(path, as_pdf=as_pdf)

    def export_to(self, path: str | Path, *, as_pdf: bool) -> None:
        from careplan_desktop.services.reports.export import export_report

        vault, report, suppress = self.context.vault, self.report, self.suppress.isChecked()
        self.status.setText("Writing the report…")
        self.context.tasks.write(
            lambda control: export_report(vault, report, path, as_pdf=as_pdf, suppress=suppress), by=self,
            name="export report", on_finished=lambda written: self.status.setText(f"Saved the report to {written}"),
            on_failed=self._failed)

    # -- changes elsewhere -----------------------------------------------------------------------
    def _data_changed(self, what: frozenset) -> None:
        if self.report is not None and self.isVisible() and getattr(what, "by", None) is not self:
            self.refresh()
