"""Issue 16: from Recall, book a group's two appointments and make the invitation letters.

The clock is fixed at 1 June 2025 (tests/ui/test_recall_view.TODAY); the demo practice's clinic
is 8:30am to 6pm, Monday to Friday. What must hold is worked out here, by hand, from the vault:
* each person's tests with the healthcare assistant are 7 to 14 days before their care planning
  appointment, and only where their conditions need tests (the conditions catalogue's results);
* every appointment starts and ends within 08:30-18:00 on a weekday that is not a bank holiday;
* no two booked appointments of the same clinician overlap (one was booked beforehand, in the
  middle of the clinic, and the group's slots go round it);
* the care planning appointment is 40 minutes, 60 with an interpreter; GP-led people see the GP;
* the invitations PDF holds each person's two appointments, large print for the person who needs
  it, and "we have booked an interpreter" only for the person whose interpreter was ticked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from PySide6.QtCore import QDate, QTime, Qt
from sqlalchemy import select

from careplan_desktop.models import Appointment, Condition, Patient, Recall
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store import Vault

from ..documents.pdf_text import page_texts, text_spans
from .test_recall_booking_needs import BANK_HOLIDAYS
from .test_recall_view import click_row, demo_path, open_recall  # noqa: F401 (demo_path: a fixture)

ROOT = Path(__file__).resolve().parents[2]
NURSE, GP, HCA = "Nora Hughes, practice nurse", "Dr Amir Shah", "Sam Lee, healthcare assistant"
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()


def long_date(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def spaced(nhs: str) -> str:
    return f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"


def catalogue() -> dict[str, dict]:
    found = json.loads((ROOT / "resources" / "reference" / "conditions.json").read_text(encoding="utf-8"))
    return {c["code"]: c for c in found["conditions"]}


def in_clinic(starts: dt.datetime, minutes: int) -> bool:
    ends = starts + dt.timedelta(minutes=minutes)
    return (starts.weekday() < 5 and starts.date() not in BANK_HOLIDAYS and ends.date() == starts.date()
            and starts.time() >= dt.time(8, 30) and ends.time() <= dt.time(18, 0))


def test_book_a_groups_two_appointments_and_make_their_invitations(
        qtbot, demo_path: Path, make_context, open_window, tmp_path: Path) -> None:  # noqa: F811
    conditions = catalogue()
    vault = Vault.unlock(demo_path, DEMO_PASSPHRASE)
    try:
        from careplan_desktop.services.recall.birth_month import recall_cohort

        cohort = recall_cohort(vault, 2025, 6, today=dt.date(2025, 6, 1))
        to_invite = {r.uuid for r in cohort.rows if r.status == "to_invite"}
        group = max((g for g in cohort.by_condition if set(g.patient_uuids) <= to_invite
                     and conditions[g.key]["results"]), key=lambda g: len(g.patient_uuids))
        members = list(group.patient_uuids)
        assert len(members) >= 2
        large, polish = members[0], members[1]
        with vault.transaction() as session:
            people = {p.uuid: p for p in session.scalars(select(Patient).where(Patient.uuid.in_(members)))}
            people[large].large_print, people[large].interpreter_language, people[large].bsl = True, None, False
            people[polish].large_print, people[polish].easy_read = False, False
            people[polish].interpreter_language, people[polish].bsl = "Polish", False
            # the nurse is already booked 09:40-10:20 on the day chosen (someone outside the group)
            other = session.scalar(select(Patient).where(Patient.uuid.not_in(members)))
            session.add(Appointment(patient_id=other.id, purpose="review", starts_at=dt.datetime(2025, 6, 23, 9, 40),
                                    length_minutes=40, with_whom=NURSE, status="booked", location="surgery"))
    finally:
        vault.lock()

    window, screen, vault = open_recall(qtbot, make_context, open_window, demo_path)
    click_row(qtbot, screen, screen.model.group_index(group.key))
    assert set(screen.selected_uuids()) == set(members)
    qtbot.mouseClick(screen.ui.book, Qt.MouseButton.LeftButton)
    dialog = screen.booking_dialog
    dialog.date.setDate(QDate(2025, 6, 23))  # Monday 23 June: tests from 9 to 16 June
    dialog.time.setTime(QTime(9, 0))
    dialog.with_whom.setText(NURSE)
    dialog.gp.setText(GP)
    assert not dialog.tests.isChecked()  # the first day proposed, 2 June, is too soon for tests before it
    dialog.tests.setFocus()
    qtbot.keyClick(dialog.tests, Qt.Key.Key_Space)
    assert dialog.tests.isChecked()
    dialog.tests_with.setFocus()
    qtbot.keyClicks(dialog.tests_with, HCA)
    dialog.ticks[(polish, "interpreter")].setChecked(True)
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(screen.model.row_of(u) and screen.model.row_of(u).status == "booked"
                                for u in members), timeout=20_000)

    with vault.reader() as session:
        ids = dict(session.execute(select(Patient.uuid, Patient.id).where(Patient.uuid.in_(members))).all())
        numbers = dict(session.execute(select(Patient.uuid, Patient.nhs_number).where(Patient.uuid.in_(members))).all())
        codes: dict[int, set[str]] = {}
        for pid, code in session.execute(select(Condition.patient_id, Condition.code)):
            codes.setdefault(pid, set()).add(code)
        recalls = {r.patient_id: r for r in session.scalars(select(Recall).where(
            Recall.due_year == 2025, Recall.due_month == 6, Recall.patient_id.in_(list(ids.values()))))}
        booked = session.scalars(select(Appointment).where(Appointment.status == "booked")).all()
        by_id = {a.id: a for a in booked}
    assert all(in_clinic(a.starts_at, a.length_minutes) for a in booked)
    by_clinician: dict[str, list[Appointment]] = {}
    for a in booked:
        by_clinician.setdefault((a.with_whom or "").casefold(), []).append(a)
    for clinician, items in by_clinician.items():
        items.sort(key=lambda a: a.starts_at)
        for first, second in zip(items, items[1:]):
            assert first.starts_at + dt.timedelta(minutes=first.length_minutes) <= second.starts_at, clinician
    expected_dates: dict[str, list[dt.datetime]] = {}
    for uuid in members:
        recall = recalls[ids[uuid]]
        review = by_id[recall.appointment_id]
        mine = codes.get(ids[uuid], set())
        gp_led = any("gp_led" in conditions[c]["flags"] for c in mine if c in conditions)
        needs_tests = any(conditions[c]["results"] for c in mine if c in conditions)
        assert review.with_whom == (GP if gp_led else NURSE)
        assert review.length_minutes == (60 if uuid == polish else 40)
        assert review.starts_at.date() >= dt.date(2025, 6, 23)
        if needs_tests:
            tests = by_id[recall.tests_appointment_id]
            assert tests.purpose == "tests" and tests.with_whom == HCA
            assert 7 <= (review.starts_at.date() - tests.starts_at.date()).days <= 14
            expected_dates[uuid] = [tests.starts_at, review.starts_at]
        else:
            assert recall.tests_appointment_id is None
            expected_dates[uuid] = [review.starts_at]
    assert by_id[recalls[ids[polish]].appointment_id].interpreter_arranged is True

    qtbot.mouseClick(screen.ui.invitations, Qt.MouseButton.LeftButton)
    letters = screen.invitations_dialog
    qtbot.waitUntil(lambda: letters.batch is not None, timeout=20_000)
    assert letters.summary.text().startswith(f"{len(members)} letters to make.")
    out = tmp_path / "june-invitations.pdf"
    letters.path.setText(str(out))
    qtbot.mouseClick(letters.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: letters.made is not None, timeout=30_000)
    assert letters.made == len(members) and out.exists()

    pages = page_texts(out)
    starts = [i for i, page in enumerate(pages) if re.search(r"Page 1 of \d+", page)]
    assert len(starts) == len(members)
    own: dict[str, list[int]] = {}
    for n, first in enumerate(starts):
        numbers_here = [u for u in members if spaced(numbers[u]) in pages[first]]
        assert len(numbers_here) == 1
        own[numbers_here[0]] = list(range(first, starts[n + 1] if n + 1 < len(starts) else len(pages)))
    for uuid, when in expected_dates.items():
        text = " ".join(pages[i] for i in own[uuid])
        for moment in when:
            assert long_date(moment.date()) in text, uuid
        assert ("What we will check" in text) == (len(when) == 2)
    polish_text = " ".join(pages[i] for i in own[polish])
    assert "We have booked an interpreter who speaks Polish" in polish_text
    assert "about 60 minutes" in polish_text
    others = " ".join(pages[i] for u in members if u != polish for i in own[u])
    assert "interpreter" not in others
    large_sizes = [span.size for i in own[large] for span in text_spans(out, i)
                   if not re.fullmatch(r"Page \d+ of \d+", span.text)]
    normal_sizes = [span.size for i in own[polish] for span in text_spans(out, i)]
    assert min(large_sizes) >= 12 and sorted(large_sizes)[len(large_sizes) // 2] >= 16
    assert sorted(normal_sizes)[len(normal_sizes) // 2] < 16
