"""Plain FHIR (issue 8): one person's current agreed plan as a plain, unencrypted FHIR R4 document
(JSON) for a secure destination. Asked from the person's plan screen ("Save as FHIR..."):

1. a warning that the file is not encrypted, answered No by default;
2. where to save it, under a name that carries no patient data (the name offered is
   `careplan-plan-<date>-<random>.json`; a name holding the person's name or NHS number is refused);
3. the core writes it on the write worker (`jobs.save_plain_fhir`: `exchange.fhir.write_plan_document`,
   audited).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from careplan_desktop.exchange.fhir import UNENCRYPTED_WARNING

from ..context import AppContext
from . import jobs

TITLE = "Save the plan as a plain FHIR file"
QUESTION = ("For example, a folder your secure clinical system or NHSmail collects from. Delete the file "
            "once it has been sent.\n\nSave the unencrypted file?")
NAMED_REFUSAL = ("The file name must not hold the person's name or NHS number: anyone who sees the file "
                 "would see who it is about. Choose another name. Nothing was written.")


def plain_file_name(today: dt.date) -> str:
    """A name that says what the file is, never whose it is."""
    return f"careplan-plan-{today:%Y%m%d}-{secrets.token_hex(3)}.json"


def names_the_person(path: str, names: tuple[str, ...], nhs_number: str) -> bool:
    """Whether a file name holds one of the person's names or their NHS number."""
    stem = Path(path).name.lower()
    words = set(re.split(r"[^a-z0-9']+", stem))
    if any(name.lower() in words for part in names for name in part.split() if len(name) > 1):
        return True
    return bool(nhs_number) and nhs_number in re.sub(r"\D", "", stem)


class PlainFhirExport(QObject):
    """Emits `done(message)` or `failed(message)`; the plan screen shows them."""

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.widget = parent

    def run(self, nhs_number: str, names: tuple[str, ...]) -> None:
        if not self.context.is_unlocked:
            return
        if not self.ask_to_go_on(TITLE, QUESTION):
            return
        path = self.ask_save_file(TITLE, plain_file_name(self.context.today()), "FHIR document (*.json)")
        if not path or not self.context.is_unlocked:  # cancelled, or locked meanwhile
            return
        if names_the_person(path, names, nhs_number):
            self.failed.emit(NAMED_REFUSAL)
            return
        vault = self.context.open_vault()

        def finished(done: jobs.Done) -> None:
            if done.ok:
                self.done.emit(done.value)
            else:
                self.failed.emit(done.problem)

        self.context.tasks.write(lambda control: jobs.save_plain_fhir(vault, nhs_number, path),
                                 name="save plain FHIR", on_finished=finished, on_failed=self.failed.emit)

    # -- asking (tests replace these) ------------------------------------------------------------
    def ask_to_go_on(self, title: str, question: str) -> bool:
        """The warning, answered No by default (Enter and Escape both decline)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, UNENCRYPTED_WARNING, parent=self.widget)
        box.setObjectName("plain_fhir_warning")
        box.setInformativeText(question)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_save_file(self, title: str, name: str, filters: str) -> str:
        return QFileDialog.getSaveFileName(self.widget, title, name, filters)[0]
