"""The outbox: destination folders, what is pending for each, and whether a folder can be reached.

A record is pending for a destination until the version now in the vault (revision, device)
is the one last sent there (`exchange_sent`); deletions and audit events are pending above the
destination's watermarks. The GUI calls `check_destinations()` every 30 s (and on demand) and
exports to those that are reachable and have something pending (`export.export_bundle`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid as uuid_module
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from careplan_desktop.models import AppliedBundle, AuditEvent, Conflict, Destination, SentRecord, Tombstone
from careplan_desktop.domain.nhs_number import is_valid

from .errors import ExchangeError
from .records import ENTITIES

#: audit events about the exchange itself stay in this vault
LOCAL_AUDIT_ENTITIES = ("exchange_key", "exchange_destination", "exchange_bundle", "exchange_conflict", "device_identity",
                        "exchange_signer")


@dataclass(frozen=True)
class Pending:
    records: int
    deletions: int
    audit_events: int

    @property
    def total(self) -> int:
        return self.records + self.deletions + self.audit_events

    @property
    def changes(self) -> int:
        """What the status bar shows: records and deletions (audit events travel along)."""
        return self.records + self.deletions


@dataclass(frozen=True)
class DestinationStatus:
    id: int
    uuid: str
    name: str
    folder: str
    auto_export: bool
    reachable: bool
    pending: Pending
    last_export_at: dt.datetime | None
    last_export_file: str | None
    last_error: str | None


@dataclass(frozen=True)
class ExchangeStatus:
    """For the status bar: pending changes, last export and import, open conflicts."""

    pending_changes: int
    last_export_at: dt.datetime | None
    last_import_at: dt.datetime | None
    open_conflicts: int


def folder_reachable(folder: str | os.PathLike) -> bool:
    """Whether a destination folder exists and a file can be written there (a probe file is
    created and removed, so a read-only or unplugged drive counts as unreachable)."""
    path = Path(folder)
    if not path.is_dir():
        return False
    probe = path / f".careplan-probe-{uuid_module.uuid4().hex[:8]}"
    try:
        with open(probe, "wb") as handle:
            handle.write(b"ok")
        probe.unlink()
        return True
    except OSError:
        return False


def normal_folder(folder: str | os.PathLike) -> str:
    """A folder as it is stored (absolute, links resolved): one row per real folder."""
    return str(Path(folder).expanduser().resolve())


_NHS_NUMBER_LIKE = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")


def check_folder_name(folder: str | os.PathLike) -> None:
    """Folder paths are kept and shown: they must not hold patient data. A folder whose path
    holds a valid NHS number is refused (names cannot be told from other words)."""
    if any(is_valid(found) for found in _NHS_NUMBER_LIKE.findall(str(folder))):
        raise ExchangeError("That folder's name looks like it holds an NHS number. Folder names must not hold "
                            "patient data: choose or rename the folder.")


def find_destination(session: Session, folder: str | os.PathLike) -> Destination | None:
    return session.scalar(select(Destination).where(Destination.folder == normal_folder(folder)))


def destination_for(vault, folder: str | os.PathLike) -> int | None:
    """The id of the destination set up for this folder, if there is one."""
    with vault.reader() as session:
        found = find_destination(session, folder)
        return found.id if found is not None else None


def add_destination(vault, folder: str | os.PathLike, name: str | None = None, *, auto_export: bool = False,
                    peer_device_uuid: str | None = None) -> int:
    """A destination folder (or the existing one for that folder); returns its id."""
    with vault.transaction() as session:
        return ensure_destination(session, folder, name, auto_export=auto_export, peer_device_uuid=peer_device_uuid).id


def ensure_destination(session: Session, folder, name=None, *, auto_export=False, peer_device_uuid=None) -> Destination:
    existing = find_destination(session, folder)
    if existing is not None:
        if peer_device_uuid:
            existing.peer_device_uuid = peer_device_uuid
        return existing
    check_folder_name(folder)
    destination = Destination(folder=normal_folder(folder), name=name or Path(folder).name or str(folder),
                              auto_export=auto_export, peer_device_uuid=peer_device_uuid)
    session.add(destination)
    session.flush()
    return destination


def remove_destination(vault, destination_id: int) -> None:
    with vault.transaction() as session:
        destination = session.get(Destination, destination_id)
        if destination is None:
            raise ExchangeError("That destination is no longer set up.")
        session.delete(destination)


def set_auto_export(vault, destination_id: int, auto_export: bool) -> None:
    """Export automatically to this destination when it is reachable, or only on a click."""
    with vault.transaction() as session:
        destination = session.get(Destination, destination_id)
        if destination is None:
            raise ExchangeError("That destination is no longer set up.")
        destination.auto_export = bool(auto_export)


def upsert_sent(session: Session, rows: list[dict]) -> None:
    """Record what a destination now holds (one executemany, not one statement per row)."""
    if not rows:
        return
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    statement = sqlite_insert(SentRecord.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=["destination_id", "record_uuid"],
        set_={"entity": statement.excluded.entity, "revision": statement.excluded.revision,
              "changed_by_device": statement.excluded.changed_by_device})
    session.connection().execute(statement, rows)


def pending_records_query(entity_name: str, destination_id: int):
    table = ENTITIES[entity_name].table
    sent = SentRecord.__table__
    joined = table.outerjoin(sent, and_(
        sent.c.destination_id == destination_id, sent.c.record_uuid == table.c.uuid,
        sent.c.revision == table.c.revision,
        or_(sent.c.changed_by_device == table.c.changed_by_device,
            and_(sent.c.changed_by_device.is_(None), table.c.changed_by_device.is_(None)))))
    return select(table).select_from(joined).where(sent.c.record_uuid.is_(None))


def travelling_audit(query, watermark: int):
    return query.where(AuditEvent.id > watermark, AuditEvent.entity.not_in(LOCAL_AUDIT_ENTITIES))


def pending_for(session: Session, destination: Destination) -> Pending:
    records = 0
    for name in ENTITIES:
        query = pending_records_query(name, destination.id).subquery()
        records += session.scalar(select(func.count()).select_from(query)) or 0
    deletions = session.scalar(select(func.count()).select_from(Tombstone).where(Tombstone.id > destination.tombstone_watermark))
    audits = session.scalar(travelling_audit(select(func.count()).select_from(AuditEvent), destination.audit_watermark))
    return Pending(records, deletions or 0, audits or 0)


def check_destinations(vault) -> list[DestinationStatus]:
    """Every destination with whether it is reachable now and what is pending there."""
    with vault.reader() as session:
        out = []
        for d in session.scalars(select(Destination).order_by(Destination.name)):
            out.append(DestinationStatus(d.id, d.uuid, d.name, d.folder, d.auto_export, folder_reachable(d.folder),
                                         pending_for(session, d), d.last_export_at, d.last_export_file, d.last_error))
        return out


def exchange_status(vault) -> ExchangeStatus:
    with vault.reader() as session:
        destinations = list(session.scalars(select(Destination)))
        pending = sum(pending_for(session, d).changes for d in destinations)
        last_export = max((d.last_export_at for d in destinations if d.last_export_at), default=None)
        last_import = session.scalar(select(func.max(AppliedBundle.applied_at)))
        conflicts = session.scalar(select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))) or 0
        return ExchangeStatus(pending, last_export, last_import, conflicts)
