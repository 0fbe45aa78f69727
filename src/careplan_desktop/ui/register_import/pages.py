"""The first three steps of the import wizard: choose the file, say which column is which,
and look at the first rows as they will be stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from careplan_desktop.services.register.importing import PreviewRow, preview
from careplan_desktop.services.register.import_rows import (
    FIELDS,
    REQUIRED,
    ImportFileError,
    check_mapping,
    guess_mapping,
    read_headers,
)

from ..widgets import ProblemLabel, muted, problem_colour
from .run_page import file_errors_returned

if TYPE_CHECKING:
    from .wizard import ImportWizard

NOT_IN_FILE = "(not in the file)"
PREVIEW_ROWS = 10
ACTIONS = {"new": "New", "update": "Update", "reject": "Rejected"}
# preview columns: (field, heading); the row number, action and problem come first
PREVIEW_COLUMNS = (("nhs_number", "NHS number"), ("title", "Title"), ("given_name", "Given name"),
                   ("family_name", "Family name"), ("date_of_birth", "Date of birth"), ("sex", "Sex"),
                   ("address", "Address"), ("postcode", "Postcode"), ("phone", "Phone"), ("gp_name", "Usual GP"),
                   ("conditions", "Conditions"), ("level_of_need", "Level"), ("housebound", "Housebound"))


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle("Choose the file")
        self.setSubTitle("A CSV file saved from a search in your practice system (EMIS, SystmOne, Vision ...). "
                         "The first row must hold the column names.")
        self.path = QLineEdit(self)
        self.path.setObjectName("import_path")
        self.path.setAccessibleName("The file to import")
        self.path.setPlaceholderText("C:\\Exports\\ltc_register.csv")
        self.browse = QPushButton("Choose file…", self)
        self.browse.setAutoDefault(False)
        self.problem = ProblemLabel("Problem with the file", self)
        self.found = muted("", self, factor=1.0)
        self.found.setWordWrap(True)
        self.full_list = QCheckBox("This is the &full list of the register", self)
        self.full_list.setObjectName("import_full_list")
        self.full_list_note = muted("People on the register here who are not in the file are then listed to check "
                                    "(they may have died or moved away). The import changes none of them.",
                                    self, factor=1.0, wrap=True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("File", self))
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.found)
        layout.addWidget(self.full_list)
        layout.addWidget(self.full_list_note)
        layout.addStretch(1)
        self.path.textChanged.connect(self._path_changed)
        self.browse.clicked.connect(self._choose)
        self._headers: list[str] = []

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose the register export", self.path.text(),
                                                "CSV files (*.csv *.txt);;All files (*)")
        if chosen:
            self.path.setText(chosen)

    def _path_changed(self, text: str) -> None:
        self._headers = []
        self.found.setText("")
        self.problem.clear_problem()
        if text.strip():
            try:
                self._headers = read_headers(text.strip())
            except ImportFileError as error:
                self.problem.show_problem(str(error))
            else:
                if not any(self._headers):
                    self.problem.show_problem("The first row of this file is empty: it needs the column names.")
                    self._headers = []
                else:
                    self.found.setText(f"{len(self._headers)} columns: " + ", ".join(self._headers))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return bool(self._headers)

    def validatePage(self) -> bool:  # noqa: N802
        self.wizard_.set_file(self.path.text().strip(), self._headers)
        self.wizard_.full_list = self.full_list.isChecked()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle("Which column is which")
        self.setSubTitle("Columns with common names are matched already. Check them, and choose the column for "
                         "anything the app did not recognise. Fields marked * are required.")
        self.combos: dict[str, QComboBox] = {}
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(12)
        for index, (name, (label, _)) in enumerate(FIELDS.items()):
            combo = QComboBox(grid_host)
            combo.setObjectName(f"map_{name}")
            combo.setAccessibleName(f"Column for {label.lower()}")
            caption = QLabel(label + (" *" if name in REQUIRED else ""), grid_host)
            caption.setBuddy(combo)
            row, column = index % 10, (index // 10) * 2
            grid.addWidget(caption, row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(combo, row, column + 1)
            combo.currentIndexChanged.connect(self._changed)
            self.combos[name] = combo
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        self.problems = ProblemLabel("Problems with the columns chosen", self)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)

    def initializePage(self) -> None:  # noqa: N802
        headers = self.wizard_.headers
        mapping = self.wizard_.mapping if self.wizard_.mapping is not None else guess_mapping(headers)
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_IN_FILE, "")
            for header in headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(name, ""))))
            combo.blockSignals(False)
        self._changed()

    def mapping(self) -> dict[str, str]:
        return {name: combo.currentData() for name, combo in self.combos.items() if combo.currentData()}

    def _changed(self) -> None:
        mapping = self.mapping()
        problems = check_mapping(self.wizard_.headers, mapping)
        used = list(mapping.values())
        twice = sorted({column for column in used if used.count(column) > 1})
        problems += [f"The column '{column}' is chosen for two fields." for column in twice]
        self.problems.show_problem(" ".join(problems))
        self.wizard_.mapping = mapping
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not self.problems.text()


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle("Check the first rows")
        self.setSubTitle(f"The first {PREVIEW_ROWS} people as they will be stored. Rows with a problem are not "
                         "imported; you will get the list of them, with the reasons, at the end.")
        self.table = QTableWidget(self)
        self.table.setObjectName("import_preview")
        self.table.setAccessibleName("The first rows as they will be stored")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.status = muted("", self, factor=1.0)
        self.problem = ProblemLabel("Problem reading the file", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.problem)
        self.rows: list[PreviewRow] = []
        self._ready = False

    def initializePage(self) -> None:  # noqa: N802
        self._ready = False
        self.table.clear()
        self.table.setRowCount(0)
        self.problem.clear_problem()
        self.status.setText("Reading the file…")
        context, path, mapping = self.wizard_.context, self.wizard_.path, dict(self.wizard_.mapping or {})
        vault, today = context.vault, context.today()
        self.wizard_.track(context.tasks.read(
            file_errors_returned(lambda control: preview(path, mapping, PREVIEW_ROWS, vault=vault, today=today)),
            name="import preview", on_finished=self._show, on_failed=self._failed))

    def _failed(self, message: str) -> None:
        self.status.setText("")
        self.problem.show_problem(message)

    def _show(self, rows: list[PreviewRow] | ImportFileError) -> None:
        if isinstance(rows, ImportFileError):
            self._failed(str(rows))
            return
        self.rows = rows
        headings = ["Row", "Will be", "Problem", *[title for _, title in PREVIEW_COLUMNS]]
        self.table.setColumnCount(len(headings))
        self.table.setHorizontalHeaderLabels(headings)
        self.table.setRowCount(len(rows))
        red = problem_colour(self.palette())
        for line, row in enumerate(rows):
            cells = [str(row.row_number), ACTIONS.get(row.action, row.action), row.problem or "",
                     *[row.values.get(name, "") for name, _ in PREVIEW_COLUMNS]]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.problem and column in (1, 2):
                    item.setForeground(QColor(red))
                    item.setToolTip(row.problem)
                self.table.setItem(line, column, item)
        self.table.resizeColumnsToContents()
        problem_width = self.table.fontMetrics().averageCharWidth() * 40
        if self.table.columnWidth(2) > problem_width:  # long reasons: the tooltip has all of it
            self.table.setColumnWidth(2, problem_width)
        rejected = sum(1 for r in rows if r.problem)
        self.status.setText(f"Showing the first {len(rows)} rows: {len(rows) - rejected} can be imported, "
                            f"{rejected} have a problem. Next imports the whole file.")
        self._ready = True
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self._ready
