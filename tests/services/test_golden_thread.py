"""The golden thread kept by the services: a goal with nothing serving it is named (and one that
is served is not); links follow the goals into a new version (a goal left behind is no longer
served); an importance outside 1-10 is refused plainly; the FHIR document gives each goal its
priority from the person's ranking and each activity the goals it serves, and stays valid R4.

Demo made on Tuesday 10 March 2026; Lorna's version 1 has goals [home, bingo]."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pytest
from sqlalchemy import select

from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.agreement import agree_plan
from careplan_desktop.services.planning.draft import GoalItem, PlanDraft, SelfCareItem, SupportItem
from careplan_desktop.services.planning.quality import check_draft
from careplan_desktop.services.planning.versions import PlanRuleError, load_version, save_draft, start_draft
from careplan_desktop.services.practice.values import PracticeSettings
from careplan_desktop.store import Vault

from .test_reviews import TODAY, demo  # noqa: F401 (the fixture: a demo made on Tuesday 10 March 2026)


def test_a_goal_nothing_serves_is_named_and_a_served_one_is_not():
    draft = PlanDraft(
        version_uuid="v", patient_uuid="p", number=1, status="draft", revision=1, parent_uuid=None, started_on=TODAY,
        goals=(GoalItem("Bingo on Thursdays", uuid="g-1"), GoalItem("Stay at home", uuid="g-2"),
               GoalItem("Swim again", uuid="g-3", status="no longer wanted")),
        self_care=(SelfCareItem("Bingo money in my purse", goal_uuids=("g-1",)),),
        support=(SupportItem("Befriending", status="refused", goal_uuids=("g-2",)),),  # refused: serves nothing
    )
    report = check_draft(draft, level_of_need=1)
    assert [(w.code, w.subject, w.item_uuid) for w in report.unserved_goals] == [
        ("goal_not_served", "Stay at home", "g-2")]
    assert report.unserved_goals[0].message.startswith("How will this goal be met?")


def _lorna(vault: Vault) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))


def _linked_version_2(demo: Vault) -> PlanDraft:
    """Version 2: bingo first (9 out of 10), home achieved; what she does, her befriending and
    an action linked to bingo, her knee exercises to home; agreed."""
    draft = start_draft(demo, _lorna(demo), today=TODAY)
    home, bingo = draft.goals
    bingo = dataclasses.replace(bingo, importance=9, need="Getting out of the house")
    home = dataclasses.replace(home, status="achieved")
    knees = next(s for s in draft.self_care if s.text.startswith("Do my knee"))
    changed = dataclasses.replace(
        draft, goals=(bingo, home),
        self_care=tuple(dataclasses.replace(s, goal_uuids=(home.uuid,)) if s is knees else s for s in draft.self_care)
        + (SelfCareItem("Bingo money in my purse", goal_uuids=(bingo.uuid,)),),
        support=tuple(dataclasses.replace(s, goal_uuids=(bingo.uuid,)) for s in draft.support),
        actions=tuple(dataclasses.replace(a, goal_uuids=(bingo.uuid, home.uuid)) if "lifts" in a.what else a
                      for a in draft.actions))
    save_draft(demo, changed, today=TODAY)
    assert agree_plan(demo, draft.version_uuid, agreed_by_person="Lorna Baxter", agreed_by_clinician="Andrea Clarke",
                      confirm_missing=True, practice=PracticeSettings()).agreed
    return load_version(demo, draft.version_uuid)


def test_links_follow_the_goals_into_the_next_version(demo):
    v2 = _linked_version_2(demo)
    bingo = v2.goals[0]
    assert (bingo.importance, bingo.need) == (9, "Getting out of the house")
    v3 = start_draft(demo, _lorna(demo), today=TODAY)
    [carried] = v3.goals  # the achieved goal stays behind
    assert carried.text == bingo.text and carried.uuid != bingo.uuid and carried.importance == 9
    assert [s.text for s in v3.self_care if s.goal_uuids == (carried.uuid,)] == ["Bingo money in my purse"]
    assert [s.goal_uuids for s in v3.self_care if s.text.startswith("Do my knee")] == [()]  # its goal was achieved
    assert [a.goal_uuids for a in v3.actions if "lifts" in a.what] == [(carried.uuid,)]
    assert all(s.goal_uuids == (carried.uuid,) for s in v3.support)
    # a goal taken out of the plan: nothing is saved as serving it any more
    saved = save_draft(demo, dataclasses.replace(v3, goals=()), today=TODAY).draft
    assert all(not item.goal_uuids for item in (*saved.self_care, *saved.support, *saved.actions))
    assert load_version(demo, v3.version_uuid).self_care == saved.self_care
    with pytest.raises(PlanRuleError, match="from 1 .* to 10"):
        save_draft(demo, dataclasses.replace(v3, goals=(dataclasses.replace(carried, importance=11),)), today=TODAY)


def test_the_fhir_document_carries_the_ranking_and_what_serves_each_goal(demo):
    from careplan_desktop.exchange.fhir import plan_document
    from careplan_desktop.exchange.snapshots import load_snapshots
    from tests.exchange.fhir_checks import check_document, r4_problems

    v2 = _linked_version_2(demo)
    [snapshot] = load_snapshots(demo, [v2.version_uuid], printouts=False)
    document = plan_document(snapshot)
    assert check_document(document) == [] and r4_problems(document) == []
    resources = [e["resource"] for e in document["entry"]]
    goals = {r["id"]: r for r in resources if r["resourceType"] == "Goal"}
    bingo, home = v2.goals
    assert goals[bingo.uuid]["priority"] == {
        "coding": [{"system": "http://terminology.hl7.org/CodeSystem/goal-priority", "code": "high-priority"}],
        "text": "Ranked 1 of 2 by the person; matters 9 out of 10"}
    assert goals[home.uuid]["priority"] == {"text": "Ranked 2 of 2 by the person"}
    assert {"text": "The need it answers, in the person's words: Getting out of the house"} in goals[bingo.uuid]["note"]
    [care_plan] = [r for r in resources if r["resourceType"] == "CarePlan"]
    served = {a["detail"]["description"]: [g["reference"] for g in a["detail"].get("goal", [])]
              for a in care_plan["activity"]}
    assert served["Bingo money in my purse"] == [f"urn:uuid:{bingo.uuid}"]
    assert served["Ask Pat about lifts to bingo"] == [f"urn:uuid:{bingo.uuid}", f"urn:uuid:{home.uuid}"]
    assert served["Check my blood sugar every morning and write it in my book."] == []
