"""From the consultation to the plan's own window: agree it, print the yellow folder, see its
versions. The draft is saved first, so the plan window shows exactly what was typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton

from ..plan.windows import PlanWindows

if TYPE_CHECKING:
    from .screen import ConsultationScreen


class PlanLink:
    def __init__(self, screen: ConsultationScreen) -> None:
        self.screen = screen
        self.windows = PlanWindows(screen.context, screen)
        self.button = QPushButton("Agree or &print…", screen)
        self.button.setObjectName("open_plan_window")
        self.button.setToolTip("Save now, then open the plan: check the key elements, agree it, print the yellow folder")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.open)
        screen.ui.plan_actions.addWidget(self.button)

    def open(self) -> None:
        uuid = self.screen.patient_uuid
        if uuid is None or not self.screen.context.is_unlocked:
            return
        if not self.screen.autosave.flush():  # the plan window reads the vault: what was typed must be in it
            return  # the status line says it is not saved, and why
        self.windows.open(uuid)

    def close_all(self) -> None:
        self.windows.close_all()
