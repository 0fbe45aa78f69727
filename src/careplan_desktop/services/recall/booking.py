"""Booking a recall's two appointments (Holmside, DOMAIN "Prepare"): the tests and checks with the
healthcare assistant one to two weeks before, and the care planning appointment, a double
appointment with a nurse, or with a GP for the people the recall flags as GP-led.

* Times fall within the practice's clinic hours (Settings: "8:30am to 6pm" for each day; a day
  not named has no clinic; 9am to 5pm Monday to Friday until the practice sets them) on working
  days (never a weekend or a bank holiday in England and Wales).
* Never two bookings at once for the same clinician (named the same, ignoring case): a time
  given exactly (one per person) that clashes, or falls outside clinic hours, is refused; back-to-back
  slots from a first time skip the times already taken.
* Someone who needs an interpreter or a BSL interpreter gets a longer appointment (the words go
  through twice); housebound people get home visits; each appointment keeps a line for each of
  the person's communication needs (`needs_note`), for whoever runs the clinic.
* The tests appointment is made only for people whose conditions need tests (the conditions
  catalogue lists the results each needs: depression or epilepsy alone need none).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.domain.working_days import next_working_day
from careplan_desktop.models import Appointment, Condition, Patient, Recall, RecallStatus
from careplan_desktop.services.practice.details import read_practice
from careplan_desktop.services.recall.birth_month import (
    AppointmentInfo, SupportNeeds, month_bounds, month_recalls, people_by_uuid,
)
from careplan_desktop.services.recall.clinic_hours import BookingProblem, ClinicHours
from careplan_desktop.services.register.status import refuse_off_register
from careplan_desktop.services.staff.roles import require
from careplan_desktop.store import Vault

DOUBLE_APPOINTMENT_MINUTES = 40
TESTS_MINUTES = 20  # bloods, blood pressure, weight, feet ... with the healthcare assistant
EXTRA_MINUTES_WITH_INTERPRETER = 20  # an interpreter or BSL: everything is said twice
TESTS_DAYS_BEFORE = (14, 7)  # the tests: from two weeks to one week before the review
HCA = "the healthcare assistant"  # a tests appointment booked without a name


@dataclass(frozen=True, slots=True)
class Arranged:
    """What the person booking says is arranged for one person's appointment."""

    interpreter: bool = False
    bsl: bool = False
    companion: bool = False


def proposed_slot(on_or_after: dt.date, today: dt.date, hours: ClinicHours | None = None) -> dt.datetime:
    """The slot the app proposes for a review wanted from `on_or_after`: when the clinic opens, on
    the first clinic day (never a weekend or a bank holiday in England and Wales) from then that
    is after today."""
    hours = hours or ClinicHours.usual()
    day = hours.next_clinic_day(next_working_day(max(on_or_after, today + dt.timedelta(days=1))))
    return hours.on(day)[0]  # type: ignore[index]


def first_slot(year: int, month: int, today: dt.date, hours: ClinicHours | None = None) -> dt.datetime:
    """The first slot the app proposes for a month's reviews (:func:`proposed_slot`)."""
    return proposed_slot(month_bounds(year, month)[0], today, hours)


def support_needs(vault: Vault, patient_uuids: Sequence[str]) -> dict[str, tuple[str, SupportNeeds]]:
    """(name, needs) of the people given who need something arranged for an appointment."""
    found: dict[str, tuple[str, SupportNeeds]] = {}
    with vault.reader() as session:
        for patient in people_by_uuid(session, patient_uuids).values():
            needs = SupportNeeds.of(patient)
            if needs.any:
                found[patient.uuid] = (patient.display_name, needs)
    return found


def review_minutes(needs: SupportNeeds, usual: int = DOUBLE_APPOINTMENT_MINUTES) -> int:
    """A care planning appointment's length: longer when an interpreter or BSL interpreter is needed."""
    return usual + (EXTRA_MINUTES_WITH_INTERPRETER if needs.interpreter_language or needs.bsl else 0)


