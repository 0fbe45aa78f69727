"""The consultation workspace: one person's care plan draft, section by section, with their
results, conditions and carers beside it. Layout lives in layout.py; this is the behaviour.

* `open_person(uuid)` opens the person's draft in progress, or offers to start one from
  *their own* last agreed plan (carried parts marked) or blank. Opening is one job on the
  database worker; starting a draft is another.
* Every edit goes to `Autosave` (see autosave.py): saved off the typing path a moment later,
  on leaving a field, and on Ctrl+S; flushed before the screen switches person, locks or closes.
  When that flush cannot put everything in the vault, switching person and quitting ask first
  (`may_leave`): stay with the text on screen, or discard it knowingly. Locking keeps it in memory.
* Keyboard: the section list moves freely between sections (Ctrl+Page Down / Ctrl+Page Up
  from anywhere in the plan); Alt+N or Ctrl+Enter adds a row to the list being typed in;
  Ctrl+S saves now.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from careplan_desktop.services.planning.versions import HealthBudget, PlanDraft, SavedDraft

from ..changes import DIRECTORY, changed_people
from ..context import AppContext
from ..screen import AreaScreen
from ..announce import announce
from ..widgets import muted_colour, problem_colour
from .autosave import IDLE_MS, MAX_WAIT_MS, PROBLEM, Autosave
from .header import person_facts, show_identity, show_start, show_start_message, show_version
from .layout import ConsultationLayout
from .opening import Opening, begin_draft, carried_text, load_opening
from .pages_goals import Serving
from .pages_optional import budget_problem
from .prompts import load_prompts
from .section_page import PersonFacts

try:  # the Document issue's key-elements panel, when it is installed
    from ..plan.quality_panel import QualityPanel
except ImportError:  # pragma: no cover - depends on what is installed
    QualityPanel = None  # type: ignore[assignment,misc]

from .plan_link import PlanLink  # noqa: E402

LEAVE_TITLE = "Not saved"
LEAVE_TEXT = ("What you typed in this plan is NOT saved. {reason}\n\n"
              "Stay to keep it on screen (saving is tried again), or discard what was not saved.")
STAY, DISCARD = "Stay and keep it", "Discard what was not saved"
#: the key-elements panel is rebuilt (tens of ms on the GUI thread) only once typing has paused
QUALITY_QUIET_MS = 1000


class ConsultationScreen(AreaScreen):
    draft_shown = Signal(object)  # the PlanDraft now on screen

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, idle_ms: int = IDLE_MS,
                 max_wait_ms: int = MAX_WAIT_MS) -> None:
        super().__init__(context, parent)
        self.setObjectName("consultation_screen")
        self.ui = ConsultationLayout(self, load_prompts())
        self.pages = self.ui.section_pages
        self.side = self.ui.side
        self.quality = QualityPanel(self.side.side_tabs, context=context) if QualityPanel is not None else None
        if self.quality is not None:
            self.side.add_tab(self.quality, "Key elements")
        self.autosave = Autosave(context.tasks, self._vault, self._snapshot_for_save, context.today, self,
                                 idle_ms=idle_ms, max_wait_ms=max_wait_ms)
        self._draft: PlanDraft | None = None  # what was loaded; the pages hold what is typed
        self._opening: Opening | None = None
        self._facts: PersonFacts | None = None
        self._last_good_budget: HealthBudget | None = None
        self._loading_uuid: str | None = None
        self._pending_stash: dict[str, Any] | None = None
        self._generation = 0
        self._closing = False
        self.directory_dialog = None
        self.plan_link = PlanLink(self)

        self._quality_timer = QTimer(self)
        self._quality_timer.setSingleShot(True)
        self._quality_timer.setInterval(QUALITY_QUIET_MS)
        self._quality_timer.timeout.connect(self._refresh_quality)
        self._quality_saved: str | None = None  # a version saved since the panel's last vault check
        for page in self.pages.values():
            page.changed.connect(self._edited)
        self.side.letter.text.edited.connect(self._edited)
        self.side.side_tabs.currentChanged.connect(lambda _index: self._refresh_quality())
        self.pages["support"].goal_choices = self.pages["goals"].goal_choices
        self.pages["actions"].goal_choices = self.pages["goals"].goal_choices
        self.pages["goals"].serving = lambda: Serving(self.pages["support"].self_care.items(),
                                                      self.pages["support"].support.items(),
                                                      self.pages["actions"].actions.items())
        self.pages["support"].manage_directory.connect(self.open_directory)
        self.ui.sections.currentRowChanged.connect(self._section_changed)
        self.ui.sections.itemActivated.connect(lambda _item: self.focus_section())
        self.ui.save_now.clicked.connect(self.save_now)
        self.ui.start.from_agreed.clicked.connect(lambda: self.start(from_last_agreed=True))
        self.ui.start.blank.clicked.connect(lambda: self.start(from_last_agreed=False))
        self.autosave.status_changed.connect(self._show_status)
        self.autosave.saved.connect(self._saved)
        for keys, slot in ((QKeySequence.StandardKey.Save, self.save_now),
                           ("Ctrl+PgDown", lambda: self.step_section(1)), ("Ctrl+PgUp", lambda: self.step_section(-1))):
            shortcut = QShortcut(QKeySequence(keys), self.ui.workspace)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        context.changes.changed.connect(self._data_changed)
        self.ui.sections.setCurrentRow(0)
        self.ui.states.setCurrentWidget(self.ui.placeholder)

    # -- what is on screen ------------------------------------------------------------------------
    @property
    def draft(self) -> PlanDraft | None:
        """The draft as loaded (not as typed: see `collect`)."""
        return self._draft

    @property
    def patient_uuid(self) -> str | None:
        return self._draft.patient_uuid if self._draft else self._opening.person.uuid if self._opening else None

    def collect(self) -> PlanDraft | None:
        """The plan exactly as typed now: a snapshot built from every section."""
        draft = self._draft
        if draft is None:
            return None
        for page in self.pages.values():
            draft = page.apply(draft)
        return self.side.apply(draft)

    def _edited(self) -> None:
        """The typing path: count the edit, and put off the key-elements panel until a pause."""
        self.autosave.changed()
        if self.quality is not None:
            self._quality_timer.start()

    def _refresh_quality(self) -> None:
        """Show the key elements of the plan as typed, when the panel is in view (it is rebuilt
        each time: never on the typing path). After a save it also asks the vault's check."""
        self._quality_timer.stop()
        quality, facts = self.quality, self._facts
        if quality is None or facts is None or self._draft is None:
            return
        if self.side.side_tabs.currentWidget() is not quality or not quality.isVisible():
            return
        quality.show_draft(self.collect(), level_of_need=facts.level)
        saved, self._quality_saved = self._quality_saved, None
        if saved is not None:
            quality.check_saved(saved)

    def _vault(self):
        return self.context.vault if self.context.is_unlocked else None

    def _snapshot_for_save(self) -> PlanDraft | None:
        draft = self.collect()
        if draft is None:
            return None
        if budget_problem(draft.budget):  # shown on the budget page; everything else still saves
            draft = dataclasses.replace(draft, budget=self._last_good_budget)
        return draft

    def save_now(self) -> None:
        self.autosave.save_now()

    # -- opening a person ---------------------------------------------------------------------------
    def open_person(self, uuid: str) -> None:
        """Open this person's draft, or offer to start one. Whatever is typed for the person
        open now is saved first."""
        if not self.context.is_unlocked or uuid == self._loading_uuid:
            return
        if self._draft is not None and self._draft.patient_uuid == uuid:
            self.focus_section()
            return
        if not self.may_leave():
            self.focus_section()
            return
        self._forget_person()
        self._generation += 1
        generation, vault, today = self._generation, self.context.vault, self.context.today()
        self._loading_uuid = uuid
        show_start_message(self.ui, "Opening the record…", "")
        self.context.tasks.write(
            lambda control: load_opening(vault, uuid, today), name="open consultation", by=self,
            on_finished=lambda opening: self._opened(opening, generation),
            on_failed=lambda message: self._open_failed(message, generation),
        )

    def may_leave(self) -> bool:
        """Everything typed is in the vault (saved now if need be), or the nurse chose to
        discard what is not: True. False when they chose to stay with it."""
        if self._draft is None or not self.context.is_unlocked or self.autosave.flush():
            return True
        if not self.ask_discard(self.autosave.problem):
            return False
        self.autosave.detach()  # discarded knowingly: nothing left to save
        return True

    def ask_discard(self, reason: str) -> bool:
        """Stay (the default, and Escape) or discard: True only when the nurse chose discard."""
        box = QMessageBox(QMessageBox.Icon.Warning, LEAVE_TITLE, LEAVE_TEXT.format(reason=reason),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("not_saved_question")
        stay = box.addButton(STAY, QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton(DISCARD, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        return chosen is discard

    def may_close(self) -> bool:
        return self.may_leave()

    def _forget_person(self) -> None:
        self.autosave.detach()
        self._quality_timer.stop()
        self._quality_saved = None
        self._draft = self._opening = self._facts = None
        self._loading_uuid = None
        for page in self.pages.values():
            page.clear()
        self.side.clear()
        if self.quality is not None:
            self.quality.clear()
        for label in (self.ui.name, self.ui.identity, self.ui.version, self.ui.status):
            label.setText("")
        self.ui.carried.hide()

    def _opened(self, opening: Opening, generation: int) -> None:
        if generation != self._generation or not self.context.is_unlocked:
            return
        self._loading_uuid = None
        self._opening = opening
        self._facts = person_facts(opening, self.context.today(), self.context.practice)
        self.side.facts.show_opening(opening)
        self.pages["support"].set_directory(opening.directory)
        show_identity(self.ui, opening)
        stash, self._pending_stash = self._pending_stash, None
        if opening.draft is None:
            show_start(self.ui, opening)
            return
        draft, dirty = opening.draft, False
        stashed = stash.get("draft") if stash else None
        if stashed is not None and stashed.version_uuid == draft.version_uuid:
            draft, dirty = stashed, True  # typed before the lock: back on screen, saved again
        self._show_draft(draft, dirty=dirty, section=stash.get("section", 0) if stash else 0)

    def _open_failed(self, message: str, generation: int) -> None:
        if generation == self._generation:
            self._loading_uuid = None
            show_start_message(self.ui, "The record could not be opened", message)

    # -- starting a draft ---------------------------------------------------------------------------
    def start(self, *, from_last_agreed: bool) -> None:
        """Start the person's next version: from their own last agreed plan, or blank."""
        opening = self._opening
        if opening is None or not self.context.is_unlocked:
            return
        uuid, vault, today, generation = opening.person.uuid, self.context.vault, self.context.today(), self._generation
        self.ui.start.from_agreed.setEnabled(False)
        self.ui.start.blank.setEnabled(False)
        self.context.tasks.write(
            lambda control: begin_draft(vault, uuid, from_last_agreed, today), name="start plan", by=self,
            on_finished=lambda draft: self._started(draft, generation),
            on_failed=lambda message: self._start_failed(message, generation),
        )

    def _started(self, draft: PlanDraft, generation: int) -> None:
        self.ui.start.from_agreed.setEnabled(True)
        self.ui.start.blank.setEnabled(True)
        if generation != self._generation or self._facts is None:
            return
        dirty = False
        if draft.review_date is None and self._facts.suggested_review:  # the default from the level of need
            draft, dirty = dataclasses.replace(draft, review_date=self._facts.suggested_review), True
        self._show_draft(draft, dirty=dirty)

    def _start_failed(self, message: str, generation: int) -> None:
        self.ui.start.from_agreed.setEnabled(True)
        self.ui.start.blank.setEnabled(True)
        if generation == self._generation:
            self.ui.start.problem.show_problem(message)

    def _show_draft(self, draft: PlanDraft, *, dirty: bool, section: int = 0) -> None:
        self._draft = draft
        self._last_good_budget = draft.budget if not budget_problem(draft.budget) else None
        if self._facts is not None and self._opening is not None:
            self._facts = dataclasses.replace(self._facts, carried_text=carried_text(draft, self._opening.agreed_draft))
        facts = self._facts
        for page in self.pages.values():
            page.show_draft(draft, facts)
        self.side.show_letter(draft)
        show_version(self.ui, draft, self._opening, self._facts)
        self.ui.states.setCurrentWidget(self.ui.workspace)
        self.autosave.start(dirty=dirty)
        self._quality_saved = draft.version_uuid
        self._refresh_quality()
        self.ui.sections.setCurrentRow(max(0, min(section, self.ui.sections.count() - 1)))
        self._section_changed(self.ui.sections.currentRow())
        self.focus_section()
        self.draft_shown.emit(draft)

    # -- moving around ---------------------------------------------------------------------------------
    def _section_changed(self, row: int) -> None:
        if row < 0:
            return
        self.ui.pages.setCurrentIndex(row)
        page = self.ui.pages.currentWidget()
        if self._draft is not None:
            page.entered()

    def step_section(self, step: int) -> None:
        count = self.ui.sections.count()
        self.ui.sections.setCurrentRow((self.ui.sections.currentRow() + step) % count)
        self.focus_section()

    def show_section(self, key: str) -> None:
        self.ui.sections.setCurrentRow(list(self.pages).index(key))

    def focus_section(self) -> None:
        field = self.ui.pages.currentWidget().first_field()
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving a field saves (when something was typed)."""
        if old is None or old is new or self._draft is None or not self.autosave.is_dirty:
            return
        if self.isAncestorOf(old):
            self.autosave.save_now()

    # -- saving ------------------------------------------------------------------------------------------
    def _saved(self, saved: SavedDraft) -> None:
        self._last_good_budget = saved.draft.budget
        if self.quality is not None and saved.rows_written:
            self._quality_saved = saved.version_uuid
            self._quality_timer.start()

    def _show_status(self, state: str, text: str) -> None:
        label = self.ui.status
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         problem_colour(palette) if state == PROBLEM else muted_colour(palette))
        label.setPalette(palette)
        label.setText(text)
        label.setAccessibleDescription(text)
        if state != getattr(self, "_announced_state", None):  # "Saved", "Not saved": read aloud once each
            self._announced_state = state
            announce(label, text, urgent=state == PROBLEM)

    # -- the local directory ---------------------------------------------------------------------------
    def open_directory(self) -> None:
        from ..directory import DirectoryDialog

        if not self.context.is_unlocked:
            return
        if self.directory_dialog is None:
            self.directory_dialog = DirectoryDialog(self.context, self)
            self.directory_dialog.finished.connect(self._directory_closed)
        self.directory_dialog.open()

    def _directory_closed(self) -> None:
        dialog, self.directory_dialog = self.directory_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def _reload_directory(self) -> None:
        from careplan_desktop.services.directory.entries import list_directory

        vault, generation = self.context.vault, self._generation
        self.context.tasks.read(
            lambda control: list_directory(vault), name="load directory",
            on_finished=lambda items: self.pages["support"].set_directory(items) if generation == self._generation
            else None,
        )

    # -- changes made elsewhere ------------------------------------------------------------------------
    def _data_changed(self, what: frozenset) -> None:
        if not self.context.is_unlocked or what.by is self or what.by is self.autosave:  # its own writes
            return
        if DIRECTORY in what and self._opening is not None:
            self._reload_directory()
        opening = self._opening
        if opening is not None and opening.person.uuid in changed_people(what):
            uuid, vault, today = opening.person.uuid, self.context.vault, self.context.today()
            generation = self._generation
            self.context.tasks.write(
                lambda control: load_opening(vault, uuid, today), name="refresh consultation", by=self,
                on_finished=lambda fresh: self._refreshed(fresh, generation),
            )

    def _refreshed(self, fresh: Opening, generation: int) -> None:
        """The person's record changed elsewhere: new results, conditions or carers beside the
        plan; if the draft was agreed meanwhile (and nothing is waiting to save), say so."""
        if generation != self._generation or not self.context.is_unlocked:
            return
        self._opening = fresh
        self._facts = person_facts(fresh, self.context.today(), self.context.practice)
        self.side.facts.show_opening(fresh)
        show_identity(self.ui, fresh)
        for page in self.pages.values():
            page.facts = self._facts
        draft = self._draft
        if draft is not None and (fresh.draft is None or fresh.draft.version_uuid != draft.version_uuid):
            if not self.autosave.is_dirty:
                self._forget_person()
                self._opening, self._facts = fresh, person_facts(fresh, self.context.today(), self.context.practice)
                show_identity(self.ui, fresh)
                self.side.facts.show_opening(fresh)
                show_start(self.ui, fresh)

    # -- locking and closing -------------------------------------------------------------------------
    def stash_unsaved(self) -> dict[str, Any]:
        if self._draft is None:
            uuid = self._loading_uuid or (self._opening.person.uuid if self._opening else None)
            return {"patient": uuid} if uuid else {}
        typed = self.collect()
        self.autosave.flush()  # into the vault before it locks; the stash covers what a rule refused
        return {"patient": typed.patient_uuid, "draft": typed, "section": self.ui.sections.currentRow()}

    def restore_unsaved(self, stash: dict[str, Any]) -> None:
        uuid = stash.get("patient")
        if uuid and self.context.is_unlocked:
            self._pending_stash = stash
            self.open_person(uuid)

    def clear_patient_data(self) -> None:
        self.plan_link.close_all()
        self._generation += 1
        self._forget_person()
        self.pages["support"].set_directory(())
        if self.directory_dialog is not None:
            self.directory_dialog.reject()
        self.ui.states.setCurrentWidget(self.ui.placeholder)

    def shutdown(self) -> None:
        if self._closing:
            return
        self._closing = True
        try:
            QApplication.instance().focusChanged.disconnect(self._focus_changed)
        except (RuntimeError, TypeError):
            pass
        if self._draft is not None and self.context.is_unlocked:
            self.autosave.flush()
        self.autosave.stop()
        self._quality_timer.stop()
        if self.directory_dialog is not None:
            self.directory_dialog.reject()
