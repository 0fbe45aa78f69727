"""Applying a checked bundle: one transaction, audit events naming the bundle and the source
device, and the conflict rules of the package docstring. Nothing is ever silently overwritten.

Writes go through SQLAlchemy Core (set-based, fast) with the audit rows written alongside;
the SQL triggers that fix agreed plan versions still guard every statement. An incoming agreed
version is inserted as a draft, its parts added, and only then is it marked agreed.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from careplan_desktop.models import (
    AppliedBundle, AuditEvent, Destination, RecordClock, Tombstone, VersionStatus, new_uuid, record_event, utcnow,
)

from . import clocks as C
from .container import DEFAULT_LIMITS, Limits
from .errors import BundleRefused
from .inbox import CheckedBundle, open_bundle
from .records import ENTITIES, LOCAL_DEFAULTS, Entity, content, missing_refs, to_columns
from .outbox import upsert_sent
from .snapshots import RecordReader, chunks
from .conflicts import ConflictBook

DRAFT = VersionStatus.DRAFT.value


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
        _Applier(session, bundle, result).run()
    return result


class _Applier:
    def __init__(self, session: Session, bundle: CheckedBundle, result: ImportResult) -> None:
        self.s, self.b, self.result = session, bundle, result
        actor = session.info.get("actor")
        self.me = actor.device_uuid if actor else None
        self.user = actor.user_uuid if actor else None
        self.now = utcnow()
        self.context = {"bundle": bundle.bundle_id, "source_device": result.source_device_uuid,
                        "source_device_name": result.source_device_name}
        self.reader = RecordReader(session)
        self.book = ConflictBook(session, bundle.bundle_id, result.source_device_uuid, self.now)
        self._ids: dict[str, dict[str, int]] = {}
        self.audit: list[dict] = []
        self.final: dict[str, tuple[str, int, str | None, dict]] = {}  # uuid -> (entity, revision, device, clock)
        self.local: dict[str, dict[str, tuple[dict, dict]]] = {}  # entity -> uuid -> (raw row, native)
        self.later_status: list[tuple[str, str]] = []  # (version uuid, status) to set once parts are in

    # -- lookups ---------------------------------------------------------------------------
    def ids(self, table: str) -> dict[str, int]:
        if table not in self._ids:
            source = ENTITIES[table].table
            self._ids[table] = dict(self.s.execute(select(source.c.uuid, source.c.id)).all())
        return self._ids[table]

    def _load_local(self) -> None:
        uuids = {u for items in self.b.records.values() for u in (r["uuid"] for r in items)}
        uuids |= {t["uuid"] for t in self.b.tombstones}
        self.stored_clocks = {}
        self.tombstones: dict[str, dict] = {}
        for batch in chunks(uuids):
            self.stored_clocks.update(self.s.execute(select(RecordClock.record_uuid, RecordClock.clock)
                                                     .where(RecordClock.record_uuid.in_(batch))).all())
            for uuid, clock in self.s.execute(select(Tombstone.record_uuid, Tombstone.clock).where(Tombstone.record_uuid.in_(batch))):
                self.tombstones[uuid] = C.join(self.tombstones.get(uuid), clock)
        self.reader._clocks = self.stored_clocks
        wanted = {name: {r["uuid"] for r in items} for name, items in self.b.records.items()}
        for t in self.b.tombstones:
            wanted.setdefault(t["entity"], set()).add(t["uuid"])
        for name, found in wanted.items():
            rows = self.reader.rows(ENTITIES[name], "uuid", found)
            natives = self.reader.native(ENTITIES[name], rows)
            self.local[name] = {row["uuid"]: (row, native) for row, native in zip(rows, natives)}
        self.version_status: dict[str, str] = {}  # version uuid -> status now in the vault
        self.version_patient_uuid: dict[str, str] = {}  # version uuid -> patient uuid
        refs = {r["plan_version_uuid"] for n, items in self.b.records.items() if ENTITIES[n].is_plan_part for r in items}
        refs |= {native["plan_version_uuid"] for n, found in self.local.items() if ENTITIES[n].is_plan_part
                 for _, native in found.values()}
        refs |= set(self.local.get("plan_version", {}))
        versions, patients = ENTITIES["plan_version"].table, ENTITIES["patient"].table
        for batch in chunks(refs):
            query = select(versions.c.uuid, versions.c.status, patients.c.uuid).join(
                patients, patients.c.id == versions.c.patient_id).where(versions.c.uuid.in_(batch))
            for uuid, status, patient in self.s.execute(query):
                self.version_status[uuid] = status
                self.version_patient_uuid[uuid] = patient
        for record in self.b.records.get("plan_version", []):
            self.version_patient_uuid.setdefault(record["uuid"], record["patient_uuid"])

    # -- the run ---------------------------------------------------------------------------
    def run(self) -> None:
        self._load_local()
        incoming_versions = {r["uuid"]: r for r in self.b.records.get("plan_version", [])}
        for name, entity in ENTITIES.items():
            items = self.b.records.get(name, [])
            if name == "device":
                items = [r for r in items if r["uuid"] != self.me]
            if items:
                self._apply_entity(entity, items, incoming_versions)
        for uuid, status in self.later_status:
            self.s.execute(update(ENTITIES["plan_version"].table).where(ENTITIES["plan_version"].table.c.uuid == uuid)
                           .values(status=status))
        self._apply_tombstones()
        self._apply_audit_events()
        self._ensure_source_device()
        self._write_clocks()
        self.result.conflicts_closed += self.book.close_settled(self.final, self._version_statuses_now())
        self.result.conflicts_closed += self.book.close_parallel(self._version_statuses_now())
        self.book.flag_parallel([incoming_versions[u] for u, s in self.later_status if s == VersionStatus.AGREED.value],
                                self.reader)
        self.result.conflicts = [ConflictNote(c.kind, c.entity, c.record_uuid, c.patient_uuid) for c in self.book.flagged]
        self._remember_peer_knowledge()
        if self.audit:
            self.s.connection().execute(insert(AuditEvent.__table__), self.audit)
        self.s.add(AppliedBundle(bundle_id=self.b.bundle_id, source_device_uuid=self.result.source_device_uuid,
                                 source_device_name=self.result.source_device_name, file_name=self.b.file_name,
                                 created_at=_when(self.b.manifest["created"]), summary=self._summary()))
        record_event(self.s, "bundle imported", "exchange_bundle", self.b.bundle_id, details={**self.context, **self._summary()})

    def _summary(self) -> dict:
        r = self.result
        return {"created": sum(r.created.values()), "changed": sum(r.changed.values()), "deleted": sum(r.deleted.values()),
                "conflicts": len(self.book.flagged), "audit_events": r.audit_events}

    # -- one entity ------------------------------------------------------------------------
    def _decide(self, entity: Entity, record: dict) -> tuple[str, dict]:
        uuid = record["uuid"]
        incoming = (record["revision"], record["changed_by_device"])
        in_clock = C.join(record["clock"], C.own(*incoming))
        found = self.local.get(entity.name, {}).get(uuid)
        if found is None:
            tomb = self.tombstones.get(uuid)
            if tomb is not None:
                if C.dominates(tomb, in_clock):
                    return "older", in_clock
                if not C.dominates(in_clock, tomb):
                    return "deleted_here", in_clock
            return "insert", in_clock
        row, native = found
        mine = (row["revision"], row["changed_by_device"])
        my_clock = C.effective(self.stored_clocks.get(uuid), *mine)
        joined = C.join(my_clock, in_clock)
        relation = C.order(mine, my_clock, incoming, in_clock)
        if relation in ("same", "older"):
            return relation, joined
        if relation == "newer":
            return "update", joined
        if content(entity, native) == content(entity, record):
            return ("update" if C.winner(mine, incoming) == incoming else "keep"), joined
        if entity.name == "plan_version" and native["status"] != DRAFT and record["status"] != DRAFT \
                and _without_status(entity, native) == _without_status(entity, record):
            return ("update" if record["status"] == VersionStatus.SUPERSEDED.value else "keep"), joined
        return "changed_both", in_clock

    def _writable(self, entity: Entity, record: dict, incoming_versions: dict[str, dict]) -> bool:
        """Whether the SQL rules let this record be written now (agreed versions are fixed)."""
        if entity.name == "plan_version":
            local = self.local.get("plan_version", {}).get(record["uuid"])
            if local is None or local[1]["status"] == DRAFT:
                return True
            same = _without_status(entity, local[1]) == _without_status(entity, record)
            return same and local[1]["status"] == VersionStatus.AGREED.value and record["status"] == VersionStatus.SUPERSEDED.value
        if entity.is_plan_part:
            status = self.version_status.get(record["plan_version_uuid"])
            return status is None or status == DRAFT
        return True

    def _apply_entity(self, entity: Entity, items: list[dict], incoming_versions: dict[str, dict]) -> None:
        inserts, updates = [], []
        for record in items:
            decision, clock = self._decide(entity, record)
            local = self.local.get(entity.name, {}).get(record["uuid"])
            native = local[1] if local else None
            if decision in ("insert", "update") and not self._writable(entity, record, incoming_versions):
                if native is not None and content(entity, native) == content(entity, record):
                    decision = "keep"
                else:
                    self.book.flag("fixed", entity, native, record, clock, self._patient_uuid(entity, native or record))
                    continue
            if decision in ("insert", "update") and missing_refs(entity, record, {f.ref: self.ids(f.ref) for f in entity.refs}):
                self.book.flag("deleted_here", entity, native, record, clock, self._patient_uuid(entity, record))
                continue
            if decision == "insert":
                inserts.append((record, clock))
            elif decision == "update":
                updates.append((local, record, clock))
            elif decision in ("same", "keep"):
                self.result.unchanged += 1
                row = local[0]
                self.final[record["uuid"]] = (entity.name, row["revision"], row["changed_by_device"], clock)
            elif decision == "older":
                self.result.older += 1
            else:
                self.book.flag(decision, entity, native, record, clock, self._patient_uuid(entity, native or record))
        self._insert(entity, inserts)
        self._update(entity, updates)

    def _columns(self, entity: Entity, record: dict) -> dict:
        columns = to_columns(entity, record, {f.ref: self.ids(f.ref) for f in entity.refs})
        if entity.name == "plan_version" and record["status"] != DRAFT:
            local = self.local.get("plan_version", {}).get(record["uuid"])
            if local is None or local[1]["status"] == DRAFT:
                columns["status"] = DRAFT
                self.later_status.append((record["uuid"], record["status"]))
        return columns

    def _insert(self, entity: Entity, inserts: list[tuple[dict, dict]]) -> None:
        if not inserts:
            return
        rows = [{**LOCAL_DEFAULTS.get(entity.name, {}), **self._columns(entity, record)} for record, _ in inserts]
        self.s.connection().execute(insert(entity.table), rows)
        self._ids.pop(entity.name, None)
        self.reader.forget(entity.name)
        for record, clock in inserts:
            self.final[record["uuid"]] = (entity.name, record["revision"], record["changed_by_device"], clock)
            self._audit("created", entity, record, None)
        if entity.name == "plan_version":
            for record, _ in inserts:
                self.version_status[record["uuid"]] = DRAFT
        self.result.created[entity.name] += len(inserts)

    def _update(self, entity: Entity, updates: list[tuple[tuple[dict, dict], dict, dict]]) -> None:
        if not updates:
            return
        table = entity.table
        rows = [{"_local_id": local[0]["id"], **self._columns(entity, record)} for local, record, _ in updates]
        statement = update(table).where(table.c.id == bindparam("_local_id"))
        self.s.connection().execute(statement, rows)
        for (row, native), record, clock in updates:
            self.final[record["uuid"]] = (entity.name, record["revision"], record["changed_by_device"], clock)
            fields = sorted(k for k, v in content(entity, record).items() if native.get(k) != v)
            self._audit("changed", entity, record, fields)
        self.result.changed[entity.name] += len(updates)

    def _patient_uuid(self, entity: Entity, record: dict | None) -> str | None:
        if record is None:
            return None
        if entity.name == "patient":
            return record["uuid"]
        if "patient_uuid" in record:
            return record["patient_uuid"]
        if entity.is_plan_part:
            return self.version_patient_uuid.get(record["plan_version_uuid"])
        return None

    def _patient_id(self, entity: Entity, record: dict) -> int | None:
        patient = self._patient_uuid(entity, record)
        return self.ids("patient").get(patient) if patient else None

    def _audit(self, action: str, entity: Entity, record: dict, fields: list[str] | None) -> None:
        patient_id = self._patient_id(entity, record)
        details = dict(self.context)
        if fields is not None:
            details["fields"] = fields
        self.audit.append({"uuid": new_uuid(), "at": self.now, "user_uuid": self.user, "device_uuid": self.me,
                           "action": action, "entity": entity.name, "record_uuid": record["uuid"],
                           "patient_id": patient_id, "details": details})
        patient = self._patient_uuid(entity, record)
        if patient:
            self.result.people.add(patient)

    # -- deletions, audit trail, devices, clocks ---------------------------------------------
    def _apply_tombstones(self) -> None:
        by_entity: dict[str, list[dict]] = defaultdict(list)
        for t in self.b.tombstones:
            by_entity[t["entity"]].append(t)
        known = {(u, str(sorted(c.items()))) for u, c in self.s.execute(
            select(Tombstone.record_uuid, Tombstone.clock).where(Tombstone.record_uuid.in_([t["uuid"] for t in self.b.tombstones])))
        } if self.b.tombstones else set()
        for name in reversed(list(ENTITIES)):
            entity = ENTITIES[name]
            for t in by_entity.get(name, []):
                if (t["uuid"], str(sorted(t["clock"].items()))) not in known:
                    self.s.add(Tombstone(record_uuid=t["uuid"], entity=name, patient_uuid=t["patient_uuid"], clock=t["clock"],
                                         deleted_at=_when(t["deleted_at"]), deleted_by_device=t["deleted_by_device"]))
                current = self.s.execute(select(entity.table).where(entity.table.c.uuid == t["uuid"])).mappings().first()
                if current is None:
                    continue
                native = self.reader.native(entity, [current])[0]
                mine = C.effective(self.stored_clocks.get(t["uuid"]), current["revision"], current["changed_by_device"])
                fixed = (name == "plan_version" and current["status"] != DRAFT) or (
                    entity.is_plan_part and self.version_status.get(native["plan_version_uuid"], DRAFT) != DRAFT)
                if C.dominates(mine, t["clock"]):
                    continue  # kept or brought back here after that deletion was known
                if not C.dominates(t["clock"], mine) or fixed:
                    self.book.flag("deleted_there", entity, native, None, t["clock"], self._patient_uuid(entity, native))
                    continue
                self._audit("deleted", entity, native, None)
                self.s.execute(delete(entity.table).where(entity.table.c.id == current["id"]))
                self.result.deleted[name] += 1
                self.final.pop(t["uuid"], None)

    def _apply_audit_events(self) -> None:
        events = self.b.audit_events
        if not events:
            return
        have: set[str] = set()
        for batch in chunks([e["uuid"] for e in events]):
            have.update(self.s.scalars(select(AuditEvent.uuid).where(AuditEvent.uuid.in_(batch))))
        patients = self.ids("patient")
        rows = [{"uuid": e["uuid"], "at": _when(e["at"]), "user_uuid": e["user_uuid"], "device_uuid": e["device_uuid"],
                 "action": e["action"], "entity": e["entity"], "record_uuid": e["record_uuid"],
                 "patient_id": patients.get(e["patient_uuid"]) if e["patient_uuid"] else None, "details": e["details"]}
                for e in events if e["uuid"] not in have]
        if rows:
            self.s.connection().execute(insert(AuditEvent.__table__), rows)
        self.result.audit_events = len(rows)

    def _ensure_source_device(self) -> None:
        uuid, name = self.result.source_device_uuid, self.result.source_device_name
        if uuid not in self.ids("device"):
            record = {"uuid": uuid, "revision": 1, "changed_by_device": uuid, "changed_at": self.now, "name": name or "Another computer",
                      "first_seen": self.now, "is_this_device": False, "exchange_key_id": None}
            self.s.execute(insert(ENTITIES["device"].table), [record])
            self._audit("created", ENTITIES["device"], record, None)
            self._ids.pop("device", None)

    def _write_clocks(self) -> None:
        table = RecordClock.__table__
        keep, drop = [], []
        for uuid, (entity, revision, device, clock) in self.final.items():
            if clock == C.own(revision, device):
                if uuid in self.stored_clocks:
                    drop.append(uuid)
            elif self.stored_clocks.get(uuid) != clock:
                keep.append({"record_uuid": uuid, "entity": entity, "clock": clock})
                drop.append(uuid)
        for batch in chunks(drop):
            self.s.execute(delete(table).where(table.c.record_uuid.in_(batch)))
        if keep:
            self.s.connection().execute(insert(table), keep)

    def _version_statuses_now(self) -> dict[str, str]:
        table = ENTITIES["plan_version"].table
        uuids = {r["uuid"] for r in self.b.records.get("plan_version", [])} | self.book.parallel_versions()
        out = {}
        for batch in chunks(uuids):
            out.update(self.s.execute(select(table.c.uuid, table.c.status).where(table.c.uuid.in_(batch))).all())
        return out

    def _remember_peer_knowledge(self) -> None:
        """What the source device sent is known there: it need not travel back to it."""
        peers = list(self.s.scalars(select(Destination.id).where(Destination.peer_device_uuid == self.result.source_device_uuid)))
        if not peers:
            return
        incoming = {r["uuid"]: (r["revision"], r["changed_by_device"]) for items in self.b.records.values() for r in items}
        rows = [{"destination_id": d, "record_uuid": uuid, "entity": entity, "revision": revision, "changed_by_device": device}
                for d in peers for uuid, (entity, revision, device, _) in self.final.items()
                if incoming.get(uuid) == (revision, device)]
        upsert_sent(self.s, rows)


def _without_status(entity: Entity, record: dict) -> dict:
    return {k: v for k, v in (content(entity, record) or {}).items() if k != "status"}


def _when(value: str | None):
    import datetime as dt

    return dt.datetime.fromisoformat(value) if value else None
