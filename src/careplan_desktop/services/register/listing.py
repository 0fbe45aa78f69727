"""The long-term-condition register as the nurse sees it: a list to search, and one person's
overview. Reads return plain frozen dataclasses; opening a person writes a "viewed" event.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from dataclasses import dataclass
from typing import NamedTuple

from careplan_desktop import models
from careplan_desktop.models import LEVEL_NAMES, RegisterStatus, VersionStatus, is_on_register, register_columns
from careplan_desktop.store import Vault

from careplan_desktop.domain.dates import age_on, local_date, uk
from careplan_desktop.domain.nhs_number import formatted


class RegisterRow(NamedTuple):
    """One person as the register lists them (a named tuple: 50,000 are made at every load,
    and a tuple is made several times faster than a frozen dataclass)."""

    uuid: str
    nhs_number: str
    family_name: str
    given_name: str
    date_of_birth: dt.date
    age: int
    conditions: str
    level: int
    next_review: dt.date | None
    register_status: str = RegisterStatus.ACTIVE.value  # died, moved away, left the register

    @property
    def name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def on_register(self) -> bool:
        return is_on_register(self.register_status)


def _search_key(row: RegisterRow, preferred: str) -> str:
    iso = row.date_of_birth.isoformat()  # slicing: strftime is slow over 50,000 rows
    day, month, year = iso[8:10], iso[5:7], iso[:4]
    return f"{row.given_name} {row.family_name} {preferred} {row.nhs_number} {day}/{month}/{year} {iso} {day}{month}{year}".lower()


def load_register(vault: Vault, today: dt.date | None = None) -> tuple[list[RegisterRow], dict[str, str]]:
    """Everyone in the vault sorted by family then given name, and their preferred names by
    uuid (for search). People no longer on the register are in it too, with their status:
    the register's default view leaves them out (`RegisterRow.on_register`). Two plain scans and a sort in Python: for 50,000 people several times
    faster than one joined, grouped and ordered query on the encrypted file."""
    today = today or dt.date.today()
    sql, day = register_columns, register_columns.iso_date  # plain SQL: nothing to import or map first
    with vault.plain_connection() as connection, gc_paused():
        named: dict[int, list[str]] = {}
        for patient_id, display in connection.execute(sql.CONDITION_NAMES):
            named.setdefault(patient_id, []).append(display)
        fetched = connection.execute(sql.PEOPLE).fetchall()
        fetched.sort(key=lambda r: (r[3].lower(), r[4].lower()))
        preferred = {r[1]: r[5] for r in fetched if r[5]}
        rows = []
        for pid, uuid, nhs, family, given, _, dob_text, level, review, status in fetched:
            dob = day(dob_text)
            rows.append(RegisterRow(uuid, nhs, family, given, dob, age_on(dob, today), ", ".join(named.get(pid, ())),
                                    level, day(review), status))
    return rows, preferred


@contextlib.contextmanager
def gc_paused():
    """Building tens of thousands of small objects triggers the cyclic GC again and again
    (a third of the load time); none of them form cycles, so pause it meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class RegisterSearch:
    """Search-as-you-type over the register, in memory. Build it once after the register is
    on screen (it takes a moment for 50,000 people); each keystroke is then a few ms."""

    def __init__(self, rows: list[RegisterRow], preferred: dict[str, str]) -> None:
        with gc_paused():
            self.keys = [_search_key(row, preferred.get(row.uuid, "")) for row in rows]
        self._last: tuple[list[str], list[int]] | None = None

    def matches(self, text: str) -> list[int]:
        """Indexes of the rows matching what was typed: every word must appear in the name,
        NHS number (spaces ignored) or date of birth (dd/mm/yyyy, yyyy-mm-dd or ddmmyyyy).

        Typing usually extends the last search, so each keystroke narrows the last result
        instead of scanning everyone again."""
        text = text.strip().lower()
        if not text:
            self._last = None
            return list(range(len(self.keys)))
        compact = text.replace(" ", "")
        words = [compact] if compact.isascii() and compact.isdigit() else text.split()
        candidates: list[int] | None = None
        if self._last is not None and self._narrows(self._last[0], words):
            candidates = self._last[1]
        keys = self.keys
        for word in words:
            if candidates is None:
                candidates = [i for i, key in enumerate(keys) if word in key]
            else:
                candidates = [i for i in candidates if word in keys[i]]
        self._last = (words, candidates)
        return list(candidates)

    @staticmethod
    def _narrows(previous: list[str], words: list[str]) -> bool:
        """True when every earlier word is contained in the word now typed at its place,
        so anything matching now also matched then."""
        if len(words) < len(previous):
            return False
        return all(old in new for old, new in zip(previous, words))


@dataclass(frozen=True)
class ConditionLine:
    display: str
    snomed_id: str | None  # None: recorded in words, not from the catalogue
    diagnosed_on: dt.date | None


@dataclass(frozen=True)
class CarerLine:
    name: str
    relationship: str
    phone: str
    involved_in_planning: bool
    receives_copy: bool


@dataclass(frozen=True)
class LatestResult:
    code: str
    name: str
    value_text: str
    unit: str
    taken_on: dt.date


