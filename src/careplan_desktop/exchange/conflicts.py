"""The conflicts inbox: records changed on both sides, kept both ways until a person chooses.

Kinds: "changed_both" (changed here and there since the two last agreed), "deleted_here"
(removed here, changed there), "deleted_there" (changed here, removed there), "fixed" (changed
there after the version was agreed here), "parallel" (two agreed versions grown from the same
parent: both are kept). `resolve_conflict` writes the chosen version as a new revision that
includes both histories, so the choice travels and settles the conflict on the other side too.
Two parallel versions are never edited: keeping one supersedes the other, and merging them
makes a new draft to agree with the person (`parallel`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from careplan_desktop.models import (
    Conflict, Device, Patient, RecordClock, SentRecord, Tombstone, VersionStatus, record_event, utcnow,
)

from . import clocks as C
from .errors import ExchangeError
from .field_merge import TAKEN
from .held_records import count as held_count, import_when_checked
from .parallel import ParallelPlans, PlanMerge, merge_into_draft, pair_uuids, side_by_side
from .records import ENTITIES, LOCAL_DEFAULTS, Entity, check_record, content, missing_refs, to_columns
from .snapshots import RecordReader, chunks

CHOICES = ("keep_local", "keep_incoming", "merged")
EXPLAIN = {
    "changed_both": "Changed here and on {device} since the two computers last agreed. Both versions are kept: "
                    "choose one, or merge them.",
    "deleted_here": "Removed here, but changed on {device}. Keep it removed, or bring back {device}'s version.",
    "deleted_there": "Changed here, but removed on {device}. Keep this version, or remove it here too.",
    "fixed": "Changed on {device} after this plan version was agreed here. An agreed version cannot change: "
             "keep it as agreed, and copy anything still needed into a new version.",
    "same_nhs_number": "Same NHS number, different details: check. {device} holds a person with this NHS number "
                       "but a different date of birth or family name. Nothing was merged. Check both with the "
                       "register, correct the wrong one on the computer that holds it, then mark this checked.",
    "parallel": "Two versions of this plan were agreed separately, here and on {device}, both from the same earlier "
                "version. Both are kept as they were agreed. Keep one (the other is kept as superseded), or merge "
                "them into a new draft to check and agree with the person.",
}
HELD_NOTE = (" {count} other {records} of this person from {device} (conditions, plans and the like) wait with them, "
             "not imported, until this check is done.")
AGREED, SUPERSEDED, DRAFT = VersionStatus.AGREED.value, VersionStatus.SUPERSEDED.value, VersionStatus.DRAFT.value


@dataclass(frozen=True)
class ConflictView:
    id: int
    uuid: str
    kind: str
    entity: str
    record_uuid: str
    patient_uuid: str | None
    local: dict | None
    incoming: dict | None
    differing: tuple[str, ...]
    incoming_device_name: str
    flagged_at: dt.datetime
    explanation: str
    resolved_at: dt.datetime | None = None
    choice: str | None = None
    person: str = ""  # whose record it is: "Lorna Baxter"
    plans: ParallelPlans | None = None  # a "parallel" conflict: the two versions, section by section


@dataclass(frozen=True)
class Resolution:
    conflict_id: int
    choice: str
    record_uuid: str
    revision: int | None  # the record's new revision, when one was written
    draft_uuid: str | None = None  # two agreed versions merged: the new draft to agree with the person
    draft_number: int | None = None


# -- flagging (used by apply) ---------------------------------------------------------------
class ConflictBook:
    def __init__(self, session: Session, bundle_id: str, source_device: str, now: dt.datetime) -> None:
        self.s, self.bundle_id, self.source, self.now = session, bundle_id, source_device, now
        self.flagged: list[Conflict] = []

    def flag(self, kind: str, entity: Entity, local: dict | None, incoming: dict | None, clock: dict,
             patient_uuid: str | None) -> None:
        record_uuid = (incoming or local)["uuid"]
        for existing in self.s.scalars(select(Conflict).where(
                Conflict.record_uuid == record_uuid, Conflict.resolved_at.is_(None), Conflict.kind != "parallel")):
            if existing.incoming_clock and C.dominates(existing.incoming_clock, clock):
                return  # already waiting with this version or a later one
            if existing.incoming_clock and C.dominates(clock, existing.incoming_clock):
                existing.kind, existing.local_snapshot, existing.incoming_snapshot = kind, local, incoming
                existing.incoming_clock, existing.bundle_id, existing.incoming_device_uuid = clock, self.bundle_id, self.source
                return
        conflict = Conflict(kind=kind, entity=entity.name, record_uuid=record_uuid, patient_uuid=patient_uuid,
                            local_snapshot=local, incoming_snapshot=incoming, incoming_clock=clock,
                            incoming_device_uuid=self.source, bundle_id=self.bundle_id, flagged_at=self.now)
        self.s.add(conflict)
        self.s.flush()
        self.flagged.append(conflict)
        record_event(self.s, "conflict flagged", "exchange_conflict", conflict.uuid,
                     details={"kind": kind, "entity": entity.name, "record_uuid": record_uuid, "bundle": self.bundle_id})

    def flag_parallel(self, versions: list[dict], reader: RecordReader) -> None:
        """Flag agreed versions that share a parent (or both have none) in the same plan."""
        table = ENTITIES["plan_version"].table
        plans = {v["care_plan_uuid"] for v in versions}
        if not plans:
            return
        agreed = []
        for batch in chunks(plans):
            agreed += reader.session.execute(select(table).join(ENTITIES["care_plan"].table).where(
                ENTITIES["care_plan"].table.c.uuid.in_(batch), table.c.status == AGREED)).mappings().all()
        groups: dict[tuple, list[dict]] = {}
        for row in reader.native(ENTITIES["plan_version"], agreed):
            groups.setdefault((row["care_plan_uuid"], row["parent_uuid"]), []).append(row)
        for version in versions:
            for sibling in groups.get((version["care_plan_uuid"], version["parent_uuid"]), []):
                if sibling["uuid"] != version["uuid"]:
                    self._flag_pair(version, sibling)

    def _flag_pair(self, version: dict, sibling: dict) -> None:
        pair = {sibling["uuid"], version["uuid"]}
        known = self.s.scalars(select(Conflict).where(Conflict.kind == "parallel", Conflict.record_uuid.in_(pair)))
        if not any({c.record_uuid, (c.local_snapshot or {}).get("uuid")} == pair for c in known):
            self.flag("parallel", ENTITIES["plan_version"], sibling, version, version["clock"], version["patient_uuid"])

    def close_settled(self, final: dict[str, tuple], statuses: dict[str, str]) -> int:
        """Close conflicts that the incoming bundle already settled (someone chose elsewhere)."""
        closed = 0
        for batch in chunks(final):
            for conflict in self.s.scalars(select(Conflict).where(
                    Conflict.record_uuid.in_(batch), Conflict.resolved_at.is_(None), Conflict.kind != "parallel")):
                _, _, _, clock = final[conflict.record_uuid]
                if conflict in self.flagged or not conflict.incoming_clock:
                    continue
                if C.dominates(clock, conflict.incoming_clock):
                    conflict.resolved_at, conflict.choice = self.now, "settled"
                    closed += 1
        return closed

    def parallel_versions(self) -> set[str]:
        out: set[str] = set()
        for c in self.s.scalars(select(Conflict).where(Conflict.kind == "parallel", Conflict.resolved_at.is_(None))):
            out |= {c.record_uuid, (c.local_snapshot or {}).get("uuid")}
        out.discard(None)  # type: ignore[arg-type]
        return out

    def close_parallel(self, statuses: dict[str, str]) -> int:
        closed = 0
        for c in self.s.scalars(select(Conflict).where(Conflict.kind == "parallel", Conflict.resolved_at.is_(None))):
            pair = (c.record_uuid, (c.local_snapshot or {}).get("uuid"))
            if any(statuses.get(u) == SUPERSEDED for u in pair):
                c.resolved_at, c.choice = self.now, "settled"
                closed += 1
        return closed


# -- the inbox --------------------------------------------------------------------------------
def _view(conflict: Conflict, devices: dict[str, str], people: dict[str, str], plans: ParallelPlans | None) -> ConflictView:
    entity = ENTITIES[conflict.entity]
    local, incoming = content(entity, conflict.local_snapshot), content(entity, conflict.incoming_snapshot)
    differing = tuple(sorted(k for k in (local or incoming or {}) if (local or {}).get(k) != (incoming or {}).get(k)))
    device = devices.get(conflict.incoming_device_uuid or "", "another computer")
    explanation = EXPLAIN[conflict.kind].format(device=device)
    waiting = held_count(conflict.incoming_snapshot) if conflict.kind == "same_nhs_number" else 0
    if waiting:
        explanation += HELD_NOTE.format(count=waiting, records="record" if waiting == 1 else "records", device=device)
    return ConflictView(conflict.id, conflict.uuid, conflict.kind, conflict.entity, conflict.record_uuid, conflict.patient_uuid,
                        conflict.local_snapshot, conflict.incoming_snapshot, differing, device, conflict.flagged_at,
                        explanation, conflict.resolved_at, conflict.choice,
                        people.get(conflict.patient_uuid or "", ""), plans)


def list_conflicts(vault, *, open_only: bool = True, patient_uuid: str | None = None) -> list[ConflictView]:
    with vault.reader() as session:
        query = select(Conflict).order_by(Conflict.flagged_at, Conflict.id)
        if open_only:
            query = query.where(Conflict.resolved_at.is_(None))
        if patient_uuid:
            query = query.where(Conflict.patient_uuid == patient_uuid)
        devices = dict(session.execute(select(Device.uuid, Device.name)).all())
        conflicts = list(session.scalars(query))
        wanted = {c.patient_uuid for c in conflicts if c.patient_uuid}
        people = {uuid: f"{given} {family}" for uuid, given, family in session.execute(
            select(Patient.uuid, Patient.given_name, Patient.family_name).where(Patient.uuid.in_(wanted)))} if wanted else {}
        return [_view(c, devices, people, side_by_side(session, c) if c.kind == "parallel" and c.resolved_at is None
                      else None) for c in conflicts]


# -- resolving --------------------------------------------------------------------------------
def resolve_conflict(vault, conflict_id: int, choice: str, merged_fields: dict | PlanMerge | None = None) -> Resolution:
    """Keep the local version, keep the incoming one, or write a merge: local fields overlaid
    with `merged_fields`, or for two agreed versions ("parallel") a `PlanMerge` that makes a
    new draft. One transaction, with one audit event naming the choice; the result travels."""
    if choice not in CHOICES:
        raise ExchangeError(f"Choose one of: {', '.join(CHOICES)}.")
    if choice == "merged" and not merged_fields:
        raise ExchangeError("A merge needs the fields to take: choose them in the conflicts inbox.")
    with vault.transaction() as session:
        conflict = session.get(Conflict, conflict_id)
        if conflict is None or conflict.resolved_at is not None:
            raise ExchangeError("That conflict has already been resolved, or it no longer exists.")
        resolver = _Resolver(session, conflict)
        revision = resolver.resolve(choice, merged_fields or {})
        conflict.resolved_at, conflict.resolved_by, conflict.choice = utcnow(), session.info["actor"].user_uuid, choice
        details = {"choice": choice, "kind": conflict.kind, "entity": conflict.entity, "record_uuid": conflict.record_uuid,
                   **(resolver.merge_details or {"fields": sorted(merged_fields or {})})}
        record_event(session, "conflict resolved", "exchange_conflict", conflict.uuid, resolver.patient_id(), details)
        draft = resolver.draft
        return Resolution(conflict.id, choice, conflict.record_uuid, revision,
                          draft.version_uuid if draft else None, draft.number if draft else None)


class _Resolver:
    def __init__(self, session: Session, conflict: Conflict) -> None:
        self.s, self.c = session, conflict
        self.entity = ENTITIES[conflict.entity]
        self.me = session.info["actor"].device_uuid
        self.reader = RecordReader(session)
        table = self.entity.table
        self.row = session.execute(select(table).where(table.c.uuid == conflict.record_uuid)).mappings().first()
        self.local = self.reader.native(self.entity, [self.row])[0] if self.row else None
        self.incoming_clock = conflict.incoming_clock or {}
        self.draft = None  # the new draft, when two agreed versions are merged
        self.merge_details: dict | None = None

    def resolve(self, choice: str, merged: dict) -> int | None:
        kind = self.c.kind
        if kind == "same_nhs_number":
            if choice != "keep_local":
                raise ExchangeError("Correct the wrong details on the computer that holds them; "
                                    "the two records are linked when they next meet.")
            import_when_checked(self.s, self.c)
            return None
        if kind == "parallel":
            return self._parallel(choice, merged)
        if kind == "fixed" or self._fixed():
            if choice != "keep_local":
                raise ExchangeError(EXPLAIN["fixed"].format(device="the other computer"))
            if self.local is not None:
                self._store_clock(C.join(self.local["clock"], self.incoming_clock), self.local)
                self.s.execute(delete(SentRecord).where(SentRecord.record_uuid == self.c.record_uuid))
            return None
        incoming = self.c.incoming_snapshot
        if self.local is None:  # removed here
            tombstones = C.join(*self.s.scalars(select(Tombstone.clock).where(Tombstone.record_uuid == self.c.record_uuid)))
            history = C.join(tombstones, self.incoming_clock)
            if choice == "keep_local":
                self._tombstone(history)
                return None
            return self._write({**content(self.entity, incoming), **merged}, history, insert_new=True)
        if incoming is None:  # removed there
            history = C.join(self.local["clock"], self.incoming_clock)
            if choice == "keep_local":
                return self._write(content(self.entity, self.local), history)
            if choice == "merged":
                raise ExchangeError("It was removed on the other computer: keep it here, or remove it here too.")
            self._audit("deleted", [])
            self.s.execute(delete(self.entity.table).where(self.entity.table.c.id == self.row["id"]))
            self._tombstone(history)
            return None
        history = C.join(self.local["clock"], self.incoming_clock)
        # what the field-by-field merge took from the other computer comes with this one's choice too
        taken = (self.c.local_snapshot or {}).get(TAKEN) or []
        mine = {**content(self.entity, self.local), **{k: incoming[k] for k in taken if k in incoming}}
        chosen = {"keep_local": mine, "keep_incoming": content(self.entity, incoming),
                  "merged": {**mine, **merged}}[choice]
        return self._write(chosen, history)

    def _tombstone(self, history: dict) -> None:
        """Removed here, after both histories: the deletion is a change past both."""
        clock = C.join(history, C.own(max([int(v) for v in history.values()] or [0]) + 1, self.me))
        self.s.add(Tombstone(record_uuid=self.c.record_uuid, entity=self.entity.name, patient_uuid=self.c.patient_uuid,
                             clock=clock, deleted_by_device=self.me))
        self.s.execute(delete(RecordClock).where(RecordClock.record_uuid == self.c.record_uuid))

    def _fixed(self) -> bool:
        if self.local is None:
            return False
        if self.entity.name == "plan_version":
            return self.local["status"] != DRAFT
        if self.entity.is_plan_part:
            table = ENTITIES["plan_version"].table
            status = self.s.scalar(select(table.c.status).where(table.c.uuid == self.local["plan_version_uuid"]))
            return status not in (None, DRAFT)
        return False

    def _write(self, fields: dict, history: dict, *, insert_new: bool = False) -> int:
        unknown = set(fields) - set(content(self.entity, {f.name: None for f in self.entity.fields}))
        if unknown:
            raise ExchangeError(f"These are not fields of this record: {', '.join(sorted(unknown))}.")
        revision = max([int(v) for v in history.values()] + [self.row["revision"] if self.row else 0]) + 1
        record = {**fields, "uuid": self.c.record_uuid, "revision": revision, "changed_by_device": self.me,
                  "changed_at": utcnow().isoformat(), "clock": history}
        problems = check_record(self.entity, record)
        if problems:
            raise ExchangeError("The merged record is not complete: " + "; ".join(problems[:3]) + ".")
        ids = {f.ref: dict(self.s.execute(select(ENTITIES[f.ref].table.c.uuid, ENTITIES[f.ref].table.c.id)).all())
               for f in self.entity.refs}
        if missing_refs(self.entity, record, ids):
            raise ExchangeError("What this record belongs to is no longer here, so it cannot be brought back.")
        columns = to_columns(self.entity, record, ids)
        table = self.entity.table
        if insert_new:
            self.s.execute(insert(table), [{**LOCAL_DEFAULTS.get(self.entity.name, {}), **columns}])
            self._audit("created", [])
        else:
            self.s.execute(update(table).where(table.c.id == self.row["id"]).values(**columns))
            self._audit("changed", sorted(k for k, v in fields.items() if self.local.get(k) != v), revision=revision)
        self._store_clock(history, record)
        return revision

    def _store_clock(self, history: dict, record: dict) -> None:
        table = RecordClock.__table__
        self.s.execute(delete(table).where(table.c.record_uuid == record["uuid"]))
        self.s.execute(insert(table), [{"record_uuid": record["uuid"], "entity": self.entity.name, "clock": history}])

    def _parallel(self, choice: str, merge: PlanMerge | dict) -> int:
        """Keep one agreed version (the other is superseded), or merge both into a new draft
        that grows from the base; neither agreed version is edited."""
        local_uuid, incoming_uuid = pair_uuids(self.c)
        if choice != "merged":
            return self._supersede(incoming_uuid if choice == "keep_local" else local_uuid)
        base, other, self.draft = merge_into_draft(self.s, self.c, merge)  # type: ignore[arg-type]
        self.merge_details = {"kept": base, "superseded": other, "draft": self.draft.version_uuid,
                              "sections": dict(sorted(merge.sections.items()))}  # type: ignore[union-attr]
        return self._supersede(other)

    def _supersede(self, losing: str | None) -> int:
        table = self.entity.table
        row = self.s.execute(select(table).where(table.c.uuid == losing)).mappings().first()
        if row is None or row["status"] != AGREED:
            return 0
        self.row, self.local = row, self.reader.native(self.entity, [row])[0]
        revision = row["revision"] + 1
        self.s.execute(update(table).where(table.c.id == row["id"]).values(
            status=SUPERSEDED, revision=revision, changed_by_device=self.me, changed_at=utcnow()))
        self._audit("changed", ["status"], record_uuid=losing)
        self._store_clock(C.join(self.local["clock"], C.own(revision, self.me)), {"uuid": losing})
        return revision

    def patient_id(self) -> int | None:
        patient = ENTITIES["patient"].table
        return self.s.scalar(select(patient.c.id).where(patient.c.uuid == self.c.patient_uuid)) if self.c.patient_uuid else None

    def _audit(self, action: str, fields: list[str], record_uuid: str | None = None, revision: int | None = None) -> None:
        from careplan_desktop.models import AuditEvent

        from careplan_desktop.models.audit import audit_values

        self.s.execute(insert(AuditEvent), [audit_values(
            self.s, action, self.entity.name, record_uuid or self.c.record_uuid, patient_id=self.patient_id(),
            details={"conflict": self.c.uuid, "fields": fields, **({"revision": revision} if revision else {})})])
