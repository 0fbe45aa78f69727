"""One condition once: a person registered on two computers (and linked as one, `people_links`)
comes with the conditions each computer recorded, so diabetes may arrive twice. After an import,
each person the bundle brought conditions for keeps one condition per catalogue code (the one
with the smaller record id, on every computer alike); the other copy's details fill what the kept
one lacks, and the copy is removed with a deletion that travels.

Two copies that disagree (another date of diagnosis, another wording) are both kept, as they
were: nothing is lost, and the nurse sees both on the person's record. A copy that anything
points to (a goal linked to the need it answers) is kept too. A condition without a code (free
text) is never merged by this.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select, update

from careplan_desktop.models import RecordClock, Tombstone

from . import clocks as C
from .field_merge import merge
from .import_state import ImportState
from .records import ENTITIES, to_columns


def merge_duplicates(state: ImportState) -> int:
    """Merge the duplicate conditions of the people this bundle brought conditions for; returns
    how many copies were removed."""
    entity = ENTITIES["condition"]
    people = {r["patient_uuid"] for r in state.b.records.get("condition", [])}
    if not people:
        return 0
    table, patients = entity.table, ENTITIES["patient"].table
    rows = state.s.execute(select(table).join(patients, patients.c.id == table.c.patient_id)
                           .where(patients.c.uuid.in_(people))).mappings().all()
    groups: dict[tuple, list] = defaultdict(list)
    for row, native in zip(rows, state.reader.native(entity, rows)):
        if (native["code"] or "").strip() and native["snomed_id"]:  # words with no SNOMED CT code: never merged
            groups[(native["patient_uuid"], native["code"], native["snomed_id"])].append((row, native))
    pointed = _pointed_to(state)
    removed = 0
    for copies in groups.values():
        if len(copies) < 2:
            continue
        copies.sort(key=lambda pair: pair[1]["uuid"])
        (kept_row, kept), others = copies[0], [c for c in copies[1:] if c[1]["uuid"] not in pointed]
        for row, other in others:
            # two recordings of one condition, no version in common: only their details are compared
            result = merge(entity, kept, {**other, "uuid": kept["uuid"]}, {}, {}, [])
            if result.clashes:
                continue
            if result.taken:
                kept_row, kept = _write(state, entity, kept_row, kept, result.merged, list(result.taken))
            _remove(state, entity, row, other, kept["uuid"])
            removed += 1
    state.result.deleted["condition"] += removed
    return removed


def _pointed_to(state: ImportState) -> set[str]:
    """Conditions another record points to (and so cannot be removed)."""
    out: set[str] = set()
    ids = {v: k for k, v in state.ids("condition").items()}
    for entity in ENTITIES.values():
        for f in entity.refs:
            if f.ref == "condition":
                column = entity.table.c[f.column]
                out |= {ids.get(i) for i in state.s.scalars(select(column).where(column.is_not(None)))}
    return out


def _write(state: ImportState, entity, row, native: dict, merged: dict, taken: list[str]):
    clock = C.effective(state.stored_clocks.get(native["uuid"]) or _stored(state, native["uuid"]),
                        row["revision"], row["changed_by_device"])
    revision = max(int(v) for v in clock.values()) + 1
    clock = C.join(clock, C.own(revision, state.me))
    record = {**native, **merged, "revision": revision, "changed_by_device": state.me,
              "changed_at": state.now.isoformat(), "clock": clock}
    columns = to_columns(entity, record, {f.ref: state.ids(f.ref) for f in entity.refs})
    state.s.execute(update(entity.table).where(entity.table.c.id == row["id"]).values(**columns))
    state.settle(entity, record["uuid"], revision, state.me, clock)
    state.audit_change("changed", entity, record, taken, {"revision": revision, "merged": True})
    return {**row, "revision": revision, "changed_by_device": state.me}, record


def _stored(state: ImportState, uuid: str) -> dict | None:
    return state.s.scalar(select(RecordClock.clock).where(RecordClock.record_uuid == uuid))


def _remove(state: ImportState, entity, row, native: dict, kept_uuid: str) -> None:
    """The copy removed here, its deletion one revision past it (it travels like any deletion)."""
    clock = C.effective(state.stored_clocks.get(native["uuid"]) or _stored(state, native["uuid"]),
                        row["revision"], row["changed_by_device"])
    clock = C.join(clock, C.own(int(row["revision"]) + 1, state.me))
    state.s.add(Tombstone(record_uuid=native["uuid"], entity=entity.name, patient_uuid=native["patient_uuid"],
                          clock=clock, deleted_at=state.now, deleted_by_device=state.me))
    state.s.execute(delete(entity.table).where(entity.table.c.id == row["id"]))
    state.s.execute(delete(RecordClock).where(RecordClock.record_uuid == native["uuid"]))
    state.final.pop(native["uuid"], None)
    state.audit_change("deleted", entity, native, None, {"merged_into": kept_uuid})
