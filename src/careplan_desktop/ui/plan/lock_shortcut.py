"""`lock_from_here(widget)` makes Ctrl+L lock the app from a plan window or one of its dialogs
too (the main window's Lock action only hears keys while the main window is active)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def lock_from_here(widget: QWidget) -> QShortcut:
    """Ctrl+L in this window triggers the main window's Lock action (found through the parents)."""

    def lock() -> None:
        top = widget.window()
        while top.parentWidget() is not None:
            top = top.parentWidget().window()
        action = getattr(top, "lock_action", None)
        if action is not None and action.isEnabled():
            action.trigger()

    shortcut = QShortcut(QKeySequence("Ctrl+L"), widget, context=Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lock)
    return shortcut
