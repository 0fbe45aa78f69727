"""The audit trail: who did what to which record, written in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, new_uuid, utcnow


class AuditEvent(Base):
    """One event. Field names are recorded for updates, never the values themselves."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_patient", "patient_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_uuid: Mapped[str | None] = mapped_column(String(36))
    device_uuid: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(32))  # created, changed, deleted, viewed, ...
    entity: Mapped[str] = mapped_column(String(48))  # table name
    record_uuid: Mapped[str | None] = mapped_column(String(36))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any] | None]

    patient = relationship("Patient", foreign_keys=[patient_id])
