"""Beside the plan, always in view: the person's latest results with their targets, their
conditions and carers; below them, tabs for what they brought back from the results letter
and (when the Document issue's panel is installed) the plan's key elements.

`side_tabs` is the slot for more tabs: `add_tab(widget, title)`.
"""

from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.planning.versions import PlanDraft

from ..dates import uk_date
from ..widgets import labels_text, muted, muted_colour, scaled_font
from .fields import TextArea
from .opening import Opening

LETTER_HINT = "What they wrote or said about the results letter's questions."
LETTER_PLACEHOLDER = ("What's new, good, tough; what matters most; what they want to talk about; "
                      "their questions")


def _plain(text: str, parent: QWidget, *, bold: bool = False, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        label.setFont(scaled_font(label.font(), 1.0, bold=True))
    return label


class PersonFactsView(QScrollArea):
    """Results, conditions and carers; rebuilt for each person, emptied by `clear()`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("person_facts")
        self.setAccessibleName("Results, conditions and carers")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.clear()

    def clear(self) -> None:
        self.setWidget(QWidget(self))

    def _title(self, layout: QVBoxLayout, text: str) -> None:
        label = QLabel(text, self.widget())
        label.setFont(scaled_font(label.font(), 1.1, bold=True))
        label.setContentsMargins(0, 8, 0, 2)
        layout.addWidget(label)

    def show_opening(self, opening: Opening) -> None:
        content = QWidget(self)
        self.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 0, 8, 8)
        layout.setSpacing(3)
        self._title(layout, "Results")
        if not opening.results:
            layout.addWidget(muted("None recorded", content, factor=1.0))
        grey = muted_colour(self.palette()).name()
        for result in opening.results:
            line = QLabel(content)  # one wrapping line: a narrow panel or a large font never clips it
            line.setObjectName("result_line")
            line.setTextFormat(Qt.TextFormat.RichText)
            line.setWordWrap(True)
            line.setText(f"{html.escape(result.name)}&nbsp; <b>{html.escape(result.value)}</b>&nbsp; "
                         f"<span style='color:{grey}'>{uk_date(result.taken_on)}</span>")
            line.setContentsMargins(0, 3, 0, 0)
            layout.addWidget(line)
            if result.target:
                target = muted("", content, factor=0.85)
                target.setTextFormat(Qt.TextFormat.PlainText)
                target.setText(f"Target: {result.target}")
                target.setWordWrap(True)
                layout.addWidget(target)
        self._title(layout, "Conditions")
        if not opening.person.conditions:
            layout.addWidget(muted("None recorded", content, factor=1.0))
        for condition in opening.person.conditions:
            line = _plain(condition.display, content)
            line.setToolTip(f"SNOMED CT {condition.snomed_id}" if condition.snomed_id else "In words, no SNOMED CT code")
            layout.addWidget(line)
        self._title(layout, "Carers")
        if not opening.person.carers:
            layout.addWidget(muted("None recorded", content, factor=1.0))
        for carer in opening.person.carers:
            who = carer.name + (f" ({carer.relationship})" if carer.relationship else "")
            layout.addWidget(_plain(who, content))
            notes = [carer.phone] if carer.phone else []
            notes.append("involved in planning" if carer.involved_in_planning else "not involved in planning")
            notes.append("gets a copy" if carer.receives_copy else "no copy of the plan")
            small = muted("", content, factor=0.85)
            small.setTextFormat(Qt.TextFormat.PlainText)
            small.setText(" · ".join(notes))
            small.setWordWrap(True)
            layout.addWidget(small)
        layout.addStretch(1)

    def shown_text(self) -> str:
        """Everything the panel shows, one label a line (for tests and screen readers)."""
        return labels_text(self.widget())


class LetterTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.setToolTip(LETTER_HINT)
        self.text = TextArea("What the person brought back from the letter", self, lines=3, grow=False,
                             placeholder=LETTER_PLACEHOLDER)
        self.text.setObjectName("brought_from_letter")
        self.text.setAccessibleDescription(LETTER_HINT)
        layout.addWidget(self.text, 1)


class SidePanel(QSplitter):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("consultation_side")
        self.setChildrenCollapsible(False)
        self.facts = PersonFactsView(self)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setObjectName("side_tabs")
        self.side_tabs.setAccessibleName("Beside the plan")
        self.letter = LetterTab(self.side_tabs)
        self.side_tabs.addTab(self.letter, "From the letter")
        self.addWidget(self.facts)
        self.addWidget(self.side_tabs)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)

    def add_tab(self, widget: QWidget, title: str) -> int:
        return self.side_tabs.addTab(widget, title)

    def show_opening(self, opening: Opening, draft: PlanDraft) -> None:
        self.facts.show_opening(opening)
        self.letter.text.set_value(draft.about_me.brought_from_letter)

    def show_letter(self, draft: PlanDraft) -> None:
        self.letter.text.set_value(draft.about_me.brought_from_letter)

    def apply(self, draft: PlanDraft) -> PlanDraft:
        about = dataclasses.replace(draft.about_me, brought_from_letter=self.letter.text.value())
        return dataclasses.replace(draft, about_me=about)

    def clear(self) -> None:
        self.facts.clear()
        self.letter.text.set_value("")
