"""Bookkeeping for sync by file (issue 8): the practice exchange key, destinations and what
was sent to each, per-record history clocks, deletions, applied bundles, conflicts, and the
inbox folders this computer watches.

None of these tables travel: they describe this vault's view of the exchange. The design is
described in `careplan_desktop.exchange` (package docstring).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, new_uuid, utcnow


class ExchangeKey(Base):
    """The practice exchange key (kept here, inside the encrypted vault, and nowhere else).

    `kind` is "file" (32 random bytes from a key file) or "passphrase" (derived with scrypt from
    a shared exchange passphrase and the practice salt in the key file). `key_id` names the key
    in every bundle header; it is derived from the key itself, so a wrong passphrase shows.
    """

    __tablename__ = "exchange_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    secret: Mapped[bytes] = mapped_column(LargeBinary)
    salt: Mapped[bytes | None] = mapped_column(LargeBinary)
    scrypt_n: Mapped[int | None]
    scrypt_r: Mapped[int | None]
    scrypt_p: Mapped[int | None]
    practice: Mapped[str | None]
    installed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)


class Destination(Base):
    """A folder bundles are exported to (shared drive, removable drive), with its watermarks."""

    __tablename__ = "exchange_destination"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str]
    folder: Mapped[str] = mapped_column(unique=True)
    auto_export: Mapped[bool] = mapped_column(default=True)
    #: the device that reads this folder, if known: what it sent us need not go back to it
    peer_device_uuid: Mapped[str | None] = mapped_column(String(36))
    audit_watermark: Mapped[int] = mapped_column(default=0)  # highest audit_event.id sent
    tombstone_watermark: Mapped[int] = mapped_column(default=0)  # highest exchange_tombstone.id sent
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_export_at: Mapped[dt.datetime | None]
    last_export_file: Mapped[str | None]
    last_export_records: Mapped[int | None]
    last_error: Mapped[str | None]
    last_error_at: Mapped[dt.datetime | None]


class SentRecord(Base):
    """The version of a record last sent to a destination: a record is pending there until
    its current (revision, device) is the one recorded here."""

    __tablename__ = "exchange_sent"

    destination_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_destination.id", ondelete="CASCADE"), primary_key=True
    )
    record_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(48))
    revision: Mapped[int]
    changed_by_device: Mapped[str | None] = mapped_column(String(36))


class RecordClock(Base):
    """A record's history clock: for each device, the highest revision it wrote in the
    record's ancestry. Kept only when it says more than the record's own (revision, device)."""

    __tablename__ = "exchange_clock"

    record_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(48))
    clock: Mapped[dict[str, Any]]


class Tombstone(Base):
    """A travelling record that was deleted, with the history it had: deletions travel too."""

    __tablename__ = "exchange_tombstone"
    __table_args__ = (Index("ix_exchange_tombstone_record", "record_uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_uuid: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(48))
    patient_uuid: Mapped[str | None] = mapped_column(String(36))
    clock: Mapped[dict[str, Any]]
    deleted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    deleted_by_device: Mapped[str | None] = mapped_column(String(36))


class AppliedBundle(Base):
    """A bundle already imported: importing it again changes nothing."""

    __tablename__ = "exchange_applied_bundle"

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(36), unique=True)
    source_device_uuid: Mapped[str] = mapped_column(String(36))
    source_device_name: Mapped[str | None]
    created_at: Mapped[dt.datetime | None]
    applied_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str | None]
    summary: Mapped[dict[str, Any] | None]


class Conflict(Base):
    """A record changed on both sides since they last agreed (or changed on one side and
    deleted on the other, or two agreed versions grown from the same parent). The local
    record stays as it is; the incoming one waits here until a person chooses."""

    __tablename__ = "exchange_conflict"
    __table_args__ = (Index("ix_exchange_conflict_record", "record_uuid", "resolved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    kind: Mapped[str] = mapped_column(String(24))
    entity: Mapped[str] = mapped_column(String(48))
    record_uuid: Mapped[str] = mapped_column(String(36))
    patient_uuid: Mapped[str | None] = mapped_column(String(36))
    local_snapshot: Mapped[dict[str, Any] | None]
    incoming_snapshot: Mapped[dict[str, Any] | None]
    incoming_clock: Mapped[dict[str, Any] | None]
    incoming_device_uuid: Mapped[str | None] = mapped_column(String(36))
    bundle_id: Mapped[str | None] = mapped_column(String(36))
    flagged_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(36))  # user uuid; None when resolved by sync
    choice: Mapped[str | None] = mapped_column(String(16))


class InboxFolder(Base):
    """A folder this computer watches for bundles from other computers (a shared folder the
    hub watches, a USB stick's folder; a destination folder can double as one). Whatever waits
    there from another computer is imported when the folder is reachable."""

    __tablename__ = "exchange_inbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str]
    folder: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_import_at: Mapped[dt.datetime | None]


class SetAsideBundle(Base):
    """A bundle file in a watched folder that is not tried again until the file changes (its
    size or modification time): refused (with the reason shown to the person), made on this
    computer, or already imported under another name. The file itself is left where it is."""

    __tablename__ = "exchange_set_aside"
    __table_args__ = (UniqueConstraint("inbox_id", "file_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inbox_id: Mapped[int] = mapped_column(ForeignKey("exchange_inbox.id", ondelete="CASCADE"))
    file_name: Mapped[str]
    size: Mapped[int]
    modified_ns: Mapped[int]
    reason: Mapped[str] = mapped_column(String(16))  # "refused", "made here", "imported"
    message: Mapped[str | None]
    noted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


EXCHANGE_TABLES = (
    ExchangeKey, Destination, SentRecord, RecordClock, Tombstone, AppliedBundle, Conflict, InboxFolder, SetAsideBundle,
)


# -- deletions travel: every ORM delete of a travelling record leaves a tombstone -------------
from sqlalchemy import event, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from .base import Traveller  # noqa: E402
from .patient import Patient  # noqa: E402


def _patient_uuid(session: Session, obj: Traveller) -> str | None:
    if isinstance(obj, Patient):
        return obj.uuid
    patient_id = obj.audit_patient_id()
    if patient_id is None:
        return None
    return session.scalar(select(Patient.uuid).where(Patient.id == patient_id))


@event.listens_for(Session, "before_flush")
def _leave_tombstones(session: Session, _flush_context: Any, _instances: Any) -> None:
    deleted = [obj for obj in session.deleted if isinstance(obj, Traveller) and obj.uuid]
    if not deleted:
        return
    actor = session.info.get("actor")
    with session.no_autoflush:
        for obj in deleted:
            stored = session.get(RecordClock, obj.uuid)
            clock = dict(stored.clock) if stored else {}
            device = obj.changed_by_device or ""
            clock[device] = max(int(clock.get(device, 0)), obj.revision or 1)
            # the deletion is itself a change: one revision past the record, by the deleting device
            deleter = getattr(actor, "device_uuid", None) or ""
            clock[deleter] = max(int(clock.get(deleter, 0)), (obj.revision or 1) + 1)
            session.add(Tombstone(
                record_uuid=obj.uuid, entity=obj.__tablename__, patient_uuid=_patient_uuid(session, obj),
                clock=clock, deleted_by_device=getattr(actor, "device_uuid", None),
            ))


def keep_history(session: Any, obj: Any, device: str | None) -> None:
    """Before a local change replaces the device that wrote a record's last version, store that
    version in the record's history clock: otherwise the record's history would become just this
    device's, and a computer holding the earlier version would see the two as concurrent (a round
    trip shown as a conflict). Called by the flush rules before the revision is bumped."""
    previous = obj.changed_by_device or ""
    revision = obj.revision or 1
    if obj.uuid is None or previous == (device or ""):
        return
    with session.no_autoflush:
        stored = session.get(RecordClock, obj.uuid)
        clock = dict(stored.clock) if stored is not None else {}
        if int(clock.get(previous, 0)) >= revision:
            return
        clock[previous] = revision
        if stored is not None:
            stored.clock = clock
        else:
            session.add(RecordClock(record_uuid=obj.uuid, entity=obj.__tablename__, clock=clock))


class PersonLink(Base):
    """Another record id of a person (the same NHS number registered on two computers): records
    naming `alias_uuid` belong to `person_uuid` (the smaller uuid of the two, on every computer)."""

    __tablename__ = "exchange_person_link"

    alias_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_uuid: Mapped[str] = mapped_column(String(36))
    linked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Signer(Base):
    """A computer that signs bundles (issue 14): this computer's own Ed25519 key (status "this",
    with its private key, which never leaves the vault) or another computer's public key, as
    "confirmed" by a nurse comparing its fingerprint, "waiting" to be confirmed, or "removed"
    (a lost laptop: its later bundles are refused)."""

    __tablename__ = "exchange_signer"

    device_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str]
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16))
    first_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[dt.datetime | None]
