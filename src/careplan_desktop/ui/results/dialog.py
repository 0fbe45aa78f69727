"""Entering one person's results: keyboard fast, checked as you type, saved in one go.

Tab moves from the date to each check in turn and on to Save; Enter saves from any field.
Leaving a field checks it: an impossible value is refused there and then, in red, with the
range the field accepts (also shown inside the empty field). An unusual value shows an amber
note; Save then stops once and asks for it to be checked, and the second Save keeps it (changing
the value asks again). BMI is worked out from the weight and the height as they are typed.
Each check has a small trend chart of its earlier values.

Saving runs as one write job (one transaction, audited); the register is told afterwards.
Locking keeps what was typed in memory, empties the dialog and hides it; unlocking reloads the
person and puts the typed values back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.services.results.entry import (
    BMI, HEIGHT, TAKEN_ON, WEIGHT, EntryChecks, ResultsForm, SavedResults, check_entries, results_form, save_results,
)

from ..context import AppContext
from ..dates import uk_date
from ..widgets import muted, problem_colour, scaled_font, warning_colour
from .layout import build
from .lock_watch import watch_lock
from .rows import COLUMNS, ResultRow

NOTHING_TYPED = "Type at least one result to save."


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class ResultsEntryDialog(QDialog):
    saved = Signal(object)  # SavedResults, after the write has committed

    def __init__(self, context: AppContext, patient_uuid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_uuid = patient_uuid
        self.form: ResultsForm | None = None
        self.rows: dict[str, ResultRow] = {}
        self._confirmed: dict[str, str] = {}  # code -> the value text confirmed as unusual but right
        self._stash: dict[str, Any] | None = None
        self._generation = 0
        self._saving = False
        self.setObjectName("results_entry")
        self.setWindowTitle("Enter results")
        self.setSizeGripEnabled(True)
        build(self)
        watch_lock(parent, on_locked=self.lock_happened, on_unlocked=self.unlock_happened)
        self.load()

    def _show_placeholder(self, text: str) -> None:
        self.rows = {}
        holder = QWidget(self.scroll)
        column = QVBoxLayout(holder)
        column.addWidget(muted(text, holder, factor=1.0))
        column.addStretch(1)
        self.scroll.setWidget(holder)  # the previous grid (and any typed value) is deleted
        self.save_button.setEnabled(False)

    def _show_form(self, form: ResultsForm) -> None:
        self.form = form
        self.title.setText(form.full_name)
        nhs = f"{form.nhs_number[:3]} {form.nhs_number[3:6]} {form.nhs_number[6:]}"
        self.identity.setText(f"NHS number {nhs} · born {uk_date(form.date_of_birth)} ({form.age}) · "
                              + (", ".join(form.conditions) or "no conditions recorded"))
        a = form.appointment
        self.appointment.setText(
            f"Next appointment: {a.starts_at:%A} {uk_date(a.starts_at.date())} at {a.starts_at:%H:%M}, "
            f"{a.location}" + (f" with {a.with_whom}" if a.with_whom else "") if a else "No appointment booked yet.")
        today = self.context.today()
        self.taken_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.taken_on.setDate(QDate(today.year, today.month, today.day))
        grid_holder = QWidget(self.scroll)
        grid = QGridLayout(grid_holder)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        for column, title in enumerate(COLUMNS):
            label = QLabel(title, grid_holder)
            label.setFont(scaled_font(label.font(), 1.0, bold=True))
            grid.addWidget(label, 0, column)
        self.rows = {}
        for index, result_field in enumerate(form.fields):
            row = ResultRow(result_field, grid, 1 + index * 2, grid_holder)
            row.connect_changed(lambda _text, code=result_field.code: self._value_changed(code))
            if not result_field.computed and hasattr(row.input, "editingFinished"):
                row.input.editingFinished.connect(lambda code=result_field.code: self.check_field(code))
            self.rows[result_field.code] = row
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(1 + len(form.fields) * 2, 1)
        if not form.fields:
            grid.addWidget(muted("No checks are listed for this person's conditions.", grid_holder), 1, 0, 1, 5)
        self.scroll.setWidget(grid_holder)
        self._tab_order()
        self.save_button.setEnabled(bool(form.fields))
        self._update_bmi()
        first = next((r.input for r in self.rows.values() if not r.field.computed), None)
        (first or self.taken_on).setFocus(Qt.FocusReason.OtherFocusReason)

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.taken_on]
        chain += [row.input for row in self.rows.values() if not row.field.computed]
        chain += [self.save_button, self.close_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    # -- loading --------------------------------------------------------------------------------------
    def load(self) -> None:
        if not self.context.is_unlocked:
            return
        vault, today, generation = self.context.vault, self.context.today(), self._generation
        self.context.tasks.read(lambda control: results_form(vault, self.patient_uuid, today),
                                name="load results form",
                                on_finished=lambda form: self._loaded(form, generation),
                                on_failed=self._load_failed)

    def _loaded(self, form: ResultsForm, generation: int) -> None:
        if generation != self._generation or not self.context.is_unlocked:
            return
        self._show_form(form)
        if self._stash:
            self.restore_unsaved(self._stash)
        self._stash = None

    def _load_failed(self, message: str) -> None:
        self._show_placeholder(message)

    # -- checking ---------------------------------------------------------------------------------
    def entries(self) -> dict[str, str]:
        return {code: row.text() for code, row in self.rows.items() if row.typed}

    def _taken_on(self) -> dt.date:
        return self.taken_on.date().toPython()

    def run_checks(self, entries: dict[str, str] | None = None) -> EntryChecks:
        form = self.form
        return check_entries(load_reference_data(), self.entries() if entries is None else entries,
                             taken_on=self._taken_on(), today=self.context.today(),
                             date_of_birth=form.date_of_birth if form else None,
                             recorded_height=form.recorded_height if form else None)

    def check_field(self, code: str) -> None:
        """Leaving a field: refuse an impossible value at once, note an unusual one."""
        row = self.rows.get(code)
        if row is None or not row.typed:
            return
        checks = self.run_checks({code: row.text()})
        if code in checks.refused:
            row.show_message(checks.refused[code], "refused")
        elif code in checks.unusual and self._confirmed.get(code) != row.text():
            row.show_message(checks.unusual[code], "unusual")
        else:
            row.clear_message()

    def _value_changed(self, code: str) -> None:
        row = self.rows[code]
        if row.message_kind:
            row.clear_message()
        self.banner.clear_problem()
        if code in (WEIGHT, HEIGHT):
            self._update_bmi()
        checks = self.run_checks({code: row.text()}) if row.typed else EntryChecks()
        accepted = checks.accepted.get(code)
        if accepted is None:
            row.chart.set_pending(None)
        elif row.field.kind == "blood_pressure":
            row.chart.set_pending(accepted.systolic, accepted.diastolic)
        else:
            row.chart.set_pending(accepted.value)

    def _update_bmi(self) -> None:
        bmi_row = self.rows.get(BMI)
        if bmi_row is None:
            return
        wanted = {code: self.rows[code].text() for code in (WEIGHT, HEIGHT) if code in self.rows and self.rows[code].typed}
        checks = self.run_checks(wanted) if WEIGHT in wanted else EntryChecks()
        bmi_row.set_text(f"{checks.bmi:g}" if checks.bmi is not None else "")
        bmi_row.chart.set_pending(checks.bmi)
        if BMI in checks.refused:
            bmi_row.show_message(checks.refused[BMI], "refused")
        elif BMI in checks.unusual:
            bmi_row.show_message(checks.unusual[BMI], "unusual")
        else:
            bmi_row.clear_message()

    # -- saving -----------------------------------------------------------------------------------------
    def _current_text(self, code: str) -> str:
        return self.rows[code].text() if code in self.rows else ""

    def save(self) -> None:
        if self._saving or self.form is None or not self.context.is_unlocked:
            return
        self.banner.clear_problem()
        self.date_problem.clear_problem()
        entries = self.entries()
        checks = self.run_checks(entries)
        for code, row in self.rows.items():
            if code in checks.refused:
                row.show_message(checks.refused[code], "refused")
            elif row.message_kind == "refused":
                row.clear_message()
        if TAKEN_ON in checks.refused:
            self.date_problem.show_problem(checks.refused[TAKEN_ON])
        self._banner_colour("refused")
        if checks.refused:
            self.banner.show_problem(f"Nothing saved: {_plural(len(checks.refused), 'value needs', 'values need')} "
                                     "correcting (marked in red).")
            self._focus_first(checks.refused)
            return
        if not checks.accepted:
            self.banner.show_problem(NOTHING_TYPED)
            return
        confirmed = {code for code, text in self._confirmed.items() if self._confirm_text(code, checks) == text}
        waiting = checks.needs_confirming(confirmed)
        if waiting:
            for code, message in waiting.items():
                self.rows[code].show_message(f"{message} If it is right, press Save again to keep it.", "unusual")
                self._confirmed[code] = self._confirm_text(code, checks)
            self._banner_colour("unusual")
            self.banner.show_problem(f"{_plural(len(waiting), 'value is', 'values are')} unusual: check "
                                     f"{'it' if len(waiting) == 1 else 'them'}, then press Save again to keep "
                                     f"{'it' if len(waiting) == 1 else 'them'}.")
            self._focus_first(waiting)
            return
        self._submit(entries, confirmed)

    def _banner_colour(self, kind: str) -> None:
        """Red for what stops a save; amber for what only needs a second look."""
        palette = self.banner.palette()
        colour = problem_colour(palette) if kind == "refused" else warning_colour(palette)
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.banner.setPalette(palette)

    def _confirm_text(self, code: str, checks: EntryChecks) -> str:
        return f"{checks.bmi:g}" if code == BMI and checks.bmi is not None else self._current_text(code)

    def _focus_first(self, codes) -> None:
        for code, row in self.rows.items():
            if code in codes and not row.field.computed:
                row.input.setFocus(Qt.FocusReason.OtherFocusReason)
                self.scroll.ensureWidgetVisible(row.input)
                return
        if TAKEN_ON in codes:
            self.taken_on.setFocus()

    def _submit(self, entries: dict[str, str], confirmed: set[str]) -> None:
        vault, today, taken_on = self.context.vault, self.context.today(), self._taken_on()
        uuid, state = self.patient_uuid, {"saved": None}

        def job(control) -> SavedResults:
            state["saved"] = save_results(vault, uuid, entries, taken_on, confirmed=confirmed, today=today)
            return state["saved"]

        self._saving = True
        self.save_button.setEnabled(False)
        self.banner.clear_problem()
        self.context.tasks.write(job, name="save results", on_finished=self._saved,
                                 on_failed=self._save_failed,
                                 on_cancelled=lambda: self._save_cancelled(state["saved"]))

    def _saved(self, saved: SavedResults) -> None:
        self._saving = False
        self.saved.emit(saved)
        self.done(QDialog.DialogCode.Accepted)

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self.save_button.setEnabled(self.form is not None)
        self.banner.show_problem(message)

    def _save_cancelled(self, saved: SavedResults | None) -> None:
        """Locking cancelled the save job: if it had committed, the values are in the vault."""
        self._saving = False
        if saved is not None:
            self._stash = None
            self.done(QDialog.DialogCode.Accepted)
        else:
            self.save_button.setEnabled(self.form is not None)

    # -- closing ---------------------------------------------------------------------------------------
    def reject(self) -> None:
        typed = sum(1 for row in self.rows.values() if row.typed)
        if typed and not self._saving and self.isVisible():
            answer = QMessageBox.question(
                self, "Enter results", f"Close without saving {_plural(typed, 'result', 'results')} you typed?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def discard(self) -> None:
        """Close without asking (tests and shutdown)."""
        self.clear_patient_data()
        super().reject()

    # -- the lock -------------------------------------------------------------------------------------
    def stash_unsaved(self) -> dict[str, Any]:
        values = {code: row.text() for code, row in self.rows.items() if row.typed}
        if not values:
            return {}
        return {"values": values, "taken_on": self._taken_on().isoformat(), "confirmed": dict(self._confirmed)}

    def restore_unsaved(self, stash: dict[str, Any]) -> None:
        taken_on = stash.get("taken_on")
        if taken_on:
            day = dt.date.fromisoformat(taken_on)
            self.taken_on.setDate(QDate(day.year, day.month, day.day))
        for code, text in stash.get("values", {}).items():
            if code in self.rows:
                self.rows[code].set_text(text)
                self._value_changed(code)
        self._confirmed = dict(stash.get("confirmed", {}))

    def clear_patient_data(self) -> None:
        self._generation += 1
        self.form = None
        self._confirmed = {}
        for label in (self.identity, self.appointment):
            label.clear()
        self.title.setText("Locked")
        self.banner.clear_problem()
        self.date_problem.clear_problem()
        self._show_placeholder("")

    def vault_unlocked(self) -> None:
        self.load()

    def lock_happened(self) -> None:
        self._was_visible = self.isVisible()
        self._stash = (self.stash_unsaved() or None) if self._was_visible else None
        self.clear_patient_data()
        self.hide()

    def unlock_happened(self) -> None:
        if getattr(self, "_was_visible", False):
            self.show()
            self.vault_unlocked()
