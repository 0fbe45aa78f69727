"""Two versions of one record changed on both computers, merged field by field (issue 14:
"merges what does not clash").

For each field on which the two versions differ:

* two records of one person registered on two computers and just linked (no version in
  common: no computer wrote in both histories): a field only one side filled is taken; both
  filled differently is a clash;
* two versions grown from a common one: a field only one side changed since then is taken from
  that side; a field both changed, or one whose changes cannot be told (an audit trail from
  before issue 14 names no revisions), is a clash.

Which fields a side changed comes from the audit trail: every change names its fields and the
revision it made (`models.rules`); the versions of one side that the other has not seen are
those past the other's history clock. Nothing here writes: `write_rows` writes the merge as a
new version when nothing clashes; when something does, the record waits as a conflict shown
merged except where the two clash, and the nurse's choice writes the merge (`conflicts`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from careplan_desktop.models import AuditEvent

from .records import Entity, content

#: records merged field by field; plan versions and their parts never are (an agreed version is
#: fixed, and two versions of a plan are merged section by section: `parallel`)
NOT_MERGED = frozenset({"plan_version", "device", "user"})
#: in a conflict's snapshot of this computer's version: the fields it takes from the other one
TAKEN = "fields_taken_from_the_other"


@dataclass(frozen=True)
class FieldMerge:
    merged: dict  # the record's content after the merge (clashing fields keep this computer's value)
    taken: tuple[str, ...]  # fields taken from the incoming version
    clashes: tuple[str, ...]  # fields both sides set differently: a conflict to resolve


def mergeable(entity: Entity) -> bool:
    return entity.name not in NOT_MERGED and not entity.is_plan_part


def is_empty(value) -> bool:
    return value is None or value == [] or value == {} or (isinstance(value, str) and not value.strip())


def unrelated(local_clock: dict, incoming_clock: dict) -> bool:
    """No version in common: no computer wrote in both histories (two registrations, linked)."""
    return not any(int(v) > 0 and int(incoming_clock.get(d, 0)) > 0 for d, v in local_clock.items())


def changed_since(events: list[tuple[str, int, list]], side_clock: dict, other_clock: dict) -> set[str] | None:
    """The fields one side changed in the versions the other has not seen, or None when the
    audit trail cannot tell (a change without its revision, or the latest change missing).
    `events`: (device, revision, fields) of every recorded change of the record."""
    wanted = {d: (int(other_clock.get(d, 0)), int(r)) for d, r in side_clock.items() if int(r) > int(other_clock.get(d, 0))}
    if "" in wanted:
        return None  # versions written before devices were recorded
    fields: set[str] = set()
    latest = set()
    for device, revision, names in events:
        span = wanted.get(device)
        if span is None or not span[0] < revision <= span[1]:
            continue
        fields |= set(names)
        if revision == span[1]:
            latest.add(device)
    return fields if latest == set(wanted) else None


def merge(entity: Entity, local: dict, incoming: dict, local_clock: dict, incoming_clock: dict,
          events: list[tuple[str, int, list]]) -> FieldMerge:
    """The field-by-field merge of two versions (travelling form) of one record."""
    mine, theirs = content(entity, local), content(entity, incoming)
    differing = sorted(k for k in mine if mine[k] != theirs.get(k))
    taken, clashes = [], []
    if unrelated(local_clock, incoming_clock):
        for name in differing:
            if is_empty(mine[name]):
                taken.append(name)
            elif not is_empty(theirs[name]):
                clashes.append(name)
    else:
        ours = changed_since(events, local_clock, incoming_clock)
        other = changed_since(events, incoming_clock, local_clock)
        for name in differing:
            if other is not None and name not in other:
                continue  # only this computer changed it
            if ours is not None and name not in ours:
                taken.append(name)  # only the other computer changed it
            else:
                clashes.append(name)
    merged = {**mine, **{name: theirs[name] for name in taken}}
    return FieldMerge(merged, tuple(taken), tuple(clashes))


def record_changes(session, bundle_events: list[dict], uuid: str, patient_id: int | None = None) -> list[tuple[str, int, list]]:
    """(device, revision, fields) of every change of one record this vault or the bundle records
    (`patient_id`, the person the record belongs to here, lets the audit trail's index find them)."""
    out = []
    query = select(AuditEvent.device_uuid, AuditEvent.details).where(
        AuditEvent.record_uuid == uuid, AuditEvent.action == "changed")
    if patient_id is not None:  # the person's rows, and rows copied before the person was here
        query = query.where(or_(AuditEvent.patient_id == patient_id, AuditEvent.patient_id.is_(None)))
    rows = session.execute(query).all()
    rows += [(e.get("device_uuid"), e.get("details")) for e in bundle_events
             if e.get("record_uuid") == uuid and e.get("action") == "changed"]
    for device, details in rows:
        if not isinstance(details, dict) or not device:
            continue
        revision, names = details.get("revision"), details.get("fields")
        if isinstance(revision, int) and not isinstance(revision, bool) and isinstance(names, list):
            out.append((device, revision, [n for n in names if isinstance(n, str)]))
    return out
