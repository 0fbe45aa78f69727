"""Making results letters: a batch for a recall selection, or a reprint for one person.

    Results letters                                     (or: Reprint a results letter)
    Results taken since [02/08/2026]
    Save to [~/Documents/results-letters-2026-11-22.pdf] [Choose…]
    38 letters to make. 4 people skipped:   | name | NHS number | why |
    2 people need help that is not arranged: | name | NHS number | not arranged |
    [=========>          ] 12 of 38 letters        [Make letters] [Cancel]

Three steps, none on the GUI thread: check who gets a letter (a read job), lay the letters out
into one PDF in memory (a read job with progress; Cancel stops it before the next letter and
nothing is written), then write the PDF and log the letters in one write job (a logging
failure removes the PDF again). The file name never holds patient data. Locking closes the
dialog: its job is cancelled by the lock and nothing half-done is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDateEdit, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox,
    QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from careplan_desktop.store.private_files import write_private
from careplan_desktop.services.letters import results_letters as service
from careplan_desktop.services.practice.details import PracticeNotSetUp
from careplan_desktop.domain.nhs_number import formatted

from ..context import AppContext
from ..dates import uk_date
from ..results.lock_watch import watch_lock
from ..screen_fit import fit_to_screen
from ..widgets import ProblemLabel, heading, muted, read_only_table
from ..workers import Cancelled, Worker

OWN_PROCESS_FROM = 20  # letters: a batch this big is laid out in a child process, so the GUI never waits for it
PRINT_LIMIT = 25  # letters: printing paints every page on the GUI thread; open a bigger batch in a PDF reader


def default_file_name(today: dt.date, *, reprint: bool = False) -> str:
    """A name with the date only: never a person's name or number."""
    return f"results-letter-reprint-{today.isoformat()}.pdf" if reprint else f"results-letters-{today.isoformat()}.pdf"


def default_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def _can_print() -> bool:
    from ..plan import pdf_pages  # at use: the plan package is large

    return pdf_pages.available()


def _letters(count: int) -> str:
    return f"{count} letter{'' if count == 1 else 's'}"


