"""One signal that tells every open screen what changed (ARCHITECTURE rule 5).

Whoever calls a service that writes emits `DataChanges.changed` afterwards, naming what
changed; each screen refreshes only what it shows:

    context.changes.notify(REGISTER, person_key(uuid))

Names in use: "register" (someone added, removed, renamed, a condition or level changed),
"person:<uuid>" (anything in that person's record) and "draft:<uuid>" (autosave wrote that
person's plan draft: only the plan windows and the agree dialog listen). Add new names here
as areas grow.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

REGISTER = "register"


def person_key(uuid: str) -> str:
    """The change name for one person's record."""
    return f"person:{uuid}"


def draft_key(uuid: str) -> str:
    """The change name for the draft of one person's plan (autosave says it)."""
    return f"draft:{uuid}"


def changed_people(what: frozenset[str]) -> set[str]:
    """The uuids of the people named in a change set."""
    return {name.split(":", 1)[1] for name in what if name.startswith("person:")}


def changed_plans(what: frozenset[str]) -> set[str]:
    """The uuids of the people whose record or plan draft changed."""
    return changed_people(what) | {name.split(":", 1)[1] for name in what if name.startswith("draft:")}


class DataChanges(QObject):
    """Emitted on the GUI thread after a successful write."""

    changed = Signal(frozenset)

    def notify(self, *what: str) -> None:
        if what:
            self.changed.emit(frozenset(what))
