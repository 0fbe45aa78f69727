"""Helpers for the windows that are not area screens: following the lock, and fitting the screen.

Windows that are not area screens (the results-entry and letters dialogs) follow the lock too.

The main window's `LockFlow` tells its screens to stash, clear and reload; a dialog finds that
flow through its parent window and listens to its `locked` and `unlocked` signals. By the
time `locked` arrives the vault is closed: the dialog keeps what was typed in memory only,
empties every widget with patient data and hides, and reloads once unlocked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget


def watch_lock(parent: QWidget | None, *, on_locked: Callable[[], None], on_unlocked: Callable[[], None]) -> bool:
    """Connect the lock flow of ``parent``'s window, if it has one, to two bound methods of a
    QObject (so the connections end when it is deleted). True when connected."""
    window = parent.window() if parent is not None else None
    flow = getattr(window, "lock_flow", None)
    if flow is None:
        return False
    flow.locked.connect(on_locked)
    flow.unlocked.connect(on_unlocked)
    return True
