"""The key elements check and its warnings, decided from what the plan holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from careplan_desktop.models import Patient
from careplan_desktop.domain.paths import bundled_resources_dir
from careplan_desktop.services.planning.quality import (
    KEY_ELEMENTS, check_draft, check_plan, load_quality_wording,
)
from careplan_desktop.services.planning.versions import (
    ActionItem, BudgetLineItem, ContactItem, Contingency, GoalItem, HealthBudget, ParticipantItem, PlanDraft,
    SelfCareItem, SupportItem, save_draft, start_draft,
)


def add_person(vault, nhs_number: str, given: str, level: int = 1) -> str:
    with vault.transaction() as session:
        patient = Patient(nhs_number=nhs_number, given_name=given, family_name="Test",
                          date_of_birth=dt.date(1960, 5, 1), birth_month=5, level_of_need=level)
        session.add(patient)
        session.flush()
        return patient.uuid


def saved_plan(vault, patient_uuid: str, **sections) -> str:
    draft = start_draft(vault, patient_uuid)
    save_draft(vault, dataclasses.replace(draft, **sections))
    return draft.version_uuid


def blank(**sections) -> PlanDraft:
    return dataclasses.replace(PlanDraft(version_uuid="v", patient_uuid="p"), **sections)


def missing(draft: PlanDraft, level: int = 1) -> set[str]:
    return set(check_draft(draft, level_of_need=level).missing_codes)


COMPLETE = dict(
    purpose="Annual diabetes review as a care planning conversation.",
    about_me=dataclasses.replace(PlanDraft("v", "p").about_me, information_beforehand="Results letter sent."),
    goals=(GoalItem("To walk to my allotment without stopping."),),
    self_care=(SelfCareItem("Walk for 20 minutes after lunch."),),
    support=(SupportItem("Walking for Health"),),
    contingency=Contingency(warning_signs="Shaky and sweaty", what_i_do="Drink orange juice"),
    actions=(ActionItem("Send a DESMOND referral form", "Nora"),),
    participants=(ParticipantItem("Nora Hughes", "practice nurse"),),
    review_date=dt.date(2027, 3, 1), review_method="face to face",
)


def test_a_plan_with_purpose_and_goals_only_misses_exactly_the_other_seven(vault):
    person = add_person(vault, "9990000506", "Ann")
    version = saved_plan(vault, person, purpose="Annual review as a care planning conversation.",
                         goals=(GoalItem("To get back to my allotment."),))
    report = check_plan(vault, version)
    assert [e.code for e in report.elements] == list(KEY_ELEMENTS)  # no budget element without a budget
    assert set(report.missing_codes) == {"information_beforehand", "self_care", "support", "contingency",
                                         "actions", "involved", "review"}
    for element in report.elements:
        assert element.title and element.why
        assert bool(element.hint) == (not element.present)
    assert report.warnings == ()


def test_a_complete_plan_has_everything():
    report = check_draft(blank(**COMPLETE))
    assert report.complete and report.missing == ()


@pytest.mark.parametrize("change, element", [
    (dict(actions=(ActionItem("Send a DESMOND referral form", ""),)), "actions"),  # an action needs an owner
    (dict(contingency=Contingency(warning_signs="Shaky and sweaty")), "contingency"),  # signs but nothing to do
    (dict(contingency=Contingency(what_i_do="Drink orange juice")), "contingency"),  # no warning signs
    (dict(review_method=""), "review"),  # a date without how
    (dict(review_date=None), "review"),
    (dict(support=(SupportItem("Walking for Health", status="refused"),)), "support"),
    (dict(goals=(GoalItem("   "),)), "goals"),
    (dict(about_me=PlanDraft("v", "p").about_me), "information_beforehand"),
])
def test_each_element_is_decided_from_what_the_plan_holds(change, element):
    assert missing(blank(**{**COMPLETE, **change})) == {element}


def test_who_to_call_with_a_number_completes_the_contingency_plan():
    contact = ContactItem("Andrea Clarke", "01632 960 777")
    assert missing(blank(**{**COMPLETE, "contingency": Contingency("Shaky and sweaty", contacts=(contact,))})) == set()
    no_number = ContactItem("Andrea Clarke")
    assert missing(blank(**{**COMPLETE, "contingency": Contingency("Shaky", contacts=(no_number,))})) == {"contingency"}


def test_case_management_needs_a_named_lead():
    assert missing(blank(**COMPLETE), level=3) == {"involved"}
    report = check_draft(blank(**COMPLETE), level_of_need=3)
    assert "lead professional" in report.missing[0].hint
    led = (ParticipantItem("Andrea Clarke", "community matron", is_lead=True),)
    assert missing(blank(**{**COMPLETE, "participants": led}), level=3) == set()


def test_budget_spend_and_management_only_when_there_is_a_budget():
    assert "budget" not in [e.code for e in check_draft(blank(**COMPLETE)).elements]
    budget = HealthBudget(2_400_000, "direct payment", (BudgetLineItem("service", "Physiotherapy", 240_000),))
    assert missing(blank(**COMPLETE, budget=budget)) == set()
    assert missing(blank(**COMPLETE, budget=dataclasses.replace(budget, management=""))) == {"budget"}
    assert missing(blank(**COMPLETE, budget=dataclasses.replace(budget, lines=()))) == {"budget"}


@pytest.mark.parametrize("goal", [
    "attend diabetes clinic", "Attend the diabetes  CLINIC", "See the physio", "go to the clinic",
    "Take medication", "referral to podiatry", "To keep seeing the nurse every month",
])
def test_goals_that_read_like_services_are_warned(goal):
    report = check_draft(blank(goals=(GoalItem(goal, uuid="g1"),)))
    assert [(w.code, w.subject, w.item_uuid) for w in report.warnings] == [("reads_like_service", goal, "g1")]
    assert report.warnings[0].message == ("This reads like a service, not an outcome: "
                                          "what will be better for the person?")


@pytest.mark.parametrize("goal", [
    "To go to bingo every Thursday with my neighbour Pat.",
    "Being able to tolerate 12-14 hours per day in my wheelchair without being too tired.",
    "Get out more and play nine holes of golf with my mates by the summer.",
    "Go to my granddaughter's wedding in June.",
])
def test_outcomes_in_the_persons_words_are_not_warned(goal):
    assert check_draft(blank(goals=(GoalItem(goal),))).warnings == ()


def test_a_goal_list_copied_from_another_persons_plan_is_warned(vault):
    ann = add_person(vault, "9990000506", "Ann")
    bob = add_person(vault, "9990000514", "Bob")
    cara = add_person(vault, "9990000522", "Cara")
    saved_plan(vault, ann, goals=(GoalItem("Lose weight"), GoalItem("Improve my HbA1c")))
    bobs = saved_plan(vault, bob, goals=(GoalItem("improve my  hba1c"), GoalItem("LOSE WEIGHT ")))
    caras = saved_plan(vault, cara, goals=(GoalItem("Lose weight"), GoalItem("Walk to church on Sundays")))
    report = check_plan(vault, bobs)
    assert [w.code for w in report.warnings] == ["goals_copied"]
    message = report.warnings[0].message
    assert "another person's plan" in message
    assert "Ann" not in message and "9990000506" not in message and report.warnings[0].subject == ""
    assert check_plan(vault, caras).warnings == ()  # one goal in common is not a copied plan


def test_a_single_shared_goal_is_not_called_a_copied_plan(vault):
    ann = add_person(vault, "9990000506", "Ann")
    bob = add_person(vault, "9990000514", "Bob")
    saved_plan(vault, ann, goals=(GoalItem("Stop smoking."),))
    bobs = saved_plan(vault, bob, goals=(GoalItem("Stop smoking."),))
    assert check_plan(vault, bobs).warnings == ()


def test_the_persons_own_earlier_versions_do_not_count_as_copies(vault):
    from careplan_desktop.services.planning.agreement import agree_plan

    ann = add_person(vault, "9990000506", "Ann")
    goals = (GoalItem("Lose weight"), GoalItem("Improve my HbA1c"))
    first = saved_plan(vault, ann, goals=goals)
    agree_plan(vault, first, agreed_by_person="Ann", agreed_by_clinician="Nora", confirm_missing=True)
    second = start_draft(vault, ann)
    assert [g.text for g in second.goals] == ["Lose weight", "Improve my HbA1c"]
    assert check_plan(vault, second.version_uuid).warnings == ()


def test_the_wording_file_is_plain_and_complete():
    raw = json.loads((bundled_resources_dir() / "wording" / "plan_quality.json").read_text(encoding="utf-8"))
    for code in (*KEY_ELEMENTS, "budget"):
        assert "\n" not in raw["elements"][code]["why"] and len(raw["elements"][code]["why"]) < 160
    wording = load_quality_wording()
    examples = [entry["example"] for entry in raw["service_patterns"]]
    assert all(any(p.search(example) for p in wording.patterns) for example in examples)
