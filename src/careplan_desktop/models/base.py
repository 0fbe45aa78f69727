"""The declarative base and the mixin every record that can travel between vaults carries."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any

from sqlalchemy import JSON, Date, DateTime, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Naive UTC, second precision: what the vault stores everywhere."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        dt.datetime: DateTime(),
        dt.date: Date(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        str: Text(),
    }


class Traveller:
    """Identity and history for sync (ARCHITECTURE rule 7).

    `uuid` is the record's identity in every vault; `revision` counts changes and is
    bumped by the flush hook in `models.rules`; `changed_by_device` is the device uuid
    that made the last change. Local integer ids never leave the vault.
    """

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    revision: Mapped[int] = mapped_column(default=1)
    changed_by_device: Mapped[str | None] = mapped_column(String(36))
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    #: whether a change to this record is audited (all travelling records are)
    audited = True

    def audit_patient_id(self) -> int | None:
        """The person this record belongs to, for the audit trail; None for practice-wide data."""
        return getattr(self, "patient_id", None)
