"""What every section of the consultation is: a scrolling page with its title, its prompt
("what good looks like"), and fields that show part of a `PlanDraft` and read it back.

A page never saves anything itself: it says `changed` when the nurse edits it, and the
screen asks every page to `apply` its fields to a snapshot when it is time to save.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from careplan_desktop.services.planning.versions import PlanDraft

from ..widgets import heading
from .fields import PromptLabel, TextArea, caption, carried_badge
from .prompts import SectionWording


@dataclass(frozen=True)
class PersonFacts:
    """What the sections need to know about the person (not part of the plan)."""

    patient_uuid: str
    name: str
    level: int
    conditions: tuple[tuple[str, str], ...] = ()  # (condition code, name)
    carers: tuple[tuple[str, str], ...] = ()  # (name, relationship)
    lead_professional: str = ""
    today: dt.date | None = None
    suggested_review: dt.date | None = None
    review_months: int = 12
    #: plan text copied unchanged from the last agreed version ("purpose", "about_me.what_matters" ...)
    carried_text: frozenset[str] = frozenset()


class SectionPage(QScrollArea):
    changed = Signal()

    def __init__(self, wording: SectionWording, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = wording.key
        self.title = wording.title
        self.setObjectName(f"section_{wording.key}")
        self.setAccessibleName(wording.title)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # never clip a field
        content = QWidget(self)
        content.setObjectName("section_content")
        self.column = QVBoxLayout(content)
        self.column.setContentsMargins(12, 8, 16, 16)
        self.column.setSpacing(6)
        self.heading = heading(wording.title, content, factor=1.3)
        self.prompt = PromptLabel(wording.prompt, content)
        self.column.addWidget(self.heading)
        self.column.addWidget(self.prompt)
        self.content = content
        self._filling = False
        self.facts: PersonFacts | None = None
        self._carried_marks: dict[str, QWidget] = {}
        self.build()
        self.column.addStretch(1)
        self.setWidget(content)

    # -- for subclasses ---------------------------------------------------------------------------
    def build(self) -> None:
        """Add the section's fields to `self.column`."""

    def fill(self, draft: PlanDraft) -> None:
        """Show the draft's part of the plan."""

    def apply(self, draft: PlanDraft) -> PlanDraft:
        """The draft with this section's fields as typed."""
        return draft

    def first_field(self) -> QWidget | None:
        return None

    def entered(self) -> None:
        """The nurse moved to this section: refresh anything that depends on other sections."""

    # -- shared ---------------------------------------------------------------------------------
    def show_draft(self, draft: PlanDraft, facts: PersonFacts) -> None:
        self.facts = facts
        with self.filling():
            self.fill(draft)
        carried = facts.carried_text if facts is not None else frozenset()
        for path, mark in self._carried_marks.items():
            mark.setVisible(path in carried)

    def clear(self) -> None:
        """Forget the person (lock, or another person opened): an empty draft shows nothing."""
        self.facts = None
        with self.filling():
            self.fill(PlanDraft(version_uuid="", patient_uuid=""))
        for mark in self._carried_marks.values():
            mark.hide()

    @contextlib.contextmanager
    def filling(self) -> Iterator[None]:
        self._filling = True
        try:
            yield
        finally:
            self._filling = False

    def _edited(self, *_args) -> None:
        if not self._filling:
            self.changed.emit()

    def text_area(self, label: str, *, lines: int = 3, placeholder: str = "", accessible: str = "",
                  path: str = "") -> TextArea:
        """A labelled box for the person's words, added to the page. `path` (the draft field)
        marks it "carried forward" when its text came unchanged from the last agreed plan."""
        area = TextArea(accessible or label.replace("&", ""), self.content, lines=lines, placeholder=placeholder)
        row = QHBoxLayout()
        row.addWidget(caption(label, area, self.content), 1)
        if path:
            row.addWidget(self.carried_mark(path), 0, Qt.AlignmentFlag.AlignTop)
        self.column.addLayout(row)
        self.column.addWidget(area)
        area.edited.connect(self._edited)
        return area

    def carried_mark(self, path: str) -> QWidget:
        """A 'carried forward' mark for one field, shown when `facts.carried_text` names it."""
        mark = carried_badge(self.content, tip="Copied unchanged from the last agreed plan: check it still holds.")
        mark.hide()
        self._carried_marks[path] = mark
        return mark

    def add_list(self, editor) -> None:
        self.column.addWidget(editor)
        editor.changed.connect(self._edited)
