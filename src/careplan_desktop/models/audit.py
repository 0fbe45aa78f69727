"""The audit trail: who did what to which record, written in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, new_uuid, utcnow
from .changes import note_change


class AuditEvent(Base):
    """One event. Field names are recorded for updates, never the values themselves."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_patient", "patient_id", "at"),
                      Index("ix_audit_event_record_uuid", "record_uuid"))

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_uuid: Mapped[str | None] = mapped_column(String(36))
    user_role: Mapped[str | None] = mapped_column(String(32))  # their role when they did it
    device_uuid: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(32))  # created, changed, deleted, viewed, ...
    entity: Mapped[str] = mapped_column(String(48))  # table name
    record_uuid: Mapped[str | None] = mapped_column(String(36))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any] | None]

    patient = relationship("Patient", foreign_keys=[patient_id])


def audit_values(
    session: Any,
    action: str,
    entity: str,
    record_uuid: str | None = None,
    *,
    patient_id: int | None = None,
    details: dict | None = None,
    at: dt.datetime | None = None,
    patient_uuid: str | None = None,
    plan_uuid: str | None = None,
) -> dict[str, Any]:
    """The one way an audit row is made, whoever writes it: the flush rules (`rules`),
    `record_event`, the register import's batches and an exchange import's Core writes. The
    actor (user and device) is the session's; the row's columns come back as a dict (for
    `AuditEvent(**values)` or an `insert`). The change is also noted for the screens
    (`changes.note_change`): `patient_uuid` and `plan_uuid` only help name who and which
    plan when the row does not (a person not yet flushed, a part of a plan version)."""
    actor = session.info.get("actor")
    note_change(session, action, entity, record_uuid, patient_id=patient_id, patient_uuid=patient_uuid,
                plan_uuid=plan_uuid)
    return {"uuid": new_uuid(), "at": at or utcnow(), "user_uuid": actor.user_uuid if actor else None,
            "user_role": actor.role if actor else None,
            "device_uuid": actor.device_uuid if actor else None, "action": action, "entity": entity,
            "record_uuid": record_uuid, "patient_id": patient_id, "details": details}
