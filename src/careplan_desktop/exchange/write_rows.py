"""Writing the incoming records of one entity: each record's decision, then the inserts and
updates as set-based statements (SQLAlchemy Core), with an audit row for each.

An incoming agreed version is inserted (or updated) as a draft and its final status is set by
`apply` once its parts are in: the SQL triggers that fix agreed versions guard every statement.
"""

from __future__ import annotations

from sqlalchemy import bindparam, insert, update

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
        else:
            state.book.flag(decision, entity, native, record, clock, state.patient_uuid(entity, native or record))
    _insert(state, entity, inserts)
    _update(state, entity, updates)


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
