"""Entering one person's test results before their review (the healthcare assistant's step).

* :func:`results_form` says which checks apply to the person's conditions (from the results
  catalogue), each with its unit, the plausible range, the target for their age, and every
  earlier value (the last one is "last time"; all of them draw the trend chart).
* :func:`check_entries` checks a set of typed values without touching the vault: impossible
  or unreadable values are refused with the plausible range in the message, unusual ones need
  a confirmation, and BMI is worked out from the weight and the height (typed now, or the
  last height on record). The screen calls it as the person types; saving calls it again.
* :func:`save_results` is one user action: every result in one transaction, each with
  ``entered_by``; the flush rules add a "created" audit event for each in the same commit.

Pure Python, no Qt. Messages name the test and the range, never the person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from careplan_desktop.models import Appointment, Condition, Patient, Result
from careplan_desktop.store import Vault

from careplan_desktop.domain.dates import age_on
from careplan_desktop.domain.reference import ReferenceData, ResultType, ValueCheck, load_reference_data
from careplan_desktop.services.register.condition_entries import FREE_TEXT, FREE_TEXT_NAME
from careplan_desktop.services.register.listing import PersonNotFound
from careplan_desktop.services.results.readings import TargetLimits, target_limits
from careplan_desktop.services.staff.roles import require

TAKEN_ON = "taken_on"  # the key of a problem with the date rather than a value
BMI, WEIGHT, HEIGHT = "bmi", "weight", "height"
FUTURE_DATE = "The date the tests were done cannot be in the future."
BEFORE_BIRTH = "The date the tests were done is before the person was born."


@dataclass(frozen=True)
class HistoryPoint:
    """One earlier result, oldest first in a field's history."""

    uuid: str
    taken_on: dt.date
    value_text: str
    value: float | None
    value2: float | None


@dataclass(frozen=True)
class ResultField:
    """One check the screen offers for this person."""

    code: str
    name: str  # nurse-facing: "HbA1c"
    unit: str
    kind: str  # number, blood_pressure, choice
    choices: tuple[str, ...]
    computed: bool  # BMI: worked out, not typed
    plausible_text: str  # "20 to 200 mmol/mol": what the field accepts
    target_text: str | None  # the catalogue's words, for the person's age
    limits: TargetLimits  # for the trend chart's target line
    history: tuple[HistoryPoint, ...] = ()
    plausible: tuple[tuple[float | None, float | None], ...] = ()  # the catalogue's ranges (bp: top, bottom)

    @property
    def hint(self) -> str:
        """The range in a few characters, for inside an empty field: "20-200", "60-260 / 30-160"."""
        return " / ".join(f"{low:g}–{high:g}" for low, high in self.plausible if low is not None and high is not None)

    @property
    def previous(self) -> HistoryPoint | None:
        return self.history[-1] if self.history else None


@dataclass(frozen=True)
class AppointmentLine:
    uuid: str
    starts_at: dt.datetime
    length_minutes: int
    with_whom: str
    location: str


@dataclass(frozen=True)
class ResultsForm:
    patient_uuid: str
    full_name: str
    nhs_number: str
    date_of_birth: dt.date
    age: int
    conditions: tuple[str, ...]  # nurse-facing names
    appointment: AppointmentLine | None  # the next booked one, if any
    fields: tuple[ResultField, ...]

    def field(self, code: str) -> ResultField:
        return next(f for f in self.fields if f.code == code)

    @property
    def recorded_height(self) -> float | None:
        return _last_value(self.fields, HEIGHT)


@dataclass(frozen=True)
class EntryChecks:
    """What a set of typed values would save: accepted values, refusals, values to confirm."""

    accepted: dict[str, ValueCheck] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)  # code (or "taken_on") -> message with the range
    unusual: dict[str, str] = field(default_factory=dict)  # code -> message; saved once confirmed
    bmi: float | None = None  # worked out from the weight and height

    def needs_confirming(self, confirmed: Iterable[str] = ()) -> dict[str, str]:
        done = set(confirmed)
        return {code: message for code, message in self.unusual.items() if code not in done}


@dataclass(frozen=True)
class SavedResults:
    count: int
    codes: tuple[str, ...]
    uuids: tuple[str, ...]
    bmi: float | None