def tests_minutes(needs: SupportNeeds) -> int:
    return TESTS_MINUTES + (EXTRA_MINUTES_WITH_INTERPRETER // 2 if needs.interpreter_language or needs.bsl else 0)


def clinic_slots(first: dt.datetime, count: int, length_minutes: int,
                 hours: ClinicHours | None = None) -> list[dt.datetime]:
    """`count` back-to-back slots from `first` (the time chosen). A slot that would end after the
    clinic closes starts the next clinic day when it opens instead (no clashes are looked at:
    the dialog's preview; booking itself skips times already taken)."""
    book = _Diary(hours or ClinicHours.usual())
    slots: list[dt.datetime] = []
    when = first
    for _ in range(count):
        when = book.free_from(when, length_minutes, "")
        slots.append(when)
        when += dt.timedelta(minutes=length_minutes)
    return slots


class _Diary:
    """Each clinician's bookings (start, end), to find a free time or refuse a clash."""

    def __init__(self, hours: ClinicHours) -> None:
        self.hours = hours
        self.taken: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)

    def add(self, who: str, starts: dt.datetime, minutes: int) -> None:
        if who:
            self.taken[who.casefold()].append((starts, starts + dt.timedelta(minutes=minutes)))

    def clash(self, who: str, starts: dt.datetime, minutes: int) -> tuple[dt.datetime, dt.datetime] | None:
        ends = starts + dt.timedelta(minutes=minutes)
        return next((t for t in self.taken.get(who.casefold(), ()) if t[0] < ends and starts < t[1]), None) \
            if who else None

    def free_from(self, when: dt.datetime, minutes: int, who: str, *, before: dt.datetime | None = None
                  ) -> dt.datetime:
        """The first time from `when` inside clinic hours, free for `who`, starting by `before`."""
        for _ in range(20_000):
            opens_closes = self.hours.on(when.date())
            if opens_closes is None:
                when = dt.datetime.combine(self.hours.next_clinic_day(when.date()), dt.time())
                opens_closes = self.hours.on(when.date())
            opens, closes = opens_closes  # type: ignore[misc]
            when = max(when, opens)
            if before is not None and when > before:
                break
            if when + dt.timedelta(minutes=minutes) > closes:
                when = dt.datetime.combine(when.date() + dt.timedelta(days=1), dt.time())
                continue
            taken = self.clash(who, when, minutes)
            if taken is None:
                return when
            when = taken[1]
        raise BookingProblem("There is no free time for this booking in clinic hours.")


def _clinician(patient: Patient, gp_led: bool, with_whom: str | None, gp: str | None) -> str | None:
    return (gp or with_whom) if gp_led else with_whom


def needs_note(patient: Patient, arranged: Appointment | None = None) -> str | None:
    """A line for each communication need, for the booking (what has been arranged, as recorded)."""

    def state(done: bool | None) -> str:
        return "arranged" if done else "not arranged yet"

    lines = []
    if patient.interpreter_language:
        lines.append(f"Interpreter ({patient.interpreter_language.strip()}): "
                     f"{state(arranged and arranged.interpreter_arranged)}; a longer appointment")
    if patient.bsl:
        lines.append(f"BSL interpreter: {state(arranged and arranged.bsl_arranged)}; a longer appointment")
    if patient.needs_companion:
        lines.append(f"Needs someone with them: {state(arranged and arranged.companion_arranged)}")
    if patient.braille:
        lines.append("Braille: letters must be transcribed into braille (the app cannot print braille)")
    if patient.large_print:
        lines.append("Large print letters")
    if patient.easy_read:
        lines.append("Easy read letters")
    return "\n".join(lines) or None


def arrangements(needs: SupportNeeds, arranged: Arranged | None) -> dict[str, bool | None]:
    """The appointment's columns for what was arranged: None where there is no such need."""
    arranged = arranged or Arranged()
    return {"interpreter_arranged": arranged.interpreter if needs.interpreter_language else None,
            "bsl_arranged": arranged.bsl if needs.bsl else None,
            "companion_arranged": arranged.companion if needs.companion else None}


def _condition_facts(session: Session, patient_ids: Sequence[int]) -> dict[int, tuple[bool, bool]]:
    """(needs tests, GP-led) for each person, from their conditions and the catalogue."""
    catalogue = {c.code: c for c in load_reference_data().conditions}
    facts: dict[int, tuple[bool, bool]] = {pid: (False, False) for pid in patient_ids}
    for start in range(0, len(patient_ids), 500):
        for pid, code in session.execute(select(Condition.patient_id, Condition.code).where(
                Condition.patient_id.in_(list(patient_ids[start:start + 500])))):
            kind = catalogue.get(code)
            tests, gp_led = facts[pid]
            facts[pid] = (tests or bool(kind and kind.results), gp_led or bool(kind and kind.gp_led))
    return facts


def _diary(session: Session, hours: ClinicHours, names: set[str], since: dt.datetime,
           leaving: set[int]) -> _Diary:
    diary = _Diary(hours)
    folded = sorted({n.casefold() for n in names if n})
    if folded:
        for a in session.execute(select(Appointment.id, Appointment.with_whom, Appointment.starts_at,
                                        Appointment.length_minutes).where(
                Appointment.status == "booked", Appointment.starts_at >= since - dt.timedelta(days=1),
                func.lower(Appointment.with_whom).in_(folded))):
            if a.id not in leaving:
                diary.add(a.with_whom, a.starts_at, a.length_minutes)
    return diary


