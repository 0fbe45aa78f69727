"""The Reviews area: who is due (and overdue) beside the review of one person.

Every read and write runs on the task runner; each outcome button is one service call (one
transaction); what it changed reaches the other screens by itself (`ui.changes`). "Modify the plan" records the
review, makes the new draft and opens it in the Consultation area (or the plan window when the
area is not there) to be changed and agreed as version n+1.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QSplitter, QVBoxLayout, QWidget

from careplan_desktop.services.recall.birth_month import set_recall_status
from careplan_desktop.services.recall.booking import (
    TESTS_DAYS_BEFORE, book_appointments, proposed_slot, support_needs,
)
from careplan_desktop.services.recall.clinic_hours import ClinicHours
from careplan_desktop.services.review.plan_review import exit_to_self_care, record_review, start_review
from careplan_desktop.services.review.due import month_period, reviews_due

from ..changes import REGISTER, changed_people
from ..context import AppContext
from ..dates import uk_date
from ..plan.windows import PlanWindows
from ..screen import AreaScreen
from ..widgets import muted
from .due_list import DueList
from .form import ReviewForm

STASH_KEY = "review_form"


class ReviewsScreen(AreaScreen):
    recorded = Signal(str)  # what happened, once a review outcome is saved
    draft_opened = Signal(str)  # the new draft's uuid after "Modify the plan"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("reviews_screen")
        self._generation = 0
        self._due_serial = 0
        self.plan_windows = PlanWindows(context, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.due_list = DueList(splitter)
        self.form = ReviewForm(splitter)
        splitter.addWidget(self.due_list)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 760])  # the review is the work; the list is for choosing
        layout.addWidget(splitter, 1)
        self.status = muted("", self, factor=1.0)
        self.status.setObjectName("review_status")
        self.status.setContentsMargins(12, 4, 12, 6)
        layout.addWidget(self.status)
        self.due_list.set_month(context.today())
        self.due_list.period_changed.connect(self.load_due)
        self.due_list.review_requested.connect(self.open_person)
        self.due_list.book_requested.connect(self._book)
        self.due_list.declined_requested.connect(self._declined)
        self.form.continue_requested.connect(lambda: self._record("continued"))
        self.form.modify_requested.connect(lambda: self._record("modified"))
        self.form.exit_requested.connect(self._exit)
        self.form.level_change_requested.connect(self._change_level)
        self.form.re_entry_requested.connect(self._re_enter)
        self.care_dialog = None  # the level or re-entry question, while open
        context.changes.changed.connect(self._data_changed)

    # -- reading -----------------------------------------------------------------------------------
    def vault_unlocked(self) -> None:
        self.load_due()

    def load_due(self) -> None:
        if not self.context.is_unlocked:
            return
        vault, today, generation = self.context.vault, self.context.today(), self._generation
        start, end = month_period(*self.due_list.chosen_month())
        self._due_serial += 1
        serial = self._due_serial  # only the latest load is shown: an older one may finish later

        def loaded(due) -> None:
            if serial == self._due_serial:
                self._if_current(generation, self.due_list.show_due, due)

        self.context.tasks.read(lambda control: reviews_due(vault, start, end, today=today), name="reviews due",
                                on_finished=loaded, on_failed=self.status.setText)

    def open_person(self, uuid: str) -> None:
        """Open the review of this person's current agreed plan."""
        if not self.context.is_unlocked:
            return
        vault, generation = self.context.vault, self._generation
        self.status.setText("")
        self.context.tasks.read(lambda control: start_review(vault, uuid), name="open review",
                                on_finished=lambda sheet: self._if_current(generation, self.form.show_sheet, sheet),
                                on_failed=lambda message: self._if_current(generation, self.form.clear, message))

    def _if_current(self, generation: int, show, value) -> None:
        if generation == self._generation and self.context.is_unlocked:
            show(value)

    # -- the outcomes ------------------------------------------------------------------------------
    def _record(self, outcome: str) -> None:
        sheet = self.form.sheet
        if sheet is None or not self.context.is_unlocked:
            return
        answers, vault, today, practice = self.form.answers(), self.context.vault, self.context.today(), self.context.practice
        self.context.tasks.write(
            lambda control: record_review(vault, answers, outcome, today=today, practice=practice),
            name="record review",
            on_finished=lambda done: self._recorded(sheet.patient_uuid, sheet.name, done),
            on_failed=self._failed)

    def _recorded(self, patient_uuid: str, name: str, done) -> None:
        if done.outcome == "continued":
            message = f"Review recorded; the plan continues. Next review {uk_date(done.next_review_date)}."
            self.form.clear(message)
        else:
            message = "Review recorded; a new version of the plan has been started with this progress."
            self.form.clear(message + " Change it with the person, then agree it.")
            self._open_draft(patient_uuid)
            self.draft_opened.emit(done.draft_uuid)
        self.status.setText(message)
        self.recorded.emit(done.outcome)
        self.load_due()

    def _open_draft(self, patient_uuid: str) -> None:
        window = self.window()
        if any(getattr(area, "key", "") == "consultation" for area in getattr(window, "areas", ())):
            window.show_area("consultation").open_person(patient_uuid)
        else:
            self.plan_windows.open(patient_uuid)

    def _exit(self) -> None:
        sheet = self.form.sheet
        if sheet is None:
            return
        route, ok = QInputDialog.getMultiLineText(
            self, "Exit to self-care",
            f"{sheet.name} leaves active review. The route back: who to contact, and when to ask for a review.")
        if ok:
            self.exit_to_self_care(route)

    def exit_to_self_care(self, route_back: str) -> None:
        sheet = self.form.sheet
        if sheet is None or not self.context.is_unlocked:
            return
        vault, today, uuid = self.context.vault, self.context.today(), sheet.patient_uuid

        def exited(_review_uuid: str) -> None:
            message = "The person has left active review for self-care; their route back is recorded."
            self.form.clear(message)
            self.status.setText(message)
            self.recorded.emit("exited")
            self.load_due()

        self.context.tasks.write(lambda control: exit_to_self_care(vault, uuid, route_back, today=today),
                                 name="exit to self-care", on_finished=exited, on_failed=self._failed)

    def _change_level(self) -> None:
        from .care_level import ask_change_level

        sheet = self.form.sheet
        if sheet is not None and self.context.is_unlocked:
            self.care_dialog = ask_change_level(self.context, sheet.patient_uuid, sheet.name, sheet.level_of_need, self,
                                                on_done=lambda m: self._care_changed(sheet.patient_uuid, m),
                                                on_failed=self._failed)

    def _re_enter(self) -> None:
        from .care_level import ask_re_enter

        sheet = self.form.sheet
        if sheet is not None and self.context.is_unlocked:
            self.care_dialog = ask_re_enter(self.context, sheet.patient_uuid, sheet.name, self,
                                            on_done=lambda m: self._care_changed(sheet.patient_uuid, m),
                                            on_failed=self._failed)

    def _care_changed(self, patient_uuid: str, message: str) -> None:
        self.open_person(patient_uuid)  # the review again, with the new level and next review date
        self.status.setText(message)
        self.load_due()

    def _book(self, uuid: str) -> None:
        row = self.due_list.row_for(uuid)
        if row is None or not self.context.is_unlocked:
            return
        from ..recall.booking import BookingDialog

        today = self.context.today()
        first = proposed_slot(row.next_review_date, today, ClinicHours.of(self.context.practice))  # a clinic day
        needs = [(person, *found) for person, found in support_needs(self.context.vault, [uuid]).items()]
        dialog = BookingDialog(1, first, row.lead_professional, self, needs=needs, today=today,
                               offer_tests=(first.date() - today).days > TESTS_DAYS_BEFORE[1])
        if dialog.exec() == BookingDialog.DialogCode.Accepted:
            self.book(uuid, dialog.booking())

    def book(self, uuid: str, booking) -> None:
        """Book the review as an appointment (the recall flow's booking, one transaction)."""
        if not self.context.is_unlocked:
            return
        vault, today = self.context.vault, self.context.today()
        year, month = booking.starts_at.year, booking.starts_at.month
        self.context.tasks.write(
            lambda control: book_appointments(vault, [uuid], year, month, booking.starts_at, booking.length_minutes,
                                              booking.with_whom, booking.location, arranged=booking.arranged,
                                              gp=booking.gp, tests=booking.tests, tests_with=booking.tests_with,
                                              today=today),
            name="book review",
            on_finished=lambda _made: self._done("Review booked."), on_failed=self._failed)

    def _declined(self, uuid: str) -> None:
        row = self.due_list.row_for(uuid)
        if row is None or not self.context.is_unlocked:
            return
        vault, when, today = self.context.vault, row.next_review_date, self.context.today()
        self.context.tasks.write(
            lambda control: set_recall_status(vault, uuid, when.year, when.month, "declined", on=today),
            name="review declined",
            on_finished=lambda _=None: self._done("Recorded that the person declined this review."),
            on_failed=self._failed)

    def _done(self, message: str) -> None:
        self.status.setText(message)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        if self.isVisible():
            QMessageBox.warning(self, "Review not saved", message)

    # -- changes elsewhere and the lock -------------------------------------------------------------------
    def _data_changed(self, what: frozenset) -> None:
        if self.context.is_unlocked and (REGISTER in what or changed_people(what)) and self.due_list.due is not None:
            self.load_due()

    def stash_unsaved(self) -> dict[str, Any]:
        stash = self.form.stash()
        return {STASH_KEY: stash} if stash else {}

    def restore_unsaved(self, stash: dict[str, Any]) -> None:
        saved = stash.get(STASH_KEY)
        if saved:
            uuid = saved["patient_uuid"]
            vault, generation = self.context.vault, self._generation

            def shown(sheet) -> None:
                if generation == self._generation:
                    self.form.show_sheet(sheet)
                    self.form.restore(saved)

            self.context.tasks.read(lambda control: start_review(vault, uuid), name="reopen review",
                                    on_finished=shown, on_failed=self.form.clear)

    def clear_patient_data(self) -> None:
        self._generation += 1
        self.plan_windows.close_all()
        self.form.clear()
        self.due_list.clear()
        self.status.setText("")

    def shutdown(self) -> None:
        self.plan_windows.close_all()