class ResultsRefused(ValueError):
    """Some values cannot be saved; nothing was written. ``problems`` maps code to message."""

    def __init__(self, problems: Mapping[str, str], *, unusual: bool = False) -> None:
        self.problems = dict(problems)
        self.unusual = unusual
        what = "need confirming" if unusual else "cannot be saved"
        super().__init__(f"{len(self.problems)} value(s) {what}; nothing was saved.")


def plausible_text(kind: ResultType) -> str:
    """What a field accepts, in the words shown beside it."""
    unit = f" {kind.unit}" if kind.unit else ""
    if kind.kind == "choice":
        return "one of: " + ", ".join(kind.choices)
    ranges = [f"{low:g} to {high:g}" for low, high in kind.plausible if low is not None and high is not None]
    if kind.kind == "blood_pressure" and len(ranges) == 2:
        return f"top {ranges[0]}, bottom {ranges[1]}{unit}"
    return f"{ranges[0]}{unit}" if ranges else ""


def _last_value(fields: Iterable[ResultField], code: str) -> float | None:
    for f in fields:
        if f.code == code and f.previous is not None:
            return f.previous.value
    return None


def _offered(reference: ReferenceData, condition_codes: Iterable[str]) -> list[ResultType]:
    """The checks for these conditions; a height goes with a BMI so that it can be worked out."""
    kinds = reference.results_for_conditions(condition_codes)
    codes = {k.code for k in kinds}
    if BMI in codes and HEIGHT not in codes:
        codes.add(HEIGHT)
        kinds = [k for k in reference.results if k.code in codes]
    return kinds


def _history(session, patient_id: int, codes: Iterable[str] | None = None) -> dict[str, list[HistoryPoint]]:
    query = select(Result).where(Result.patient_id == patient_id).order_by(Result.taken_on, Result.id)
    if codes is not None:
        query = query.where(Result.code.in_(list(codes)))
    out: dict[str, list[HistoryPoint]] = {}
    for r in session.scalars(query):
        out.setdefault(r.code, []).append(HistoryPoint(r.uuid, r.taken_on, r.value_text, r.value, r.value2))
    return out


def _patient(session, patient_uuid: str) -> Patient:
    patient = session.scalar(select(Patient).where(Patient.uuid == patient_uuid))
    if patient is None:
        raise PersonNotFound()
    return patient


def next_appointment(session, patient_id: int, today: dt.date) -> Appointment | None:
    """The person's next booked appointment from the start of ``today``."""
    return session.scalar(
        select(Appointment).where(Appointment.patient_id == patient_id, Appointment.status == "booked",
                                  Appointment.starts_at >= dt.datetime.combine(today, dt.time()))
        .order_by(Appointment.starts_at, Appointment.id).limit(1))


def results_form(vault: Vault, patient_uuid: str, today: dt.date | None = None,
                 reference: ReferenceData | None = None) -> ResultsForm:
    """The checks that apply to this person, with their earlier values (reads only)."""
    today = today or dt.date.today()
    reference = reference or load_reference_data()
    with vault.reader() as session:
        patient = _patient(session, patient_uuid)
        age = age_on(patient.date_of_birth, today)
        codes = list(session.scalars(select(Condition.code).where(Condition.patient_id == patient.id)
                                     .order_by(Condition.id)))
        kinds = _offered(reference, codes)
        history = _history(session, patient.id, [k.code for k in kinds])
        booked = next_appointment(session, patient.id, today)
        names = []
        for code in codes:
            try:
                names.append(reference.condition(code).name)
            except KeyError:
                names.append(FREE_TEXT_NAME if code == FREE_TEXT else code)
        fields = tuple(
            ResultField(kind.code, kind.name, kind.unit, kind.kind, kind.choices, kind.computed, plausible_text(kind),
                        kind.target.text if kind.target else None, target_limits(kind, age),
                        tuple(history.get(kind.code, ())), kind.plausible)
            for kind in kinds)
        appointment = None if booked is None else AppointmentLine(
            booked.uuid, booked.starts_at, booked.length_minutes, booked.with_whom or "", booked.location)
        return ResultsForm(patient.uuid, f"{patient.given_name} {patient.family_name}", patient.nhs_number,
                           patient.date_of_birth, age, tuple(names), appointment, fields)


def trend(vault: Vault, patient_uuid: str, code: str) -> tuple[HistoryPoint, ...]:
    """Every result of one kind for one person, oldest first."""
    with vault.reader() as session:
        patient = _patient(session, patient_uuid)
        return tuple(_history(session, patient.id, [code]).get(code, ()))


