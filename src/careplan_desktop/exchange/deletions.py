"""Deletions that travel: each incoming tombstone is kept, and the record it names is removed
here only when the deletion includes everything this vault knows of it. A record changed here
since, or one fixed by agreement, is kept and flagged ("deleted_there")."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select

from careplan_desktop.models import Tombstone

from . import clocks as C
from .decisions import DRAFT
from .errors import BundleRefused
from .import_state import ImportState, when
from .records import ENTITIES


def apply_tombstones(state: ImportState) -> None:
    s, tombstones = state.s, state.b.tombstones
    by_entity: dict[str, list[dict]] = defaultdict(list)
    for t in tombstones:
        by_entity[t["entity"]].append(t)
    known = {(u, str(sorted(c.items()))) for u, c in s.execute(
        select(Tombstone.record_uuid, Tombstone.clock).where(Tombstone.record_uuid.in_([t["uuid"] for t in tombstones])))
    } if tombstones else set()
    for name in reversed(list(ENTITIES)):
        entity = ENTITIES[name]
        for t in by_entity.get(name, []):
            if (t["uuid"], str(sorted(t["clock"].items()))) not in known:
                s.add(Tombstone(record_uuid=t["uuid"], entity=name, patient_uuid=t["patient_uuid"], clock=t["clock"],
                                deleted_at=when(t["deleted_at"]), deleted_by_device=t["deleted_by_device"]))
            current = s.execute(select(entity.table).where(entity.table.c.uuid == t["uuid"])).mappings().first()
            if current is None:
                continue
            _refuse_lasting_deletion(state, name, current)
            native = state.reader.native(entity, [current])[0]
            mine = C.effective(state.stored_clocks.get(t["uuid"]), current["revision"], current["changed_by_device"])
            fixed = (name == "plan_version" and current["status"] != DRAFT) or (
                entity.is_plan_part and state.version_status.get(native["plan_version_uuid"], DRAFT) != DRAFT)
            if C.dominates(mine, t["clock"]):
                continue  # kept or brought back here after that deletion was known
            if not C.dominates(t["clock"], mine) or fixed:
                state.book.flag("deleted_there", entity, native, None, t["clock"], state.patient_uuid(entity, native))
                continue
            state.audit_change("deleted", entity, native, None)
            s.execute(delete(entity.table).where(entity.table.c.id == current["id"]))
            state.result.deleted[name] += 1
            state.final.pop(t["uuid"], None)


def _refuse_lasting_deletion(state: ImportState, name: str, current) -> None:
    """People and plans holding an agreed version are never deleted by a bundle: a person leaves
    the register through a register status, which travels like any other change (issue 14)."""
    if name == "patient":
        raise BundleRefused(
            "This bundle would delete a person from the register. People are never deleted by a bundle: "
            "on the other computer, record that the person has left the register instead, then export again.")
    if name == "care_plan":
        versions = ENTITIES["plan_version"].table
        fixed = state.s.scalar(select(versions.c.id).where(versions.c.care_plan_id == current["id"],
                                                           versions.c.status != DRAFT).limit(1))
        if fixed is not None:
            raise BundleRefused(
                "This bundle would delete a care plan that holds an agreed version. Agreed plans are never deleted "
                "by a bundle; they stay as they were agreed.")
