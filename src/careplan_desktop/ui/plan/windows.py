"""The plan windows open from a screen: one per person, all closed when the app locks or quits.

    self.plan_windows = PlanWindows(context, self)     # in the screen's __init__
    self.plan_windows.open(patient_uuid)               # "Care plan..."
    self.plan_windows.close_all()                      # in clear_patient_data() and shutdown()

The window module (and reportlab behind it) is imported on first use, not at start-up.
`lock_from_here(widget)` makes Ctrl+L lock the app from a plan window or one of its dialogs
too (the main window's Lock action only hears keys while the main window is active).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ..context import AppContext

if TYPE_CHECKING:
    from .plan_screen import PlanWindow


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


class PlanWindows:
    def __init__(self, context: AppContext, parent: QWidget) -> None:
        self.context = context
        self.parent = parent
        self.windows: dict[str, PlanWindow] = {}

    def open(self, patient_uuid: str) -> PlanWindow | None:
        if not self.context.is_unlocked:
            return None
        from .plan_screen import PlanWindow

        window = self.windows.get(patient_uuid)
        if window is None:
            window = PlanWindow(self.context, patient_uuid, self.parent)
            window.destroyed.connect(lambda _=None, uuid=patient_uuid: self.windows.pop(uuid, None))
            self.windows[patient_uuid] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def close_all(self) -> None:
        for window in list(self.windows.values()):
            window.close()
        self.windows.clear()