def check_entries(
    reference: ReferenceData,
    entries: Mapping[str, str],
    *,
    taken_on: dt.date,
    today: dt.date,
    date_of_birth: dt.date | None = None,
    recorded_height: float | None = None,
) -> EntryChecks:
    """Check typed values (blank ones are left out; a typed BMI is ignored: it is worked out)."""
    accepted: dict[str, ValueCheck] = {}
    refused: dict[str, str] = {}
    unusual: dict[str, str] = {}
    if taken_on > today:
        refused[TAKEN_ON] = FUTURE_DATE
    elif date_of_birth is not None and taken_on < date_of_birth:
        refused[TAKEN_ON] = BEFORE_BIRTH
    for code, text in entries.items():
        if not (text or "").strip() or code == BMI:
            continue
        try:
            check = reference.check_value(code, text)
        except KeyError:
            refused[code] = "This test is not in the results catalogue."
            continue
        if check.status in ("impossible", "invalid"):
            kind = reference.result(code)
            message = check.message
            if kind.kind != "choice" and check.status == "invalid":
                message = f"{message} It can be {plausible_text(kind)}."
            refused[code] = message
            continue
        accepted[code] = check
        if check.status == "unusual":
            unusual[code] = check.message
    bmi = None
    weight = accepted.get(WEIGHT)
    height = accepted[HEIGHT].value if HEIGHT in accepted else recorded_height
    if weight is not None and weight.value and height:
        bmi = reference.compute_bmi(weight.value, height)
        check = reference.check_value(BMI, f"{bmi:g}")
        if check.status in ("impossible", "invalid"):
            refused[BMI] = f"The BMI from this weight and height would be {bmi:g}: {check.message} Check both."
            bmi = None
        else:
            accepted[BMI] = check
            if check.status == "unusual":
                unusual[BMI] = check.message
    return EntryChecks(accepted, refused, unusual, bmi)


def _row(patient_id: int, kind: ResultType, check: ValueCheck, taken_on: dt.date, entered_by: str | None) -> Result:
    if kind.kind == "blood_pressure":
        value, value2 = check.systolic, check.diastolic
    elif kind.kind == "choice":
        value, value2 = (float(check.text) if check.text.replace(".", "", 1).isdigit() else None), None
    else:
        value, value2 = check.value, None
    return Result(patient_id=patient_id, code=kind.code, value_text=check.text, value=value, value2=value2,
                  unit=kind.unit or None, taken_on=taken_on, entered_by=entered_by)


def save_results(
    vault: Vault,
    patient_uuid: str,
    entries: Mapping[str, str],
    taken_on: dt.date,
    *,
    confirmed: Iterable[str] = (),
    entered_by: str | None = None,
    today: dt.date | None = None,
) -> SavedResults:
    """Save the typed values (and the BMI worked out from them) in one transaction.

    Raises :class:`ResultsRefused` (nothing written) when a value is impossible or unreadable,
    or when an unusual value's code is not in ``confirmed``. ``entered_by`` defaults to the
    signed-in user."""
    require(vault, "enter results")
    today = today or dt.date.today()
    reference = load_reference_data()
    entered_by = entered_by or vault.actor.user_uuid
    with vault.transaction() as session:
        patient = _patient(session, patient_uuid)
        heights = _history(session, patient.id, [HEIGHT]).get(HEIGHT, [])
        recorded_height = next((h.value for h in reversed(heights) if h.value), None)
        checks = check_entries(reference, entries, taken_on=taken_on, today=today,
                               date_of_birth=patient.date_of_birth, recorded_height=recorded_height)
        if checks.refused:
            raise ResultsRefused(checks.refused)
        waiting = checks.needs_confirming(confirmed)
        if waiting:
            raise ResultsRefused(waiting, unusual=True)
        order = {kind.code: index for index, kind in enumerate(reference.results)}
        rows = [_row(patient.id, reference.result(code), check, taken_on, entered_by)
                for code, check in sorted(checks.accepted.items(), key=lambda item: order.get(item[0], 0))]
        session.add_all(rows)
        session.flush()  # uuids given, audit events written with the rows
        return SavedResults(len(rows), tuple(r.code for r in rows), tuple(r.uuid for r in rows), checks.bmi)
