"""One person's care plan: the current agreed version (readable as agreed), the draft in
progress and its key elements, whether the person and their carers have their printed copy,
and the actions: Start a new version, Agree..., Printout..., Versions...

Opened from the register overview ("Care plan...") in its own window; `windows.PlanWindows`
keeps the open ones and closes them all when the app locks or quits.

The actions act on what is on screen, so they are off while the plan is read again and while a
write runs: after Agree, Printout... opens only once the window shows the version just agreed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from careplan_desktop.domain.nhs_number import formatted
from careplan_desktop.services.register.person import load_person
from careplan_desktop.services.planning.agreement import CopiesStatus, VersionSummary, copies_given, versions_of
from careplan_desktop.services.planning.quality import QualityReport, check_plan
from careplan_desktop.services.planning.versions import PlanDraft, load_version, start_draft

from ..screen_fit import fit_to_screen
from ..changes import changed_people
from ..context import AppContext
from ..dates import uk_date
from ..exchange.fhir_export import PlainFhirExport
from ..widgets import ProblemLabel, heading
from .agree_dialog import AgreeDialog
from .copies import copies_lines
from .plan_html import plan_html, version_heading
from .printout_dialog import PrintoutDialog
from .quality_panel import QualityPanel
from .versions_dialog import VersionsDialog
from .lock_shortcut import lock_from_here


@dataclass(frozen=True)
class PlanState:
    """A snapshot of everything the screen shows (read in one worker job)."""

    full_name: str  # with the title: "Mrs Lorna Baxter"
    name: str  # "Lorna Baxter": who agrees the plan, by default
    first_name: str
    nhs_number: str
    level_of_need: int
    next_review_date: dt.date | None
    carers: tuple[tuple[str, str, str], ...]  # uuid, name, relationship
    versions: tuple[VersionSummary, ...]
    agreed: PlanDraft | None
    draft: PlanDraft | None
    copies: CopiesStatus | None  # of the agreed version
    quality: QualityReport | None  # of the draft, else of the agreed version


def load_plan_state(vault, patient_uuid: str) -> PlanState:
    person = load_person(vault, patient_uuid)
    versions = tuple(versions_of(vault, patient_uuid))
    agreed_uuid = next((v.uuid for v in reversed(versions) if v.status == "agreed"), None)
    draft_uuid = next((v.uuid for v in reversed(versions) if v.status == "draft"), None)
    agreed = load_version(vault, agreed_uuid) if agreed_uuid else None
    draft = load_version(vault, draft_uuid) if draft_uuid else None
    checked = draft_uuid or agreed_uuid
    return PlanState(
        full_name=" ".join(p for p in (person.title, person.given_name, person.family_name) if p),
        name=f"{person.given_name} {person.family_name}",
        first_name=person.preferred_name or person.given_name,
        nhs_number=person.nhs_number,
        level_of_need=person.level_of_need,
        next_review_date=person.next_review_date,
        carers=tuple((c.uuid or "", c.name, c.relationship) for c in person.carers),
        versions=versions,
        agreed=agreed,
        draft=draft,
        copies=copies_given(vault, agreed_uuid) if agreed_uuid else None,
        quality=check_plan(vault, checked) if checked else None,
    )


class PlanScreen(QWidget):
    def __init__(self, context: AppContext, patient_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_uuid = patient_uuid
        self.state: PlanState | None = None
        self.dialogs: list[QDialog] = []
        self._generation = 0
        self._reloads = 0
        self.setObjectName("plan_screen")

        layout = QVBoxLayout(self)
        self.title = heading("", self, factor=1.4)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("plan_title")
        layout.addWidget(self.title)
        self.status = QLabel("Reading the plan\u2026", self)
        self.status.setObjectName("plan_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.copies = QLabel("", self)
        self.copies.setObjectName("plan_copies")
        self.copies.setTextFormat(Qt.TextFormat.PlainText)
        self.copies.setWordWrap(True)
        layout.addWidget(self.copies)

        actions = QHBoxLayout()
        self.new_version_button = QPushButton("&Start a new version", self)
        self.agree_button = QPushButton("&Agree\u2026", self)
        self.printout_button = QPushButton("&Printout\u2026", self)
        self.versions_button = QPushButton("&Versions\u2026", self)
        self.fhir_button = QPushButton("Save as &FHIR\u2026", self)
        self.fhir_button.setToolTip("The agreed plan as a plain, unencrypted FHIR file, for a secure destination only")
        for name, button, slot in (("new_version", self.new_version_button, self.start_new_version),
                                   ("agree", self.agree_button, self.open_agree),
                                   ("printout", self.printout_button, self.open_printout),
                                   ("versions", self.versions_button, self.open_versions),
                                   ("fhir", self.fhir_button, self.save_as_fhir)):
            button.setObjectName(f"{name}_button")
            button.clicked.connect(slot)
            button.setEnabled(False)
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.action_buttons = (self.new_version_button, self.agree_button, self.printout_button,
                               self.versions_button, self.fhir_button)
        self.problem = ProblemLabel("Problem with the plan", self)
        layout.addWidget(self.problem)
        self.notice = QLabel("", self)  # what an action did (the FHIR file saved)
        self.notice.setObjectName("plan_notice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.plain_fhir = PlainFhirExport(context, self)
        self.plain_fhir.done.connect(self._show_notice)
        self.plain_fhir.failed.connect(self.problem.show_problem)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("The plan")
        self.reader = QTextBrowser(self.tabs)
        self.reader.setObjectName("plan_reader")
        self.quality = QualityPanel(self.tabs, context=context)
        self.tabs.addTab(self.reader, "The plan")
        self.tabs.addTab(self.quality, "Key elements")
        layout.addWidget(self.tabs, 1)
        context.changes.changed.connect(self._data_changed)
        self.reload()

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.context.is_unlocked:
            return
        self._reloads += 1  # reads run in parallel: only the latest reload is shown
        self._hold_actions()  # until the window shows what the vault now holds
        vault, uuid, ticket = self.context.vault, self.patient_uuid, (self._generation, self._reloads)
        self.context.tasks.read(lambda control: load_plan_state(vault, uuid), name="load plan",
                                on_finished=lambda state: self._loaded(state, ticket),
                                on_failed=lambda message: self._load_failed(message, ticket))

    def _hold_actions(self) -> None:
        for button in self.action_buttons:
            button.setEnabled(False)

    def _release_actions(self) -> None:
        """The actions that fit what is on screen now."""
        state = self.state
        shown = state and (state.agreed or state.draft)
        self.new_version_button.setEnabled(state is not None and state.draft is None)
        self.agree_button.setEnabled(state is not None and state.draft is not None)
        self.printout_button.setEnabled(bool(shown))
        self.versions_button.setEnabled(state is not None and bool(state.versions))
        self.fhir_button.setEnabled(state is not None and state.agreed is not None)

    def _load_failed(self, message: str, ticket: tuple[int, int]) -> None:
        self.problem.show_problem(message)
        if ticket == (self._generation, self._reloads):
            self._release_actions()

    def _loaded(self, state: PlanState, ticket: tuple[int, int]) -> None:
        if ticket != (self._generation, self._reloads):
            return
        self.state = state
        self.title.setText(f"Care plan: {state.full_name}  (NHS number {formatted(state.nhs_number)})")
        lines = []
        if state.agreed is not None:
            lines.append("Agreed plan: " + version_heading(state.agreed) + ".")
            missing = state.agreed.agreement.missing_at_agreement if state.agreed.agreement else ()
            if missing and state.quality is not None:
                titles = {e.code: e.title for e in state.quality.elements}
                lines.append("Agreed with these missing: " + "; ".join(titles.get(c, c) for c in missing) + ".")
        else:
            lines.append("No version of the plan has been agreed yet.")
        if state.draft is not None:
            lines.append(f"Draft: {version_heading(state.draft)}.")
        if state.next_review_date:
            lines.append(f"Next review: {uk_date(state.next_review_date)}.")
        self.status.setText("\n".join(lines))
        if state.copies is not None:
            self.copies.setText(f"Printed copies of version {state.agreed.number}:\n"
                                + copies_lines(state.copies, state.first_name, state.carers))
        else:
            self.copies.setText("")
        shown = state.agreed or state.draft
        self.reader.setHtml(plan_html(shown) if shown else "<p>This person has no care plan yet.</p>")
        self.tabs.setTabText(0, f"Agreed plan (version {shown.number})" if state.agreed else
                             f"Draft (version {shown.number})" if shown else "The plan")
        checked = state.draft or state.agreed
        if state.quality is not None and checked is not None:
            self.quality.show_report(state.quality)
            self.tabs.setTabText(1, f"Key elements (version {checked.number})")
        self._release_actions()

    def _data_changed(self, what: frozenset) -> None:
        if self.patient_uuid in changed_people(what):
            self.reload()

    # -- actions -------------------------------------------------------------------------------
    def start_new_version(self) -> None:
        if not self.context.is_unlocked:
            return
        vault, uuid, today = self.context.vault, self.patient_uuid, self.context.today()
        self._hold_actions()  # until the new version is on screen
        self.context.tasks.write(lambda control: start_draft(vault, uuid, today=today),
                                 name="start a new version",
                                 on_failed=lambda message: (self.problem.show_problem(message), self._release_actions()))

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lock_from_here(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)
        dialog.open()
        return dialog

    def open_agree(self) -> AgreeDialog | None:
        state = self.state
        if state is None or state.draft is None:
            return None
        return self._open(AgreeDialog(self.context, state.draft, person_name=state.name,
                                      level_of_need=state.level_of_need,
                                      carer_names=tuple(name for _, name, _ in state.carers), parent=self))

    def open_printout(self) -> PrintoutDialog | None:
        state = self.state
        shown = state and (state.agreed or state.draft)
        if not shown:
            return None
        return self._open(PrintoutDialog(self.context, shown.version_uuid, parent=self))

    def open_versions(self) -> VersionsDialog | None:
        if self.state is None:
            return None
        return self._open(VersionsDialog(self.context, self.patient_uuid, person_name=self.state.full_name, parent=self))

    def save_as_fhir(self) -> None:
        """The agreed plan as a plain FHIR file, after a warning (ui/exchange/fhir_export.py)."""
        state = self.state
        if state is None or state.agreed is None:
            return
        self.problem.clear_problem()
        self._show_notice("")
        self.plain_fhir.run(state.nhs_number, (state.name, state.first_name))

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- locking and closing -----------------------------------------------------------------------
    def close_dialogs(self) -> None:
        for dialog in list(self.dialogs):
            dialog.reject()
        self.dialogs.clear()

    def clear_patient_data(self) -> None:
        self._generation += 1
        self.close_dialogs()
        self.state = None
        self._hold_actions()
        self.title.clear()
        self.status.clear()
        self.copies.clear()
        self._show_notice("")
        self.reader.clear()
        self.quality.clear()


class PlanWindow(QWidget):
    """A top-level window holding one person's PlanScreen. Closing it forgets what it showed."""

    def __init__(self, context: AppContext, patient_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("plan_window")
        self.setWindowTitle("Care plan - CarePlan Desktop")
        self.patient_uuid = patient_uuid
        self.screen = PlanScreen(context, patient_uuid, self)
        QVBoxLayout(self).addWidget(self.screen)
        QShortcut(QKeySequence.StandardKey.Close, self, activated=self.close)
        lock_from_here(self)
        fit_to_screen(self, self.fontMetrics().averageCharWidth() * 150, self.fontMetrics().height() * 48)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.screen.clear_patient_data()
        super().closeEvent(event)