def _booked_this_month(session: Session, patient_ids: Sequence[int], year: int, month: int) -> set[int]:
    """The appointments the month's recalls point at (replaced by a new booking)."""
    found: set[int] = set()
    for start in range(0, len(patient_ids), 500):
        for row in session.execute(select(Recall.appointment_id, Recall.tests_appointment_id).where(
                Recall.patient_id.in_(list(patient_ids[start:start + 500])), Recall.due_year == year,
                Recall.due_month == month)):
            found.update(i for i in row if i is not None)
    return found


def _at(when: dt.datetime) -> str:
    return f"{when:%a %d/%m/%Y %H:%M}"


def book_appointments(
    vault: Vault,
    patient_uuids: Sequence[str],
    year: int,
    month: int,
    starts_at: dt.datetime | Sequence[dt.datetime],
    length_minutes: int = DOUBLE_APPOINTMENT_MINUTES,
    with_whom: str | None = None,
    location: str | None = None,
    arranged: Mapping[str, Arranged] | None = None,
    *,
    gp: str | None = None,
    tests: bool = False,
    tests_with: str | None = None,
    tests_at: Sequence[dt.datetime | None] | None = None,
    today: dt.date | None = None,
) -> tuple[AppointmentInfo, ...]:
    """Book each person's care planning appointment (and, with `tests`, their tests with the
    healthcare assistant one to two weeks before, where their conditions need tests), in one
    transaction, and mark their recall booked. Returns the care planning appointments in the
    order of `patient_uuids` (the tests appointments are on the recall: `recall_cohort`).

    `starts_at` is either one time, the first of back-to-back slots in the order given (within
    clinic hours, skipping times the clinician is already booked), or one time per person, kept
    exactly: outside clinic hours or clashing is refused (BookingProblem), nothing is booked.
    `length_minutes` is the usual length; people who need an interpreter or BSL get
    `EXTRA_MINUTES_WITH_INTERPRETER` more. GP-led people are booked with `gp` when given.
    `tests_at`: per person, an exact time for the tests (None: the first free time from two weeks
    before). `location` None means a home visit for people who are housebound and the surgery
    for everyone else. `arranged` (by person uuid) says what is arranged for a person's access
    needs; for each need the person has, both appointments record true or false (false when not
    given: nothing is claimed that was not said); for a need they do not have, nothing (NULL).
    Appointments already booked for the month are cancelled and replaced."""
    require(vault, "book appointments")
    if length_minutes < 1:
        raise ValueError("An appointment must be at least 1 minute long.")
    exact = not isinstance(starts_at, dt.datetime)
    times = list(starts_at) if exact else []  # type: ignore[arg-type]
    if exact and len(times) != len(patient_uuids):
        raise ValueError("Give one start time per person, or a single start time for back-to-back slots.")
    if tests_at is not None and len(tests_at) != len(patient_uuids):
        raise ValueError("Give one tests time per person.")
    today = today or dt.date.today()
    with vault.transaction() as session:
        patients = people_by_uuid(session, patient_uuids)
        refuse_off_register(patients.values())
        hours = ClinicHours.of(read_practice(session))
        facts = _condition_facts(session, [p.id for p in patients.values()])
        old_ids = _booked_this_month(session, [p.id for p in patients.values()], year, month)
        first = min(times) if exact else starts_at
        names = {with_whom or "", gp or "", tests_with or ""}
        diary = _diary(session, hours, names, first - dt.timedelta(days=TESTS_DAYS_BEFORE[0]), old_ids)
        made: list[tuple[Patient, Appointment, Appointment | None]] = []
        cursor = None if exact else starts_at
        for index, uuid in enumerate(patient_uuids):
            patient = patients[uuid]
            needs, (needs_tests, gp_led) = SupportNeeds.of(patient), facts[patient.id]
            who = _clinician(patient, gp_led, with_whom, gp)
            minutes = review_minutes(needs, length_minutes)
            if exact:
                when = times[index]
                if not hours.fits(when, minutes):
                    raise BookingProblem(f"{_at(when)} is outside the clinic's hours (or not a clinic day) for a "
                                         f"{minutes}-minute appointment. Choose a time in clinic hours.")
                clash = diary.clash(who or "", when, minutes)
                if clash:
                    raise BookingProblem(f"{who} is already booked from {_at(clash[0])} to {clash[1]:%H:%M}. "
                                         "Choose another time.")
            else:
                when = diary.free_from(cursor, minutes, who or "")  # type: ignore[arg-type]
                cursor = when + dt.timedelta(minutes=minutes)
            place = location or ("home visit" if patient.housebound else "surgery")
            fields = arrangements(needs, (arranged or {}).get(uuid))
            review = Appointment(patient_id=patient.id, purpose="review", starts_at=when, length_minutes=minutes,
                                 with_whom=who, status="booked", location=place, **fields)
            diary.add(who or "", when, minutes)
            tests_appointment = None
            if tests and needs_tests:
                tests_appointment = _tests(diary, hours, patient, needs, when, tests_with, fields, today,
                                           None if tests_at is None else tests_at[index])
            for a in (review, tests_appointment):
                if a is not None:
                    a.needs_note = needs_note(patient, a)
                    session.add(a)
            made.append((patient, review, tests_appointment))
        session.flush()  # the appointments' ids, before any new recall is written
        recalls = month_recalls(session, patients.values(), year, month)
        with session.no_autoflush:  # new recalls are written once, complete, at commit
            for old in session.scalars(select(Appointment).where(Appointment.id.in_(old_ids))) if old_ids else ():
                if old.status == "booked":
                    old.status = "cancelled"
        for patient, review, tests_appointment in made:
            recall = recalls[patient.id]
            recall.appointment_id = review.id
            recall.tests_appointment_id = tests_appointment.id if tests_appointment is not None else None
            recall.status = RecallStatus.BOOKED.value
        return tuple(AppointmentInfo(a.uuid, a.starts_at, a.length_minutes, a.with_whom, a.location, a.status,
                                     a.needs_note) for _, a, _ in made)


