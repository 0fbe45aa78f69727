"""Actions (what, who, by when) and when things go wrong (warning signs, what I do, who to
call, what others do; risks and safeguarding)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from careplan_desktop.services.planning.versions import (
    ACTION_STATUSES, ActionItem, ContactItem, PlanDraft, RiskItem,
)

from .fields import carried_badge, hint
from .item_list import Column, ItemListEditor, new_item_factory
from .section_page import SectionPage


class ActionsPage(SectionPage):
    def build(self) -> None:
        self.goal_choices = lambda: []  # set by the screen: the goals as typed now
        self.actions = ItemListEditor(
            "Actions", "Action",
            [Column("what", "What"),
             Column("who", "Who", line=1, stretch=3), Column("due_on", "By when", kind="date", line=1, stretch=0),
             Column("status", "Status", kind="choice", choices=ACTION_STATUSES, line=1, stretch=0),
             Column("goal_uuids", "Helps with goals", kind="tags", line=2, placeholder="No goal chosen")],
            new_item_factory(ActionItem), self.content, add_text="Add an action",
            empty_text="No actions yet. Each needs what, who, and by when.",
            options={"goal_uuids": lambda: self.goal_choices()},
        )
        self.add_list(self.actions)

    def entered(self) -> None:
        self.actions.refresh_options()

    def fill(self, draft: PlanDraft) -> None:
        self.actions.set_items(draft.actions)

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, actions=self.actions.items())

    def first_field(self) -> QWidget:
        return self.actions.cards[0].editors["what"] if self.actions.cards else self.actions.add_button


class ContingencyPage(SectionPage):
    def build(self) -> None:
        self.carried = carried_badge(self.content)
        self.carried.hide()
        self.column.addWidget(self.carried, 0, Qt.AlignmentFlag.AlignLeft)
        self.warning_signs = self.text_area("My &warning signs, in my words", lines=3,
                                            placeholder="How I know things are going wrong")
        self.what_i_do = self.text_area("What &I do", lines=3, placeholder="What I do straight away")
        self.contacts = ItemListEditor(
            "Who to call", "Contact",
            [Column("name", "Name", stretch=3), Column("phone", "Number", stretch=2),
             Column("hours", "When they answer", line=1), Column("when_to_call", "Call them when", line=2)],
            new_item_factory(ContactItem), self.content, add_text="Add someone to call",
            empty_text="No one to call yet: add a name, a number and the hours they answer.",
        )
        self.add_list(self.contacts)
        self.what_others_do = self.text_area("What &others should do", lines=2,
                                             placeholder="For example: what my carer or a neighbour should do")
        self.risks = ItemListEditor(
            "Risks we talked about", "Risk",
            [Column("description", "Risk"), Column("agreed_approach", "What we agreed", line=1)],
            new_item_factory(RiskItem), self.content, add_text="Add a risk",
        )
        self.add_list(self.risks)
        self.risk_discussion = self.text_area("How we &balanced choice and risk", lines=2, path="risk_discussion")
        self.column.addWidget(hint("Safeguarding: note any concern and what was done about it; follow the "
                                   "practice's safeguarding procedure.", self.content))
        self.safeguarding = self.text_area("&Safeguarding concern", lines=2, placeholder="None, or the concern",
                                           path="safeguarding_concern")

    def fill(self, draft: PlanDraft) -> None:
        plan = draft.contingency
        self.carried.setVisible(plan.carried_forward and not plan.is_blank)
        self.warning_signs.set_value(plan.warning_signs)
        self.what_i_do.set_value(plan.what_i_do)
        self.what_others_do.set_value(plan.what_others_do)
        self.contacts.set_items(plan.contacts)
        self.risks.set_items(draft.risks)
        self.risk_discussion.set_value(draft.risk_discussion)
        self.safeguarding.set_value(draft.safeguarding_concern)

    def apply(self, draft: PlanDraft) -> PlanDraft:
        contingency = dataclasses.replace(
            draft.contingency, warning_signs=self.warning_signs.value(), what_i_do=self.what_i_do.value(),
            what_others_do=self.what_others_do.value(), contacts=self.contacts.items(),
        )
        return dataclasses.replace(draft, contingency=contingency, risks=self.risks.items(),
                                   risk_discussion=self.risk_discussion.value(),
                                   safeguarding_concern=self.safeguarding.value())

    def first_field(self) -> QWidget:
        return self.warning_signs
