"""Importing the register from a practice-system CSV: choose the file -> which column is which ->
the first rows as they will be stored -> the import (off the GUI thread, with progress and a
way to stop) -> the counts, the rows not imported and, for a full list, the people to check.

Nothing is written before the last step, and the last step writes everything or nothing (the
service runs the whole file in one transaction). While the import runs, Cancel stops it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard

from ..screen_fit import fit_to_screen
from ..context import AppContext
from ..workers import Worker
from .pages import FilePage, MappingPage, PreviewPage
from .run_page import ImportPage

FILE_PAGE, MAPPING_PAGE, PREVIEW_PAGE, IMPORT_PAGE = range(4)


class ImportWizard(QWizard):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle("Import the register from the practice system")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # the page has its own Stop
        self.context = context
        self.path = ""
        self.headers: list[str] = []
        self.mapping: dict[str, str] | None = None
        self.full_list = False  # the file is the practice system's whole register
        self._workers: list[Worker] = []
        self.running = False
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        for page_id, page in enumerate((self.file_page, self.mapping_page, self.preview_page, self.import_page)):
            self.setPage(page_id, page)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import")
        self.preview_page.setCommitPage(True)  # no way back once the import has started
        metrics = self.fontMetrics()
        fit_to_screen(self, metrics.averageCharWidth() * 170, metrics.height() * 50)

    def set_file(self, path: str, headers: list[str]) -> None:
        if path != self.path or headers != self.headers:
            self.mapping = None  # a different file: guess its columns afresh
        self.path, self.headers = path, headers

    def track(self, worker: Worker) -> Worker:
        self._workers = [w for w in self._workers if not w.is_cancelled] + [worker]
        return worker

    def set_running(self, running: bool) -> None:
        """While the import runs, Esc stops it (the page's Stop button does the same)."""
        self.running = running

    @property
    def import_running(self) -> bool:
        return self.import_page.is_running

    def reject(self) -> None:
        """Cancel (or Esc) while importing stops the import; otherwise the wizard closes."""
        if self.import_running:
            self.import_page.stop()
            return
        self._cancel_jobs()
        super().reject()

    def done(self, result: int) -> None:
        self._cancel_jobs()
        super().done(result)

    def _cancel_jobs(self) -> None:
        self.import_page._starting = False  # an import about to start never starts
        self.import_page._stop_event.set()  # one running stops at its next step (and rolls back)
        for worker in self._workers:
            worker.cancel()
        self._workers.clear()

    # -- the lock --------------------------------------------------------------------------------------
    def stash(self) -> dict[str, Any]:
        """The file and columns chosen (never anything read from the file), unless it is done.
        A running import is stopped (it rolls back), so the lock does not wait for a whole file."""
        if self.import_running:
            self.import_page.stop()
            return {"path": self.path, "mapping": dict(self.mapping or {}), "at": PREVIEW_PAGE, "stopped": True,
                    "full_list": self.full_list}
        if not self.path or self.import_page.report is not None:
            return {}
        return {"path": self.path, "mapping": dict(self.mapping or {}), "at": min(self.currentId(), PREVIEW_PAGE),
                "full_list": self.full_list}

    def close_now(self) -> None:
        """The app is locking: stop any job (an import rolls back) and close without asking."""
        self._cancel_jobs()
        super().reject()

    def resume(self, stash: dict[str, Any]) -> None:
        """Back to the step the lock interrupted, with the file and columns chosen before."""
        self.file_page.path.setText(stash.get("path", ""))
        self.file_page.full_list.setChecked(bool(stash.get("full_list")))
        self.full_list = bool(stash.get("full_list"))
        if not self.file_page.isComplete():
            return
        mapping = stash.get("mapping") or None
        at = stash.get("at", FILE_PAGE)
        if at >= MAPPING_PAGE:
            self.next()
            if mapping is not None:
                self.mapping = mapping
                self.mapping_page.initializePage()
        if at >= PREVIEW_PAGE and self.mapping_page.isComplete():
            self.next()
            if stash.get("stopped"):
                self.preview_page.problem.show_problem(
                    "The import was stopped when CarePlan Desktop locked. Nothing was saved: import again.")


def open_import_wizard(context: AppContext, parent: QWidget) -> ImportWizard:
    wizard = ImportWizard(context, parent)
    wizard.setWindowModality(Qt.WindowModality.WindowModal)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
