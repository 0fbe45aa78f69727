"""Merging two fixed versions of a plan into a new draft, section by section. Expected values are
worked out by hand from the inputs written here."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, text

from careplan_desktop.models import Patient, PlanVersion
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.agreement import agree_plan
from careplan_desktop.services.planning.versions import (
    GoalItem, HealthBudget, MedicineItem, PlanDraft, PlanRuleError, SelfCareItem, SharingConsents, load_version,
    save_draft, start_draft,
)
from careplan_desktop.services.planning.merge import (
    MERGE_SECTIONS, merge_drafts, same_section, section_lines, start_merged_draft,
)

from .test_planning import TODAY, demo  # noqa: F401  (the fixture: a demo vault made on TODAY)


def _plan(uuid: str, goals: tuple[GoalItem, ...], **sections) -> PlanDraft:
    return PlanDraft(version_uuid=uuid, patient_uuid="p1", status="agreed", goals=goals, **sections)


BINGO = GoalItem("To go to bingo every Thursday with Pat.", uuid="g-a1")
COOK = GoalItem("To cook my own dinner.", uuid="g-a2")
BINGO_AGAIN = GoalItem("to go to bingo every  Thursday with Pat.", uuid="g-b1")  # the same words
WALK = GoalItem("To walk to the corner shop.", uuid="g-b2")
HOME = _plan("a", (BINGO, COOK), purpose="Stay at home.", confidence=6,
             self_care=(SelfCareItem("Knee exercises after breakfast.", goal_uuids=("g-a2",), uuid="s-a1"),),
             medicines=(MedicineItem("Ramipril", "10 mg", "Every morning", uuid="m-a1"),),
             budget=HealthBudget(500_00, "notional"), sharing=SharingConsents(carer=True))
HUB = _plan("b", (BINGO_AGAIN, WALK), purpose="Stay well at home through the winter.",
            self_care=(SelfCareItem("Walk a little further each week.", goal_uuids=("g-b2",), uuid="s-b1"),
                       SelfCareItem("Knee exercises after breakfast.", uuid="s-b2")),
            medicines=(MedicineItem("Ramipril", "5 mg", "Every morning", uuid="m-b1"),),
            sharing=SharingConsents(carer=False, gp_practice=True))


def test_lists_from_both_keep_each_item_once_and_differing_details_twice():
    merged = merge_drafts(HOME, HUB, {"goals": "both", "self_care": "other", "medicines": "both", "purpose": "other"})
    assert [g.text for g in merged.goals] == [BINGO.text, COOK.text, WALK.text]
    # the same medicine with another dose is kept twice, for the nurse to check
    assert [(m.name, m.dose) for m in merged.medicines] == [("Ramipril", "10 mg"), ("Ramipril", "5 mg")]
    assert merged.purpose == "Stay well at home through the winter."
    # new copies, marked carried forward; "what I will do" stays tied to the goal with the same words
    assert all(g.carried_forward and g.uuid not in ("g-a1", "g-a2", "g-b1", "g-b2") for g in merged.goals)
    walk_uuid = merged.goals[2].uuid
    assert [(s.text, s.goal_uuids) for s in merged.self_care] == [
        ("Walk a little further each week.", (walk_uuid,)), ("Knee exercises after breakfast.", ())]
    assert all(m.uuid is None and m.carried_forward for m in merged.medicines)
    # sections not named come from the base, whole; confidence is asked afresh
    assert merged.budget.amount_pence == 500_00 and merged.sharing == SharingConsents(carer=True)
    assert merged.confidence is None and merged.version_uuid == "a"


def test_single_sections_come_whole_from_one_version():
    merged = merge_drafts(HOME, HUB, {"sharing": "other", "budget": "other"})
    assert merged.sharing == SharingConsents(carer=False, gp_practice=True) and merged.budget is None
    with pytest.raises(PlanRuleError, match="Only lists .* Sharing consent"):
        merge_drafts(HOME, HUB, {"sharing": "both"})
    with pytest.raises(PlanRuleError, match="not sections of a plan: mood"):
        merge_drafts(HOME, HUB, {"mood": "base"})


def test_sections_side_by_side():
    assert not same_section(HOME, HUB, "goals") and not same_section(HOME, HUB, "medicines")
    assert same_section(HOME, HUB, "risks") and same_section(HOME, HOME, "goals")
    assert section_lines(HUB, "medicines") == ("Ramipril; 5 mg; Every morning",)
    assert section_lines(HOME, "budget") == ("Amount: £500.00", "Managed as: notional")
    assert section_lines(HUB, "sharing")[:2] == ("Carer: no", "GP practice: yes")
    assert section_lines(HOME, "purpose") == ("Stay at home.",) and section_lines(HOME, "review") == ()
    assert {s.key for s in MERGE_SECTIONS} >= {"about_me", "goals", "actions", "contingency", "medicines", "equipment",
                                               "participants", "sharing", "budget", "review"}


def _rows(vault, version_uuid: str) -> tuple:
    """The stored version row and its goals and medicines, exactly as stored."""
    with vault.engine.connect() as conn:
        version = conn.execute(text("SELECT * FROM plan_version WHERE uuid = :u"), {"u": version_uuid}).one()
        parts = [conn.execute(text(f"SELECT * FROM {t} WHERE plan_version_id = :i ORDER BY id"), {"i": version.id}).all()
                 for t in ("goal", "medication", "sharing_consent")]
    return tuple(version), parts


def test_a_merged_draft_grows_from_the_base_and_leaves_both_versions_as_they_were(demo):  # noqa: F811
    with demo.reader() as session:
        lorna = session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS)).uuid
        first = session.scalar(select(PlanVersion.uuid).where(PlanVersion.status == "agreed",
                                                              PlanVersion.patient_id == Patient.id,
                                                              Patient.nhs_number == LORNA_NHS))
    draft = start_draft(demo, lorna, today=TODAY)
    save_draft(demo, dataclasses.replace(draft, goals=draft.goals + (GoalItem("To walk to the corner shop."),),
                                         purpose="Stay well through the winter."), today=TODAY)
    assert agree_plan(demo, draft.version_uuid, agreed_by_person="Lorna Baxter", agreed_by_clinician="Andrea Clarke",
                      confirm_missing=True).agreed
    second = draft.version_uuid
    before = {uuid: _rows(demo, uuid) for uuid in (first, second)}

    with demo.transaction() as session:
        merged = start_merged_draft(session, second, first, {"goals": "both", "purpose": "other"}, today=TODAY)
    assert (merged.status, merged.parent_uuid, merged.number) == ("draft", second, 3)
    assert merged.purpose == load_version(demo, first).purpose
    assert [g.text for g in merged.goals] == [g.text for g in load_version(demo, second).goals]  # first's are there too
    assert {uuid: _rows(demo, uuid) for uuid in (first, second)} == before  # fixed: not a byte changed

    with demo.transaction() as session, pytest.raises(PlanRuleError, match="version 3.* already being drafted"):
        start_merged_draft(session, second, first, {}, today=TODAY)
    with demo.transaction() as session, pytest.raises(PlanRuleError, match="Only agreed versions"):
        start_merged_draft(session, merged.version_uuid, first, {}, today=TODAY)
