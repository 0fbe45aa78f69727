"""The consultation workspace's widgets and their arrangement (behaviour lives in screen.py).

    [ no one open: "find the person in the register" ]                      (placeholder)
    [ Lorna BAXTER ... | Start from her last agreed plan | Start a blank plan ] (start)
    [ Lorna BAXTER · NHS number · level        Saved 10:42:13  [Save now] ]
    [ carried forward banner                                               ]
    [ sections | the section's page (prompt, fields)   | results, conditions, carers  ]
    [          |                                        | From the letter | Key elements ]
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..widgets import ProblemLabel, heading, muted
from .pages_actions import ActionsPage, ContingencyPage
from .pages_goals import GoalsPage, SupportPage
from .pages_optional import OptionalPage
from .pages_people import MedicinesPage, PeoplePage
from .pages_review import ReviewPage, SharingPage
from .pages_story import AboutMePage, PurposePage
from .prompts import SECTION_KEYS, SectionWording
from .section_page import SectionPage
from .side_panel import SidePanel

PLACEHOLDER = ("No one is open for a consultation. Find the person in the Register (Ctrl+F), open them, "
               "and choose \u201cStart consultation\u201d.")
PAGE_TYPES: dict[str, type[SectionPage]] = {
    "about_me": AboutMePage, "purpose": PurposePage, "goals": GoalsPage, "support": SupportPage,
    "actions": ActionsPage, "contingency": ContingencyPage, "medicines": MedicinesPage, "people": PeoplePage,
    "optional": OptionalPage, "review": ReviewPage, "sharing": SharingPage,
}


class StartPanel(QWidget):
    """A person without a draft in progress: start from their last agreed plan, or blank."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultation_start")
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(10)
        self.title = heading("", self, factor=1.5)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.from_agreed = QPushButton(self)
        self.from_agreed.setObjectName("start_from_agreed")
        self.from_agreed.setDefault(True)
        self.blank = QPushButton("Start a &blank plan", self)
        self.blank.setObjectName("start_blank")
        self.problem = ProblemLabel("Problem starting the plan", self)
        column.addWidget(self.title)
        column.addWidget(self.message)
        column.addWidget(self.from_agreed, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.blank, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.problem)
        column.addStretch(1)


class ConsultationLayout:
    def __init__(self, screen: QWidget, wording: dict[str, SectionWording]) -> None:
        outer = QVBoxLayout(screen)
        outer.setContentsMargins(0, 0, 0, 0)
        self.states = QStackedWidget(screen)
        outer.addWidget(self.states)

        self.placeholder = QWidget(self.states)
        self.placeholder.setObjectName("consultation_placeholder")
        column = QVBoxLayout(self.placeholder)
        column.addStretch(1)
        self.placeholder_text = muted(PLACEHOLDER, self.placeholder, factor=1.1)
        self.placeholder_text.setWordWrap(True)
        self.placeholder_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.placeholder_text)
        column.addStretch(2)
        self.start = StartPanel(self.states)

        self.workspace = QWidget(self.states)
        self.workspace.setObjectName("consultation_workspace")
        self._build_workspace(self.workspace, wording)
        for page in (self.placeholder, self.start, self.workspace):
            self.states.addWidget(page)

    def _build_workspace(self, workspace: QWidget, wording: dict[str, SectionWording]) -> None:
        column = QVBoxLayout(workspace)
        column.setContentsMargins(8, 6, 8, 4)
        column.setSpacing(4)
        header = QHBoxLayout()
        who = QVBoxLayout()
        who.setSpacing(0)
        self.name = heading("", workspace, factor=1.35)
        self.name.setObjectName("consultation_name")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.identity = muted("", workspace, factor=0.95)
        self.identity.setObjectName("consultation_identity")
        self.identity.setTextFormat(Qt.TextFormat.PlainText)
        self.identity.setWordWrap(True)
        self.version = muted("", workspace, factor=0.95)
        self.version.setObjectName("consultation_version")
        self.version.setWordWrap(True)
        for label in (self.name, self.identity, self.version):
            who.addWidget(label)
        header.addLayout(who, 1)
        self.status = QLabel(workspace)
        self.status.setObjectName("autosave_status")
        self.status.setAccessibleName("Saving status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status.setWordWrap(True)
        self.status.setMinimumWidth(self.status.fontMetrics().horizontalAdvance("Saved 10:42:13") + 16)
        self.save_now = QPushButton("&Save now", workspace)
        self.save_now.setObjectName("save_now")
        self.save_now.setToolTip("Ctrl+S. The plan also saves by itself a moment after each change.")
        self.save_now.setAutoDefault(False)
        #: the slot for plan actions (agree, print ...): add buttons here
        self.plan_actions = QHBoxLayout()
        header.addWidget(self.status, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.save_now, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addLayout(self.plan_actions)
        column.addLayout(header)

        self.carried = QLabel(workspace)
        self.carried.setObjectName("carried_banner")
        self.carried.setWordWrap(True)
        self.carried.setStyleSheet("QLabel#carried_banner { background: #e8edee; color: #212b32; "
                                   "border-left: 4px solid #330072; padding: 4px 8px; }")
        self.carried.hide()
        column.addWidget(self.carried)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, workspace)
        self.splitter.setChildrenCollapsible(False)
        self.sections = QListWidget(self.splitter)
        self.sections.setObjectName("consultation_sections")
        self.sections.setAccessibleName("Sections of the plan")
        self.sections.setAccessibleDescription("Move between sections freely; Ctrl+Page Down goes to the next one.")
        self.pages = QStackedWidget(self.splitter)
        self.section_pages: dict[str, SectionPage] = {}
        for key in SECTION_KEYS:
            page = PAGE_TYPES[key](wording[key], self.pages)
            self.section_pages[key] = page
            self.pages.addWidget(page)
            QListWidgetItem(wording[key].title, self.sections)
        metrics = self.sections.fontMetrics()
        widest = max(metrics.horizontalAdvance(wording[k].title) for k in SECTION_KEYS)
        self.sections.setWordWrap(True)  # a large font wraps a long title rather than crowd the plan
        self.sections.setSpacing(1)
        self.sections.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap when a scroll bar appears
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setStyleSheet("QListWidget#consultation_sections::item { padding: 4px 4px; }")
        self.sections.setMinimumWidth(metrics.averageCharWidth() * 11)
        self.sections.setMaximumWidth(widest + 48)
        self.side = SidePanel(self.splitter)
        self.side.setMinimumWidth(metrics.averageCharWidth() * 24)
        self.splitter.addWidget(self.sections)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([190, 640, 380])  # proportions: the splitter scales them to fit
        column.addWidget(self.splitter, 1)
