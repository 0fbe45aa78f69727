"""What an import leaves besides the records: the source device's audit trail (append-only, by
uuid), the source device itself, the history clocks of the records it settled, and what the
source already knows (so it is not sent back there)."""

from __future__ import annotations

from sqlalchemy import delete, insert, or_, select

from careplan_desktop.models import AuditEvent, Destination, RecordClock

from . import clocks as C
from .import_state import ImportState, when
from .outbox import normal_folder, upsert_sent
from .records import ENTITIES
from .snapshots import chunks


def copy_audit_events(state: ImportState) -> None:
    events = state.b.audit_events
    if not events:
        return
    have: set[str] = set()
    for batch in chunks([e["uuid"] for e in events]):
        have.update(state.s.scalars(select(AuditEvent.uuid).where(AuditEvent.uuid.in_(batch))))
    patients = state.ids("patient")
    rows = [{"uuid": e["uuid"], "at": when(e["at"]), "user_uuid": e["user_uuid"], "device_uuid": e["device_uuid"],
             "action": e["action"], "entity": e["entity"], "record_uuid": e["record_uuid"],
             "patient_id": patients.get(e["patient_uuid"]) if e["patient_uuid"] else None, "details": e["details"],
             "user_role": (e.get("user_role") or "")[:32] or None}  # the role when they acted (bundles from before issue 13 lack it)
            for e in events if e["uuid"] not in have]
    if rows:
        state.s.connection().execute(insert(AuditEvent.__table__), rows)
    state.result.audit_events = len(rows)


def ensure_source_device(state: ImportState) -> None:
    uuid, name = state.result.source_device_uuid, state.result.source_device_name
    if uuid not in state.ids("device"):
        record = {"uuid": uuid, "revision": 1, "changed_by_device": uuid, "changed_at": state.now,
                  "name": name or "Another computer", "first_seen": state.now, "is_this_device": False,
                  "exchange_key_id": None}
        state.s.execute(insert(ENTITIES["device"].table), [record])
        state.audit_change("created", ENTITIES["device"], record, None)
        state.forget_ids("device")


def write_clocks(state: ImportState) -> None:
    """Store each settled record's history clock, where it says more than its own version."""
    table = RecordClock.__table__
    keep, drop = [], []
    for uuid, (entity, revision, device, clock) in state.final.items():
        if clock == C.own(revision, device):
            if uuid in state.stored_clocks:
                drop.append(uuid)
        elif state.stored_clocks.get(uuid) != clock:
            keep.append({"record_uuid": uuid, "entity": entity, "clock": clock})
            drop.append(uuid)
    for batch in chunks(drop):
        state.s.execute(delete(table).where(table.c.record_uuid.in_(batch)))
    if keep:
        state.s.connection().execute(insert(table), keep)


def version_statuses_now(state: ImportState) -> dict[str, str]:
    """The status of every version the bundle or an open parallel conflict names, as it is now."""
    table = ENTITIES["plan_version"].table
    uuids = {r["uuid"] for r in state.b.records.get("plan_version", [])} | state.book.parallel_versions()
    out = {}
    for batch in chunks(uuids):
        out.update(state.s.execute(select(table.c.uuid, table.c.status).where(table.c.uuid.in_(batch))).all())
    return out


def remember_peer_knowledge(state: ImportState) -> None:
    """What the source device sent is known there: it need not travel back to it, nor to the folder
    the bundle was found in (a shared folder every computer reads: issue 14, practice scale)."""
    source = state.result.source_device_uuid
    here = Destination.peer_device_uuid == source
    if state.b.folder:
        here = or_(here, Destination.folder == normal_folder(state.b.folder))
    peers = list(state.s.scalars(select(Destination.id).where(here)))
    if not peers:
        return
    incoming = {r["uuid"]: (r["revision"], r["changed_by_device"]) for items in state.b.records.values() for r in items}
    rows = [{"destination_id": d, "record_uuid": uuid, "entity": entity, "revision": revision, "changed_by_device": device}
            for d in peers for uuid, (entity, revision, device, _) in state.final.items()
            if incoming.get(uuid) == (revision, device)]
    upsert_sent(state.s, rows)
