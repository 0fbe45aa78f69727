"""Birth-month recall: who is due a review in a month, grouped for clinics, invited and booked.

Who is due in a month (Holmside, DOMAIN "Entry and recall"):
* someone whose agreed plan set a review date (Patient.next_review_date) is due in that month,
  and not in their birth month;
* otherwise everyone is due in their birth month, and people at level 2 and 3 also every N
  months after it (intervals per level, 12/6/3 by default: level 3 in months b, b+3, b+6, b+9);
* anyone already given a recall for the month (invited, booked ...) stays in it;
* nobody who has died, moved away or left the register (`Patient.on_register`), even if
  recalled before; invitations and bookings for them are refused.
People exited to self-care and people who declined care planning are listed apart, not
invited. People whose review date has passed are listed as overdue.

The cohort is read with three set-based queries (people, their conditions, the month's recalls
with appointments), never one query per person.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import String, and_, false, or_, select, text, type_coerce
from sqlalchemy.orm import Session

from careplan_desktop.models import Appointment, CareStatus, OfferStatus, Patient, Recall, RecallStatus
from careplan_desktop.store import Vault

from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.services.register.condition_entries import FREE_TEXT, FREE_TEXT_NAME
from careplan_desktop.services.register.listing import gc_paused
from careplan_desktop.services.register.status import refuse_off_register
from careplan_desktop.domain.uk_dates import age_on
from careplan_desktop.services.staff.roles import require

DEFAULT_INTERVALS = {1: 12, 2: 6, 3: 3}
_IN_CHUNK = 500
_APPOINTMENT_STATUS = {RecallStatus.SEEN.value: "attended", RecallStatus.DID_NOT_ATTEND.value: "dna",
                       RecallStatus.DECLINED.value: "cancelled"}


@dataclass(frozen=True, slots=True)
class AppointmentInfo:
    uuid: str
    starts_at: dt.datetime
    length_minutes: int
    with_whom: str | None
    location: str
    status: str
    needs_note: str | None = None  # a line for each of the person's communication needs


@dataclass(frozen=True, slots=True)
class SupportNeeds:
    """What a person needs arranged for an appointment (from their communication needs)."""

    interpreter_language: str | None = None  # an interpreter who speaks this language
    bsl: bool = False  # a British Sign Language interpreter
    companion: bool = False  # someone with them

    @property
    def any(self) -> bool:
        return bool(self.interpreter_language or self.bsl or self.companion)

    @classmethod
    def of(cls, patient: Patient) -> "SupportNeeds":
        return cls((patient.interpreter_language or "").strip() or None, bool(patient.bsl),
                   bool(patient.needs_companion))


@dataclass(frozen=True, slots=True)
class RecallRow:
    uuid: str
    name: str
    nhs_number: str
    age: int
    conditions: tuple[str, ...]  # catalogue names, nurse-facing ("Type 2 diabetes")
    condition_codes: tuple[str, ...]
    n_conditions: int
    level: int
    flags: tuple[str, ...]  # "home visit", "GP-led"
    status: str  # RecallStatus value for this month; "to_invite" when none recorded
    appointment: AppointmentInfo | None
    due_because: str  # "birth month", "review date", "every 6 months (level 2)", "recalled this month", "overdue"
    invited_on: dt.date | None = None
    second_invitation_on: dt.date | None = None
    needs: SupportNeeds = SupportNeeds()  # what must be arranged for their appointment
    tests_appointment: AppointmentInfo | None = None  # with the healthcare assistant, before the review

    @property
    def needs_second_invitation(self) -> bool:
        """They did not attend and no second invitation letter has been made since."""
        return self.status == RecallStatus.DID_NOT_ATTEND.value and self.second_invitation_on is None


@dataclass(frozen=True)
class RecallGroup:
    key: str  # condition code, or "0", "1", "2", "3+"
    label: str
    patient_uuids: tuple[str, ...]


@dataclass(frozen=True)
class RecallCohort:
    year: int
    month: int
    rows: tuple[RecallRow, ...]  # to invite / invited / booked ... this month
    self_care: tuple[RecallRow, ...]  # due by the rules but exited to self-care: not invited
    declined: tuple[RecallRow, ...]  # due by the rules but declined care planning: not invited
    overdue: tuple[RecallRow, ...]  # review date before this month and no recall this month
    by_condition: tuple[RecallGroup, ...]
    by_count: tuple[RecallGroup, ...]


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    if not 1 <= month <= 12:
        raise ValueError("The month must be 1 to 12.")
    start = dt.date(year, month, 1)
    return start, dt.date(year + month // 12, month % 12 + 1, 1)


def _candidate_months(month: int, interval: int) -> set[int]:
    """Birth months that can be due in `month` at this interval (all months if it does not divide 12)."""
    if 12 % interval:
        return set(range(1, 13))
    return {(month - 1 - k * interval) % 12 + 1 for k in range(12 // interval)}


def _due_by_interval(dob: dt.date, year: int, month: int, interval: int) -> bool:
    months_since_birth = (year * 12 + month) - (dob.year * 12 + dob.month)
    return months_since_birth >= 0 and months_since_birth % interval == 0


class _Person(NamedTuple):
    id: int
    uuid: str
    given_name: str
    family_name: str
    nhs_number: str
    date_of_birth: dt.date
    level_of_need: int
    housebound: bool
    care_status: str
    offer_status: str
    next_review_date: dt.date | None
    interpreter_language: str | None
    bsl: bool
    needs_companion: bool


def _due_because(p: _Person, year: int, month: int, start: dt.date, end: dt.date,
                 intervals: dict[int, int]) -> str | None:
    """Why this person is due in the month by the rules, or None."""
    if p.next_review_date is not None:
        if p.next_review_date >= end:
            return None
        return "review date" if p.next_review_date >= start else "overdue"
    interval = intervals.get(p.level_of_need)
    if interval is None or not _due_by_interval(p.date_of_birth, year, month, interval):
        return None
    return "birth month" if p.date_of_birth.month == month else f"every {interval} months (level {p.level_of_need})"


def recall_cohort(
    vault: Vault, year: int, month: int, *, today: dt.date | None = None, intervals: dict[int, int] | None = None
) -> RecallCohort:
    today = today or dt.date.today()
    intervals = {**DEFAULT_INTERVALS, **(intervals or {})}
    if any(not isinstance(n, int) or n < 1 for n in intervals.values()):
        raise ValueError("Review intervals must be whole numbers of months, 1 or more.")
    start, end = month_bounds(year, month)
    P, R, A = Patient.__table__.c, Recall.__table__.c, Appointment.__table__.c
    recalled = select(R.patient_id).where(R.due_year == year, R.due_month == month)
    by_birth_month = or_(false(), *(and_(P.level_of_need == level, P.birth_month.in_(_candidate_months(month, n)))
                                    for level, n in intervals.items()))
    who = and_(Patient.on_register,
               or_(and_(P.next_review_date.is_(None), by_birth_month), P.next_review_date < end, P.id.in_(recalled)))
    with vault.reader() as session, gc_paused():
        # dates read as ISO text and parsed by date.fromisoformat: SQLAlchemy's own parsing of 2 x 5,000
        # dates was a quarter of the time for a 50,000-person register
        people = [_Person(*row[:5], dt.date.fromisoformat(row[5]), *row[6:10],
                          row[10] and dt.date.fromisoformat(row[10]), *row[11:])
                  for row in session.execute(select(
                      P.id, P.uuid, P.given_name, P.family_name, P.nhs_number, type_coerce(P.date_of_birth, String),
                      P.level_of_need, P.housebound, P.care_status, P.offer_status,
                      type_coerce(P.next_review_date, String), P.interpreter_language, P.bsl,
                      P.needs_companion).where(who))]
        T = Appointment.__table__.alias("tests")
        recalls = {row.patient_id: row for row in session.execute(
            select(R.patient_id, R.status, R.invited_on, R.second_invitation_on, A.uuid, A.starts_at,
                   A.length_minutes, A.with_whom, A.location, A.status.label("appointment_status"), A.needs_note,
                   T.c.uuid, T.c.starts_at, T.c.length_minutes, T.c.with_whom, T.c.location, T.c.status,
                   T.c.needs_note)
            .select_from(Recall.__table__.outerjoin(Appointment.__table__, A.id == R.appointment_id)
                         .outerjoin(T, T.c.id == R.tests_appointment_id))
            .where(R.due_year == year, R.due_month == month).order_by(R.id)).all()}
        due = [(p, why or "recalled this month") for p in people
               if (why := _due_because(p, year, month, start, end, intervals)) is not None or p.id in recalls]
        # the month's people's conditions in one statement: their ids go in as one JSON array
        found = session.execute(_CONDITIONS_OF, {"ids": json.dumps([p.id for p, _ in due])}).all()
    codes: dict[int, list[str]] = defaultdict(list)
    for patient_id, _id, code in sorted(map(tuple, found)):
        if code not in codes[patient_id]:
            codes[patient_id].append(code)
    catalogue = {c.code: (c.name, c.gp_led) for c in load_reference_data().conditions}
    catalogue[FREE_TEXT] = (FREE_TEXT_NAME, False)  # in no condition's recall rules: named, counted, never lost
    buckets: dict[str, list[tuple[tuple, RecallRow]]] = {"rows": [], "self_care": [], "declined": [], "overdue": []}
    for p, why in due:
        pid, uuid, given, family, nhs, dob, level, housebound, care_status, offer_status = p[:10]
        needs = SupportNeeds((p.interpreter_language or "").strip() or None, bool(p.bsl), bool(p.needs_companion))
        recall = recalls.get(pid)
        mine = codes.get(pid, [])
        names = tuple(catalogue.get(code, (code, False))[0] for code in mine)
        flags = (("home visit",) if housebound else ()) + (
            ("GP-led",) if any(catalogue.get(code, ("", False))[1] for code in mine) else ())
        if recall is None:
            status, appointment, invited_on, second_on, tests = _TO_INVITE, None, None, None, None
        else:
            _, status, invited_on, second_on = recall[:4]
            appointment = None if recall[4] is None else AppointmentInfo(*recall[4:11])
            tests = None if recall[11] is None else AppointmentInfo(*recall[11:18])
        row = RecallRow(uuid, f"{given} {family}", nhs, age_on(dob, today), names, tuple(mine), len(mine), level,
                        flags, status, appointment, why, invited_on, second_on, needs, tests)
        if recall is not None:
            bucket = "rows"  # already recalled this month: whatever happens next is recorded here
        elif care_status == _SELF_CARE:
            bucket = "self_care"
        elif offer_status == _DECLINED:
            bucket = "declined"
        else:
            bucket = "overdue" if why == "overdue" else "rows"
        buckets[bucket].append(((family.casefold(), given.casefold(), nhs), row))
    ordered = {name: tuple(row for _, row in sorted(items, key=lambda item: item[0]))
               for name, items in buckets.items()}
    rows = ordered["rows"]
    return RecallCohort(year, month, rows, ordered["self_care"], ordered["declined"], ordered["overdue"],
                        _by_condition(rows, list(catalogue)), _by_count(rows))


_TO_INVITE, _SELF_CARE = RecallStatus.TO_INVITE.value, CareStatus.SELF_CARE.value
_DECLINED = OfferStatus.DECLINED.value
_CONDITIONS_OF = text(
    "SELECT patient_id, id, code FROM condition WHERE patient_id IN (SELECT value FROM json_each(:ids))")


def _by_condition(rows: Sequence[RecallRow], catalogue_order: list[str]) -> tuple[RecallGroup, ...]:
    members: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    for row in rows:
        for code, name in zip(row.condition_codes, row.conditions):
            members[code].append(row.uuid)  # a person's codes are distinct
            labels[code] = name
    ordered = [c for c in catalogue_order if c in members] + sorted(set(members) - set(catalogue_order))
    return tuple(RecallGroup(code, labels[code], tuple(members[code])) for code in ordered)


def _by_count(rows: Sequence[RecallRow]) -> tuple[RecallGroup, ...]:
    groups: dict[str, list[str]] = {"0": [], "1": [], "2": [], "3+": []}
    for row in rows:
        groups[str(row.n_conditions) if row.n_conditions < 3 else "3+"].append(row.uuid)
    labels = (("0", "No conditions recorded"), ("1", "1 condition"), ("2", "2 conditions"),
              ("3+", "3 or more conditions"))
    return tuple(RecallGroup(k, label, tuple(groups[k])) for k, label in labels if k != "0" or groups["0"])


# -- recording what the practice did ---------------------------------------------------------------------
def people_by_uuid(session: Session, uuids: Sequence[str]) -> dict[str, Patient]:
    found: dict[str, Patient] = {}
    unique = list(dict.fromkeys(uuids))
    for start in range(0, len(unique), _IN_CHUNK):
        found.update((p.uuid, p) for p in session.scalars(
            select(Patient).where(Patient.uuid.in_(unique[start:start + _IN_CHUNK]))))
    missing = len(unique) - len(found)
    if missing:
        raise LookupError(f"{missing} of the selected people are no longer on the register. Refresh the list.")
    return found


def month_recalls(session: Session, patients: Iterable[Patient], year: int, month: int) -> dict[int, Recall]:
    """The month's recall for each person, created (to invite) where there is none."""
    month_bounds(year, month)
    ids = [p.id for p in patients]
    found: dict[int, Recall] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        for recall in session.scalars(select(Recall).where(
                Recall.patient_id.in_(ids[start:start + _IN_CHUNK]), Recall.due_year == year,
                Recall.due_month == month).order_by(Recall.id)):
            found[recall.patient_id] = recall
    for patient_id in ids:
        if patient_id not in found:
            found[patient_id] = Recall(patient_id=patient_id, due_year=year, due_month=month,
                                       status=RecallStatus.TO_INVITE.value)
            session.add(found[patient_id])
    return found


