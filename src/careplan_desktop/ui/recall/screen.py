"""The recall view: everyone due a review in a month, grouped for clinics; invite, book and record
what happened for one person, several, or a whole group.

The month's cohort is read off the GUI thread (about half a second for a 50,000-person
register), as soon as the vault is unlocked and again after any change, so the view is ready
when the nurse opens it. Choosing a group's heading selects everyone in the group.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QWidget

from careplan_desktop.models import RecallStatus
from careplan_desktop.domain.dates import add_months
from careplan_desktop.services.recall.birth_month import RecallCohort, recall_cohort, record_invitations, set_recall_statuses
from careplan_desktop.services.recall.booking import TESTS_DAYS_BEFORE, book_appointments, first_slot
from careplan_desktop.services.recall.clinic_hours import ClinicHours

from ..context import AppContext
from ..screen import AreaScreen
from .booking import Booking, BookingDialog
from .layout import RecallLayout
from .model import BY_CONDITION, BY_COUNT, RecallTreeModel

MONTHS_SHOWN = 12  # the month picker offers this many months before and after this month
EXPAND_ALL_UP_TO = 400  # tree rows: a longer month opens with its groups closed, showing their counts
SHOW_SELECTED_UP_TO = 20  # people re-selected after a reload whose groups are opened to show them
STASH_KEY = "recall"


def _key(year: int, month: int) -> int:
    """A month as the month picker holds it: 202606 for June 2026."""
    return year * 100 + month


def month_name(year: int, month: int) -> str:
    return f"{dt.date(year, month, 1):%B %Y}"


class RecallScreen(AreaScreen):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("recall_screen")
        self.model = RecallTreeModel(self)
        self.ui = ui = RecallLayout(self, self.model)
        self.tree = ui.tree
        today = context.today()
        self.year, self.month = today.year, today.month
        self.cohort: RecallCohort | None = None
        self.booking_dialog: BookingDialog | None = None
        self.invitations_dialog = None  # the last invitations dialog opened (tests look at it)
        self._generation = 0  # bumped by every load and by the lock: older results are dropped
        self._stale = True
        self._loading = False
        self._pending: dict[str, Any] = {}  # selection and booking to put back after a lock
        self._fill_months(today)

        ui.month.currentIndexChanged.connect(self._month_chosen)
        ui.previous.clicked.connect(lambda: self.step_month(-1))
        ui.next.clicked.connect(lambda: self.step_month(1))
        ui.this_month.clicked.connect(self.show_this_month)
        ui.by_condition.toggled.connect(lambda on: on and self.set_grouping(BY_CONDITION))
        ui.by_count.toggled.connect(lambda on: on and self.set_grouping(BY_COUNT))
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        ui.invite.clicked.connect(self.record_invitation)
        ui.invitations.clicked.connect(lambda: self.invitation_letters())
        ui.second_invitations.clicked.connect(lambda: self.invitation_letters(second=True))
        ui.book.clicked.connect(self.ask_booking)
        ui.seen.clicked.connect(lambda: self.set_status(RecallStatus.SEEN.value))
        ui.did_not_attend.clicked.connect(self.did_not_attend)
        ui.declined.clicked.connect(lambda: self.set_status(RecallStatus.DECLINED.value))
        ui.letters.clicked.connect(self.results_letters)
        context.changes.changed.connect(self._data_changed)
        self._selection_changed()

    # -- the month ---------------------------------------------------------------------------------------
    def _fill_months(self, around: dt.date) -> None:
        combo = self.ui.month
        combo.blockSignals(True)
        combo.clear()
        first = add_months(around.replace(day=1), -MONTHS_SHOWN)
        for step in range(2 * MONTHS_SHOWN + 1):
            day = add_months(first, step)
            combo.addItem(month_name(day.year, day.month), _key(day.year, day.month))
        combo.setCurrentIndex(max(0, combo.findData(_key(self.year, self.month))))
        combo.blockSignals(False)

    def set_month(self, year: int, month: int) -> None:
        combo = self.ui.month
        if combo.findData(_key(year, month)) < 0:
            self.year, self.month = year, month
            self._fill_months(dt.date(year, month, 1))
            self._month_chosen()
        else:
            combo.setCurrentIndex(combo.findData(_key(year, month)))

    def show_this_month(self) -> None:
        today = self.context.today()
        self.set_month(today.year, today.month)

    def step_month(self, step: int) -> None:
        day = add_months(dt.date(self.year, self.month, 1), step)
        self.set_month(day.year, day.month)

    def _month_chosen(self, *_: Any) -> None:
        self._show_result("")
        self.year, self.month = divmod(self.ui.month.currentData(), 100)
        self.model.clear()
        self.cohort = None
        self.reload()

    def set_grouping(self, grouping: str) -> None:
        if grouping != self.model.grouping:
            selected = self._selection_state()
            selected["groups"] = []  # other groups now
            self.model.set_cohort(self.cohort, grouping)
            self._after_reset(selected, expanded=None)

    # -- loading -------------------------------------------------------------------------------------------
    def vault_unlocked(self) -> None:
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Read the month's cohort again, off the GUI thread."""
        if not self.context.is_unlocked:
            return
        self._generation += 1
        generation, vault, year, month = self._generation, self.context.vault, self.year, self.month
        today = self.context.today()
        intervals = dict(self.context.practice.review_months)
        self._stale, self._loading = False, True
        if self.cohort is None:
            self.ui.summary.setText(f"Finding who is due in {month_name(year, month)}…")
        self.context.tasks.read(
            lambda control: recall_cohort(vault, year, month, today=today, intervals=intervals),
            name="recall cohort", on_finished=lambda cohort: self._cohort_loaded(cohort, generation),
            on_failed=self._show_problem)

    def _cohort_loaded(self, cohort: RecallCohort, generation: int) -> None:
        if generation != self._generation or not self.context.is_unlocked:
            return
        self._loading = False
        kept = self._pending.pop("selected", None)
        selected = {"groups": [], "people": kept} if kept is not None else self._selection_state()
        expanded = self._expanded_groups() if self.cohort is not None else None
        self.cohort = cohort
        self.model.set_cohort(cohort)
        self._after_reset(selected, expanded)
        self._summarise()
        booking = self._pending.pop("booking", None)
        if booking is not None and self.selected_uuids():
            self.ask_booking(values=booking)

    def _after_reset(self, selected: dict[str, list[str]], expanded: set[str] | None) -> None:
        """After new contents: headings span the width; the groups open before stay open (a new
        month: all open when they are short, else closed with their counts); the selection stays."""
        model, tree = self.model, self.tree
        if expanded is None:
            expanded = {g.key for g in model.groups} if model.row_count_all() <= EXPAND_ALL_UP_TO else set()
        for row, group in enumerate(model.groups):
            tree.setFirstColumnSpanned(row, QModelIndex(), True)
            if group.key in expanded:
                tree.expand(model.index(row, 0))
        self._select(selected)
        self._selection_changed()

    def _expanded_groups(self) -> set[str]:
        return {g.key for row, g in enumerate(self.model.groups) if self.tree.isExpanded(self.model.index(row, 0))}

    def _summarise(self) -> None:
        cohort = self.cohort
        if cohort is None:
            return
        counts: dict[str, int] = {}
        for row in cohort.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        home = sum(1 for r in cohort.rows if "home visit" in r.flags)
        gp_led = sum(1 for r in cohort.rows if "GP-led" in r.flags)
        parts = [f"{len(cohort.rows):,} people due in {month_name(cohort.year, cohort.month)}"]
        parts += [f"{counts[s]:,} {label}" for s, label in _STATUS_COUNTS if counts.get(s)]
        parts += [f"{home:,} home visits", f"{gp_led:,} GP-led"]
        apart = [f"{len(cohort.overdue):,} overdue from earlier months", f"{len(cohort.self_care):,} exited to "
                 f"self-care", f"{len(cohort.declined):,} declined care planning"]
        self.ui.summary.setText(" · ".join(parts) + "\n" + " · ".join(apart))

    def _data_changed(self, _what: frozenset) -> None:
        if not self.context.is_unlocked:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def _show_problem(self, message: str) -> None:
        self._loading = False
        self.ui.problem.show_problem(message)

    # -- selection ------------------------------------------------------------------------------------------
    def selected_uuids(self) -> list[str]:
        """The people selected, in the order shown: a group's heading stands for everyone in it."""
        chosen: dict[str, None] = {}
        indexes = sorted(self.tree.selectionModel().selectedRows(0),
                         key=lambda i: (i.parent().row(), i.row()) if i.parent().isValid() else (i.row(), -1))
        for index in indexes:
            group = self.model.group_at(index)
            if group is not None:
                chosen.update((self.model.people[m].uuid, None) for m in group.members)
            else:
                person = self.model.person_at(index)
                if person is not None:
                    chosen[person.uuid] = None
        return list(chosen)

    def select_group(self, key: str) -> None:
        self._select({"groups": [key], "people": []})

    def select_people(self, uuids: list[str]) -> None:
        self._select({"groups": [], "people": uuids})

    def _selection_state(self) -> dict[str, list[str]]:
        """The headings and the people selected (a heading stays a heading across a reload)."""
        groups, people = [], []
        for index in self.tree.selectionModel().selectedRows(0):
            group, person = self.model.group_at(index), self.model.person_at(index)
            if group is not None:
                groups.append(group.key)
            elif person is not None:
                people.append(person.uuid)
        return {"groups": groups, "people": people}

    def _select(self, state: dict[str, list[str]]) -> None:
        """One selection change for any number of rows; a person is selected where they first appear."""
        chosen = QItemSelection()
        indexes = [self.model.group_index(key) for key in state.get("groups", [])]
        indexes += [found[0] for found in map(self.model.indexes_of, state.get("people", [])) if found]
        for index in indexes:
            if index.isValid():
                chosen.select(index, index.siblingAtColumn(self.model.columnCount() - 1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.tree.selectionModel().select(chosen, flags)
        if indexes and indexes[0].isValid():
            if len(indexes) <= SHOW_SELECTED_UP_TO:  # bring the people chosen into view
                for index in indexes:
                    if index.parent().isValid():
                        self.tree.expand(index.parent())
            self.tree.selectionModel().setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate)

    def _selection_changed(self, *_: Any) -> None:
        count = len(self.selected_uuids())
        self.ui.selection.setText("Choose people, or a group's heading for everyone in it." if not count else
                                  f"{count:,} {'person' if count == 1 else 'people'} selected")
        for button in self.ui.actions:
            button.setEnabled(bool(count) and self.context.is_unlocked)

    # -- recording what the practice did ---------------------------------------------------------------------
    def record_invitation(self) -> None:
        uuids, vault, year, month, today = self.selected_uuids(), self.context.vault, self.year, self.month, \
            self.context.today()
        if uuids:
            self._write(lambda control: record_invitations(vault, uuids, year, month, today), uuids,
                        lambda count: f"Invitation recorded for {count:,} {'person' if count == 1 else 'people'}.")

    def invitation_letters(self, uuids: list[str] | None = None, *, second: bool = False):
        """The invitation letters (or second invitations) for the people selected, as one PDF."""
        from .invitations import open_invitations

        uuids = uuids if uuids is not None else self.selected_uuids()
        if not uuids or not self.context.is_unlocked:
            return None
        self.invitations_dialog = open_invitations(self.context, uuids, self.year, self.month, second=second,
                                                   parent=self)
        return self.invitations_dialog

    def did_not_attend(self) -> None:
        """Record it, then offer their second invitation letters (the dialog: Make, or Close)."""
        uuids = self.selected_uuids()
        self.set_status(RecallStatus.DID_NOT_ATTEND.value,
                        then=lambda: self.invitation_letters(uuids, second=True))

    def results_letters(self):
        """The results letters for the people selected (issue 4's dialog: it checks who gets one)."""
        from ..letters import produce_letters  # (imported when first used: printing support is large)

        uuids = self.selected_uuids()
        return produce_letters(self.context, uuids, self) if uuids and self.context.is_unlocked else None

    def ask_booking(self, *, values: dict[str, Any] | None = None) -> BookingDialog | None:
        uuids = self.selected_uuids()
        if not uuids or self.booking_dialog is not None:
            return self.booking_dialog
        hours = ClinicHours.of(self.context.practice)
        first = first_slot(self.year, self.month, self.context.today(), hours)  # a clinic day, when it opens
        user = self.context.vault.user_name if self.context.vault is not None else ""
        rows = self._rows(uuids)
        dialog = BookingDialog(len(uuids), first, user or "", self, needs=self._needs(uuids),
                               gp_led=sum(1 for row in rows if "GP-led" in row.flags),
                               offer_tests=(first.date() - self.context.today()).days > TESTS_DAYS_BEFORE[1],
                               today=self.context.today())
        if values:
            dialog.set_values(values)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._booking_answered(dialog, uuids, result))
        self.booking_dialog = dialog
        dialog.open()
        return dialog

    def _rows(self, uuids: list[str]) -> list[Any]:
        cohort = self.cohort
        rows = {} if cohort is None else {row.uuid: row for part in (cohort.rows, cohort.overdue, cohort.self_care,
                                                                     cohort.declined) for row in part}
        return [rows[uuid] for uuid in uuids if uuid in rows]

    def _needs(self, uuids: list[str]) -> list[tuple[str, str, Any]]:
        """(uuid, name, needs) for the people chosen who need something arranged, in their order."""
        return [(row.uuid, row.name, row.needs) for row in self._rows(uuids) if row.needs.any]

    def _booking_answered(self, dialog: BookingDialog, uuids: list[str], result: int) -> None:
        if self.booking_dialog is dialog:
            self.booking_dialog = None
        if result == QDialog.DialogCode.Accepted and self.context.is_unlocked:
            self.book(uuids, dialog.booking())

    def book(self, uuids: list[str], booking: Booking) -> None:
        vault, year, month, today = self.context.vault, self.year, self.month, self.context.today()
        self._write(lambda control: book_appointments(vault, uuids, year, month, booking.starts_at,
                                                      booking.length_minutes, booking.with_whom, booking.location,
                                                      arranged=booking.arranged, gp=booking.gp, tests=booking.tests,
                                                      tests_with=booking.tests_with, today=today),
                    uuids, lambda made: f"Booked {len(made):,} care planning "
                                        f"{'appointment' if len(made) == 1 else 'appointments'}, from "
                                        f"{made[0].starts_at:%d/%m/%Y %H:%M}"
                                        + (" (and the tests 1 to 2 weeks before, where needed)." if booking.tests
                                           else "."))

    def set_status(self, status: str, *, then=None) -> None:
        uuids, vault, year, month, today = self.selected_uuids(), self.context.vault, self.year, self.month, \
            self.context.today()

        if uuids:  # one transaction: everyone selected, or nobody
            self._write(lambda control: set_recall_statuses(vault, uuids, year, month, status, on=today), uuids,
                        lambda count: f"Recorded “{_STATUS_LABELS[status]}” for {count:,} "
                                      f"{'person' if count == 1 else 'people'}.", then=then)

    def _write(self, job, uuids: list[str], done, then=None) -> None:
        self.ui.problem.clear_problem()
        self._show_result("")
        for button in self.ui.actions:
            button.setEnabled(False)

        def finished(result: Any) -> None:
            self._show_result(done(result))  # its own line: the selection's count does not replace it
            if then is not None:
                then()

        count = f"{len(uuids):,} {'person' if len(uuids) == 1 else 'people'} selected"
        self.context.tasks.write(job, name="recall", on_finished=finished, on_failed=lambda message: (
            self._show_problem(f"{message} Nothing was recorded for any of the {count}."), self._selection_changed()))

    def _show_result(self, text: str) -> None:
        """What the last action did; it stays until the nurse starts another or changes the month."""
        self.ui.result.setText(text)
        self.ui.result.setVisible(bool(text))

    # -- the lock ------------------------------------------------------------------------------------------
    def stash_unsaved(self) -> dict[str, Any]:
        stash: dict[str, Any] = {"month": [self.year, self.month], "grouping": self.model.grouping}
        if self.booking_dialog is not None:
            stash["booking"] = self.booking_dialog.values()
            stash["selected"] = self.selected_uuids()
        return {STASH_KEY: stash}

    def clear_patient_data(self) -> None:
        self._generation += 1
        dialog, self.booking_dialog = self.booking_dialog, None
        if dialog is not None:
            dialog.blockSignals(True)
            dialog.close()
        self.cohort = None
        self.model.clear()
        self.ui.summary.setText("")
        self.ui.problem.clear_problem()
        self._show_result("")
        self._selection_changed()

    def restore_unsaved(self, stash: dict[str, Any]) -> None:
        kept = stash.get(STASH_KEY) or {}
        if kept.get("grouping") == BY_COUNT:
            self.ui.by_count.setChecked(True)
        if "booking" in kept:
            self._pending = {"booking": kept["booking"], "selected": kept.get("selected", [])}
        year, month = kept.get("month", [self.year, self.month])
        if (year, month) != (self.year, self.month):
            self.set_month(year, month)  # reloads
        elif self._pending and self.cohort is not None and not self._loading:
            self._cohort_loaded(self.cohort, self._generation)


_STATUS_LABELS = {"to_invite": "to invite", "invited": "invited", "booked": "booked", "seen": "seen",
                  "did_not_attend": "did not attend", "declined": "declined", "letter_sent": "results letter sent"}
_STATUS_COUNTS = tuple((status, label) for status, label in _STATUS_LABELS.items())
