"""Reading travelling records out of the vault in their travelling form, and plan snapshots for
the FHIR documents (with the yellow-folder printout, from the vault's printout store, when the
renderer is installed)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplan_desktop.models import RecordClock, VersionStatus

from .clocks import effective
from .plan_snapshot import PlanSnapshot
from .records import ENTITIES, PLAN_PART_ENTITIES, Entity, to_native

log = logging.getLogger(__name__)
CHUNK = 900


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class RecordReader:
    """Rows of one session turned into travelling records (foreign keys as uuids, with clocks)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._uuid_of: dict[str, dict[int, str]] = {}
        self._clocks: dict[str, dict] | None = None

    def forget(self, table: str) -> None:
        """Forget one table's ids after rows were added to it."""
        self._uuid_of.pop(table, None)

    def uuid_of(self, table: str) -> dict[int, str]:
        if table not in self._uuid_of:
            source = ENTITIES[table].table
            self._uuid_of[table] = dict(self.session.execute(select(source.c.id, source.c.uuid)).all())
        return self._uuid_of[table]

    def clocks(self) -> dict[str, dict]:
        if self._clocks is None:
            self._clocks = dict(self.session.execute(select(RecordClock.record_uuid, RecordClock.clock)).all())
        return self._clocks

    def native(self, entity: Entity, rows: Iterable[Any]) -> list[dict]:
        maps = {f.ref: self.uuid_of(f.ref) for f in entity.refs}
        clocks = self.clocks()
        return [to_native(entity, row, maps, effective(clocks.get(row["uuid"]), row["revision"], row["changed_by_device"]))
                for row in rows]

    def rows(self, entity: Entity, column: str | None = None, values: Iterable[Any] | None = None) -> list[Any]:
        """Raw rows (mappings) of an entity, all of them or those whose `column` is in `values`."""
        table = entity.table
        if column is None:
            return list(self.session.execute(select(table)).mappings())
        out: list[Any] = []
        for batch in chunks(sorted(set(values or ()), key=str)):
            out += self.session.execute(select(table).where(table.c[column].in_(batch))).mappings().all()
        return out


def latest_practice(records: list[dict]) -> dict | None:
    """The practice's record: the most recently changed (as `services.practice.details` reads it)."""
    return max(records, key=lambda r: (r.get("changed_at") or "", r["uuid"]), default=None)


def practice_records(reader: RecordReader) -> list[dict]:
    return reader.native(ENTITIES["practice"], reader.rows(ENTITIES["practice"]))


def snapshots_from_records(records: dict[str, list[dict]], version_uuids: Iterable[str]) -> list[PlanSnapshot]:
    """Plan snapshots from travelling records already read (the whole person must be there)."""
    wanted = set(version_uuids)
    versions = [v for v in records.get("plan_version", []) if v["uuid"] in wanted]
    by_patient: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for name in ("condition", "result", "review"):
        for record in records.get(name, []):
            by_patient[record["patient_uuid"]][name].append(record)
    parts: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for name in PLAN_PART_ENTITIES:
        for record in records.get(name, []):
            if record["plan_version_uuid"] in wanted:
                parts[record["plan_version_uuid"]][name].append(record)
    patients = {p["uuid"]: p for p in records.get("patient", [])}
    practice = latest_practice(records.get("practice", []))
    out = []
    for v in versions:
        mine = by_patient[v["patient_uuid"]]
        out.append(PlanSnapshot(
            patient=patients[v["patient_uuid"]], conditions=mine["condition"], results=mine["result"], version=v,
            parts=dict(parts[v["uuid"]]), reviews=[x for x in mine["review"] if x["plan_version_uuid"] == v["uuid"]],
            practice=practice,
        ))
    return out


def read_people_records(session: Session, patient_ids: Iterable[int], version_ids: Iterable[int] | None = None) -> dict[str, list[dict]]:
    """Every travelling record of these people (or, with version_ids, only those versions' parts)."""
    reader = RecordReader(session)
    ids = set(patient_ids)
    out: dict[str, list[dict]] = {}
    for name in ("patient", "condition", "result", "review", "plan_version"):
        entity = ENTITIES[name]
        out[name] = reader.native(entity, reader.rows(entity, "id" if name == "patient" else "patient_id", ids))
    if version_ids is None:
        version_ids = [i for i, u in reader.uuid_of("plan_version").items() if u in {v["uuid"] for v in out["plan_version"]}]
    for name in PLAN_PART_ENTITIES:
        entity = ENTITIES[name]
        out[name] = reader.native(entity, reader.rows(entity, "plan_version_id", version_ids))
    out["practice"] = practice_records(reader)
    return out


def load_snapshots(vault, version_uuids: list[str], *, printouts: bool = True) -> list[PlanSnapshot]:
    """Snapshots of these plan versions, read fresh from the vault."""
    table = ENTITIES["plan_version"].table
    with vault.reader() as session:
        rows = []
        for batch in chunks(version_uuids):
            rows += session.execute(select(table.c.id, table.c.patient_id).where(table.c.uuid.in_(batch))).all()
        records = read_people_records(session, {r.patient_id for r in rows}, [r.id for r in rows])
    snapshots = snapshots_from_records(records, version_uuids)
    if printouts:
        for snapshot in snapshots:
            if snapshot.version["status"] == VersionStatus.AGREED.value:
                snapshot.pdf = render_printout(vault, snapshot.version["uuid"])
    return snapshots


def printout_renderer():
    """The printout store (`services.planning.printout_store`: stored yellow-folder PDFs, rendered when
    missing or out of date), when the renderer is installed; None otherwise (PDFs are then left out)."""
    try:
        from careplan_desktop.services.planning import printout_store
    except ImportError:
        return None
    return printout_store


def render_printout(vault, version_uuid: str) -> bytes | None:
    """One version's printout in the person's own print size: the stored one when still valid."""
    store = printout_renderer()
    if store is None:
        return None
    try:
        return store.printout_pdf(vault, version_uuid)
    except Exception as error:  # a printout problem must not stop the records travelling
        log.warning("yellow-folder printout could not be made for a bundle (%s); sent without it", type(error).__name__)
        return None
