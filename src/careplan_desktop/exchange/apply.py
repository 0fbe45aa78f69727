"""Applying a checked bundle: one transaction, audit events naming the bundle and the source
device, and the conflict rules of the package docstring. Nothing is ever silently overwritten.

The steps, each in its own module: `import_state` reads what the vault holds of the bundle's
records; `decisions` decides each record from the two versions and their history clocks;
`write_rows` writes the inserts and updates (SQLAlchemy Core, set-based, audit rows alongside;
the SQL triggers that fix agreed plan versions still guard every statement); `deletions`
applies tombstones; `trail` copies the audit trail and stores history clocks; `conflicts`
flags and settles conflicts. An incoming agreed version is inserted as a draft, its parts
added, and only then is it marked agreed (`_run` below).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from careplan_desktop.models import AppliedBundle, AuditEvent, VersionStatus, record_event

from . import trail
from .container import DEFAULT_LIMITS, Limits
from .deletions import apply_tombstones
from .duplicate_conditions import merge_duplicates
from .errors import BundleRefused
from .import_state import ImportState, when
from .held_records import SAME_NHS, hold, with_held
from .people_links import link_people
from .inbox import CheckedBundle, open_bundle
from .records import ENTITIES
from .write_rows import apply_records


@dataclass(frozen=True)
class ConflictNote:
    kind: str
    entity: str
    record_uuid: str
    patient_uuid: str | None


@dataclass
class ImportResult:
    """What an import changed, for the person and the status bar."""

    bundle_id: str
    source_device_uuid: str
    source_device_name: str
    file_name: str = ""
    already_applied: bool = False
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    unchanged: int = 0
    older: int = 0
    audit_events: int = 0
    conflicts: list[ConflictNote] = field(default_factory=list)
    conflicts_closed: int = 0
    people: set[str] = field(default_factory=set)

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.changed.values()) + sum(self.deleted.values())


def import_bundle(vault, path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Check a bundle completely, then apply it. Raises BundleRefused (nothing changed)."""
    return apply_bundle(vault, open_bundle(vault, path, limits))


def apply_bundle(vault, bundle: CheckedBundle) -> ImportResult:
    source_uuid, source_name = bundle.source_device
    result = ImportResult(bundle.bundle_id, source_uuid, source_name, bundle.file_name)
    if bundle.already_applied:
        result.already_applied = True
        return result
    if source_uuid == vault.actor.device_uuid:
        raise BundleRefused(
            "This bundle was made on this computer, or on a copy of this vault that still has this computer's identity "
            "(give the copy its own: `careplan-desktop device --name NAME --new-identity`)."
        )
    with vault.reader() as session:
        if session.scalar(select(AppliedBundle.id).where(AppliedBundle.bundle_id == bundle.bundle_id)):
            result.already_applied = True
            return result
    with vault.transaction() as session:
        _run(session, bundle, result)
    return result


def _run(session: Session, bundle: CheckedBundle, result: ImportResult) -> None:
    clashes = link_people(session, bundle)
    held = hold(session, bundle, [record["uuid"] for _, record in clashes])
    state = ImportState(session, bundle, result)
    state.load_local()
    _flag_clashes(state, clashes, held)
    incoming_versions = {r["uuid"]: r for r in bundle.records.get("plan_version", [])}
    for name, entity in ENTITIES.items():
        items = bundle.records.get(name, [])
        if name == "device":
            items = [r for r in items if r["uuid"] != state.me]
        if items:
            apply_records(state, entity, items)
    versions = ENTITIES["plan_version"].table
    for uuid, status in state.later_status:
        session.execute(update(versions).where(versions.c.uuid == uuid).values(status=status))
    apply_tombstones(state)
    merge_duplicates(state)
    trail.copy_audit_events(state)
    trail.ensure_source_device(state)
    trail.write_clocks(state)
    book = state.book
    result.conflicts_closed += book.close_settled(state.final, trail.version_statuses_now(state))
    result.conflicts_closed += book.close_parallel(trail.version_statuses_now(state))
    book.flag_parallel([incoming_versions[u] for u, s in state.later_status if s == VersionStatus.AGREED.value],
                       state.reader)
    result.conflicts = [ConflictNote(c.kind, c.entity, c.record_uuid, c.patient_uuid) for c in book.flagged]
    trail.remember_peer_knowledge(state)
    if state.audit:
        session.connection().execute(insert(AuditEvent.__table__), state.audit)
    summary = {"created": sum(result.created.values()), "changed": sum(result.changed.values()),
               "deleted": sum(result.deleted.values()), "conflicts": len(book.flagged), "audit_events": result.audit_events}
    session.add(AppliedBundle(bundle_id=bundle.bundle_id, source_device_uuid=result.source_device_uuid,
                              source_device_name=result.source_device_name, file_name=bundle.file_name,
                              created_at=when(bundle.manifest["created"]), summary=summary))
    record_event(session, "bundle imported", "exchange_bundle", bundle.bundle_id, details={**state.context, **summary})


def _flag_clashes(state: ImportState, clashes: list[tuple[str, dict]], held: dict[str, dict]) -> None:
    """Same NHS number, different details: the bundle's person waits beside the local one, with
    their other records from the bundle (`held_records`)."""
    if not clashes:
        return
    entity = ENTITIES["patient"]
    local = {r["uuid"]: r for r in state.reader.native(entity, state.reader.rows(entity, "uuid", {u for u, _ in clashes}))}
    for uuid, record in clashes:
        state.book.flag(SAME_NHS, entity, local.get(uuid), with_held(record, held.get(record["uuid"], {})),
                        record["clock"], uuid)
