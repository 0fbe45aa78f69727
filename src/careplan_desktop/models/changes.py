"""What a write changed, gathered where every write goes: the audit row (ARCHITECTURE rule 5).

Every write leaves an audit row, and every audit row is made by `audit.audit_values`, which
notes here the kind of record and the person it belongs to (in `session.info`). When the
transaction commits, the notes go to whoever is collecting on this thread (`collecting()`: the
GUI's write tasks do), as one `Changes`: which people, which plan versions, which kinds of
record. A rolled-back transaction reports nothing. So a write reports what it changed without
its caller naming anything, and a caller cannot forget.

Reading a record is audited too ("viewed"); that is not a change, and is not reported.
Anki's `OpChanges` (qt/aqt/operations) is the model. No SQLAlchemy here: `models.rules`
installs the session hooks that call `settle` and `hand_over`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

NOT_CHANGES = frozenset({"viewed"})  # audited reads


@dataclass(frozen=True)
class Changes:
    """What one or more committed transactions changed."""

    people: frozenset[str] = frozenset()  # patient uuids
    plans: frozenset[str] = frozenset()  # plan version uuids (the version itself or one of its parts)
    kinds: frozenset[str] = frozenset()  # table names: "patient", "goal", "directory_entry"...

    def __bool__(self) -> bool:
        return bool(self.people or self.plans or self.kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.people | other.people, self.plans | other.plans, self.kinds | other.kinds)

    def touches(self, *kinds: str) -> bool:
        return not self.kinds.isdisjoint(kinds)


@dataclass
class _Notes:
    """One transaction's notes; patient ids become uuids after each flush and before the commit."""

    people: set[str] = field(default_factory=set)
    plans: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    patient_ids: set[int] = field(default_factory=set)


def _notes(session: Any) -> _Notes:
    return session.info.setdefault("changes", _Notes())


def note_change(session: Any, action: str, entity: str, record_uuid: str | None, *, patient_id: int | None = None,
                patient_uuid: str | None = None, plan_uuid: str | None = None) -> None:
    """Called for every audit row made (by `audit.audit_values`)."""
    if action in NOT_CHANGES:
        return
    notes = _notes(session)
    notes.kinds.add(entity)
    if entity == "patient" and record_uuid:
        notes.people.add(record_uuid)
    if entity == "plan_version" and record_uuid:
        notes.plans.add(record_uuid)
    for uuid, into in ((patient_uuid, notes.people), (plan_uuid, notes.plans)):
        if uuid:
            into.add(uuid)
    if patient_id is not None:
        notes.patient_ids.add(patient_id)


def pending_patient_ids(session: Any) -> set[int]:
    """The patient ids noted but not yet named by uuid (taken: each is asked once)."""
    notes: _Notes | None = session.info.get("changes")
    if notes is None:
        return set()
    taken, notes.patient_ids = notes.patient_ids, set()
    return taken


def add_people(session: Any, people: set[str]) -> None:
    _notes(session).people.update(people)


_collector = threading.local()


def hand_over(session: Any) -> None:
    """After a commit: the transaction's notes go to this thread's collector, if any."""
    notes: _Notes | None = session.info.pop("changes", None)
    stack = getattr(_collector, "stack", None)
    if notes is not None and stack:
        stack[-1].append(Changes(frozenset(notes.people), frozenset(notes.plans), frozenset(notes.kinds)))


def forget(session: Any) -> None:
    """After a rollback: nothing was changed."""
    session.info.pop("changes", None)


class Collected:
    """What the transactions committed inside `collecting()` changed (`changes`, once it ends)."""

    def __init__(self) -> None:
        self._parts: list[Changes] = []

    def append(self, part: Changes) -> None:
        self._parts.append(part)

    @property
    def changes(self) -> Changes:
        total = Changes()
        for part in self._parts:
            total = total | part
        return total


@contextlib.contextmanager
def collecting() -> Iterator[Collected]:
    """Gather what every transaction committed on this thread changes, until the block ends."""
    stack = _collector.__dict__.setdefault("stack", [])
    collected = Collected()
    stack.append(collected)
    try:
        yield collected
    finally:
        stack.pop()
