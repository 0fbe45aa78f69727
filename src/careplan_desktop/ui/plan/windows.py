"""The plan windows open from a screen: one per person, all closed when the app locks or quits.

    self.plan_windows = PlanWindows(context, self)     # in the screen's __init__
    self.plan_windows.open(patient_uuid)               # "Care plan..."
    self.plan_windows.close_all()                      # in clear_patient_data() and shutdown()

The window module (and reportlab behind it) is imported on first use, not at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..context import AppContext

if TYPE_CHECKING:
    from .plan_screen import PlanWindow


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
