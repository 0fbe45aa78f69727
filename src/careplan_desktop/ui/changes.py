"""One signal that tells every open screen what changed (ARCHITECTURE rule 5).

Nobody names what to refresh. A write task (`TaskRunner.write`) reports what its transactions
changed, gathered from their audit rows (`models.changes.Changes`); the AppContext hands that to
`DataChanges.tell`, which turns it into the names the screens listen for and emits `changed`
once. Each screen refreshes only what it shows:

    def _data_changed(self, what):            # what: a `Changed`, a frozenset of names
        if self.patient_uuid in changed_people(what) and what.by is not self: ...

Names: "register" (a person or a condition was added, changed or removed), "person:<uuid>"
(anything in that person's record, their plan and its drafts included), "directory" (the local
directory), "recall" (invitations and letters), "practice" (the practice's details), "exchange" (anything the Exchange screen shows).
`what.by` is whoever asked for the write (`tasks.write(..., by=self)`), so a screen can ignore
its own; `what.changes` is the `Changes` itself. `notify(name)` is left for notices that are
not a change to a record (the exchange's "check now").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

REGISTER = "register"
DIRECTORY = "directory"
RECALL = "recall"
EXCHANGE = "exchange"
PRACTICE = "practice"

#: the names a kind of record brings (besides "person:<uuid>" for each person it belongs to)
_NAMES_OF_KINDS = {"patient": REGISTER, "condition": REGISTER, "directory_entry": DIRECTORY,
                   "recall": RECALL, "appointment": RECALL, "letter_log": RECALL,
                   "practice": PRACTICE}


def person_key(uuid: str) -> str:
    """The change name for one person's record."""
    return f"person:{uuid}"


def changed_people(what: frozenset[str]) -> set[str]:
    """The uuids of the people named in a change set."""
    return {name.split(":", 1)[1] for name in what if name.startswith("person:")}


class Changed(frozenset):
    """What the screens are told: the names they listen for, what the write changed, who asked."""

    changes: Any
    by: object

    def __new__(cls, names: Any = (), changes: Any = None, by: object = None) -> Changed:
        told = super().__new__(cls, names)
        told.changes, told.by = changes, by
        return told


def names_for(changes: Any) -> frozenset[str]:
    """The names a write's `Changes` brings."""
    names = {person_key(uuid) for uuid in changes.people}
    names.update(_NAMES_OF_KINDS[kind] for kind in changes.kinds if kind in _NAMES_OF_KINDS)
    if any(kind.startswith("exchange_") for kind in changes.kinds):
        names.add(EXCHANGE)
    return frozenset(names)


class DataChanges(QObject):
    """Emitted on the GUI thread after a successful write."""

    changed = Signal(object)  # a Changed

    def tell(self, changes: Any, by: object = None) -> None:
        """What a write task changed (`TaskRunner.wrote`): tell every screen."""
        if changes:
            self.changed.emit(Changed(names_for(changes), changes, by))

    def notify(self, *what: str) -> None:
        """A notice that is not a change to a record."""
        if what:
            self.changed.emit(Changed(what))
