"""The consultation's draft: starting it from the last agreed plan, saving only what changed,
and the planning rules (personal health budget, confidence). Expected values are worked out
by hand from the inputs written here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from careplan_desktop.models import AuditEvent, Goal, Patient, PlanVersion
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JAMES_NHS, LORNA_NHS
from careplan_desktop.services.planning.agreement import agree_plan
from careplan_desktop.services.planning.versions import (
    ActionItem, BudgetLineItem, DraftAgreedError, GoalItem, PlanRuleError, SelfCareItem, current_draft,
    default_review_date, load_version, save_draft, start_draft,
)
from careplan_desktop.services.practice.values import PracticeSettings

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def demo(tmp_path, demo_vaults):
    """Lorna (agreed plan), Jack (draft) and James (agreed plan with a budget of £24,000)."""
    vault = demo_vaults.open(tmp_path / "demo.vault", DEMO_PASSPHRASE, patients=0, today=TODAY)
    yield vault
    vault.lock()


def uuid_of(vault, nhs_number: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == nhs_number))


def add_person(vault, nhs_number: str, given: str, family: str, level: int = 1) -> str:
    with vault.transaction() as session:
        patient = Patient(nhs_number=nhs_number, given_name=given, family_name=family,
                          date_of_birth=dt.date(1960, 5, 1), birth_month=5, level_of_need=level)
        session.add(patient)
        session.flush()
        return patient.uuid


def agreed_plan(vault, patient_uuid: str, **sections) -> str:
    draft = start_draft(vault, patient_uuid, today=TODAY)
    save_draft(vault, dataclasses.replace(draft, **sections))
    outcome = agree_plan(vault, draft.version_uuid, agreed_by_person="The person", agreed_by_clinician="Nora",
                         confirm_missing=True)
    assert outcome.agreed
    return draft.version_uuid


def audit_events(vault, after_id: int) -> list[tuple[str, str, dict | None]]:
    with vault.reader() as session:
        rows = session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.details)
                               .where(AuditEvent.id > after_id).order_by(AuditEvent.id)).all()
    return [tuple(row) for row in rows]


def last_audit_id(vault) -> int:
    with vault.reader() as session:
        return session.scalar(select(func.max(AuditEvent.id))) or 0


# -- starting a draft ------------------------------------------------------------------------------

def test_start_draft_carries_lornas_agreed_goals_forward(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    with demo.reader() as session:
        agreed_uuid = session.scalar(select(PlanVersion.uuid).join(Patient).where(Patient.nhs_number == LORNA_NHS))
    draft = start_draft(demo, lorna, today=TODAY)
    assert draft.number == 2 and draft.status == "draft" and draft.parent_uuid == agreed_uuid
    assert draft.started_on == TODAY
    assert [(g.text, g.carried_forward) for g in draft.goals] == [
        ("To stay living in my own home and cook my own meals.", True),
        ("To go to bingo every Thursday with my neighbour Pat.", True),
    ]
    assert all(item.carried_forward for item in (*draft.self_care, *draft.actions, *draft.medicines))
    assert [m.colour for m in draft.medicines] == ["blue", "yellow", "red", "white"]
    assert draft.contingency.warning_signs.startswith("Before a hypo I feel shaky")
    assert [c.name for c in draft.contingency.contacts] == ["Andrea Clarke, community matron", "NHS 111"]
    assert draft.sharing.carer is True and draft.sharing.hospital is None
    # lasting words come forward; this consultation's story, what was shared and the date start blank
    assert draft.about_me.what_matters.startswith("Staying in my own home")
    assert draft.about_me.story_new == "" and draft.about_me.information_beforehand == ""
    assert draft.review_method == "home visit" and draft.review_date is None
    assert draft.confidence is None  # asked afresh at each review
    # the agreed version keeps its own parts
    agreed = load_version(demo, agreed_uuid)
    assert {g.uuid for g in agreed.goals}.isdisjoint({g.uuid for g in draft.goals})
    assert not any(g.carried_forward for g in agreed.goals)


def test_start_draft_returns_the_draft_already_in_progress(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    first = start_draft(demo, lorna, today=TODAY)
    again = start_draft(demo, lorna, today=TODAY)
    assert again.version_uuid == first.version_uuid
    assert current_draft(demo, lorna).version_uuid == first.version_uuid
    with demo.reader() as session:
        assert session.scalar(select(func.count()).select_from(PlanVersion).join(Patient)
                              .where(Patient.nhs_number == LORNA_NHS)) == 2


def test_only_active_goals_and_unfinished_actions_are_carried_and_nobody_elses(vault):
    ann = add_person(vault, "9990000506", "Ann", "Shaw")
    bob = add_person(vault, "9990000514", "Bob", "Kerr")
    ann_v1 = agreed_plan(vault, ann, purpose="Ann's purpose", goals=(
        GoalItem("Ann: walk the dog every day"), GoalItem("Ann: fewer hypos", status="achieved"),
        GoalItem("Ann: learn to swim", status="no longer wanted")),
        self_care=(SelfCareItem("Ann: check my feet"),),
        actions=(ActionItem("Ann: book the optician", "Ann", status="done"), ActionItem("Ann: try the walking group", "Ann")))
    # Bob has three versions: a second person's plan, with more versions than Ann's
    for purpose in ("Bob one", "Bob two", "Bob three"):
        agreed_plan(vault, bob, purpose=purpose, goals=(GoalItem(f"Bob: {purpose}"),),
                    actions=(ActionItem("Bob: an action", "Bob"),))
    draft = start_draft(vault, ann, today=TODAY)
    assert draft.number == 2 and draft.parent_uuid == ann_v1
    assert draft.purpose == "Ann's purpose"
    assert [g.text for g in draft.goals] == ["Ann: walk the dog every day"]
    assert [a.what for a in draft.actions] == ["Ann: try the walking group"]
    assert [s.text for s in draft.self_care] == ["Ann: check my feet"]
    everything = repr(draft)
    assert "Bob" not in everything
    bobs = start_draft(vault, bob, today=TODAY)
    assert bobs.number == 4 and [g.text for g in bobs.goals] == ["Bob: Bob three"]
    assert "Ann" not in repr(bobs)


def test_a_fresh_draft_for_someone_without_a_plan_is_empty(vault):
    cara = add_person(vault, "9990000522", "Cara", "Lowe")
    assert current_draft(vault, cara) is None
    draft = start_draft(vault, cara, today=TODAY)
    assert (draft.number, draft.parent_uuid, draft.goals, draft.budget) == (1, None, (), None)


def test_from_last_agreed_false_starts_blank_but_remembers_where_it_grew_from(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    draft = start_draft(demo, lorna, from_last_agreed=False, today=TODAY)
    assert draft.number == 2 and draft.parent_uuid is not None
    assert draft.goals == () and draft.purpose == "" and draft.medicines == ()


def test_self_care_stays_tied_to_its_goal_when_carried(vault):
    ann = add_person(vault, "9990000506", "Ann", "Shaw")
    draft = start_draft(vault, ann, today=TODAY)
    goal_uuid = "7f1d2c3e-0000-4000-8000-000000000001"  # made by the screen, as it may
    save_draft(vault, dataclasses.replace(draft, goals=(GoalItem("Walk to the shops", uuid=goal_uuid),),
                                          self_care=(SelfCareItem("Walk ten minutes a day", goal_uuids=(goal_uuid,)),)))
    agree_plan(vault, draft.version_uuid, agreed_by_person="Ann Shaw", agreed_by_clinician="Nora", confirm_missing=True)
    second = start_draft(vault, ann, today=TODAY)
    assert second.goals[0].uuid != goal_uuid
    assert second.self_care[0].goal_uuids == (second.goals[0].uuid,)


# -- saving ------------------------------------------------------------------------------------------

def test_save_writes_audit_events_only_for_what_changed(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    draft = start_draft(demo, lorna, today=TODAY)
    before = last_audit_id(demo)
    unchanged = save_draft(demo, draft, today=TODAY)
    assert unchanged.rows_written == 0 and audit_events(demo, before) == []

    first, second = draft.goals
    edited = dataclasses.replace(
        draft, purpose="To stay safe at home this winter.",
        goals=(dataclasses.replace(first, text="To stay in my own home and cook my Sunday dinner."),
               GoalItem("To walk to the post box on my own.")),
    )
    saved = save_draft(demo, edited, today=TODAY)
    events = audit_events(demo, before)
    assert sorted((action, entity, (details or {}).get("fields")) for action, entity, details in events) == sorted([
        ("changed", "plan_version", ["purpose"]),
        ("changed", "goal", ["text"]),
        ("deleted", "goal", None),
        ("created", "goal", None),
    ])
    assert saved.rows_written == 4
    reread = current_draft(demo, lorna)
    assert [g.text for g in reread.goals] == ["To stay in my own home and cook my Sunday dinner.",
                                              "To walk to the post box on my own."]
    assert reread.goals[0].uuid == first.uuid and second.uuid not in {g.uuid for g in reread.goals}
    assert [g.carried_forward for g in reread.goals] == [True, False]
    assert saved.draft.goals[1].uuid == reread.goals[1].uuid  # the saved snapshot has the new uuid


def test_saving_the_same_snapshot_twice_adds_a_new_goal_once(vault):
    ann = add_person(vault, "9990000506", "Ann", "Shaw")
    draft = start_draft(vault, ann, today=TODAY)
    with_goal = dataclasses.replace(draft, goals=(GoalItem("Sleep through the night"),))
    first = save_draft(vault, with_goal, today=TODAY)
    assert first.rows_written == 1
    again = save_draft(vault, first.draft, today=TODAY)  # autosave with the returned snapshot
    assert again.rows_written == 0
    given = dataclasses.replace(draft, goals=(*first.draft.goals, GoalItem("Garden again", uuid="7f1d2c3e-0000-4000-8000-00000000000a")))
    save_draft(vault, given, today=TODAY)
    save_draft(vault, given, today=TODAY)  # a uuid the screen made: still one row
    with vault.reader() as session:
        assert sorted(session.scalars(select(Goal.text))) == ["Garden again", "Sleep through the night"]


def test_a_budget_over_its_amount_is_refused_and_nothing_is_saved(demo):
    james = uuid_of(demo, JAMES_NHS)
    draft = start_draft(demo, james, today=TODAY)
    assert draft.budget.amount_pence == 2_400_000
    # the demo lines: 18,500 + 2,400 + 900 + 1,200 = £23,000; one more of £1,500 makes £24,500
    assert draft.budget.lines_total_pence == 2_300_000
    over = dataclasses.replace(
        draft, purpose="Something new",
        budget=dataclasses.replace(draft.budget, lines=(*draft.budget.lines,
                                                        BudgetLineItem("equipment", "Shower chair", 150_000))),
    )
    before = last_audit_id(demo)
    with pytest.raises(PlanRuleError) as refused:
        save_draft(demo, over, today=TODAY)
    assert str(refused.value) == ("The costed lines add up to £24,500.00, more than the budget of £24,000.00. "
                                  "Lower a line or record the larger budget.")
    assert audit_events(demo, before) == []
    stored = current_draft(demo, james)
    assert stored.purpose == draft.purpose and len(stored.budget.lines) == 4
    # exactly the budget is fine
    exact = dataclasses.replace(draft, budget=dataclasses.replace(
        draft.budget, lines=(*draft.budget.lines, BudgetLineItem("equipment", "Shower chair", 100_000))))
    save_draft(demo, exact, today=TODAY)
    assert current_draft(demo, james).budget.lines_total_pence == 2_400_000


@pytest.mark.parametrize("score", [11, -1, 7.5])
def test_confidence_outside_0_to_10_is_refused(vault, score):
    ann = add_person(vault, "9990000506", "Ann", "Shaw")
    draft = start_draft(vault, ann, today=TODAY)
    with pytest.raises(PlanRuleError, match="from 0 .* to 10"):
        save_draft(vault, dataclasses.replace(draft, confidence=score), today=TODAY)
    assert current_draft(vault, ann).confidence is None


def test_confidence_is_saved_with_the_day_it_was_given(vault):
    ann = add_person(vault, "9990000506", "Ann", "Shaw")
    draft = start_draft(vault, ann, today=TODAY)
    save_draft(vault, dataclasses.replace(draft, confidence=10), today=TODAY)
    assert current_draft(vault, ann).confidence == 10
    save_draft(vault, dataclasses.replace(draft, confidence=None), today=TODAY)
    assert current_draft(vault, ann).confidence is None


def test_a_draft_agreed_meanwhile_is_not_saved_into(vault):
    ann = add_person(vault, "9990000506", "Ann", "Shaw")
    draft = start_draft(vault, ann, today=TODAY)
    agree_plan(vault, draft.version_uuid, agreed_by_person="Ann Shaw", agreed_by_clinician="Nora", confirm_missing=True)
    with pytest.raises(DraftAgreedError, match="agreed since you opened it"):
        save_draft(vault, dataclasses.replace(draft, purpose="Late change"), today=TODAY)
    assert load_version(vault, draft.version_uuid).purpose == ""


def test_a_draft_cannot_be_saved_into_someone_elses_plan(vault):
    ann = add_person(vault, "9990000506", "Ann", "Shaw")
    bob = add_person(vault, "9990000514", "Bob", "Kerr")
    draft = start_draft(vault, ann, today=TODAY)
    with pytest.raises(PlanRuleError, match="does not belong to the person"):
        save_draft(vault, dataclasses.replace(draft, patient_uuid=bob, purpose="x"), today=TODAY)


def test_unknown_statuses_are_refused(vault):
    ann = add_person(vault, "9990000506", "Ann", "Shaw")
    draft = start_draft(vault, ann, today=TODAY)
    with pytest.raises(PlanRuleError, match="goal status"):
        save_draft(vault, dataclasses.replace(draft, goals=(GoalItem("x", status="sort of"),)))
    with pytest.raises(PlanRuleError, match="review method"):
        save_draft(vault, dataclasses.replace(draft, review_method="carrier pigeon"))


def test_default_review_date_follows_the_level_of_need():
    settings = PracticeSettings()  # 12, 6 and 3 months
    assert default_review_date(1, dt.date(2026, 3, 2), settings) == dt.date(2027, 3, 2)
    # clamped to the month's end, 28 Feb 2027, a Sunday: the review is proposed for Monday 1 March
    assert default_review_date(2, dt.date(2026, 8, 31), settings) == dt.date(2027, 3, 1)
    assert default_review_date(3, dt.date(2026, 11, 30), settings) == dt.date(2027, 3, 1)
    practice = PracticeSettings(review_months={1: 12, 2: 4, 3: 1})
    assert default_review_date(3, dt.date(2026, 1, 31), practice) == dt.date(2026, 3, 2)  # 28 Feb 2026: a Saturday
    assert default_review_date(3, dt.date(2028, 1, 31), practice) == dt.date(2028, 2, 29)  # a leap year's Tuesday


def test_every_plan_query_of_start_draft_names_the_person(vault):
    """Belt and braces: each read of plan versions and parts is constrained by the person's id."""
    from sqlalchemy import event

    from careplan_desktop.models import PLAN_PART_CLASSES

    ann = add_person(vault, "9990000506", "Ann", "Shaw")
    bob = add_person(vault, "9990000514", "Bob", "Kerr")
    agreed_plan(vault, ann, goals=(GoalItem("Ann's goal"),))
    agreed_plan(vault, bob, goals=(GoalItem("Bob's goal"),))
    with vault.reader() as session:
        ann_id = session.scalar(select(Patient.id).where(Patient.uuid == ann))
    plan_tables = {"plan_version", *(model.__tablename__ for model in PLAN_PART_CLASSES)}
    reads: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        found = re.search(r"\bFROM\s+(\w+)", statement)
        first_table = found.group(1) if found else ""
        if statement.lstrip().startswith("SELECT") and first_table in plan_tables:
            reads.append((statement, parameters))

    event.listen(vault.engine, "before_cursor_execute", capture)
    try:
        start_draft(vault, ann, today=TODAY)
    finally:
        event.remove(vault.engine, "before_cursor_execute", capture)
    assert len(reads) >= 1 + 2 * len(PLAN_PART_CLASSES)  # the agreed version read, then the new draft
    for statement, parameters in reads:
        assert "patient_id = ?" in statement or "uuid = ?" in statement, statement
        if "uuid = ?" not in statement:
            assert ann_id in parameters, statement
