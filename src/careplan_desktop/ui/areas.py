"""The areas in the main window's navigation list, in order.

Adding an area is one line here: a name a nurse understands, a standard icon, and a factory
taking the AppContext and returning an `AreaScreen`, given either as the class or as the
string "module:Class" (imported only when the area is first opened: keeps start-up fast).
Only areas that work are listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QStyle

from .context import AppContext
from .register import RegisterScreen
from .screen import AreaScreen

Icon = QStyle.StandardPixmap


@dataclass(frozen=True)
class Area:
    key: str  # stable id: "register", "consultation", ...
    name: str  # shown in the navigation list
    icon: QStyle.StandardPixmap
    factory: Callable[[AppContext], AreaScreen] | str

    def build(self, context: AppContext) -> AreaScreen:
        factory = self.factory
        if isinstance(factory, str):
            import importlib

            module, _, name = factory.partition(":")
            factory = getattr(importlib.import_module(module), name)
        return factory(context)


AREAS: list[Area] = [
    Area("register", "Register", Icon.SP_FileDialogDetailedView, RegisterScreen),
    Area("recall", "Recall", Icon.SP_FileDialogListView, "careplan_desktop.ui.recall:RecallScreen"),
    Area("consultation", "Consultation", Icon.SP_FileDialogContentsView,
         "careplan_desktop.ui.consultation:ConsultationScreen"),
    Area("reviews", "Reviews", Icon.SP_FileDialogInfoView, "careplan_desktop.ui.review:ReviewsScreen"),
    Area("reports", "Reports", Icon.SP_FileDialogListView, "careplan_desktop.ui.reports.screen:ReportsScreen"),
    Area("exchange", "Exchange", Icon.SP_BrowserReload, "careplan_desktop.ui.exchange.screen:ExchangeScreen"),
    Area("settings", "Settings", Icon.SP_ComputerIcon, "careplan_desktop.ui.practice.screen:SettingsScreen"),
    Area("staff", "Staff", Icon.SP_DirHomeIcon, "careplan_desktop.ui.staff.screen:StaffScreen"),
    Area("audit", "Audit", Icon.SP_FileDialogInfoView, "careplan_desktop.ui.audit.screen:AuditScreen"),
    Area("self_assessment", "Self-assessment", Icon.SP_DialogApplyButton,
         "careplan_desktop.ui.self_assessment:SelfAssessmentScreen"),
]
