"""Agreeing a plan, superseding the last one, comparing versions and recording copies given."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from careplan_desktop.domain.dates import add_months, local_date
from careplan_desktop.models import AuditEvent, Carer, Patient, PlanVersion, PrintLog
from careplan_desktop.services.planning.agreement import (
    Difference, agree_plan, compare_versions, copies_given, load_version, record_copy_given, versions_of,
)
from careplan_desktop.services.planning.versions import (
    AboutMe, ActionItem, ContactItem, Contingency, GoalItem, ParticipantItem, PlanRuleError, SelfCareItem,
    SharingConsents, SupportItem, save_draft, start_draft,
)

COMPLETE = dict(
    purpose="Annual review of my diabetes as a planning conversation.",
    about_me=AboutMe(information_beforehand="Results letter sent a week before."),
    goals=(GoalItem("To walk to my allotment without stopping."),),
    self_care=(SelfCareItem("Walk for 20 minutes after lunch."),),
    support=(SupportItem("Walking for Health"),),
    contingency=Contingency(warning_signs="Shaky and sweaty", contacts=(ContactItem("Surgery", "01632 960 000"),)),
    actions=(ActionItem("Send a DESMOND referral form", "Nora"),),
    participants=(ParticipantItem("Ann Shaw", "the person"), ParticipantItem("Nora Hughes", "practice nurse")),
    review_date=dt.date(2027, 3, 1), review_method="face to face",
)


def add_person(vault, nhs_number: str = "9990000506", given: str = "Ann", level: int = 2, carer: bool = False) -> str:
    with vault.transaction() as session:
        patient = Patient(nhs_number=nhs_number, given_name=given, family_name="Shaw", level_of_need=level,
                          date_of_birth=dt.date(1960, 5, 1), birth_month=5)
        if carer:
            patient.carers.append(Carer(name="Tom Shaw", relationship_to_person="husband"))
        session.add(patient)
        session.flush()
        return patient.uuid


def draft_with(vault, patient_uuid: str, **sections):
    draft = start_draft(vault, patient_uuid)
    return save_draft(vault, dataclasses.replace(draft, **sections)).draft


def state(vault, version_uuid: str):
    with vault.reader() as session:
        version = session.scalar(select(PlanVersion).where(PlanVersion.uuid == version_uuid))
        patient = session.get(Patient, version.patient_id)
        events = session.scalar(select(func.count()).select_from(AuditEvent))
        return (version.status, version.agreed_at, version.revision, version.missing_at_agreement,
                patient.next_review_date, events)


def test_agreeing_with_elements_missing_asks_first_and_changes_nothing(vault):
    ann = add_person(vault)
    draft = draft_with(vault, ann, purpose="Annual review.", goals=(GoalItem("To sleep through the night."),))
    before = state(vault, draft.version_uuid)
    outcome = agree_plan(vault, draft.version_uuid, agreed_by_person="Ann Shaw", agreed_by_clinician="Nora Hughes",
                         involved=["Ann Shaw", "Nora Hughes"], copies_to=["person"], confirm_missing=False)
    assert not outcome.agreed and outcome.needs_confirmation
    # involved names count for "who was involved", so six are missing, not seven
    assert [m.code for m in outcome.missing] == ["information_beforehand", "self_care", "support", "contingency",
                                                 "actions", "review"]
    assert state(vault, draft.version_uuid) == before
    assert load_version(vault, draft.version_uuid).participants == ()


def test_agreeing_with_confirmation_records_what_was_missing(vault):
    ann = add_person(vault, level=2)
    draft = draft_with(vault, ann, purpose="Annual review.", goals=(GoalItem("To sleep through the night."),))
    outcome = agree_plan(vault, draft.version_uuid, agreed_by_person="Ann Shaw", agreed_by_clinician="Nora Hughes",
                         involved=["Ann Shaw", "nora  hughes", "Nora Hughes"], copies_to=["person"],
                         confirm_missing=True)
    assert outcome.agreed
    status, agreed_at, _, missing, next_review, _ = state(vault, draft.version_uuid)
    assert status == "agreed" and agreed_at == outcome.agreed_at
    assert missing == ["information_beforehand", "self_care", "support", "contingency", "actions", "review"]
    # no review date in the plan: level 2 means 6 months from the (local) day it was agreed, moved on
    # to a working day when that is a weekend or bank holiday (at most a few days: Christmas and a weekend)
    assert next_review == outcome.next_review_date
    six_months = add_months(local_date(agreed_at), 6)
    assert six_months <= next_review <= six_months + dt.timedelta(days=5) and next_review.weekday() < 5
    agreed = load_version(vault, draft.version_uuid)
    assert [p.name for p in agreed.participants] == ["Ann Shaw", "nora hughes"]
    assert agreed.agreement.agreed_by_person == "Ann Shaw"
    assert agreed.agreement.agreed_by_clinician == "Nora Hughes"
    with vault.reader() as session:
        details = session.scalar(select(AuditEvent.details).where(AuditEvent.action == "agreed"))
    assert details["missing"] == missing and details["copies_to"] == ["person"]


def test_agreeing_v2_supersedes_v1_and_sets_the_next_review_from_the_plan(vault):
    ann = add_person(vault)
    v1 = draft_with(vault, ann, **COMPLETE)
    first = agree_plan(vault, v1.version_uuid, agreed_by_person="Ann Shaw", agreed_by_clinician="Nora Hughes",
                       copies_to=["person"], confirm_missing=False)
    assert first.agreed and first.missing == () and first.superseded_uuid is None
    v2 = draft_with(vault, ann, review_date=dt.date(2027, 9, 1), about_me=COMPLETE["about_me"])
    assert v2.number == 2 and v2.parent_uuid == v1.version_uuid
    second = agree_plan(vault, v2.version_uuid, agreed_by_person="Ann Shaw", agreed_by_clinician="Nora Hughes",
                        copies_to=["person"], confirm_missing=False)
    assert second.agreed and second.superseded_uuid == v1.version_uuid
    assert [(v.number, v.status) for v in versions_of(vault, ann)] == [(1, "superseded"), (2, "agreed")]
    assert state(vault, v2.version_uuid)[4] == dt.date(2027, 9, 1)
    with pytest.raises(PlanRuleError, match="already been agreed"):
        agree_plan(vault, v2.version_uuid, agreed_by_person="Ann", agreed_by_clinician="Nora", confirm_missing=True)


def test_a_copy_for_the_carer_needs_the_persons_consent(vault):
    ann = add_person(vault, carer=True)
    draft = draft_with(vault, ann, **COMPLETE)
    before = state(vault, draft.version_uuid)
    outcome = agree_plan(vault, draft.version_uuid, agreed_by_person="Ann Shaw", agreed_by_clinician="Nora",
                         copies_to=["person", "carer"], confirm_missing=True)
    assert not outcome.agreed and outcome.needs_consent == ("carer",)
    assert state(vault, draft.version_uuid) == before
    save_draft(vault, dataclasses.replace(draft, sharing=SharingConsents(carer=True)))
    assert agree_plan(vault, draft.version_uuid, agreed_by_person="Ann Shaw", agreed_by_clinician="Nora",
                      copies_to=["person", "carer"], confirm_missing=True).agreed


def test_who_agreed_must_be_recorded(vault):
    ann = add_person(vault)
    draft = draft_with(vault, ann, **COMPLETE)
    with pytest.raises(PlanRuleError, match="who agreed"):
        agree_plan(vault, draft.version_uuid, agreed_by_person=" ", agreed_by_clinician="Nora", confirm_missing=True)


def test_compare_versions_shows_an_added_goal_and_a_changed_purpose(vault):
    ann = add_person(vault)
    v1 = draft_with(vault, ann, **COMPLETE)
    agree_plan(vault, v1.version_uuid, agreed_by_person="Ann", agreed_by_clinician="Nora", confirm_missing=True)
    v2 = start_draft(vault, ann)
    v2 = dataclasses.replace(
        v2, purpose="Planning ahead for my knee operation.",
        goals=(*v2.goals, GoalItem("To be back at the allotment by the summer.")),
        review_date=COMPLETE["review_date"], about_me=COMPLETE["about_me"],
    )
    save_draft(vault, v2)
    assert compare_versions(vault, v1.version_uuid, v2.version_uuid) == [
        Difference("purpose", "changed", "Annual review of my diabetes as a planning conversation.",
                   "Planning ahead for my knee operation."),
        Difference("goals", "added", "", "To be back at the allotment by the summer."),
    ]


def test_compare_matches_by_text_then_by_place(vault):
    ann = add_person(vault)
    v1 = draft_with(vault, ann, goals=(GoalItem("Walk the dog"), GoalItem("Sleep better"), GoalItem("Learn to swim")),
                    actions=(ActionItem("Ring the carers centre", "Ann"),))
    agree_plan(vault, v1.version_uuid, agreed_by_person="Ann", agreed_by_clinician="Nora", confirm_missing=True)
    v2 = start_draft(vault, ann)
    first, second, third = v2.goals
    v2 = dataclasses.replace(
        v2, goals=(first, dataclasses.replace(second, text="Sleep through the night")),  # reworded; third dropped
        actions=(dataclasses.replace(v2.actions[0], who="Tom"),))
    save_draft(vault, v2)
    changes = compare_versions(vault, v1.version_uuid, v2.version_uuid)
    assert [(d.section, d.kind, d.before, d.after) for d in changes] == [
        ("goals", "changed", "Sleep better", "Sleep through the night"),
        ("goals", "removed", "Learn to swim", ""),
        ("actions", "changed", "Ring the carers centre; who: Ann; not started",
         "Ring the carers centre; who: Tom; not started"),
    ]
    assert changes[0].title == "Goals"


def test_versions_of_different_people_cannot_be_compared(vault):
    ann = add_person(vault)
    bob = add_person(vault, "9990000514", "Bob")
    with pytest.raises(PlanRuleError, match="different people"):
        compare_versions(vault, start_draft(vault, ann).version_uuid, start_draft(vault, bob).version_uuid)


def test_copies_given_to_the_person_and_the_carer(vault):
    ann = add_person(vault, carer=True)
    draft = draft_with(vault, ann, **COMPLETE, sharing=SharingConsents(carer=True))
    agree_plan(vault, draft.version_uuid, agreed_by_person="Ann", agreed_by_clinician="Nora", confirm_missing=True)
    status = copies_given(vault, draft.version_uuid)
    assert (status.person, status.carer, status.lines) == (False, False, ())
    record_copy_given(vault, draft.version_uuid, "person", large_print=True)
    assert (copies_given(vault, draft.version_uuid).person, copies_given(vault, draft.version_uuid).carer) == (True, False)
    given = record_copy_given(vault, draft.version_uuid, "carer")
    assert given.carer_name == "Tom Shaw" and given.given_by == "Nora Nurse"
    status = copies_given(vault, draft.version_uuid)
    assert (status.person, status.carer) == (True, True)
    assert [(c.given_to, c.large_print, c.carer_name) for c in status.lines] == [
        ("person", True, ""), ("carer", False, "Tom Shaw")]


def test_a_carers_copy_without_consent_is_refused(vault):
    ann = add_person(vault, carer=True)
    draft = draft_with(vault, ann, **COMPLETE)
    with pytest.raises(PlanRuleError, match="not consented"):
        record_copy_given(vault, draft.version_uuid, "carer")
    with vault.reader() as session:
        assert session.scalar(select(func.count()).select_from(PrintLog)) == 0
