"""Booking from the recall view asks, for each person who needs an interpreter, a BSL interpreter
or someone with them, whether it has been arranged, and records the answer on the appointment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QGroupBox
from sqlalchemy import select

from careplan_desktop.models import Appointment, Patient, Recall
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.recall.birth_month import recall_cohort
from careplan_desktop.store import Vault

from .test_recall_view import TODAY, click_row, demo_path, open_recall  # noqa: F401 (demo_path: a fixture)


# England and Wales, from gov.uk/bank-holidays (the test's own list)
BANK_HOLIDAYS = {dt.date(2025, m, d) for m, d in ((1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25),
                                                       (12, 26))}
BANK_HOLIDAYS |= {dt.date(2026, 1, 1), dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 5, 4)}


def arranged(vault: Vault, uuid: str) -> tuple:
    with vault.reader() as session:
        return tuple(session.execute(
            select(Appointment.interpreter_arranged, Appointment.bsl_arranged, Appointment.companion_arranged)
            .join(Recall, Recall.appointment_id == Appointment.id).join(Patient, Patient.id == Recall.patient_id)
            .where(Patient.uuid == uuid, Recall.due_year == 2025, Recall.due_month == 6)).one())


def test_booking_asks_what_was_arranged_and_records_it_on_the_appointment(
        qtbot, demo_path: Path, make_context, open_window) -> None:  # noqa: F811
    vault = Vault.unlock(demo_path, DEMO_PASSPHRASE)
    try:
        to_invite = [row.uuid for row in recall_cohort(vault, 2025, 6, today=TODAY).rows if row.status == "to_invite"]
        first, second = to_invite[:2]
        with vault.transaction() as session:
            people = {p.uuid: p for p in session.scalars(select(Patient).where(Patient.uuid.in_([first, second])))}
            people[first].interpreter_language, people[first].needs_companion, people[first].bsl = "Polish", True, False
            people[second].interpreter_language, people[second].needs_companion, people[second].bsl = None, False, True
            names = {uuid: f"{p.given_name} {p.family_name}" for uuid, p in people.items()}
    finally:
        vault.lock()

    window, screen, vault = open_recall(qtbot, make_context, open_window, demo_path)
    click_row(qtbot, screen, screen.model.indexes_of(first)[0])
    click_row(qtbot, screen, screen.model.indexes_of(second)[0], Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(screen.ui.book, Qt.MouseButton.LeftButton)
    dialog = screen.booking_dialog
    assert dialog.date.date() == QDate(2025, 6, 2)  # Sunday 1 June: Monday, a working day
    ticks = {key: tick.text() for key, tick in dialog.ticks.items()}
    assert ticks == {(first, "interpreter"): f"Interpreter who speaks Polish booked for {names[first]}",
                     (first, "companion"): f"Someone will come with {names[first]}",
                     (second, "bsl"): f"BSL interpreter booked for {names[second]}"}
    assert not any(tick.isChecked() for tick in dialog.ticks.values())  # nothing claimed until ticked
    interpreter = dialog.ticks[(first, "interpreter")]
    interpreter.setFocus()
    qtbot.keyClick(interpreter, Qt.Key.Key_Space)
    assert interpreter.isChecked()
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(screen.model.row_of(u) and screen.model.row_of(u).status == "booked"
                                for u in (first, second)), timeout=10_000)
    assert arranged(vault, first) == (True, None, False)
    assert arranged(vault, second) == (None, False, None)


def test_no_question_for_people_with_nothing_to_arrange(qtbot, demo_path: Path, make_context,  # noqa: F811
                                                        open_window) -> None:
    window, screen, vault = open_recall(qtbot, make_context, open_window, demo_path)
    with vault.reader() as session:
        needing = set(session.scalars(select(Patient.uuid).where(
            (Patient.interpreter_language.is_not(None)) | Patient.bsl | Patient.needs_companion)))
    person = next(row.uuid for row in screen.cohort.rows if row.uuid not in needing and row.status == "to_invite")
    click_row(qtbot, screen, screen.model.indexes_of(person)[0])
    qtbot.mouseClick(screen.ui.book, Qt.MouseButton.LeftButton)
    dialog = screen.booking_dialog
    assert dialog.ticks == {} and dialog.findChild(QGroupBox, "booking_arranged") is None
    dialog.date.setDate(QDate(2025, 6, 3))
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.row_of(person).status == "booked", timeout=10_000)
    assert arranged(vault, person) == (None, None, None)


def test_booking_from_the_reviews_view_asks_too_and_proposes_a_working_day(
        qtbot, demo_path: Path, make_context, open_window, monkeypatch) -> None:  # noqa: F811
    """Booking one person's review from the reviews view uses the same dialog: a working day when
    the practice's clinic opens, and a tick for the interpreter they need."""
    from careplan_desktop.ui.recall import booking

    vault = Vault.unlock(demo_path, DEMO_PASSPHRASE)
    with vault.transaction() as session:
        person = session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS))  # she has an agreed plan
        person.interpreter_language, uuid, due = "Punjabi", person.uuid, person.next_review_date
    context = make_context(demo_path, vault)
    context.today = lambda: TODAY
    window = open_window(context)
    screen = window.show_area("reviews")
    qtbot.waitUntil(lambda: screen.due_list.due is not None, timeout=10_000)
    screen.due_list.set_month(due)
    qtbot.waitUntil(lambda: screen.due_list.row_for(uuid) is not None, timeout=10_000)
    shown: list = []

    def answer(dialog) -> int:  # the modal dialog as the nurse sees it: tick the interpreter, Book
        shown.append((dialog.date.date(), dialog.time.time().hour(), [t.text() for t in dialog.ticks.values()]))
        dialog.ticks[(uuid, "interpreter")].setChecked(True)
        return booking.BookingDialog.DialogCode.Accepted

    monkeypatch.setattr(booking.BookingDialog, "exec", answer)
    screen._book(uuid)
    day = max(due, TODAY + dt.timedelta(days=1))
    while day.weekday() >= 5 or day in BANK_HOLIDAYS:  # by hand: the first working day from then
        day += dt.timedelta(days=1)
    # the demo practice's clinic opens at 8:30am (its clinic hours in Settings)
    assert shown == [(QDate(day.year, day.month, day.day), 8, ["Interpreter who speaks Punjabi booked for Lorna Baxter"])]
    qtbot.waitUntil(lambda: screen.status.text() == "Review booked.", timeout=10_000)
    with vault.reader() as session:
        assert session.scalar(select(Appointment.interpreter_arranged).join(Patient)
                              .where(Patient.uuid == uuid, Appointment.status == "booked")) is True


def test_the_dialog_says_when_the_day_chosen_is_a_bank_holiday_and_keeps_slots_in_clinic_hours(qtbot) -> None:
    from careplan_desktop.ui.recall.booking import BookingDialog

    dialog = BookingDialog(14, dt.datetime(2026, 12, 24, 9, 0), "Nora Hughes", None)
    qtbot.addWidget(dialog)
    # 12 double appointments fit 09:00 to 17:00; the last two are on Tuesday 29 December, 09:00 to 10:20
    assert "until 10:20 on Tue 29/12/2026" in dialog.summary.text()
    assert "bank holiday" not in dialog.summary.text()
    dialog.date.setFocus()
    dialog.date.setDate(QDate(2026, 12, 25))
    assert "Friday 25/12/2026 is a bank holiday (Christmas Day)" in dialog.summary.text()
