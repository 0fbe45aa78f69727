"""What the workspace's header and start page say about the person and the version open:
display only, no behaviour (that is screen.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from careplan_desktop.services.planning.versions import PlanDraft, default_review_date
from careplan_desktop.services.practice.values import PracticeSettings

from ..dates import local_date, uk_date
from .layout import ConsultationLayout
from .opening import Opening
from .section_page import PersonFacts


def carried_count(draft: PlanDraft) -> int:
    """Parts of the plan copied from the last agreed version (lists, contingency, budget)."""
    lists = (draft.goals, draft.self_care, draft.support, draft.information, draft.unmet_needs, draft.actions,
             draft.contingency.contacts,
             draft.risks, draft.medicines, draft.equipment, draft.participants,
             draft.budget.lines if draft.budget else ())
    count = sum(1 for items in lists for item in items if item.carried_forward)
    count += int(draft.contingency.carried_forward and not draft.contingency.is_blank)
    return count + int(bool(draft.budget and draft.budget.carried_forward))


def person_facts(opening: Opening, today: dt.date, practice: PracticeSettings) -> PersonFacts:
    """What the sections need to know about the person."""
    person = opening.person
    return PersonFacts(
        patient_uuid=person.uuid, name=person.preferred_name or person.given_name, level=person.level,
        conditions=opening.conditions, carers=tuple((c.name, c.relationship) for c in person.carers),
        lead_professional=person.lead_professional, today=today,
        suggested_review=default_review_date(person.level, today, practice),
        review_months=practice.interval_for_level(person.level),
    )


def show_identity(ui: ConsultationLayout, opening: Opening) -> None:
    person = opening.person
    ui.name.setText(f"{person.given_name} {person.family_name.upper()}")
    ui.name.setAccessibleName(f"Consultation with {person.given_name} {person.family_name}")
    parts = [f"NHS number {person.nhs_number_formatted}", f"born {uk_date(person.date_of_birth)} ({person.age})",
             f"level {person.level}: {person.level_name}"]
    if person.lead_professional:
        parts.append(f"lead: {person.lead_professional}")
    ui.identity.setText(" · ".join(parts))


def show_start(ui: ConsultationLayout, opening: Opening) -> None:
    """A person without a draft: start from their own last agreed plan, or blank."""
    person, start = opening.person, ui.start
    name = person.preferred_name or person.given_name
    start.title.setText(f"{person.given_name} {person.family_name.upper()}")
    start.problem.clear_problem()
    agreed = opening.last_agreed
    start.from_agreed.setVisible(agreed is not None)
    start.blank.show()
    if agreed is not None:
        when = uk_date(local_date(agreed.agreed_at)) if agreed.agreed_at else ""
        start.from_agreed.setText(f"Start from {name}'s last &agreed plan (version {agreed.number}"
                                  + (f", agreed {when})" if when else ")"))
        start.blank.setText("Start a &blank plan")
        start.message.setText(
            f"There is no draft in progress for {name}. Starting from the last agreed plan copies "
            f"{name}'s own goals, actions and other lasting parts into a new version, each marked "
            f"\u201ccarried forward\u201d to check together. Or start with a blank plan.")
    else:
        start.blank.setText("Start a &new plan")
        start.message.setText(f"{name} has no care plan yet. Start a new one together.")
    ui.states.setCurrentWidget(start)
    (start.from_agreed if agreed is not None else start.blank).setFocus(Qt.FocusReason.OtherFocusReason)


def show_start_message(ui: ConsultationLayout, title: str, message: str) -> None:
    start = ui.start
    start.title.setText(title)
    start.message.setText("")
    start.from_agreed.hide()
    start.blank.hide()
    start.problem.show_problem(message)
    ui.states.setCurrentWidget(start)


def show_version(ui: ConsultationLayout, draft: PlanDraft, opening: Opening | None, facts: PersonFacts | None) -> None:
    """Which version this is, and the banner when parts were carried forward."""
    text = f"Draft version {draft.number}" + (f", started {uk_date(draft.started_on)}" if draft.started_on else "")
    agreed = opening.last_agreed if opening else None
    if draft.parent_uuid and agreed is not None and agreed.uuid == draft.parent_uuid:
        text += f"; follows version {agreed.number}"
    ui.version.setText(text)
    carried = carried_count(draft) + (len(facts.carried_text) if facts else 0)
    name = facts.name if facts else "the person"
    ui.carried.setText(
        f"Started from the last agreed plan: {carried} part{'s' if carried != 1 else ''} carried forward "
        f"{'are' if carried != 1 else 'is'} marked \u201ccarried forward\u201d. Check each with {name}: "
        "keep it, change it, or remove it.")
    ui.carried.setVisible(carried > 0)
