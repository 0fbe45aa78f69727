"""Writing the incoming records of one entity: each record's decision, then the inserts and
updates as set-based statements (SQLAlchemy Core), with an audit row for each.

An incoming agreed version is inserted (or updated) as a draft and its final status is set by
`apply` once its parts are in: the SQL triggers that fix agreed versions guard every statement.
"""

from __future__ import annotations

from sqlalchemy import bindparam, insert, update

from . import clocks as C
from . import field_merge
from .decisions import DRAFT, decide, writable
from .import_state import ImportState
from .records import LOCAL_DEFAULTS, Entity, content, missing_refs, to_columns


def apply_records(state: ImportState, entity: Entity, items: list[dict]) -> None:
    inserts, updates = [], []
    for record in items:
        decision, clock = decide(state, entity, record)
        local = state.local_record(entity, record["uuid"])
        native = local[1] if local else None
        if decision in ("insert", "update") and not writable(state, entity, record):
            if native is not None and content(entity, native) == content(entity, record):
                decision = "keep"
            else:
                state.book.flag("fixed", entity, native, record, clock, state.patient_uuid(entity, native or record))
                continue
        if decision in ("insert", "update") and missing_refs(entity, record, {f.ref: state.ids(f.ref) for f in entity.refs}):
            state.book.flag("deleted_here", entity, native, record, clock, state.patient_uuid(entity, record))
            continue
        if decision == "insert":
            inserts.append((record, clock))
        elif decision == "update":
            updates.append((local, record, clock))
        elif decision in ("same", "keep"):
            state.result.unchanged += 1
            row = local[0]
            state.settle(entity, record["uuid"], row["revision"], row["changed_by_device"], clock)
        elif decision == "older":
            state.result.older += 1
        elif decision == "changed_both" and native is not None and field_merge.mergeable(entity) \
                and (native["revision"], native["changed_by_device"]) != (record["revision"], record["changed_by_device"]):
            _merge_fields(state, entity, local, record, clock, updates)
        else:
            state.book.flag(decision, entity, native, record, clock, state.patient_uuid(entity, native or record))
    _insert(state, entity, inserts)
    _update(state, entity, updates)


def _merge_fields(state: ImportState, entity: Entity, local: tuple[dict, dict], record: dict, in_clock: dict,
                  updates: list) -> None:
    """A record changed on both computers, merged field by field (`field_merge`). Nothing
    clashes: the merge is written (the incoming version when it already holds everything, else a
    new version past both). Something clashes: the record waits as a conflict, shown merged
    except where the two clash; the nurse's choice writes it with the merged fields."""
    row, native = local
    my_clock = C.effective(state.stored_clocks.get(record["uuid"]), row["revision"], row["changed_by_device"])
    events = field_merge.record_changes(state.s, state.b.audit_events, record["uuid"], state.patient_id(entity, native))
    result = field_merge.merge(entity, native, record, my_clock, in_clock, events)
    joined = C.join(my_clock, in_clock)
    if result.clashes:
        mine = {**native, **{name: record[name] for name in result.taken}, field_merge.TAKEN: list(result.taken)}
        theirs = {**record, **{name: v for name, v in result.merged.items() if name not in result.clashes}}
        state.book.flag("changed_both", entity, mine, theirs, in_clock, state.patient_uuid(entity, native))
    elif result.merged == content(entity, record):
        updates.append((local, record, joined))  # the incoming version already holds everything
    elif result.merged == content(entity, native):
        state.result.unchanged += 1
        state.settle(entity, record["uuid"], row["revision"], row["changed_by_device"], joined)
    else:
        _write_merge(state, entity, row, {**native, **result.merged}, joined, list(result.taken))


def _write_merge(state: ImportState, entity: Entity, row: dict, merged: dict, joined: dict, taken: list[str]) -> None:
    """The merge as a new version past both (every computer merging the same two writes the same
    contents: the two new versions then settle as equal)."""
    revision = max(int(v) for v in joined.values()) + 1
    clock = C.join(joined, C.own(revision, state.me))
    merged = {**merged, "revision": revision, "changed_by_device": state.me, "changed_at": state.now.isoformat(),
              "clock": clock}
    columns = to_columns(entity, merged, {f.ref: state.ids(f.ref) for f in entity.refs})
    state.s.connection().execute(update(entity.table).where(entity.table.c.id == row["id"]).values(**columns))
    state.settle(entity, merged["uuid"], revision, state.me, clock)
    state.audit_change("changed", entity, merged, taken, {"revision": revision, "merged": True})
    state.result.changed[entity.name] += 1


def _columns(state: ImportState, entity: Entity, record: dict) -> dict:
    columns = to_columns(entity, record, {f.ref: state.ids(f.ref) for f in entity.refs})
    if entity.name == "plan_version" and record["status"] != DRAFT:
        local = state.local_record(entity, record["uuid"])
        if local is None or local[1]["status"] == DRAFT:
            columns["status"] = DRAFT
            state.later_status.append((record["uuid"], record["status"]))
    return columns


def _insert(state: ImportState, entity: Entity, inserts: list[tuple[dict, dict]]) -> None:
    if not inserts:
        return
    rows = [{**LOCAL_DEFAULTS.get(entity.name, {}), **_columns(state, entity, record)} for record, _ in inserts]
    state.s.connection().execute(insert(entity.table), rows)
    state.forget_ids(entity.name)
    state.reader.forget(entity.name)
    for record, clock in inserts:
        state.settle(entity, record["uuid"], record["revision"], record["changed_by_device"], clock)
        state.audit_change("created", entity, record, None)
    if entity.name == "plan_version":
        for record, _ in inserts:
            state.version_status[record["uuid"]] = DRAFT
    state.result.created[entity.name] += len(inserts)


def _update(state: ImportState, entity: Entity, updates: list[tuple[tuple[dict, dict], dict, dict]]) -> None:
    if not updates:
        return
    table = entity.table
    rows = [{"_local_id": local[0]["id"], **_columns(state, entity, record)} for local, record, _ in updates]
    statement = update(table).where(table.c.id == bindparam("_local_id"))
    state.s.connection().execute(statement, rows)
    for (row, native), record, clock in updates:
        state.settle(entity, record["uuid"], record["revision"], record["changed_by_device"], clock)
        fields = sorted(k for k, v in content(entity, record).items() if native.get(k) != v)
        state.audit_change("changed", entity, record, fields)
    state.result.changed[entity.name] += len(updates)