def record_invitations(vault: Vault, patient_uuids: Sequence[str], year: int, month: int,
                       invited_on: dt.date) -> int:
    """Mark the selection as invited for the month (one transaction). A first invitation date
    already recorded is kept, and a later status (booked, seen ...) is not set back.
    Returns how many people had their invitation recorded now."""
    require(vault, "run recall")
    count = 0
    with vault.transaction() as session:
        patients = people_by_uuid(session, patient_uuids)
        refuse_off_register(patients.values())
        for recall in month_recalls(session, patients.values(), year, month).values():
            if recall.invited_on is None:
                recall.invited_on = invited_on
                count += 1
            if recall.status == RecallStatus.TO_INVITE.value:
                recall.status = RecallStatus.INVITED.value
    return count


def set_recall_status(vault: Vault, patient_uuid: str, year: int, month: int, status: str, *,
                      on: dt.date | None = None) -> None:
    """Record what happened for one person (see `set_recall_statuses`)."""
    set_recall_statuses(vault, [patient_uuid], year, month, status, on=on)


def set_recall_statuses(vault: Vault, patient_uuids: Sequence[str], year: int, month: int, status: str, *,
                        on: dt.date | None = None) -> int:
    """Record what happened, for everyone selected in one transaction (all or nobody): seen,
    did_not_attend (they then need a second invitation: `services.letters.invitations` makes it
    and records its date), declined, or any other
    RecallStatus. The booked appointment follows: attended, dna or cancelled. Returns how many."""
    if status not in {s.value for s in RecallStatus}:
        raise ValueError("Unknown recall status.")
    on = on or dt.date.today()
    with vault.transaction() as session:
        patients = people_by_uuid(session, patient_uuids)
        recalls = month_recalls(session, patients.values(), year, month)
        booked = [i for r in recalls.values() for i in (r.appointment_id, r.tests_appointment_id) if i is not None]
        appointments: dict[int, Appointment] = {}
        with session.no_autoflush:  # new recalls are written once, complete, at commit
            for start in range(0, len(booked), _IN_CHUNK) if status in _APPOINTMENT_STATUS else ():
                appointments.update((a.id, a) for a in session.scalars(select(Appointment).where(
                    Appointment.id.in_(booked[start:start + _IN_CHUNK]))))
        for recall in recalls.values():
            recall.status = status
            if status == RecallStatus.INVITED.value and recall.invited_on is None:
                recall.invited_on = on
            appointment = appointments.get(recall.appointment_id)
            if appointment is not None and appointment.status == "booked":
                appointment.status = _APPOINTMENT_STATUS[status]
            tests = appointments.get(recall.tests_appointment_id)
            if status == RecallStatus.DECLINED.value and tests is not None and tests.status == "booked":
                tests.status = "cancelled"  # declining the review declines the tests before it too
    return len(patients)
