"""The demo vault: the same made-up people whatever the date it is made on; bookings only on working
days, within clinic hours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.models import Action, Appointment, Condition, Patient, PlanVersion
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault
from careplan_desktop.services.demo.case_studies import DEMO_NHS_NUMBERS
from careplan_desktop.domain.working_days import is_working_day

PEOPLE = 300
# June; December (Christmas, Boxing Day on a Saturday, New Year next month); a leap day in March's
# Easter year; the Sunday British Summer Time starts, with Easter 2027 in the same month
DAYS = (dt.date(2026, 6, 15), dt.date(2026, 12, 2), dt.date(2028, 2, 29), dt.date(2027, 3, 28))
# bank holidays in England and Wales written out here, not taken from the code under test
BANK_HOLIDAYS = {dt.date(2026, 12, 25), dt.date(2026, 12, 28), dt.date(2027, 1, 1), dt.date(2027, 3, 26),
                 dt.date(2027, 3, 29), dt.date(2028, 4, 14), dt.date(2028, 4, 17), dt.date(2026, 8, 31)}
SESSIONS = ((dt.time(9, 0), dt.time(12, 0)), (dt.time(14, 0), dt.time(17, 0)))


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> dict[dt.date, dict]:
    """What each demo vault holds, by the day it was made on."""
    made = {}
    for today in DAYS:
        path = tmp_path_factory.mktemp("demo") / "demo.vault"
        vault = create_demo_vault(path, DEMO_PASSPHRASE, patients=PEOPLE, seed=7, today=today)
        try:
            with vault.reader() as session:
                people = {}
                for patient in session.scalars(select(Patient)):
                    codes = sorted(session.scalars(select(Condition.code).where(Condition.patient_id == patient.id)))
                    born = patient.date_of_birth
                    people[patient.nhs_number] = (
                        patient.title, patient.given_name, patient.family_name, patient.sex,
                        # Lorna, Jack and James were born on fixed dates; made-up people keep their age
                        born if patient.nhs_number in DEMO_NHS_NUMBERS else today.year - born.year, born.month, born.day, patient.level_of_need, patient.housebound,
                        patient.large_print, patient.easy_read, patient.interpreter_language,
                        patient.lead_professional, patient.offer_status, patient.address, patient.phone,
                        patient.gp_name, tuple(codes),
                    )
                bookings = [(a.starts_at, a.length_minutes) for a in session.scalars(select(Appointment))]
                proposed = [*session.scalars(select(PlanVersion.review_date).where(PlanVersion.review_date.is_not(None))),
                            *session.scalars(select(Patient.next_review_date).where(Patient.next_review_date.is_not(None))),
                            *session.scalars(select(Action.due_on).where(Action.due_on.is_not(None)))]
        finally:
            vault.lock()
        made[today] = {"people": people, "bookings": bookings, "proposed": proposed}
    return made


def test_the_same_seed_makes_the_same_people_whatever_the_date(demos) -> None:
    first, *others = DAYS
    people = demos[first]["people"]
    assert len(people) == PEOPLE + 3  # and Lorna, Jack and James
    assert len({p[1:3] for p in people.values()}) > PEOPLE // 2  # not one name copied
    for day in others:
        assert demos[day]["people"] == people, f"the demo made on {day} holds other people than on {first}"


def test_another_seed_makes_other_people(tmp_path: Path, demos) -> None:
    vault = create_demo_vault(tmp_path / "other.vault", DEMO_PASSPHRASE, patients=20, seed=8, today=DAYS[0])
    try:
        with vault.reader() as session:
            names = {(p.nhs_number, p.given_name, p.family_name) for p in session.scalars(select(Patient))}
    finally:
        vault.lock()
    seven = {(number, person[1], person[2]) for number, person in demos[DAYS[0]]["people"].items()}
    assert len(names - seven) > 10


@pytest.mark.parametrize("today", DAYS)
def test_demo_bookings_are_on_working_days_within_clinic_hours(demos, today: dt.date) -> None:
    bookings = demos[today]["bookings"]
    assert len(bookings) > 20
    for starts_at, minutes in bookings:
        day, ends_at = starts_at.date(), starts_at + dt.timedelta(minutes=minutes)
        assert day.weekday() < 5 and day not in BANK_HOLIDAYS, f"booked on {day:%A %d %B %Y}"
        assert is_working_day(day), f"booked on {day:%A %d %B %Y}"
        assert ends_at.date() == day
        assert any(opens <= starts_at.time() and ends_at.time() <= closes for opens, closes in SESSIONS), (
            f"{starts_at:%H:%M} for {minutes} minutes is outside clinic hours")
        assert 0 <= (day.year * 12 + day.month) - (today.year * 12 + today.month) <= 1  # this month or next


@pytest.mark.parametrize("today", DAYS)
def test_demo_review_dates_and_action_dates_are_working_days(demos, today: dt.date) -> None:
    proposed = demos[today]["proposed"]
    assert len(proposed) >= 6  # Lorna's and James's review dates (plan and register), and three actions
    for day in proposed:
        assert day.weekday() < 5 and day not in BANK_HOLIDAYS, f"{day:%A %d %B %Y}"
