"""The yellow-folder printout for one version of a person's plan: what it holds, normal or large
print (the default follows the person's communication needs), a preview, Save PDF..., Print...,
and "Copy given to ..." for the person and each carer, with whether each has their copy. Each
save and print is audited (who, which version, print size).

The PDF is made in memory by a worker and kept only while the dialog is open; nothing is
written anywhere but the file the nurse chooses (default name "care-plan-printout.pdf").
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QRadioButton,
    QScrollArea, QVBoxLayout, QWidget,
)

from careplan_desktop.documents.plan_data import YellowFolderData
from careplan_desktop.documents.yellow_folder import render_yellow_folder
from careplan_desktop.store.private_files import write_private
from careplan_desktop.domain.nhs_number import formatted
from careplan_desktop.services.register.person import CarerForm, load_person
from careplan_desktop.services.planning.agreement import (
    CopiesStatus, copies_given, load_version, record_copy_given, record_printout,
)
from careplan_desktop.services.planning.versions import PlanRuleError
from careplan_desktop.services.planning.printout import yellow_folder_data

from ..screen_fit import available_size, fit_to_screen
from ..context import AppContext
from ..dates import uk_date
from ..widgets import ProblemLabel, heading, muted, wait_cursor
from . import pdf_pages
from .copies import copies_text, first_name

DEFAULT_FILE_NAME = "care-plan-printout.pdf"
LARGE_FILE_NAME = "care-plan-printout-large-print.pdf"
PREVIEW_DPI = 34


@dataclass(frozen=True)
class CarerCopy:
    uuid: str
    name: str
    relationship: str
    consented: bool


@dataclass(frozen=True)
class Loaded:
    patient_uuid: str
    data: YellowFolderData
    carers: tuple[CarerCopy, ...]
    copies: CopiesStatus


def render_pdf(data: YellowFolderData) -> bytes:
    out = io.BytesIO()
    render_yellow_folder(data, out)
    return out.getvalue()


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    previews: tuple[QImage, ...]  # small page images (none without a page renderer)

    @property
    def page_count(self) -> int:
        return len(self.previews) or self.pdf.count(b"/Type /Page") - self.pdf.count(b"/Type /Pages")


def render_with_previews(data: YellowFolderData) -> Rendered:
    """The PDF and its page previews (run in a worker: QImage is safe off the GUI thread)."""
    pdf = render_pdf(data)
    return Rendered(pdf, tuple(pdf_pages.pages(pdf, dpi=PREVIEW_DPI)) if pdf_pages.available() else ())


def load_printout(vault, version_uuid: str, today) -> tuple[Loaded, Rendered]:
    """Everything the dialog shows, read in one go off the GUI thread, and the PDF."""
    draft = load_version(vault, version_uuid)
    data = yellow_folder_data(vault, version_uuid, today=today)
    person = load_person(vault, draft.patient_uuid)
    carers = tuple(CarerCopy(c.uuid or "", c.name, c.relationship, _carer_consented(c, draft.sharing.carer))
                   for c in person.carers if c.uuid)
    return Loaded(draft.patient_uuid, data, carers, copies_given(vault, version_uuid)), render_with_previews(data)


def _carer_consented(carer: CarerForm, shared_with_carer: bool | None) -> bool:
    return shared_with_carer is True or carer.consent_recorded_on is not None


class PrintoutDialog(QDialog):
    def __init__(self, context: AppContext, version_uuid: str, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.version_uuid = version_uuid
        self.loaded: Loaded | None = None
        self.pdf: bytes | None = None
        self._generation = 0
        self._renders = 0
        self.page_count = 0
        self._print_dialog: QPrintDialog | None = None
        self.setObjectName("printout_dialog")
        self.setWindowTitle("Yellow-folder printout")
        chars, lines = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        fit_to_screen(self, chars * 150, lines * 40)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Yellow-folder printout", self, factor=1.3))
        self.summary = QLabel("Preparing the printout\u2026", self)
        self.summary.setObjectName("printout_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        size_box = QGroupBox("Print size", self)
        row = QHBoxLayout(size_box)
        self.normal_print = QRadioButton("&Normal print", size_box)
        self.normal_print.setObjectName("normal_print")
        self.large_print = QRadioButton("&Large print (16 point or larger)", size_box)
        self.large_print.setObjectName("large_print")
        group = QButtonGroup(self)
        group.addButton(self.normal_print)
        group.addButton(self.large_print)
        self.size_note = muted("", size_box)
        self.size_note.setTextFormat(Qt.TextFormat.PlainText)
        for widget in (self.normal_print, self.large_print, self.size_note):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addWidget(size_box)

        self.preview = QScrollArea(self)
        self.preview.setObjectName("printout_preview")
        self.preview.setAccessibleName("Preview of the printout's pages")
        self.preview.setWidgetResizable(True)
        # a whole page when there is room; on a small screen at large text, less (it scrolls)
        self.preview.setMinimumHeight(min(round(841 * PREVIEW_DPI / 72) + 40, available_size(self).height() * 2 // 5))
        layout.addWidget(self.preview, 1)

        copies_box = QGroupBox("Copies given", self)
        copies_layout = QVBoxLayout(copies_box)
        self.copy_buttons_row = QHBoxLayout()
        copies_layout.addLayout(self.copy_buttons_row)
        self.copies_label = QLabel("", copies_box)
        self.copies_label.setObjectName("copies_status")
        self.copies_label.setTextFormat(Qt.TextFormat.PlainText)
        self.copies_label.setWordWrap(True)
        copies_layout.addWidget(self.copies_label)
        self.copy_buttons: dict[str, QPushButton] = {}
        layout.addWidget(copies_box)

        self.problem = ProblemLabel("Problem with the printout", self)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton("&Save PDF\u2026", self)
        self.save_button.setObjectName("save_pdf")
        self.print_button = QPushButton("&Print\u2026", self)
        self.print_button.setObjectName("print")
        if not pdf_pages.available():
            self.print_button.setToolTip(pdf_pages.NOT_AVAILABLE)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_)
        layout.addWidget(buttons)
        self._set_ready(False)

        self.large_print.toggled.connect(self._size_changed)
        self.load()

    # -- loading and rendering ---------------------------------------------------------------
    def _submit(self, job, on_finished, name: str, *, writes: bool = False) -> None:
        if not self.context.is_unlocked:
            return
        generation = self._generation

        def deliver(result) -> None:
            if generation == self._generation:
                on_finished(result)

        run = self.context.tasks.write if writes else self.context.tasks.read
        run(job, name=name, on_finished=deliver, on_failed=self._failed)

    def load(self) -> None:
        vault, uuid, today = self.context.vault, self.version_uuid, self.context.today()
        self._submit(lambda control: load_printout(vault, uuid, today), self._loaded, "prepare printout")

    def _loaded(self, result: tuple[Loaded, Rendered]) -> None:
        self.loaded, rendered = result
        data = self.loaded.data
        self.large_print.blockSignals(True)
        (self.large_print if data.large_print else self.normal_print).setChecked(True)
        self.large_print.blockSignals(False)
        self.size_note.setText(f"{first_name(data)}'s record asks for large print." if data.large_print
                               else "")
        self._build_copy_buttons()
        self._show_copies(self.loaded.copies)
        self._rendered(rendered)

    def _size_changed(self, large: bool) -> None:
        if self.loaded is None or large == self.loaded.data.large_print:
            return
        data = dataclasses.replace(self.loaded.data, large_print=large)
        self.loaded = dataclasses.replace(self.loaded, data=data)
        self._set_ready(False)
        self.summary.setText("Preparing the printout\u2026")
        self._renders += 1
        ticket = self._renders

        def show(rendered: Rendered) -> None:  # quick toggling: only the size chosen last is shown
            if ticket == self._renders:
                self._rendered(rendered)

        self._submit(lambda control: render_with_previews(data), show, "render printout")

    def _rendered(self, rendered: Rendered) -> None:
        self.pdf = rendered.pdf
        data = self.loaded.data
        self.page_count = rendered.page_count
        agreed = f"agreed on {uk_date(data.agreed_on)}" if data.agreed_on else "a draft, not yet agreed"
        size = "large print" if data.large_print else "normal print"
        self.summary.setText(f"{data.full_name}, NHS number {formatted(data.nhs_number)}. "
                             f"Version {data.version_number}, {agreed}. {self.page_count} pages, {size}.")
        self._show_preview(rendered.previews)
        self._set_ready(True)

    def _show_preview(self, images: tuple[QImage, ...]) -> None:
        content = QWidget(self.preview)
        row = QHBoxLayout(content)
        if not images:
            note = muted("No preview here: " + pdf_pages.NOT_AVAILABLE, content)
            note.setWordWrap(True)
            row.addWidget(note)
        for number, image in enumerate(images, start=1):
            page = QLabel(content)
            page.setPixmap(QPixmap.fromImage(image))
            page.setStyleSheet("border: 1px solid #9a9a9a; background: white;")
            page.setAccessibleName(f"Page {number}")
            page.setAlignment(Qt.AlignmentFlag.AlignTop)
            row.addWidget(page, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        self.preview.setWidget(content)

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready and pdf_pages.available())
        for button in self.copy_buttons.values():
            button.setEnabled(ready and button.property("allowed") is True)

    def _failed(self, message: str) -> None:
        self.problem.show_problem(message)
        self._set_ready(self.pdf is not None)

    # -- copies ------------------------------------------------------------------------------
    def _build_copy_buttons(self) -> None:
        while self.copy_buttons_row.count():
            item = self.copy_buttons_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.copy_buttons.clear()
        loaded = self.loaded
        people = [("person", None, first_name(loaded.data), True)]
        people += [("carer", c.uuid, c.name.split()[0] if c.name.split() else c.name, c.consented) for c in loaded.carers]
        for given_to, carer_uuid, name, allowed in people:
            button = QPushButton(f"Copy given to {name}", self)
            button.setObjectName(f"copy_given_{given_to}" + (f"_{len(self.copy_buttons)}" if carer_uuid else ""))
            button.setProperty("allowed", allowed)
            if not allowed:
                button.setToolTip("The person has not consented to this carer having a copy. Record consent first.")
            button.clicked.connect(lambda _=False, g=given_to, c=carer_uuid: self.record_copy(g, c))
            self.copy_buttons[carer_uuid or "person"] = button
            self.copy_buttons_row.addWidget(button)
        self.copy_buttons_row.addStretch(1)

    def copy_button_for(self, carer_uuid: str | None = None) -> QPushButton:
        return self.copy_buttons[carer_uuid or "person"]

    def record_copy(self, given_to: str, carer_uuid: str | None = None) -> None:
        if self.loaded is None:
            return
        vault, uuid = self.context.vault, self.version_uuid
        large = bool(self.loaded.data.large_print)

        def job(control):
            try:
                record_copy_given(vault, uuid, given_to, carer_uuid=carer_uuid, large_print=large)
            except PlanRuleError as error:
                return str(error)
            return copies_given(vault, uuid)

        self._submit(job, self._copy_recorded, "record copy given", writes=True)

    def _copy_recorded(self, result: CopiesStatus | str) -> None:
        if isinstance(result, str):
            self.problem.show_problem(result)
            return
        self.problem.clear_problem()
        self.loaded = dataclasses.replace(self.loaded, copies=result)
        self._show_copies(result)

    def _show_copies(self, copies: CopiesStatus) -> None:
        self.copies_label.setText(copies_text(copies, self.loaded.data, self.loaded.carers))

    # -- saving and printing -----------------------------------------------------------------
    def default_path(self) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = LARGE_FILE_NAME if self.loaded and self.loaded.data.large_print else DEFAULT_FILE_NAME
        return str(Path(folder) / name) if folder else name

    def choose_save_path(self, default: str) -> str:
        """Ask where to save (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(self, "Save the printout", default, "PDF files (*.pdf)")
        return path

    def save_pdf(self) -> Path | None:
        if self.pdf is None:
            return None
        chosen = self.choose_save_path(self.default_path())
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_private(path, self.pdf)  # owner only, atomically
        except OSError as error:
            self.problem.show_problem(f"The PDF could not be saved there ({error.strerror or 'no access'}). "
                                      "Choose another folder.")
            return None
        self.problem.clear_problem()
        self.summary.setText(self.summary.text().split(" Saved as ")[0] + f" Saved as {path.name}.")
        self._audit("saved")
        return path

    def _audit(self, how: str) -> None:
        """The audit event for a copy saved or printed: who, which version, what print size."""
        if self.loaded is None:
            return
        vault, uuid, large = self.context.vault, self.version_uuid, bool(self.loaded.data.large_print)
        self._submit(lambda control: record_printout(vault, uuid, how, large_print=large), lambda _: None,
                     f"record printout {how}", writes=True)

    def print_(self) -> None:
        if self.pdf is None or not pdf_pages.available():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Care plan")
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.page_count))
        dialog.setWindowTitle("Print the care plan")
        self._print_dialog = dialog
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.finished.connect(lambda _: setattr(self, "_print_dialog", None))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()  # not exec(): no nested event loop, so locking can still close it

    def print_to(self, printer: QPrinter) -> int:
        """Print the PDF's pages on `printer`; returns the number of pages printed."""
        if self.pdf is None:
            return 0
        try:
            with wait_cursor():
                printed = pdf_pages.print_pdf(self.pdf, printer)
        except (OSError, RuntimeError) as error:
            self.problem.show_problem(f"The printout could not be printed: {error}")
            return 0
        if printed:
            self._audit("printed")
        return printed

    # -- closing -----------------------------------------------------------------------------
    def clear_patient_data(self) -> None:
        self._generation += 1
        if self._print_dialog is not None:
            self._print_dialog.reject()
        self.loaded, self.pdf = None, None
        self.summary.clear()
        self.copies_label.clear()
        self.preview.setWidget(QWidget())  # the page images go with the old one

    def done(self, result: int) -> None:  # noqa: D401 (Qt's name)
        self.clear_patient_data()
        super().done(result)
