"""Rules every flush obeys, whoever writes: identity, revisions, the audit trail, fixed plans.

* Every travelling record gets its uuid before it is written, and every real change bumps
  its revision counter and names the device (ARCHITECTURE rule 7).
* Every create, change and delete writes an `AuditEvent` in the same flush, so it commits
  or rolls back with the change it describes (rule 3).
* An agreed `PlanVersion` and its parts cannot be changed; the only change allowed is the
  agreed version becoming superseded.

The actor (user and device uuids) comes from `session.info["actor"]`, set by the vault.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from .audit import AuditEvent, audit_values
from .base import Traveller, new_uuid, utcnow
from .changes import add_people, forget, hand_over, pending_patient_ids
from .codes import Actor  # noqa: F401 (also read from here)
from .exchange import keep_history
from .patient import Patient
from .plan import PlanVersion, VersionStatus
from .plan_parts import PlanPart

BOOKKEEPING = {"revision", "changed_at", "changed_by_device"}


class FixedPlanVersionError(Exception):
    """Raised when something tries to change an agreed plan version."""

    def __init__(self) -> None:
        super().__init__(
            "This version of the plan has been agreed and cannot be changed. "
            "Start a new version to make changes; the agreed one stays as it was."
        )


def committed_value(obj: Any, key: str, unsaved: Any) -> Any:
    """The value of `obj.key` as the vault holds it before this flush (`unsaved` for a new row):
    what a rule about fixed records asks (was this version agreed, this assessment completed?)."""
    state = inspect(obj)
    if state.transient or state.pending:
        return unsaved
    history = state.attrs[key].history
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    return getattr(obj, key)


def _committed_status(version: PlanVersion) -> str:
    return committed_value(version, "status", VersionStatus.DRAFT.value)


def _changed_fields(obj: Any) -> list[str]:
    state = inspect(obj)
    return sorted(
        attr.key
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes() and attr.key not in BOOKKEEPING
    )


def _guard_fixed_versions(session: Session) -> None:
    for obj in chain(session.dirty, session.deleted):
        if isinstance(obj, PlanVersion):
            committed = _committed_status(obj)
            if committed == VersionStatus.DRAFT.value:
                continue
            changed = set(_changed_fields(obj))
            becoming_superseded = (
                obj not in session.deleted
                and committed == VersionStatus.AGREED.value
                and obj.status == VersionStatus.SUPERSEDED.value
                and changed <= {"status"}
            )
            if changed and not becoming_superseded or obj in session.deleted:
                raise FixedPlanVersionError()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, PlanPart):
            if obj in session.dirty and not _changed_fields(obj):
                continue
            version = obj.plan_version
            if version is not None and _committed_status(version) != VersionStatus.DRAFT.value:
                raise FixedPlanVersionError()


def _owner(obj: Traveller, action: str) -> tuple[int | None, Patient | None]:
    """The person a record's audit row names: by id, or (not yet flushed) the Patient itself."""
    if action == "deleted" and isinstance(obj, Patient):
        return None, None
    if isinstance(obj, Patient) and obj.id is None:
        return None, obj
    if obj.audit_patient_id() is not None:
        return obj.audit_patient_id(), None
    return None, getattr(obj, "patient", None)


def _audit_event(session: Session, obj: Traveller, action: str, details: dict | None) -> AuditEvent:
    patient_id, patient = _owner(obj, action)
    version = obj.plan_version if isinstance(obj, PlanPart) else None
    audit = AuditEvent(**audit_values(
        session, action, obj.__tablename__, obj.uuid, patient_id=patient_id, details=details,
        patient_uuid=patient.uuid if patient is not None else None,
        plan_uuid=version.uuid if version is not None else None))
    if patient is not None:
        audit.patient = patient
    return audit


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    _guard_fixed_versions(session)
    actor: Actor | None = session.info.get("actor")
    extra: dict | None = session.info.get("audit_context")
    keep_revisions = session.info.get("keep_revisions", False)
    device = actor.device_uuid if actor else None
    now = utcnow()
    events: list[AuditEvent] = []
    for obj in list(session.new):
        if isinstance(obj, Traveller):
            if obj.uuid is None:
                obj.uuid = new_uuid()
            if not keep_revisions:
                obj.changed_by_device = obj.changed_by_device or device
                obj.changed_at = obj.changed_at or now
            events.append(_audit_event(session, obj, "created", extra))
    for obj in list(session.dirty):
        if isinstance(obj, Traveller):
            fields = _changed_fields(obj)
            if not fields:
                continue
            details: dict = {"fields": fields}
            if not keep_revisions:
                keep_history(session, obj, device)
                obj.revision = (obj.revision or 1) + 1
                obj.changed_by_device = device
                obj.changed_at = now
                details["revision"] = obj.revision  # which version made the change (exchange.field_merge)
            events.append(_audit_event(session, obj, "changed", {**details, **(extra or {})}))
    for obj in list(session.deleted) + _pending_orphans(session):
        if isinstance(obj, Traveller):
            events.append(_audit_event(session, obj, "deleted", extra))
    session.add_all(events)


def _pending_orphans(session: Session) -> list[Any]:
    """Rows removed from a delete-orphan collection (`patient.conditions.remove(row)`): the
    unit of work deletes them later in this flush, so they are not yet in `session.deleted`."""
    orphans = []
    for parent in session.dirty:
        state = inspect(parent)
        for relation in state.mapper.relationships:
            if not relation.cascade.delete_orphan or not relation.uselist:
                continue
            for child in state.attrs[relation.key].history.deleted:
                if child is not None and child not in session.deleted and inspect(child).persistent:
                    orphans.append(child)
    return orphans


def record_event(
    session: Session,
    action: str,
    entity: str,
    record_uuid: str | None = None,
    patient_id: int | None = None,
    details: dict | None = None,
) -> AuditEvent:
    """An audit event for something that is not a change to a record (viewed, printed, ...)."""
    audit = AuditEvent(**audit_values(session, action, entity, record_uuid, patient_id=patient_id, details=details))
    session.add(audit)
    return audit


def _name_the_changed(session: Session, *_flush_context: Any) -> None:
    """Name by uuid the people the transaction's audit rows point to by id: after each flush
    (the flush rules' rows) and before the commit (rows written with Core)."""
    ids = sorted(pending_patient_ids(session))
    for start in range(0, len(ids), 900):  # within SQLite's limit on bound parameters
        add_people(session, set(session.scalars(select(Patient.uuid).where(Patient.id.in_(ids[start:start + 900])))))


event.listen(Session, "after_flush_postexec", _name_the_changed)
event.listen(Session, "before_commit", _name_the_changed)
event.listen(Session, "after_commit", hand_over)
event.listen(Session, "after_rollback", forget)