class LettersDialog(QDialog):
    """``reprint_uuid`` set: reprint that person's last logged letter instead of a batch."""

    def __init__(self, context: AppContext, patient_uuids: Sequence[str], parent: QWidget | None = None, *,
                 reprint_uuid: str | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_uuids = list(dict.fromkeys(patient_uuids))
        self.reprint_uuid = reprint_uuid
        self.batch: service.LetterBatch | None = None
        self.made: int | None = None  # letters saved and logged, once done
        self.saved_to: Path | None = None
        self._worker: Worker | None = None
        self._pdf: bytes | None = None  # kept in memory for printing, dropped on close or lock
        self._generation = 0
        self.setObjectName("letters_dialog")
        self.setWindowTitle("Reprint a results letter" if reprint_uuid else "Results letters")
        self._build()
        watch_lock(parent, on_locked=self.lock_happened, on_unlocked=self.unlock_happened)
        self.check_who()

    # -- building -------------------------------------------------------------------------------------
    def _build(self) -> None:
        today = self.context.today()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        count = 1 if self.reprint_uuid else len(self.patient_uuids)
        outer.addWidget(heading("Reprint a results letter" if self.reprint_uuid else
                                f"Results letters for {count} {'person' if count == 1 else 'people'}", self))
        form = QHBoxLayout()
        self.since = QDateEdit(self)
        self.since.setObjectName("letters_since")
        self.since.setDisplayFormat("dd/MM/yyyy")
        self.since.setCalendarPopup(True)
        since = service.default_since(today)
        self.since.setDate(QDate(since.year, since.month, since.day))
        self.since.setMaximumDate(QDate(today.year, today.month, today.day))
        since_label = QLabel("Results &taken since", self)
        since_label.setBuddy(self.since)
        form.addWidget(since_label)
        form.addWidget(self.since)
        form.addStretch(1)
        if not self.reprint_uuid:
            outer.addLayout(form)
        else:
            since_label.hide()
            self.since.hide()
        path_row = QHBoxLayout()
        self.path = QLineEdit(str(default_folder() / default_file_name(today, reprint=bool(self.reprint_uuid))), self)
        self.path.setObjectName("letters_path")
        self.path.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        path_label = QLabel("Save t&o", self)
        path_label.setBuddy(self.path)
        self.choose = QPushButton("C&hoose…", self)
        self.choose.clicked.connect(self.choose_path)
        path_row.addWidget(path_label)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.choose)
        outer.addLayout(path_row)

        self.summary = QLabel("Checking who has results and an appointment…", self)
        self.summary.setObjectName("letters_summary")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.skipped = people_table(self, "letters_skipped", "People skipped, and why",
                              ["Name", "NHS number", "Why no letter"])
        outer.addWidget(self.skipped, 1)
        self.not_arranged_note = QLabel(self)
        self.not_arranged_note.setObjectName("letters_not_arranged_note")
        self.not_arranged_note.setWordWrap(True)
        self.not_arranged_note.hide()
        outer.addWidget(self.not_arranged_note)
        self.not_arranged = people_table(self, "letters_not_arranged", "People whose help is not arranged",
                                   ["Name", "NHS number", "Not arranged: their letter says how to ask"])
        outer.addWidget(self.not_arranged, 1)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("letters_progress")
        self.progress.setFormat("%v of %m letters")
        self.progress.hide()
        outer.addWidget(self.progress)
        self.status = muted("", self, factor=1.0)
        self.status.setObjectName("letters_status")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self.problem = ProblemLabel("Problem", self)
        outer.addWidget(self.problem)

        buttons = QHBoxLayout()
        self.open_button = QPushButton("&Open the PDF", self)
        self.open_button.setToolTip("Opens the letters in your PDF viewer, to print them")
        self.open_button.clicked.connect(self.open_pdf)
        self.open_button.hide()
        self.print_button = QPushButton("P&rint…", self)
        self.print_button.clicked.connect(self.print_letters)
        self.print_button.hide()
        self.make_button = QPushButton("&Make letters" if not self.reprint_uuid else "&Make the letter", self)
        self.make_button.setObjectName("letters_make")
        self.make_button.setDefault(True)
        self.make_button.setEnabled(False)
        self.make_button.clicked.connect(lambda: self.make())
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("letters_cancel")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.make_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)
        self.since.dateChanged.connect(lambda _: self.check_who())
        fit_to_screen(self, self.fontMetrics().averageCharWidth() * 125, self.fontMetrics().height() * 32)

    # -- step 1: who gets a letter ------------------------------------------------------------------------
    def check_who(self) -> None:
        if not self.context.is_unlocked:
            return
        self._generation += 1
        generation, vault, today = self._generation, self.context.vault, self.context.today()
        since, uuids, reprint = self.since.date().toPython(), self.patient_uuids, self.reprint_uuid
        self.make_button.setEnabled(False)
        self.summary.setText("Checking who has results and an appointment…")

        def job(control) -> service.LetterBatch:
            if reprint:
                letter = service.reprint_letter(vault, reprint)
                return service.LetterBatch((letter,), (), letter.data.letter_date)
            return service.prepare_letters(vault, uuids, since=since, today=today)

        self.context.tasks.read(job, name="check letters", on_finished=lambda b: self._checked(b, generation),
                                on_failed=self._failed_to_check)

    def _checked(self, batch: service.LetterBatch, generation: int) -> None:
        if generation != self._generation:
            return
        self.batch = batch
        letters, skipped = len(batch.letters), len(batch.skipped)
        if self.reprint_uuid:
            letter = batch.letters[0]
            size = "large print" if letter.data.large_print else "standard print"
            text = (f"The letter sent on {uk_date(letter.data.letter_date)} ({size}, "
                    f"{len(letter.data.results)} results), as it was sent.")
        else:
            text = f"{_letters(letters)} to make." if letters else "No letters to make."
            if batch.prompts_only:
                prompts_only = [letter.name for letter in batch.prompts_only]
                text += (f" {len(batch.with_results)} with results, {len(prompts_only)} with the prompts only (no "
                         "results since the cut-off: no tests needed, or results not back)")
                text += f": {', '.join(prompts_only)}." if 0 < len(prompts_only) <= 12 else "."
            if batch.braille:
                text += (f" The app cannot print braille: transcribe these letters into braille before posting: "
                         f"{', '.join(letter.name for letter in batch.braille)}.")
            if skipped:
                text += f" {skipped} {'person' if skipped == 1 else 'people'} skipped (no letter):"
        self.summary.setText(text)
        fill_table(self.skipped, [(person.name, formatted(person.nhs_number), person.reason) for person in batch.skipped])
        unarranged = batch.not_arranged
        fill_table(self.not_arranged, [(person.name, formatted(person.nhs_number), ", ".join(person.what))
                                  for person in unarranged])
        count = len(unarranged)
        self.not_arranged_note.setText(
            f"{count} {'person needs' if count == 1 else 'people need'} help at the appointment that is not recorded "
            "as arranged. Their letter tells them how to ask for it. If it is arranged, book the appointment again "
            "in Recall and tick it, then make the letters." if count else "")
        self.not_arranged_note.setVisible(bool(count))
        self.make_button.setEnabled(bool(letters))

    def _failed_to_check(self, message: str) -> None:
        self.summary.setText("")
        self.problem.show_problem(message)

    # -- step 2 and 3: the PDF, then the log ---------------------------------------------------------------
    def choose_path(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the letters as", self.path.text(), "PDF files (*.pdf)")
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    def target_path(self) -> Path | None:
        text = self.path.text().strip()
        if not text:
            self.problem.show_problem("Choose where to save the PDF.")
            return None
        path = Path(text).expanduser()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if not path.parent.is_dir():
            self.problem.show_problem("That folder does not exist. Choose another place to save the PDF.")
            return None
        return path

    def make(self, *, overwrite: bool = False) -> None:
        batch = self.batch
        if batch is None or not batch.letters or self._worker is not None or not self.context.is_unlocked:
            return
        self.problem.clear_problem()
        path = self.target_path()
        if path is None:
            return
        if path.exists() and not overwrite and QMessageBox.question(
                self, self.windowTitle(), f"{path.name} already exists. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        letters = batch.letters
        try:
            practice = service.practice_details(self.context.practice)
        except PracticeNotSetUp as error:
            self.problem.show_problem(str(error))
            return

        def render(control) -> bytes:
            pdf = service.render_letters(letters, practice, progress=control.progress,
                                         should_stop=lambda: control.cancelled,
                                         separate_process=len(letters) >= OWN_PROCESS_FROM)
            if pdf is None:
                raise Cancelled()
            return pdf

        self.progress.setRange(0, len(letters))
        self.progress.setValue(0)
        self.progress.show()
        self._running(True, f"Laying out {_letters(len(letters))}…")
        self._worker = self.context.tasks.read(
            render, name="render letters", on_progress=lambda done, total: self.progress.setValue(done),
            on_finished=lambda pdf: self._rendered(pdf, path), on_failed=self._failed, on_cancelled=self._cancelled)

    def _rendered(self, pdf: bytes, path: Path) -> None:
        self._pdf = pdf
        vault, letters, reprint = self.context.vault, self.batch.letters, self.reprint_uuid

        def save(control) -> int:
            if reprint:
                write_private(path, pdf)
                service.record_reprint(vault, reprint)
                return 1
            return service.save_and_log(vault, letters, pdf, path)

        self.status.setText("Saving the PDF and logging the letters…")
        self._worker = self.context.tasks.write(save, name="save letters",
                                                on_finished=lambda made: self._done(made, path),
                                                on_failed=self._failed, on_cancelled=self._cancelled)

    def _done(self, made: int, path: Path) -> None:
        self._worker = None
        self.made, self.saved_to = made, path
        self._running(False, "")
        self.make_button.setEnabled(False)
        if self.reprint_uuid:
            self.status.setText(f"Saved the letter as {path.name} in {path.parent}.")
        else:
            self.status.setText(f"Saved {_letters(made)} as {path.name} in {path.parent}. Each letter is logged "
                                "and each person's recall now shows “letter sent”.")
        self.open_button.show()
        self.print_button.setVisible(_can_print() and made <= PRINT_LIMIT)
        self.cancel_button.setText("Close")

    def _failed(self, message: str) -> None:
        self._worker = None
        self._running(False, "")
        self.progress.hide()
        self.problem.show_problem(message)

    def _cancelled(self) -> None:
        self._worker = None
        self._running(False, "Cancelled: no letters were saved or logged.")
        self.progress.hide()

    def _running(self, running: bool, status: str) -> None:
        self.status.setText(status)
        for widget in (self.make_button, self.since, self.path, self.choose):
            widget.setEnabled(not running)
        self.cancel_button.setText("Cancel" if running else "Close")

    # -- cancelling, closing, the lock ------------------------------------------------------------------
    def cancel_or_close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.status.setText("Stopping…")
        else:
            self.reject()

    def reject(self) -> None:
        if self._worker is not None:
            self._worker.cancel()  # a write already under way finishes; one not started never runs
        self._pdf = None
        super().reject()

    def open_pdf(self) -> None:
        if self.saved_to is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_to)))

    def print_letters(self) -> None:
        """The Qt print dialog, then the PDF's own pages (rasterised) on the chosen printer."""
        if self._pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        from ..plan import pdf_pages  # at use: the plan package is large

        try:
            pdf_pages.print_pdf(self._pdf, printer)
        except (OSError, RuntimeError) as error:
            self.problem.show_problem(str(error))

    def clear_patient_data(self) -> None:
        self._generation += 1
        self._pdf = None
        self.batch = None
        self.skipped.setRowCount(0)
        self.not_arranged.setRowCount(0)
        self.not_arranged_note.clear()
        self.summary.clear()

    def lock_happened(self) -> None:
        self.clear_patient_data()
        self.reject()

    def unlock_happened(self) -> None:
        pass  # closed on lock: the person starts the batch again from the recall view

    def state(self) -> dict[str, Any]:
        """What the dialog shows (tests)."""
        def rows(table: QTableWidget) -> list[list[str]]:
            return [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]

        return {"summary": self.summary.text(), "skipped": rows(self.skipped), "status": self.status.text(),
                "made": self.made, "saved_to": self.saved_to, "not_arranged": rows(self.not_arranged)}


def people_table(parent: QWidget, name: str, accessible: str, headings: list[str]) -> QTableWidget:
    """A read-only list of people (hidden while empty)."""
    table = read_only_table(parent, name, accessible, headings)
    table.horizontalHeader().setSectionResizeMode(len(headings) - 1, QHeaderView.ResizeMode.Stretch)
    table.hide()
    return table


def fill_table(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(table.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
    table.setVisible(bool(rows))
