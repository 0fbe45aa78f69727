"""About me and the purpose of the plan: the person's story, in their words."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QWidget

from careplan_desktop.models import LEVEL_NAMES
from careplan_desktop.services.planning.versions import PlanDraft

from .fields import hint
from .section_page import SectionPage

#: AboutMe field -> (label, placeholder); the order is the conversation's
STORY_FIELDS = (
    ("story_new", "&What's new", "What has changed since last time, in the person's words"),
    ("story_good", "What's g&ood", "What is going well"),
    ("story_tough", "What's &tough", "What is hard at the moment; any worries"),
    ("what_matters", "What &matters most to me", "What the person most wants to keep, change or avoid"),
    ("communication_preferences", "How I like to be &communicated with",
     "For example: large print, ring in the morning, my daughter with me"),
    ("information_beforehand", "Information shared &beforehand",
     "For example: results letter sent a week before; leaflets given"),
)


class AboutMePage(SectionPage):
    def build(self) -> None:
        self.fields = {}
        for name, label, placeholder in STORY_FIELDS:
            lines = 2 if name in ("communication_preferences", "information_beforehand") else 3
            self.fields[name] = self.text_area(label, lines=lines, placeholder=placeholder, path=f"about_me.{name}")

    def fill(self, draft: PlanDraft) -> None:
        for name, area in self.fields.items():
            area.set_value(getattr(draft.about_me, name))

    def apply(self, draft: PlanDraft) -> PlanDraft:
        values = {name: area.value() for name, area in self.fields.items()}
        return dataclasses.replace(draft, about_me=dataclasses.replace(draft.about_me, **values))

    def first_field(self) -> QWidget:
        return self.fields["story_new"]


class PurposePage(SectionPage):
    def build(self) -> None:
        self.level_note = hint("", self.content)
        self.column.addWidget(self.level_note)
        self.purpose = self.text_area("&Purpose of this plan", lines=4, path="purpose",
                                      placeholder="Why we are meeting, agreed with the person")

    def fill(self, draft: PlanDraft) -> None:
        self.purpose.set_value(draft.purpose)
        facts = self.facts
        if facts is None:
            self.level_note.setText("")
            return
        name = LEVEL_NAMES.get(facts.level, "")
        self.level_note.setText(f"Level of need {facts.level}: {name}." if name else "")

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, purpose=self.purpose.value())

    def first_field(self) -> QWidget:
        return self.purpose
