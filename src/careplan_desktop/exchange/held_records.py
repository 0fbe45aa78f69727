"""A person who waits ("same NHS number, different details: check") waits with all their records.

When a bundle brings a person whose NHS number is held here with another date of birth or
family name, nothing of theirs is imported: not the person (`people_links`) and not their
conditions, carers, appointments, plans or anything else naming them. Those records are kept
with the person in the conflicts inbox, so they neither appear as records "removed here" nor
get lost, and later bundles that bring more of that person's records add them there too.

They are released when the person arrives again without a clash (the wrong details corrected
on the computer that held them, or the NHS number corrected there), or when the nurse, having
corrected the details here, marks the check done: then they are imported as if they had just
arrived, through the same decisions as any record.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplan_desktop.models import Conflict, new_uuid, utcnow

from .records import ENTITIES

SAME_NHS = "same_nhs_number"
HELD = "held"  # the key of the waiting person's snapshot that holds their other records


def _waiting(session: Session) -> dict[str, Conflict]:
    """Open checks by the waiting person's record id."""
    return {c.record_uuid: c for c in session.scalars(select(Conflict).where(
        Conflict.kind == SAME_NHS, Conflict.resolved_at.is_(None)))}


def hold(session: Session, bundle, clashing: list[str]) -> dict[str, dict[str, list[dict]]]:
    """Take out of the bundle every record of a person who waits (the bundle's clashing people
    and those already waiting here), and add it to what waits with them. Returns the records
    held for the bundle's clashing people (stored when they are flagged, `with_held`)."""
    waiting = _waiting(session)
    owners = {uuid: uuid for uuid in (*clashing, *waiting)}
    if not owners:
        return {}
    held: dict[str, dict[str, list[dict]]] = {uuid: {} for uuid in owners}
    for name, entity in ENTITIES.items():
        items = bundle.records.get(name)
        if name == "patient" or not items or not entity.refs:
            continue
        keep = []
        for record in items:
            owner = next((owners[record[f.name]] for f in entity.refs if record.get(f.name) in owners), None)
            if owner is None:
                keep.append(record)
                continue
            owners[record["uuid"]] = owner
            held[owner].setdefault(name, []).append(record)
        bundle.records[name] = keep
    for uuid, conflict in waiting.items():
        snapshot = dict(conflict.incoming_snapshot or {})
        snapshot[HELD] = held[uuid] = _joined(snapshot.get(HELD) or {}, held[uuid])
        conflict.incoming_snapshot = snapshot
    return {uuid: held[uuid] for uuid in clashing}


def _joined(old: dict[str, list[dict]], new: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The held records with the newer version of each (by revision) where both hold one."""
    out = {name: {r["uuid"]: r for r in items} for name, items in old.items()}
    for name, items in new.items():
        for record in items:
            there = out.setdefault(name, {}).get(record["uuid"])
            if there is None or int(record["revision"]) >= int(there["revision"]):
                out[name][record["uuid"]] = record
    return {name: list(records.values()) for name, records in out.items()}


def with_held(record: dict, held: dict[str, list[dict]]) -> dict:
    """The waiting person's snapshot, holding their other records."""
    return {**record, HELD: held} if held else record


def count(snapshot: dict | None) -> int:
    return sum(len(items) for items in ((snapshot or {}).get(HELD) or {}).values())


def release(session: Session, bundle) -> int:
    """The records held with people the bundle now brings without a clash, put back into the
    bundle (before it is read as naming the kept ids); their checks close. Returns how many."""
    arriving = {r["uuid"] for r in bundle.records.get("patient", [])}
    if not arriving:
        return 0
    released = 0
    for conflict in session.scalars(select(Conflict).where(Conflict.kind == SAME_NHS, Conflict.record_uuid.in_(arriving))):
        snapshot = dict(conflict.incoming_snapshot or {})
        held = snapshot.pop(HELD, None)
        if conflict.resolved_at is None:
            conflict.resolved_at, conflict.choice = utcnow(), "settled"
        if not held:
            continue
        conflict.incoming_snapshot = snapshot
        for name, items in held.items():
            present = {r["uuid"] for r in bundle.records.get(name, [])}
            extra = [r for r in items if r["uuid"] not in present]
            if extra:
                bundle.records[name] = [*bundle.records.get(name, []), *extra]
                released += len(extra)
    return released


def import_when_checked(session: Session, conflict: Conflict) -> bool:
    """The nurse marked the check done: if this computer's details of the person now agree with
    the waiting person's (corrected here), the waiting person and everything held with them is
    imported now, as from the computer it came from. Otherwise they go on waiting for that
    computer's corrected record (released when it arrives). Returns whether they came in."""
    from .apply import ImportResult, _run  # apply uses this module
    from .inbox import CheckedBundle
    from .people_links import _same_person

    snapshot = dict(conflict.incoming_snapshot or {})
    patients = ENTITIES["patient"].table
    here = session.execute(select(patients.c.date_of_birth, patients.c.family_name)
                           .where(patients.c.uuid == conflict.patient_uuid)).mappings().first()
    if here is None or not snapshot or not _same_person(here, snapshot):
        return False
    held = snapshot.pop(HELD, None) or {}
    device = ENTITIES["device"].table
    name = session.scalar(select(device.c.name).where(device.c.uuid == conflict.incoming_device_uuid)) or ""
    manifest = {"bundle_id": new_uuid(), "source_device": {"uuid": conflict.incoming_device_uuid, "name": name},
                "created": None}
    bundle = CheckedBundle(file_name="", manifest=manifest,
                           records={"patient": [snapshot], **{k: [dict(r) for r in v] for k, v in held.items()}})
    _run(session, bundle, ImportResult(bundle.bundle_id, conflict.incoming_device_uuid or "", name))
    return True
