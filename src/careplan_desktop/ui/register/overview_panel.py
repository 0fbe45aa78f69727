"""One person's overview beside the register: who they are, their care planning status,
conditions (with SNOMED CT ids in small grey text), carers and latest results.

The content is rebuilt for each person and thrown away by `clear()`, so no label keeps a
previous person's details after a lock.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.register import PersonOverview

from ..dates import uk_date
from ..widgets import heading, muted, scaled_font

PLACEHOLDER = "Choose a person in the register and press Enter (or double-click) to see their overview."


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class PersonOverviewPanel(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("person_overview")
        self.setAccessibleName("Person overview")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.person: PersonOverview | None = None
        self.show_message(PLACEHOLDER)

    # -- states --------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the person shown (on lock, or when they leave the register)."""
        self.show_message(PLACEHOLDER)

    def show_message(self, message: str) -> None:
        self.person = None
        content = QWidget(self)
        layout = QVBoxLayout(content)
        label = muted(message, content, factor=1.0)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("overview_message")
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addStretch(2)
        self.setWidget(content)  # the previous content is deleted

    def show_person(self, person: PersonOverview) -> None:
        self.person = person
        content = QWidget(self)
        content.setObjectName("overview_content")
        layout = QVBoxLayout(content)
        layout.setSpacing(6)
        self._header(layout, person)
        self._section(layout, "Care planning", self._care_rows(person))
        self._section(layout, "Contact", self._contact_rows(person))
        self._conditions(layout, person)
        self._carers(layout, person)
        self._results(layout, person)
        layout.addStretch(1)
        self.setWidget(content)
        self.verticalScrollBar().setValue(0)

    def shown_text(self) -> str:
        """Everything the panel shows, one label a line (for tests and screen readers)."""
        widget = self.widget()
        if widget is None:
            return ""
        return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.text())

    # -- building blocks -------------------------------------------------------------------
    def _header(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        name = f"{person.title} {person.given_name} {person.family_name.upper()}".strip()
        title = _selectable(heading(name, self, factor=1.5))
        title.setObjectName("overview_name")
        layout.addWidget(title)
        if person.preferred_name and person.preferred_name != person.given_name:
            layout.addWidget(muted(f"Known as {person.preferred_name}", self))
        facts = (
            f"NHS number <b>{person.nhs_number_formatted}</b>"
            f" &nbsp;·&nbsp; Born {uk_date(person.date_of_birth)} ({person.age})"
            f" &nbsp;·&nbsp; {person.sex.capitalize()}"
        )
        line = _selectable(QLabel(facts, self))
        line.setObjectName("overview_identity")
        layout.addWidget(line)

    def _care_rows(self, person: PersonOverview) -> list[tuple[str, str]]:
        needs = ", ".join(person.communication_needs) or "None recorded"
        return [
            ("Level of need", f"{person.level}: {person.level_name}"),
            ("Care plan", person.plan_status),
            ("Offer", person.offer_status.capitalize()),
            ("Review status", person.care_status.capitalize()),
            ("Next review", uk_date(person.next_review_date) or "Not set"),
            ("Lead professional", person.lead_professional or "None named"),
            ("Communication", needs),
            ("Housebound", _yes_no(person.housebound)),
        ]

    def _contact_rows(self, person: PersonOverview) -> list[tuple[str, str]]:
        address = ", ".join(part for part in (person.address, person.postcode) if part)
        return [
            ("Address", address or "Not recorded"),
            ("Phone", person.phone or "Not recorded"),
            ("GP", person.gp_name or "Not recorded"),
        ]

    def _section_title(self, layout: QVBoxLayout, title: str) -> None:
        label = QLabel(title, self)
        label.setFont(scaled_font(label.font(), 1.1, bold=True))
        label.setContentsMargins(0, 10, 0, 2)
        layout.addWidget(label)

    def _section(self, layout: QVBoxLayout, title: str, rows: list[tuple[str, str]]) -> None:
        self._section_title(layout, title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        for name, value in rows:
            caption = muted(name, self, factor=1.0)
            form.addRow(caption, _selectable(QLabel(value, self)))
        layout.addLayout(form)

    def _conditions(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        self._section_title(layout, "Conditions")
        if not person.conditions:
            layout.addWidget(muted("None recorded", self, factor=1.0))
        for condition in person.conditions:
            name = _selectable(QLabel(condition.display, self))
            name.setObjectName("condition_name")
            detail = f"SNOMED CT {condition.snomed_id}"
            if condition.diagnosed_on:
                detail += f" · diagnosed {uk_date(condition.diagnosed_on)}"
            name.setToolTip(detail)
            layout.addWidget(name)
            small = _selectable(muted(detail, self, factor=0.85))
            small.setContentsMargins(12, 0, 0, 2)
            layout.addWidget(small)

    def _carers(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        self._section_title(layout, "Carers")
        if not person.carers:
            layout.addWidget(muted("None recorded", self, factor=1.0))
        for carer in person.carers:
            who = carer.name + (f" ({carer.relationship})" if carer.relationship else "")
            layout.addWidget(_selectable(QLabel(who, self)))
            notes = [carer.phone] if carer.phone else []
            notes.append("involved in planning" if carer.involved_in_planning else "not involved in planning")
            notes.append("gets a copy of the plan" if carer.receives_copy else "no copy of the plan")
            small = _selectable(muted(" · ".join(notes), self, factor=0.9))
            small.setContentsMargins(12, 0, 0, 2)
            layout.addWidget(small)

    def _results(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        self._section_title(layout, "Latest results")
        if not person.latest_results:
            layout.addWidget(muted("None recorded", self, factor=1.0))
            return
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(3)
        for row, result in enumerate(person.latest_results):
            value = f"{result.value_text} {result.unit}".strip()
            grid.addWidget(_selectable(QLabel(result.name, self)), row, 0)
            value_label = QLabel(f"<b>{value}</b>", self)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value_label, row, 1)
            grid.addWidget(muted(uk_date(result.taken_on), self, factor=0.9), row, 2)
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)