@dataclass(frozen=True)
class PersonOverview:
    uuid: str
    nhs_number: str
    title: str
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: dt.date
    age: int
    sex: str
    address: str
    postcode: str
    phone: str
    gp_name: str
    level: int
    level_name: str
    housebound: bool
    communication_needs: tuple[str, ...]
    lead_professional: str
    offer_status: str
    care_status: str
    next_review_date: dt.date | None
    conditions: tuple[ConditionLine, ...]
    carers: tuple[CarerLine, ...]
    latest_results: tuple[LatestResult, ...]
    plan_status: str
    register_status: str = RegisterStatus.ACTIVE.value
    register_status_on: dt.date | None = None
    register_status_reason: str = ""

    @property
    def on_register(self) -> bool:
        return is_on_register(self.register_status)

    @property
    def register_status_text(self) -> str:
        """"Died 3 November 2026" and so on; "" for someone on the register."""
        from careplan_desktop.services.register.status import status_text

        return status_text(self.register_status, self.register_status_on, self.register_status_reason)
    plan_last_changed: str = ""  # "Nora Hughes (practice nurse), 3 March 2026 at 10:30", or ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.given_name, self.family_name) if part)

    @property
    def nhs_number_formatted(self) -> str:
        return formatted(self.nhs_number)


class PersonNotFound(LookupError):
    def __init__(self) -> None:
        super().__init__("This person is no longer in the vault. The register has been refreshed.")


def _result_names() -> dict[str, str]:
    from careplan_desktop.domain.reference import load_reference_data

    try:
        data = load_reference_data()
    except Exception:  # a broken override must not stop a record opening; codes still show
        return {}
    return {result.code: result.name for result in data.results}


def _plan_status(versions: list[models.PlanVersion]) -> str:
    if not versions:
        return "No care plan yet"
    latest = versions[-1]
    agreed = [v for v in versions if v.status == VersionStatus.AGREED.value]
    parts = []
    if agreed:
        current = agreed[-1]
        parts.append(f"Version {current.number} agreed {uk(local_date(current.agreed_at))}")
        if current.review_date:
            parts.append(f"review due {uk(current.review_date)}")
    if latest.status == VersionStatus.DRAFT.value:
        parts.append(f"draft version {latest.number} in progress")
    return "; ".join(parts)


def open_person(vault: Vault, patient_uuid: str, today: dt.date | None = None, *, audit: bool = True) -> PersonOverview:
    """The person's overview; opening the record is audited ("viewed") in the same action.
    `audit=False` only re-reads a record already open on screen (after a change elsewhere),
    so one opening is one "viewed" event however often the overview refreshes."""
    today = today or dt.date.today()
    names = _result_names()
    from sqlalchemy import select  # here: the register list above is read without SQLAlchemy

    Patient, PlanVersion, Result = models.Patient, models.PlanVersion, models.Result  # noqa: N806 (mapped classes)
    with vault.transaction() if audit else vault.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == patient_uuid))
        if patient is None:
            raise PersonNotFound()
        if audit:
            models.record_event(session, "viewed", "patient", patient.uuid, patient.id)
        latest: dict[str, Result] = {}
        for result in session.scalars(
            select(Result).where(Result.patient_id == patient.id).order_by(Result.taken_on)
        ):
            latest[result.code] = result
        versions = list(
            session.scalars(
                select(PlanVersion).where(PlanVersion.patient_id == patient.id).order_by(PlanVersion.number)
            )
        )
        carers: list[models.Carer] = list(patient.carers)
        return PersonOverview(
            uuid=patient.uuid,
            nhs_number=patient.nhs_number,
            title=patient.title or "",
            given_name=patient.given_name,
            family_name=patient.family_name,
            preferred_name=patient.preferred_name or "",
            date_of_birth=patient.date_of_birth,
            age=age_on(patient.date_of_birth, today),
            sex=patient.sex,
            address=patient.address or "",
            postcode=patient.postcode or "",
            phone=patient.phone or "",
            gp_name=patient.gp_name or "",
            level=patient.level_of_need,
            level_name=LEVEL_NAMES.get(patient.level_of_need, ""),
            housebound=patient.housebound,
            communication_needs=tuple(patient.communication_needs),
            lead_professional=patient.lead_professional or "",
            offer_status=patient.offer_status.replace("_", " "),
            care_status=patient.care_status.replace("_", " "),
            next_review_date=patient.next_review_date,
            conditions=tuple(ConditionLine(c.display, c.snomed_id, c.diagnosed_on) for c in patient.conditions),
            carers=tuple(
                CarerLine(c.name, c.relationship_to_person or "", c.phone or "", c.involved_in_planning, c.receives_copy)
                for c in carers
            ),
            latest_results=tuple(
                LatestResult(r.code, names.get(r.code, r.code), r.value_text, r.unit or "", r.taken_on)
                for r in sorted(latest.values(), key=lambda r: r.code)
            ),
            plan_status=_plan_status(versions),
            register_status=patient.register_status,
            register_status_on=patient.register_status_on,
            register_status_reason=patient.register_status_reason or "",
            plan_last_changed=_last_plan_change(session, patient.id),
        )


def _last_plan_change(session, patient_id: int) -> str:
    from careplan_desktop.domain.dates import uk
    from careplan_desktop.services.audit.trail import last_plan_change

    change = last_plan_change(session, patient_id)
    if change is None:
        return ""
    return f"{change.staff} ({change.role}), {uk(change.at.date())} at {change.at:%H:%M}"
