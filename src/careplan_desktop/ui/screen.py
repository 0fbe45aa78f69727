"""What the main window asks of every area screen.

A screen is a QWidget built by its area's factory with the AppContext. It inherits
`AreaScreen` (or just provides these methods); all have safe defaults.

Locking (Ctrl+L or idle) runs, for every screen:
    stash = screen.stash_unsaved()      # form text not saved yet; kept in memory only
    screen.clear_patient_data()         # empty every model and widget showing patient data
    ... vault locked, unlock dialog, vault unlocked ...
    screen.vault_unlocked()             # reload from context.vault
    screen.restore_unsaved(stash)       # put the typed text back

`stash_unsaved` returns a plain dict of strings (or other plain values); return {} when there is
nothing. Do not write the stash anywhere: it is lost if the app quits while locked.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from .context import AppContext


@runtime_checkable
class LockAware(Protocol):
    def stash_unsaved(self) -> dict[str, Any]: ...
    def restore_unsaved(self, stash: dict[str, Any]) -> None: ...
    def clear_patient_data(self) -> None: ...
    def vault_unlocked(self) -> None: ...


class AreaScreen(QWidget):
    """Base for an area's screen; override what applies."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def stash_unsaved(self) -> dict[str, Any]:
        return {}

    def restore_unsaved(self, stash: dict[str, Any]) -> None:
        pass

    def clear_patient_data(self) -> None:
        pass

    def vault_unlocked(self) -> None:
        pass

    def focus_search(self) -> bool:
        """Ctrl+F on this screen: focus its search box and return True, if it has one."""
        return False

    def may_close(self) -> bool:
        """Quitting: False keeps the window open (the screen asked, and the person chose to stay
        with work that is not saved). Called before `shutdown`."""
        return True

    def shutdown(self) -> None:
        """The window is closing: stop timers; the task runner is shut down afterwards."""
