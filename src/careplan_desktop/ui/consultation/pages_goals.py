"""My goals, and what I will do with support from others: the golden thread
(need -> goal -> what I will do + support -> review)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from careplan_desktop.models import new_uuid
from careplan_desktop.services.directory.entries import DirectoryItem
from careplan_desktop.services.planning.versions import (
    GOAL_STATUSES, GOAL_THEMES, INFORMATION_METHODS, INFORMATION_RECIPIENTS, SUPPORT_STATUSES, ActionItem,
    GoalItem, InformationItem, PlanDraft, SelfCareItem, SupportItem, UnmetNeedItem,
)

from .fields import hint, section_title
from .item_list import Column, ItemListEditor, new_item_factory
from .section_page import SectionPage

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
PICK_PLACEHOLDER = "Type to find a service, group or activity in the local directory"


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class GoalsPage(SectionPage):
    def build(self) -> None:
        self.serving = lambda: Serving()  # set by the screen: what the other sections hold now
        self.column.addWidget(hint("In the person's order: what matters most first (Alt+Up and Alt+Down move "
                                   "a goal), and how much each matters, 1 to 10.", self.content))
        self.goals = ItemListEditor(
            "My goals, in my own words", "Goal",
            [Column("text", "In my words", kind="long", placeholder="What will be better, kept, or avoided"),
             Column("addresses", "Conditions it answers", kind="tags", line=1, stretch=2),
             Column("status", "Status", kind="choice", choices=GOAL_STATUSES, line=1),
             Column("need", "The need it answers, in my words", line=2),
             Column("importance", "How much it matters (1-10)", kind="score", line=3, stretch=0),
             Column("theme", "Theme", kind="choice", choices=GOAL_THEMES, line=3, blank="No theme")],
            new_item_factory(GoalItem), self.content, add_text="Add a goal",
            empty_text="No goals yet. Ask: what would you like to be different?",
            options={"addresses": self._conditions}, movable=True,
        )
        self.add_list(self.goals)
        self.column.addWidget(section_title("How each goal will be met", self.content))
        self.thread = QLabel(self.content)
        self.thread.setObjectName("goal_thread")
        self.thread.setTextFormat(Qt.TextFormat.PlainText)
        self.thread.setWordWrap(True)
        self.thread.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.thread.setAccessibleName("How each goal will be met")
        self.column.addWidget(self.thread)
        self.goals.changed.connect(self.show_thread)
        self.unmet_needs = ItemListEditor(
            "What I need that nobody provides yet", "Unmet need",
            [Column("need", "What I need", kind="long", placeholder="In the person's words"),
             Column("theme", "Theme", kind="choice", choices=GOAL_THEMES, line=1, blank="No theme")],
            new_item_factory(UnmetNeedItem), self.content, add_text="Add an unmet need",
        )
        self.add_list(self.unmet_needs)

    def _conditions(self) -> Sequence[tuple[str, str]]:
        return self.facts.conditions if self.facts else ()

    def fill(self, draft: PlanDraft) -> None:
        self.goals.set_items(draft.goals)
        self.unmet_needs.set_items(draft.unmet_needs)
        self.show_thread()

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, goals=self.goals.items(), unmet_needs=self.unmet_needs.items())

    def entered(self) -> None:
        self.show_thread()

    def first_field(self) -> QWidget:
        return self.goals.cards[0].editors["text"] if self.goals.cards else self.goals.add_button

    def goal_choices(self) -> list[tuple[str, str]]:
        """(uuid, short text) of the goals as typed now, for linking what serves them."""
        return [(goal.uuid, f"{n}. " + (_short(goal.text, 40) or "(no words yet)"))
                for n, goal in enumerate(self.goals.items(), start=1) if goal.uuid]

    def show_thread(self) -> None:
        """Under each goal, what serves it: what I will do, support and actions linked to it."""
        self.thread.setText(thread_text(self.goals.items(), self.serving()))


@dataclasses.dataclass(frozen=True)
class Serving:
    """What the other sections hold now, for the goals page to show what serves each goal."""

    self_care: tuple[SelfCareItem, ...] = ()
    support: tuple[SupportItem, ...] = ()
    actions: tuple[ActionItem, ...] = ()


def thread_text(goals: Sequence[GoalItem], serving: Serving) -> str:
    lines = []
    for n, goal in enumerate(goals, start=1):
        if not goal.text.strip():
            continue
        lines.append(f"Goal {n}: {_short(goal.text)}")
        served = [f"I will: {s.text.strip()}" for s in serving.self_care if goal.uuid in s.goal_uuids and s.text.strip()]
        served += [f"Support: {s.name.strip()}" for s in serving.support
                   if goal.uuid in s.goal_uuids and s.name.strip() and s.status != "refused"]
        served += [f"Action: {a.what.strip()}" + (f" ({a.who.strip()})" if a.who.strip() else "")
                   for a in serving.actions if goal.uuid in a.goal_uuids and a.what.strip()]
        lines += [f"    • {_short(line, 80)}" for line in served] or (
            ["    ⚠ Nothing serves this goal yet: how will it be met?"] if goal.status == "active" else [])
    return "\n".join(lines) or "No goals yet."


class DirectoryPicker(QLineEdit):
    """Type a few letters of a service's name, kind or what it offers; pick with the
    arrow keys and Enter (or the mouse). `picked` hands over the directory entry."""

    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("directory_picker")
        self.setAccessibleName("Find in the local directory")
        self.setPlaceholderText(PICK_PLACEHOLDER)
        self.model = QStandardItemModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setCompletionRole(SEARCH_ROLE)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_.setMaxVisibleItems(8)
        self.setCompleter(self.completer_)
        self.completer_.activated[QModelIndex].connect(self._activated)

    def set_entries(self, entries: Sequence[DirectoryItem]) -> None:
        self.model.clear()
        for entry in entries:
            item = QStandardItem(f"{entry.name}  ({entry.kind})")
            item.setData(entry, ENTRY_ROLE)
            item.setData(f"{entry.name} {entry.kind} {entry.offers}", SEARCH_ROLE)
            item.setToolTip(entry.offers)
            self.model.appendRow(item)

    def _activated(self, index: QModelIndex) -> None:
        entry = index.data(ENTRY_ROLE)
        QTimer.singleShot(0, self.clear)  # after the completer has put its text in
        if entry is not None:
            self.picked.emit(entry)


def support_from_directory(entry: DirectoryItem) -> SupportItem:
    contact = " · ".join(part for part in (entry.contact, entry.hours) if part)
    return SupportItem(name=entry.name, kind=entry.kind, details=entry.offers, contact=contact,
                       directory_entry_uuid=entry.uuid, uuid=new_uuid())


class SupportPage(SectionPage):
    manage_directory = Signal()

    def build(self) -> None:
        self.goal_choices = lambda: []  # set by the screen: the goals as typed now
        goals = {"goal_uuids": lambda: self.goal_choices()}
        self.self_care = ItemListEditor(
            "What I will do", "Self-care action",
            [Column("text", "I will", kind="long", placeholder="In the person's words"),
             Column("goal_uuids", "Helps with goals", kind="tags", line=1, placeholder="No goal chosen")],
            new_item_factory(SelfCareItem), self.content, add_text="Add what I will do", options=goals,
        )
        self.add_list(self.self_care)

        self.column.addWidget(section_title("Support from others", self.content))
        self.column.addWidget(hint("Services and \"more than medicine\": pick from the local directory, "
                                   "or add one and type it.", self.content))
        row = QHBoxLayout()
        label = QLabel("F&ind in directory", self.content)
        self.picker = DirectoryPicker(self.content)
        label.setBuddy(self.picker)
        self.manage = QPushButton("Local directory…", self.content)
        self.manage.setAutoDefault(False)
        self.manage.setAccessibleName("Keep the local directory of services")
        self.manage.clicked.connect(self.manage_directory)
        row.addWidget(label, 1)
        row.addWidget(self.manage)
        self.column.addLayout(row)
        self.column.addWidget(self.picker)
        self.support = ItemListEditor(
            "", "Support",
            [Column("name", "Name", stretch=3), Column("kind", "Kind", stretch=2),
             Column("details", "What it offers", line=1), Column("contact", "Contact", line=2, stretch=3),
             Column("status", "Status", kind="choice", choices=SUPPORT_STATUSES, line=2),
             Column("goal_uuids", "Helps with goals", kind="tags", line=3, placeholder="No goal chosen")],
            new_item_factory(SupportItem), self.content, add_text="Add support (type it)", options=goals,
        )
        self.support.title.hide()
        self.add_list(self.support)
        self.picker.picked.connect(self.add_from_directory)

        self.information = ItemListEditor(
            "Information given (information prescriptions)", "Information",
            [Column("topic", "About"), Column("source", "From", line=1),
             Column("given_on", "Given on", kind="date", line=1, stretch=0),
             Column("method", "How", kind="choice", choices=INFORMATION_METHODS, line=2, blank="Not recorded"),
             Column("recipient", "To", kind="choice", choices=INFORMATION_RECIPIENTS, line=2, blank="Not recorded")],
            lambda: InformationItem(uuid=new_uuid(), given_on=self.facts.today if self.facts else None),
            self.content, add_text="Add information given",
        )
        self.add_list(self.information)

    def add_from_directory(self, entry: DirectoryItem) -> None:
        card = self.support.add_item(support_from_directory(entry), focus=False)
        self.picker.setFocus()
        self.ensureWidgetVisible(card)

    def set_directory(self, entries: Sequence[DirectoryItem]) -> None:
        self.picker.set_entries(entries)

    def entered(self) -> None:
        self.self_care.refresh_options()
        self.support.refresh_options()

    def fill(self, draft: PlanDraft) -> None:
        self.self_care.set_items(draft.self_care)
        self.support.set_items(draft.support)
        self.information.set_items(draft.information)

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, self_care=self.self_care.items(), support=self.support.items(),
                                   information=self.information.items())

    def first_field(self) -> QWidget:
        return self.self_care.cards[0].editors["text"] if self.self_care.cards else self.self_care.add_button