def _tests(diary: _Diary, hours: ClinicHours, patient: Patient, needs: SupportNeeds, review_at: dt.datetime,
           with_whom: str | None, fields: dict, today: dt.date, exact: dt.datetime | None
           ) -> Appointment:
    """The tests appointment one to two weeks before the review (the first free time from two weeks)."""
    minutes = tests_minutes(needs)
    earliest = dt.datetime.combine(review_at.date() - dt.timedelta(days=TESTS_DAYS_BEFORE[0]), dt.time())
    latest = dt.datetime.combine(review_at.date() - dt.timedelta(days=TESTS_DAYS_BEFORE[1]), dt.time(23, 59))
    who = with_whom or HCA
    if exact is not None:
        if not earliest <= exact <= latest:
            raise BookingProblem(f"The tests must be one to two weeks before the care planning appointment: "
                                 f"between {earliest:%d/%m/%Y} and {latest:%d/%m/%Y}.")
        if not hours.fits(exact, minutes):
            raise BookingProblem(f"{_at(exact)} is outside the clinic's hours (or not a clinic day) for the tests.")
        if diary.clash(who, exact, minutes):
            raise BookingProblem(f"{who} is already booked at {_at(exact)}. Choose another time for the tests.")
        when = exact
    else:
        start = max(earliest, dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
        try:
            when = diary.free_from(start, minutes, who, before=latest)
        except BookingProblem:
            when = None
        if when is None or when > latest:
            raise BookingProblem(f"There is no free time for the tests between {earliest:%d/%m/%Y} and "
                                 f"{latest:%d/%m/%Y} (one to two weeks before the appointment on "
                                 f"{review_at:%d/%m/%Y}, and after today). Choose a later date.")
    diary.add(who, when, minutes)
    return Appointment(patient_id=patient.id, purpose="tests", starts_at=when, length_minutes=minutes,
                       with_whom=with_whom, status="booked",
                       location="home visit" if patient.housebound else "surgery", **fields)


@dataclass(frozen=True)
class Booked:
    """A person's two appointments for a month, as booked, and the lines for their needs."""

    review: AppointmentInfo | None
    tests: AppointmentInfo | None
    needs_note: str | None


def booked_for(vault: Vault, patient_uuid: str, year: int, month: int) -> Booked:
    with vault.reader() as session:
        recall = session.scalar(select(Recall).join(Patient, Patient.id == Recall.patient_id).where(
            Patient.uuid == patient_uuid, Recall.due_year == year, Recall.due_month == month).order_by(Recall.id.desc()))
        found = {}
        for key in ("appointment_id", "tests_appointment_id"):
            a = session.get(Appointment, getattr(recall, key)) if recall is not None and getattr(recall, key) else None
            found[key] = a
        info = {k: None if a is None else AppointmentInfo(a.uuid, a.starts_at, a.length_minutes, a.with_whom,
                                                          a.location, a.status, a.needs_note)
                for k, a in found.items()}
        note = found["appointment_id"].needs_note if found["appointment_id"] is not None else None
    return Booked(info["appointment_id"], info["tests_appointment_id"], note)
