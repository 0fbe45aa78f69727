"""Who looked and who changed: a person's audit trail, or what a member of staff did.

Administrators see any person's trail and any member of staff's; clinicians (practice nurses,
community matrons, GPs) a person's trail (`services.staff.roles`). Each line says when (local
time), who (name and role at the time), on which computer, what was done and to what; changed
fields are named, never their values. Filtered by local dates, both ends included.
Exports (CSV here, PDF in `export`) are owner-only files and are themselves audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from careplan_desktop.domain.dates import local_date, local_time
from careplan_desktop.models import AuditEvent, Device, Patient, User
from careplan_desktop.store import Vault

from careplan_desktop.services.staff.roles import require

PLAN_ENTITIES = frozenset({
    "care_plan", "plan_version", "goal", "self_care_action", "support_service", "information_prescription",
    "action", "contingency_plan", "contingency_contact", "risk", "medication", "equipment", "participant",
    "confidence_score", "sharing_consent", "personal_health_budget", "budget_line", "review", "stored_printout"})

#: the record's table -> what a reader calls it
WHAT = {
    "patient": "person's details", "condition": "condition", "carer": "carer", "result": "result",
    "appointment": "appointment", "recall": "recall", "letter_log": "results letter", "print_log": "plan printout",
    "plan_version": "plan", "care_plan": "plan", "review": "plan review", "user": "staff member",
    "device": "computer", "audit_event": "audit trail",
}


class AuditQueryError(ValueError):
    """A trail asked for something that is not there; the message says what."""


@dataclass(frozen=True)
class TrailLine:
    at: dt.datetime  # local time
    staff: str
    role: str
    computer: str
    action: str
    what: str
    person: str  # "Lorna Baxter (NHS 999 000 0018)" on a member of staff's trail; "" on a person's


@dataclass(frozen=True)
class Trail:
    title: str  # "Lorna Baxter, NHS number 999 000 0018" or "Dev Mistry (healthcare assistant)"
    subject_uuid: str
    subject_kind: str  # "person" or "staff"
    lines: tuple[TrailLine, ...]
    date_from: dt.date | None
    date_to: dt.date | None


def describe(entity: str, details: dict | None) -> str:
    what = WHAT.get(entity) or ("plan: " + entity.replace("_", " ") if entity in PLAN_ENTITIES
                                else entity.replace("_", " "))
    fields = (details or {}).get("fields") if isinstance(details, dict) else None
    if fields:
        what += " (" + ", ".join(str(f).replace("_", " ") for f in fields) + ")"
    return what


def _spaced(nhs: str) -> str:
    return f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"


def _in_dates(at: dt.datetime, date_from: dt.date | None, date_to: dt.date | None) -> bool:
    day = local_date(at)
    return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)


def _lines(session, query, date_from, date_to, *, with_person: bool) -> tuple[TrailLine, ...]:
    if date_from is not None:  # a day's margin either side for the local time; exact in Python
        query = query.where(AuditEvent.at >= dt.datetime.combine(date_from - dt.timedelta(days=1), dt.time()))
    if date_to is not None:
        query = query.where(AuditEvent.at < dt.datetime.combine(date_to + dt.timedelta(days=2), dt.time()))
    staff = {u.uuid: (u.name, u.role) for u in session.scalars(select(User))}
    computers = dict(session.execute(select(Device.uuid, Device.name)).all())
    people = {}
    if with_person:
        people = {p.id: f"{p.given_name} {p.family_name} (NHS {_spaced(p.nhs_number)})"
                  for p in session.scalars(select(Patient))}
    out = []
    for event in session.scalars(query.order_by(AuditEvent.at, AuditEvent.id)):
        if not _in_dates(event.at, date_from, date_to):
            continue
        name, role_now = staff.get(event.user_uuid or "", ("unknown", None))
        out.append(TrailLine(local_time(event.at), name, event.user_role or role_now or "no role recorded",
                             computers.get(event.device_uuid or "", "unknown computer"), event.action,
                             describe(event.entity, event.details), people.get(event.patient_id, "")))
    return tuple(out)


def person_trail(vault: Vault, nhs_number_or_uuid: str, *, date_from: dt.date | None = None,
                 date_to: dt.date | None = None) -> Trail:
    """Everything done to one person's record: who viewed and changed what, when, where."""
    require(vault, "see a person's audit trail")
    with vault.reader() as session:
        person = session.scalars(select(Patient).where((Patient.nhs_number == nhs_number_or_uuid)
                                                       | (Patient.uuid == nhs_number_or_uuid))).first()
        if person is None:
            raise AuditQueryError("No one with that NHS number is in this vault.")
        lines = _lines(session, select(AuditEvent).where(AuditEvent.patient_id == person.id), date_from, date_to,
                       with_person=False)
        title = f"{person.given_name} {person.family_name}, NHS number {_spaced(person.nhs_number)}"
        return Trail(title, person.uuid, "person", lines, date_from, date_to)


def staff_trail(vault: Vault, user_uuid: str, *, date_from: dt.date | None = None,
                date_to: dt.date | None = None) -> Trail:
    """Everything one member of staff did, and to whom."""
    require(vault, "see any audit trail")
    with vault.reader() as session:
        user = session.scalars(select(User).where(User.uuid == user_uuid)).first()
        if user is None:
            raise AuditQueryError("That member of staff is not in this vault.")
        lines = _lines(session, select(AuditEvent).where(AuditEvent.user_uuid == user_uuid), date_from, date_to,
                       with_person=True)
        return Trail(f"{user.name} ({user.role})", user.uuid, "staff", lines, date_from, date_to)


@dataclass(frozen=True)
class LastChange:
    staff: str
    role: str
    at: dt.datetime  # local time


def last_plan_change(session, patient_id: int) -> LastChange | None:
    """Who last changed the person's plan, and when (for the overview)."""
    event = session.scalars(select(AuditEvent).where(AuditEvent.patient_id == patient_id,
                                                     AuditEvent.entity.in_(PLAN_ENTITIES),
                                                     AuditEvent.action != "viewed")
                            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1)).first()
    if event is None:
        return None
    user = session.scalars(select(User).where(User.uuid == event.user_uuid)).first() if event.user_uuid else None
    return LastChange(user.name if user else "unknown", event.user_role or (user.role if user else "no role recorded"),
                      local_time(event.at))
