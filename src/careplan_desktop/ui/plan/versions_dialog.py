"""The history of a person's plan: every version (oldest first), any of them readable as it was,
and what changed between two versions (removed text struck through in red, added in green).
Reads only; every read runs off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from careplan_desktop.services.planning.agreement import VersionSummary, compare_versions, load_version, versions_of
from careplan_desktop.services.planning.compare import Difference

from ..screen_fit import fit_to_screen
from ..context import AppContext
from ..dates import local_date, uk_date
from ..widgets import ProblemLabel, heading, muted
from .plan_html import differences_html, plan_html

STATUS = {"draft": "draft, in progress", "agreed": "agreed", "superseded": "agreed"}
AFTER = {"agreed": " (current)", "superseded": " (since replaced)"}


def version_label(v: VersionSummary, *, lines: bool = False) -> str:
    """"Version 1: agreed on 14/08/2026 (current)"; with `lines`, the status on a second line."""
    when = f" on {uk_date(local_date(v.agreed_at))}" if v.agreed_at else ""
    status = f"{STATUS.get(v.status, v.status)}{when}{AFTER.get(v.status, '')}"
    return f"Version {v.number}\n{status}" if lines else f"Version {v.number}: {status}"


class VersionsDialog(QDialog):
    def __init__(self, context: AppContext, patient_uuid: str, *, person_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_uuid = patient_uuid
        self.versions: list[VersionSummary] = []
        self.differences: list[Difference] = []
        self._comparing: tuple[str, str] | None = None
        self._generation = 0
        self.setObjectName("versions_dialog")
        self.setWindowTitle("Versions of the plan")
        fit_to_screen(self, self.fontMetrics().averageCharWidth() * 130, self.fontMetrics().height() * 40)

        layout = QVBoxLayout(self)
        title = heading("Versions of the plan" + (f": {person_name}" if person_name else ""), self, factor=1.3)
        title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        layout.addWidget(muted("An agreed version never changes: later changes make a new version.", self))

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("The version's plan and its differences")
        read_page = QWidget(self.tabs)
        row = QSplitter(Qt.Orientation.Horizontal, read_page)
        self.version_list = QListWidget(row)
        self.version_list.setObjectName("version_list")
        self.version_list.setAccessibleName("Versions")
        self.version_list.setSpacing(3)
        self.version_list.setMinimumWidth(self.fontMetrics().horizontalAdvance("agreed on 28/12/2026 (since replaced)") + 36)
        self.reader = QTextBrowser(row)
        self.reader.setObjectName("version_reader")
        self.reader.setAccessibleName("The version as it was")
        row.addWidget(self.version_list)
        row.addWidget(self.reader)
        row.setStretchFactor(0, 1)
        row.setStretchFactor(1, 3)
        row.setSizes([300, 800])
        QVBoxLayout(read_page).addWidget(row)
        self.tabs.addTab(read_page, "&Read a version")

        compare_page = QWidget(self.tabs)
        column = QVBoxLayout(compare_page)
        pick = QHBoxLayout()
        self.older = QComboBox(compare_page)
        self.older.setObjectName("compare_older")
        self.older.setAccessibleName("Compare from")
        self.newer = QComboBox(compare_page)
        self.newer.setObjectName("compare_newer")
        self.newer.setAccessibleName("Compare to")
        self.compare_button = QPushButton("&Show the differences", compare_page)
        self.compare_button.setObjectName("compare_button")
        from_label, to_label = QLabel("&From", compare_page), QLabel("&to", compare_page)
        from_label.setBuddy(self.older)
        to_label.setBuddy(self.newer)
        for widget in (from_label, self.older, to_label, self.newer, self.compare_button):
            pick.addWidget(widget)
        pick.addStretch(1)
        column.addLayout(pick)
        self.comparison = QTextBrowser(compare_page)
        self.comparison.setObjectName("comparison")
        self.comparison.setAccessibleName("Differences between the versions")
        column.addWidget(self.comparison, 1)
        self.tabs.addTab(compare_page, "&Compare two versions")
        layout.addWidget(self.tabs, 1)

        self.problem = ProblemLabel("Problem reading the plan's history", self)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.version_list.currentRowChanged.connect(self._read_row)
        self.compare_button.clicked.connect(self.compare)
        self.reload()

    # -- loading -------------------------------------------------------------------------------
    def _submit(self, job, on_finished, name: str) -> None:
        if not self.context.is_unlocked:
            return
        generation = self._generation

        def deliver(result) -> None:
            if generation == self._generation:
                on_finished(result)

        self.context.tasks.read(job, name=name, on_finished=deliver, on_failed=self.problem.show_problem)

    def reload(self) -> None:
        vault, uuid = self.context.vault, self.patient_uuid
        self._submit(lambda control: versions_of(vault, uuid), self._versions_loaded, "plan versions")

    def _versions_loaded(self, versions: list[VersionSummary]) -> None:
        self.versions = versions
        self.version_list.clear()
        self.older.clear()
        self.newer.clear()
        for v in versions:
            item = QListWidgetItem(version_label(v, lines=True), self.version_list)
            item.setToolTip(version_label(v))
            item.setData(Qt.ItemDataRole.UserRole, v.uuid)
            self.older.addItem(version_label(v), v.uuid)
            self.newer.addItem(version_label(v), v.uuid)
        if not versions:
            self.reader.setHtml("<p>This person has no care plan yet.</p>")
            self.compare_button.setEnabled(False)
            return
        self.compare_button.setEnabled(len(versions) > 1)
        self.older.setCurrentIndex(max(0, len(versions) - 2))
        self.newer.setCurrentIndex(len(versions) - 1)
        self.version_list.setCurrentRow(len(versions) - 1)

    def show_version(self, number: int) -> None:
        row = next((i for i, v in enumerate(self.versions) if v.number == number), None)
        if row is not None:
            self.version_list.setCurrentRow(row)
            self.tabs.setCurrentIndex(0)

    def _read_row(self, row: int) -> None:
        if not 0 <= row < len(self.versions):
            return
        vault, uuid = self.context.vault, self.versions[row].uuid

        def show(markup: str) -> None:  # reads run in parallel: only the version still chosen is shown
            if self._selected_uuid() == uuid:
                self.reader.setHtml(markup)

        self._submit(lambda control: plan_html(load_version(vault, uuid)), show, "read version")

    def _selected_uuid(self) -> str | None:
        row = self.version_list.currentRow()
        return self.versions[row].uuid if 0 <= row < len(self.versions) else None

    def compare_numbers(self, older: int, newer: int) -> None:
        """Pick two versions by number and show the differences."""
        numbers = [v.number for v in self.versions]
        self.older.setCurrentIndex(numbers.index(older))
        self.newer.setCurrentIndex(numbers.index(newer))
        self.tabs.setCurrentIndex(1)
        self.compare()

    def compare(self) -> None:
        older_uuid, newer_uuid = self.older.currentData(), self.newer.currentData()
        if not older_uuid or not newer_uuid:
            return
        if older_uuid == newer_uuid:
            self.comparison.setHtml("<p>Choose two different versions to compare.</p>")
            return
        older_i, newer_i = self.older.currentIndex(), self.newer.currentIndex()
        if older_i > newer_i:  # always read forwards in time
            older_uuid, newer_uuid, older_i, newer_i = newer_uuid, older_uuid, newer_i, older_i
        labels = (f"version {self.versions[older_i].number}", f"version {self.versions[newer_i].number}")
        vault = self.context.vault
        self._comparing = (older_uuid, newer_uuid)

        def show(found: list[Difference]) -> None:  # only the latest comparison asked for
            if self._comparing == (older_uuid, newer_uuid):
                self._compared(found, *labels)

        self._submit(lambda control: compare_versions(vault, older_uuid, newer_uuid), show, "compare versions")

    def _compared(self, differences: list[Difference], older: str, newer: str) -> None:
        self.differences = differences
        self.comparison.setHtml(differences_html(differences, older, newer))

    # -- reading back, and closing ---------------------------------------------------------------
    def comparison_text(self) -> str:
        return QTextDocumentFragment.fromHtml(self.comparison.toHtml()).toPlainText()

    def reader_text(self) -> str:
        return self.reader.toPlainText()

    def clear_patient_data(self) -> None:
        self._generation += 1
        self.versions, self.differences = [], []
        self.version_list.clear()
        self.older.clear()
        self.newer.clear()
        self.reader.clear()
        self.comparison.clear()

    def done(self, result: int) -> None:  # noqa: D401 (Qt's name)
        self.clear_patient_data()
        super().done(result)
