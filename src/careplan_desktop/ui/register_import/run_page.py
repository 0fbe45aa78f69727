"""The last step of the import wizard: the import itself, off the GUI thread with a progress bar
and a way to stop it, then the result: the counts, the rows not imported with the reason, and
"Save rejects as CSV..." so they can be fixed in a spreadsheet and imported again; for a full
list, the people here who were not in it, to check and mark one by one (`to_check`)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from careplan_desktop.services.register.importing import ImportReport, import_register, save_rejects_csv
from careplan_desktop.services.register.import_rows import ImportFileError

from ..announce import announce
from ..widgets import ProblemLabel, muted, scaled_font
from .to_check import ToCheckPanel

def file_errors_returned(job):
    """The job, returning an ImportFileError instead of raising it: its text is written for the
    person (a file that changed or went away), unlike other errors, whose text is never shown."""

    def run(control):
        try:
            return job(control)
        except ImportFileError as error:
            return error

    return run


if TYPE_CHECKING:
    from .wizard import ImportWizard

COUNTS = (("imported", "New people added"), ("updated", "People updated"),
          ("unchanged", "Already up to date"), ("rejected", "Rows not imported"))
STOPPED = "The import was stopped. Nothing was saved: the register is as it was."


def report_counts(report: ImportReport) -> dict[str, int]:
    """The four numbers the wizard and `import-register` show."""
    return {"imported": report.imported, "updated": report.updated, "unchanged": report.unchanged,
            "rejected": len(report.rejected)}


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle("Import")
        self.setFinalPage(True)
        self.report: ImportReport | None = None
        self.worker = None
        self._starting = False
        self._running = False
        self._stop_event = threading.Event()
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("import_progress")
        self.progress.setAccessibleName("Import progress")
        self.stop_button = QPushButton("Stop the import", self)
        self.stop_button.setObjectName("stop_import")
        self.stop_button.setAutoDefault(False)
        self.stop_button.clicked.connect(self.stop)
        self.problem = ProblemLabel("The import failed", self)

        self.count_labels: dict[str, QLabel] = {}
        self.counts = QFormLayout()
        for key, caption in COUNTS:
            value = QLabel("", self)
            value.setObjectName(f"count_{key}")
            value.setFont(scaled_font(value.font(), 1.1, bold=True))
            self.count_labels[key] = value
            self.counts.addRow(caption, value)
        self.rejects_title = QLabel("Rows not imported", self)
        self.rejects_title.setFont(scaled_font(self.rejects_title.font(), 1.1, bold=True))
        self.rejects = QTableWidget(0, 2, self)
        self.rejects.setObjectName("import_rejects")
        self.rejects.setAccessibleName("Rows not imported, with the reason")
        self.rejects.setHorizontalHeaderLabels(["Row", "Why it was not imported"])
        self.rejects.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejects.verticalHeader().hide()
        self.rejects.setWordWrap(False)
        self.rejects.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.rejects.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.rejects.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rejects_note = muted("Row numbers are those your spreadsheet shows (the column names are row 1).", self)
        self.save_rejects_button = QPushButton("Save rejects as CSV…", self)
        self.save_rejects_button.setObjectName("save_rejects")
        self.save_rejects_button.setAutoDefault(False)
        self.save_rejects_button.clicked.connect(self._choose_rejects_file)
        self.saved_note = muted("", self, factor=1.0)
        self.to_check = ToCheckPanel(wizard.context, self)

        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.stop_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_rejects_button)
        bottom.addWidget(self.saved_note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addLayout(self.counts)
        layout.addWidget(self.rejects_title)
        layout.addWidget(self.rejects_note)
        layout.addWidget(self.rejects, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.to_check, 1)
        self._show_result_widgets(False)

    def _show_result_widgets(self, shown: bool, *, rejects: bool = False) -> None:
        for label in self.count_labels.values():
            self.counts.setRowVisible(label, shown)
        for widget in (self.rejects_title, self.rejects_note, self.rejects, self.save_rejects_button, self.saved_note):
            widget.setVisible(shown and rejects)
        self.to_check.setVisible(shown and self.report is not None and bool(self.report.to_check))

    # -- running ------------------------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802
        self.report = None
        self.problem.clear_problem()
        self._show_result_widgets(False)
        self.progress.setRange(0, 0)  # busy until the first report
        self.progress.show()
        self.stop_button.show()
        self.stop_button.setEnabled(True)
        self.status.setText("Checking every row and importing the good ones…")
        self._starting = True
        QTimer.singleShot(0, self, self._start)  # once the page is on screen, with its Stop button

    def _start(self) -> None:
        if not self._starting:  # stopped, or the wizard closed, before it began
            return
        self._starting = False
        context, path, mapping = self.wizard_.context, self.wizard_.path, dict(self.wizard_.mapping or {})
        full_list = self.wizard_.full_list
        vault, today = context.vault, context.today()
        stop = self._stop_event = threading.Event()  # Stop works even before the job has a worker
        self._running = True
        self.wizard_.set_running(True)
        worker = context.tasks.write(
            file_errors_returned(lambda control: import_register(
                vault, path, mapping, progress=control.progress, should_stop=lambda: control.cancelled
                or stop.is_set(), today=today, full_list=full_list)),
            name="import register", on_progress=self._progress, on_finished=self._finished,
            on_failed=self._failed, on_cancelled=self._stopped)
        if self._running:  # (a job run at once, as in tests, has already ended)
            self.worker = self.wizard_.track(worker)

    @property
    def is_running(self) -> bool:
        return self._running or self._starting

    def stop(self) -> None:
        if self._starting:
            self._starting = False
            self._stopped()
        elif self._running:
            self.stop_button.setEnabled(False)
            self.status.setText("Stopping…")
            self._stop_event.set()  # the import rolls back at its next step

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"Imported {done:,} of {total:,} people…")

    def _ended(self) -> None:
        self.worker = None
        self._running = False
        self.stop_button.hide()
        self.progress.hide()
        self.wizard_.set_running(False)
        self.completeChanged.emit()

    def _finished(self, report: ImportReport | ImportFileError) -> None:
        self._ended()
        if isinstance(report, ImportFileError):
            self.problem.show_problem(f"{report} Nothing was imported.")
            self.status.setText("")
            return
        if report.cancelled:
            self._stopped()
            return
        self.report = report
        self.status.setText(f"The import is finished. {Path(self.wizard_.path).name} was read and the register "
                            "is up to date.")
        announce(self.status, self.status.text())
        for key, value in report_counts(report).items():
            self.count_labels[key].setText(f"{value:,}")
        self.rejects.setRowCount(len(report.rejected))
        for line, reject in enumerate(report.rejected):
            self.rejects.setItem(line, 0, QTableWidgetItem(str(reject.row_number)))
            reason = QTableWidgetItem(reject.reason)
            reason.setToolTip(reject.reason)
            self.rejects.setItem(line, 1, reason)
        self.to_check.show_people(report.to_check)
        if self.wizard_.full_list and not report.to_check:
            self.status.setText(self.status.text() + " Everyone on the register here is in the full list.")
        self._show_result_widgets(True, rejects=bool(report.rejected))

    def _stopped(self) -> None:
        self._ended()
        self.status.setText(STOPPED)

    def _failed(self, message: str) -> None:
        self._ended()
        self.status.setText("")
        said = "Nothing was changed" in message  # the runner's own words for an unexpected failure
        self.problem.show_problem(f"The import failed. {message}" + ("" if said else " Nothing was changed."))

    def isComplete(self) -> bool:  # noqa: N802
        return not self.is_running

    # -- rejects ------------------------------------------------------------------------------------
    def _choose_rejects_file(self) -> None:
        suggested = str(Path(self.wizard_.path).with_name(Path(self.wizard_.path).stem + "_rejects.csv"))
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the rows not imported", suggested, "CSV files (*.csv)")
        if chosen:
            self.save_rejects(chosen)

    def save_rejects(self, out_path: str | Path) -> Path | None:
        if self.report is None:
            return None
        try:
            written = save_rejects_csv(self.report.rejected, self.wizard_.path, out_path)
        except OSError as error:
            self.saved_note.setText(f"Not saved: {error.strerror}.")
            return None
        self.saved_note.setText(f"Saved {len(self.report.rejected)} rows to {written.name}.")
        return written
