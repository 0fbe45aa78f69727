"""What one import works from and keeps while it runs: the vault's own copy of every record the
bundle names (rows, travelling form, history clocks, deletions, version statuses), and what
the import has decided so far (final versions, audit rows, statuses to set once parts are in).

Shared by the steps of `apply` (decisions, write_rows, deletions, trail); no Qt.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplan_desktop.models import RecordClock, Tombstone, utcnow
from careplan_desktop.models.audit import audit_values

from . import clocks as C
from .conflicts import ConflictBook
from .inbox import CheckedBundle
from .records import ENTITIES, Entity
from .signing import CONFIRMED, REMOVED, THIS, known_signers
from .snapshots import RecordReader, chunks


class ImportState:
    def __init__(self, session: Session, bundle: CheckedBundle, result) -> None:
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
        self.stored_clocks: dict[str, dict] = {}
        self.tombstones: dict[str, dict] = {}  # record uuid -> joined clock of its deletions here
        self.version_status: dict[str, str] = {}  # version uuid -> status now in the vault
        self.version_patient_uuid: dict[str, str] = {}  # version uuid -> patient uuid
        signers = known_signers(session)
        self.removed = {u for u, (status, _, _) in signers.items() if status == REMOVED}
        # the computers whose changes this one accepts in a bundle: those confirmed here (or
        # installed with the practice key), the bundle's signer, and those whose records it
        # already holds (accepted before); anything else is not taken on the signer's word
        self.known_computers = ({u for u, (status, _, _) in signers.items() if status in (THIS, CONFIRMED)}
                                | set(session.scalars(select(ENTITIES["device"].table.c.uuid)))
                                | {result.source_device_uuid, ""})

    # -- lookups ---------------------------------------------------------------------------
    def ids(self, table: str) -> dict[str, int]:
        if table not in self._ids:
            source = ENTITIES[table].table
            self._ids[table] = dict(self.s.execute(select(source.c.uuid, source.c.id)).all())
        return self._ids[table]

    def forget_ids(self, table: str) -> None:
        self._ids.pop(table, None)

    def local_record(self, entity: Entity, uuid: str) -> tuple[dict, dict] | None:
        return self.local.get(entity.name, {}).get(uuid)

    def load_local(self) -> None:
        """Read this vault's copy of everything the bundle names, in a few set-based queries."""
        uuids = {u for items in self.b.records.values() for u in (r["uuid"] for r in items)}
        uuids |= {t["uuid"] for t in self.b.tombstones}
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

    def patient_uuid(self, entity: Entity, record: dict | None) -> str | None:
        if record is None:
            return None
        if entity.name == "patient":
            return record["uuid"]
        if "patient_uuid" in record:
            return record["patient_uuid"]
        if entity.is_plan_part:
            return self.version_patient_uuid.get(record["plan_version_uuid"])
        return None

    def patient_id(self, entity: Entity, record: dict) -> int | None:
        patient = self.patient_uuid(entity, record)
        return self.ids("patient").get(patient) if patient else None

    # -- bookkeeping -------------------------------------------------------------------------
    def settle(self, entity: Entity, uuid: str, revision: int, device: str | None, clock: dict) -> None:
        """The version of a record this vault ends with, and its history clock."""
        self.final[uuid] = (entity.name, revision, device, clock)

    def audit_change(self, action: str, entity: Entity, record: dict, fields: list[str] | None,
                     extra: dict | None = None) -> None:
        """An audit row for a change the import makes (written together at the end)."""
        details = {**self.context, **(extra or {})}
        if fields is not None:
            details["fields"] = fields
        patient = self.patient_uuid(entity, record)
        self.audit.append(audit_values(self.s, action, entity.name, record["uuid"], patient_id=self.patient_id(entity, record),
                                       details=details, at=self.now, patient_uuid=patient,
                                       plan_uuid=record.get("plan_version_uuid")))
        if patient:
            self.result.people.add(patient)


def when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None
