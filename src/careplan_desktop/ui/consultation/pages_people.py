"""My medicines (with the colour of the container) and equipment; the people involved in
planning, the named lead professional, the carer's involvement and the carer's own needs."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from careplan_desktop.models import new_uuid
from careplan_desktop.services.planning.versions import EquipmentItem, MedicineItem, ParticipantItem, PlanDraft

from .fields import hint
from .item_list import Column, ItemListEditor, new_item_factory
from .section_page import SectionPage


class MedicinesPage(SectionPage):
    def build(self) -> None:
        self.medicines = ItemListEditor(
            "My medicines", "Medicine",
            [Column("name", "Medicine", stretch=3), Column("dose", "Dose", stretch=2),
             Column("colour", "Colour", kind="colour", stretch=0),
             Column("when", "When", line=1), Column("purpose", "What it is for", line=1)],
            new_item_factory(MedicineItem), self.content, add_text="Add a medicine",
        )
        self.add_list(self.medicines)
        self.equipment = ItemListEditor(
            "Equipment and aids", "Equipment",
            [Column("name", "Equipment"), Column("notes", "Notes", line=1)],
            new_item_factory(EquipmentItem), self.content, add_text="Add equipment",
        )
        self.add_list(self.equipment)

    def fill(self, draft: PlanDraft) -> None:
        self.medicines.set_items(draft.medicines)
        self.equipment.set_items(draft.equipment)

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, medicines=self.medicines.items(), equipment=self.equipment.items())

    def first_field(self) -> QWidget:
        return self.medicines.cards[0].editors["name"] if self.medicines.cards else self.medicines.add_button


class PeoplePage(SectionPage):
    def build(self) -> None:
        self.people = ItemListEditor(
            "Who took part in planning", "Person",
            [Column("name", "Name"), Column("role", "Role"),
             Column("is_lead", "Named lead professional", kind="check", line=1)],
            new_item_factory(ParticipantItem), self.content, add_text="Add someone",
        )
        self.add_list(self.people)
        self.quick = QHBoxLayout()
        self.quick_buttons: list[QPushButton] = []
        self.column.addLayout(self.quick)
        self.column.addWidget(hint("Carers on the register are shown beside the plan.", self.content))
        self.carer_involvement = self.text_area("How my &carer is involved", lines=2, path="carer_involvement")
        self.carer_needs = self.text_area("The carer's &own needs", lines=2, path="carer_needs",
                                          placeholder="For example: a break, a carer's assessment")

    def _quick_add_buttons(self) -> None:
        """'Add Susan Baxter (daughter)' for each carer and the lead professional not yet listed."""
        while self.quick.count():
            item = self.quick.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.quick_buttons = []
        facts = self.facts
        if facts is None:
            return
        listed = {p.name.casefold() for p in self.people.items()}
        suggestions = [(name, relationship) for name, relationship in facts.carers]
        if facts.lead_professional:
            name, _, role = facts.lead_professional.partition(",")
            suggestions.append((name.strip(), role.strip() or "lead professional"))
        for name, role in suggestions:
            if name.casefold() in listed:
                continue
            button = QPushButton(f"Add {name}" + (f" ({role})" if role else ""), self.content)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, n=name, r=role: self._quick_add(n, r))
            self.quick.addWidget(button)
            self.quick_buttons.append(button)
        if self.quick_buttons:
            self.quick.addStretch(1)

    def _quick_add(self, name: str, role: str) -> None:
        lead = bool(self.facts and self.facts.lead_professional.startswith(name))
        self.people.add_item(ParticipantItem(name=name, role=role, is_lead=lead, uuid=new_uuid()), focus=False)
        self._quick_add_buttons()
        self.people.add_button.setFocus()

    def entered(self) -> None:
        self._quick_add_buttons()

    def fill(self, draft: PlanDraft) -> None:
        self.people.set_items(draft.participants)
        self.carer_involvement.set_value(draft.carer_involvement)
        self.carer_needs.set_value(draft.carer_needs)
        self._quick_add_buttons()

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, participants=self.people.items(),
                                   carer_involvement=self.carer_involvement.value(),
                                   carer_needs=self.carer_needs.value())

    def first_field(self) -> QWidget:
        return self.people.cards[0].editors["name"] if self.people.cards else self.people.add_button
