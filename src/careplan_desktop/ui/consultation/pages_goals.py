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
    GOAL_STATUSES, GOAL_THEMES, INFORMATION_METHODS, INFORMATION_RECIPIENTS, SUPPORT_STATUSES, GoalItem,
    InformationItem, PlanDraft, SelfCareItem, SupportItem, UnmetNeedItem,
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
        self.goals = ItemListEditor(
            "My goals, in my own words", "Goal",
            [Column("text", "In my words", kind="long", placeholder="What will be better, kept, or avoided"),
             Column("addresses", "Addresses", kind="tags", line=1, stretch=2),
             Column("status", "Status", kind="choice", choices=GOAL_STATUSES, line=1),
             Column("theme", "Theme", kind="choice", choices=GOAL_THEMES, line=1, blank="No theme")],
            new_item_factory(GoalItem), self.content, add_text="Add a goal",
            empty_text="No goals yet. Ask: what would you like to be different?",
            options={"addresses": self._conditions},
        )
        self.add_list(self.goals)
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

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, goals=self.goals.items(), unmet_needs=self.unmet_needs.items())

    def first_field(self) -> QWidget:
        return self.goals.cards[0].editors["text"] if self.goals.cards else self.goals.add_button

    def goal_choices(self) -> list[tuple[str, str]]:
        """(uuid, short text) of the goals as typed now, for linking what I will do."""
        return [(goal.uuid, _short(goal.text) or f"Goal {n}")
                for n, goal in enumerate(self.goals.items(), start=1) if goal.uuid]


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
        self.self_care = ItemListEditor(
            "What I will do", "Self-care action",
            [Column("text", "I will", kind="long", placeholder="In the person's words"),
             Column("goal_uuid", "Helps with", kind="link", line=1, placeholder="No goal chosen")],
            new_item_factory(SelfCareItem), self.content, add_text="Add what I will do",
            options={"goal_uuid": lambda: self.goal_choices()},
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
             Column("status", "Status", kind="choice", choices=SUPPORT_STATUSES, line=2)],
            new_item_factory(SupportItem), self.content, add_text="Add support (type it)",
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

    def fill(self, draft: PlanDraft) -> None:
        self.self_care.set_items(draft.self_care)
        self.support.set_items(draft.support)
        self.information.set_items(draft.information)

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, self_care=self.self_care.items(), support=self.support.items(),
                                   information=self.information.items())

    def first_field(self) -> QWidget:
        return self.self_care.cards[0].editors["text"] if self.self_care.cards else self.self_care.add_button
