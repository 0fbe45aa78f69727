"""One person's overview beside the register: who they are, whether they are still on the
register (a plain banner at the top when they died, moved away or left it), their care planning status,
conditions (with SNOMED CT ids in small grey text), carers and latest results.

The content is rebuilt for each person and thrown away by `clear()`, so no label keeps a
previous person's details after a lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.register.listing import PersonOverview

if TYPE_CHECKING:
    from careplan_desktop.services.review.plan_review import TimelineEvent

from ..dates import uk_date
from ..widgets import heading, labels_text, muted, muted_colour, scaled_font

PLACEHOLDER = "Choose a person in the register and press Enter (or double-click) to see their overview."


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _keep_together(text: str) -> str:
    """Escaped, with non-breaking spaces: '999 000 0026' never splits across lines."""
    return html.escape(text).replace(" ", "&nbsp;")


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def _plain(text: str, parent: QWidget) -> QLabel:
    """A label for data: shown as typed, even if it holds '<' (never read as HTML)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return _selectable(label)


def _rich(markup: str, parent: QWidget) -> QLabel:
    """A label for markup built here; every piece of data in it must be escaped."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(markup)
    return _selectable(label)


class PersonOverviewPanel(QScrollArea):
    edit_requested = Signal(str)  # the uuid of the person shown: open their details to edit
    enter_results = Signal(str)  # the person's uuid: open results entry for them
    reprint_letter = Signal(str)  # the person's uuid: reprint their last results letter
    plan_requested = Signal(str)  # the person's uuid: their care plan, versions and printout
    consultation_requested = Signal(str)  # the person's uuid: open the consultation workspace
    review_requested = Signal(str)  # the person's uuid: review their agreed plan (Reviews area)
    register_status_requested = Signal(str)  # the person's uuid: record died / moved away / left the register
    restore_requested = Signal(str)  # the person's uuid: put them back on the register (a mistake undone)
    level_change_requested = Signal(str)  # the person's uuid: change their level of need
    re_entry_requested = Signal(str)  # the person's uuid: back from self-care into active review

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("person_overview")
        self.setAccessibleName("Person overview")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # everything wraps
        self.person: PersonOverview | None = None
        self._forms: list[QFormLayout] = []
        self.review_requested.connect(self._open_review)
        self.show_message(PLACEHOLDER)

    # -- states --------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the person shown (on lock, or when they leave the register)."""
        self.show_message(PLACEHOLDER)

    def show_message(self, message: str) -> None:
        self.person = None
        self._forms: list[QFormLayout] = []
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

    def show_person(self, person: PersonOverview, timeline: Sequence[TimelineEvent] | None = None) -> None:
        """The overview; `timeline` (the plan's history) is read with it, off the GUI thread."""
        self.person = person
        self._forms = []
        content = QWidget(self)
        content.setObjectName("overview_content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 8, 12, 12)
        layout.setSpacing(6)
        self._header(layout, person)
        self._actions(layout, person)
        self._section(layout, "Care planning", self._care_rows(person))
        if timeline is not None:
            self._timeline(layout, timeline)
        self._section(layout, "Contact", self._contact_rows(person))
        self._conditions(layout, person)
        self._carers(layout, person)
        self._results(layout, person)
        layout.addStretch(1)
        self.setWidget(content)
        self.verticalScrollBar().setValue(0)

    def _new_form(self) -> QFormLayout:
        form = QFormLayout()
        self._forms.append(form)
        self._set_wrapping(form)
        return form

    def _set_wrapping(self, form: QFormLayout) -> None:
        """Captions beside their values when there is room, above them when the panel is narrow
        (large fonts, small screens), so a long word is never cut off."""
        narrow = self.viewport().width() < self.fontMetrics().averageCharWidth() * 48
        form.setRowWrapPolicy(
            QFormLayout.RowWrapPolicy.WrapAllRows if narrow else QFormLayout.RowWrapPolicy.WrapLongRows
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        for form in self._forms:
            self._set_wrapping(form)

    def shown_text(self) -> str:
        """Everything the panel shows, one label a line (for tests and screen readers)."""
        return labels_text(self.widget())

    # -- building blocks -------------------------------------------------------------------
    def _header(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        name = f"{person.title} {person.given_name} {person.family_name.upper()}".strip()
        title = _selectable(heading("", self, factor=1.5))
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(name)
        title.setAccessibleName(name)
        title.setObjectName("overview_name")
        edit = QPushButton("Edit…", self)
        edit.setObjectName("overview_edit")
        edit.setToolTip("Edit this person's details, conditions and carers")
        edit.setAccessibleName(f"Edit {name}'s details")
        edit.clicked.connect(lambda: self.edit_requested.emit(person.uuid))
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        if not person.on_register:
            self._status_banner(layout, person)
        if person.preferred_name and person.preferred_name != person.given_name:
            known_as = muted("", self)
            known_as.setTextFormat(Qt.TextFormat.PlainText)
            known_as.setText(f"Known as {person.preferred_name}")
            layout.addWidget(known_as)
        facts = (
            f"NHS number <b>{_keep_together(person.nhs_number_formatted)}</b><br>"
            f"Born&nbsp;{uk_date(person.date_of_birth)}&nbsp;({person.age}) &nbsp;·&nbsp; "
            f"{html.escape(_sentence(person.sex))}"
        )
        line = _rich(facts, self)
        line.setObjectName("overview_identity")
        layout.addWidget(line)

    def _status_banner(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        """"Died 3 November 2026" (or moved away, left the register), big and framed, at the top."""
        banner = QFrame(self)
        banner.setObjectName("overview_register_status")
        banner.setFrameShape(QFrame.Shape.Box)
        banner.setLineWidth(2)
        inner = QVBoxLayout(banner)
        inner.setContentsMargins(10, 6, 10, 6)
        status = _plain(person.register_status_text, banner)
        status.setObjectName("overview_register_status_text")
        status.setFont(scaled_font(status.font(), 1.3, bold=True))
        status.setAccessibleName(f"Register status: {person.register_status_text}")
        inner.addWidget(status)
        note = muted("Not on the register: left out of recall, reviews due, letters and the register's count. "
                     "Their record and plans stay readable.", banner, factor=1.0, wrap=True)
        inner.addWidget(note)
        layout.addWidget(banner)

    def _actions(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        """The buttons for the person, in as many columns as fit (one a line in a large font)."""
        buttons: list[QPushButton] = []
        status_action = (("Register &status…", "overview_register_status_button", self.register_status_requested)
                         if person.on_register else
                         ("Res&tore to the register…", "overview_restore", self.restore_requested))
        for text, name, signal in (("Start &consultation", "overview_consultation", self.consultation_requested),
                                   ("Enter &results…", "overview_enter_results", self.enter_results),
                                   ("Re&print results letter…", "overview_reprint_letter", self.reprint_letter),
                                   ("Care p&lan…", "overview_care_plan", self.plan_requested),
                                   ("Revie&w plan…", "overview_review", self.review_requested),
                                   ("Change level of &need…", "overview_change_level", self.level_change_requested),
                                   *((("Bac&k into active review…", "overview_re_enter", self.re_entry_requested),)
                                     if person.care_status == "self care" else ()),
                                   status_action):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, s=signal, uuid=person.uuid: s.emit(uuid))
            buttons.append(button)
        grid = QGridLayout()
        widest = max(button.sizeHint().width() for button in buttons) + grid.horizontalSpacing() + 2
        columns = max(1, min(len(buttons), (self.viewport().width() - 32) // max(widest, 1)))
        for index, button in enumerate(buttons):
            grid.addWidget(button, index // columns, index % columns)
        grid.setColumnStretch(columns, 1)
        layout.addLayout(grid)

    def _care_rows(self, person: PersonOverview) -> list[tuple[str, str]]:
        needs = ", ".join(person.communication_needs) or "None recorded"
        return [
            ("Level of need", f"{person.level} – {_sentence(person.level_name)}"),
            ("Care plan", _sentence(person.plan_status)),
            ("Plan last changed by", person.plan_last_changed or "Nobody yet"),
            ("Offer", _sentence(person.offer_status)),
            ("Review status", _sentence(person.care_status)),
            ("Next review", self._next_review(person)),
            ("Lead professional", person.lead_professional or "None named"),
            ("Communication", needs),
            ("Housebound", _yes_no(person.housebound)),
        ]

    def _next_review(self, person: PersonOverview) -> str:
        """The date, and how many weeks overdue it is once it has passed."""
        if person.next_review_date is None:
            return "Not set"
        context = self._app_context()
        today = context.today() if context is not None else None
        text = uk_date(person.next_review_date)
        if today is not None and person.next_review_date < today:
            weeks = (today - person.next_review_date).days // 7
            text += f" – overdue ({weeks} week{'s' if weeks != 1 else ''})" if weeks else " – overdue"
        return text

    def _app_context(self):
        widget = self.parentWidget()
        while widget is not None and getattr(widget, "context", None) is None:
            widget = widget.parentWidget()
        return None if widget is None else widget.context

    def _open_review(self, uuid: str) -> None:
        """"Review plan…": the Reviews area opens the review of this person's agreed plan."""
        window = self.window()
        if any(getattr(area, "key", "") == "reviews" for area in getattr(window, "areas", ())):
            window.show_area("reviews").open_person(uuid)

    def _timeline(self, layout: QVBoxLayout, events: Sequence[TimelineEvent]) -> None:
        """The plan's history: agreed, reviewed, modified, exited, re-entered."""
        self._section_title(layout, "Plan history")
        if not events:
            layout.addWidget(muted("No plan agreed yet", self, factor=1.0))
        for event in events:
            line = _plain(f"{uk_date(event.date)}  ·  {event.text}", self)
            line.setObjectName(f"timeline_{event.kind}")
            layout.addWidget(line)

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
        form = self._new_form()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        for name, value in rows:
            caption = muted(name, self, factor=1.0)
            form.addRow(caption, _plain(value, self))
        layout.addLayout(form)

    def _conditions(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        self._section_title(layout, "Conditions")
        if not person.conditions:
            layout.addWidget(muted("None recorded", self, factor=1.0))
        for condition in person.conditions:
            name = _plain(condition.display, self)
            name.setObjectName("condition_name")
            detail = f"SNOMED CT {condition.snomed_id}" if condition.snomed_id else "in words, no SNOMED CT code"
            if condition.diagnosed_on:
                detail += f" · diagnosed {uk_date(condition.diagnosed_on)}"
            name.setToolTip(detail)
            layout.addWidget(name)
            small = _selectable(muted("", self, factor=0.85))
            small.setTextFormat(Qt.TextFormat.PlainText)
            small.setText(detail)
            small.setContentsMargins(12, 0, 0, 2)
            layout.addWidget(small)

    def _carers(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        self._section_title(layout, "Carers")
        if not person.carers:
            layout.addWidget(muted("None recorded", self, factor=1.0))
        for carer in person.carers:
            who = carer.name + (f" ({carer.relationship})" if carer.relationship else "")
            layout.addWidget(_plain(who, self))
            notes = [carer.phone] if carer.phone else []
            notes.append("involved in planning" if carer.involved_in_planning else "not involved in planning")
            notes.append("gets a copy of the plan" if carer.receives_copy else "no copy of the plan")
            small = _selectable(muted("", self, factor=0.9))
            small.setTextFormat(Qt.TextFormat.PlainText)
            small.setText(" · ".join(notes))
            small.setContentsMargins(12, 0, 0, 2)
            layout.addWidget(small)

    def _results(self, layout: QVBoxLayout, person: PersonOverview) -> None:
        self._section_title(layout, "Latest results")
        if not person.latest_results:
            layout.addWidget(muted("None recorded", self, factor=1.0))
            return
        form = self._new_form()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        grey = muted_colour(self.palette()).name()
        for result in person.latest_results:
            value = f"{result.value_text} {result.unit}".strip()
            markup = (
                f"<b>{html.escape(value)}</b> &nbsp;"
                f"<span style='color:{grey}'>{uk_date(result.taken_on)}</span>"
            )
            name = _plain(result.name, self)
            name.setWordWrap(False)  # a wrapped label in the label column is squeezed to a word a line
            form.addRow(name, _rich(markup, self))
        layout.addLayout(form)
