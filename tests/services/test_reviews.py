"""Reviews: the sheet, continue unchanged, modify, exit and re-entry, level change, the timeline.

The demo vault is made with a fixed today (10 March 2026): Lorna's plan was agreed on
15 December 2025 (85 days before) with a review on 15 March 2026 (3 months, level 3); James's
on 9 January 2026 with a review on 9 July 2026; Jack has a draft only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from careplan_desktop.models import AuditEvent, Goal, Patient, PlanVersion, Review
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JAMES_NHS, LORNA_NHS
from careplan_desktop.services.planning.agreement import agree_plan, compare_versions
from careplan_desktop.services.planning.versions import default_review_date, load_version
from careplan_desktop.services.planning.printout import yellow_folder_data
from careplan_desktop.services.review.plan_review import (
    ActionAnswer, GoalAnswer, ReviewAnswers, ReviewError, change_level, exit_to_self_care, plan_timeline,
    re_enter, record_review, start_review,
)
from careplan_desktop.services.review.due import month_period, reviews_due
from careplan_desktop.services.practice.values import PracticeSettings

TODAY = dt.date(2026, 3, 10)
SETTINGS = PracticeSettings()  # 12, 6 and 3 months


@pytest.fixture
def demo(tmp_path: Path, demo_vaults):
    vault = demo_vaults.open(tmp_path / "demo.vault", DEMO_PASSPHRASE, patients=40, today=TODAY)
    yield vault
    vault.lock()


def uuid_of(vault, nhs: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == nhs))


def test_reviews_due_for_a_chosen_month_and_overdue(demo):
    march = reviews_due(demo, *month_period(2026, 3), today=TODAY)
    assert [row.name for row in march.due] == ["Lorna Baxter"]
    assert march.overdue == ()
    lorna = march.due[0]
    assert (lorna.next_review_date, lorna.method, lorna.flags, lorna.lead_professional, lorna.nhs_number) == (
        dt.date(2026, 3, 16), "home visit", ("housebound", "level 3"), "Andrea Clarke, community matron", LORNA_NHS)  # Sunday 15th: Monday
    assert list(march.by_method()) == ["home visit"]

    assert [row.name for row in reviews_due(demo, *month_period(2026, 7), today=TODAY).due] == ["James Okafor"]
    assert reviews_due(demo, *month_period(2026, 5), today=TODAY).due == ()

    # on 1 April Lorna is 17 days (2 whole weeks) overdue; nobody is due in April
    april = reviews_due(demo, *month_period(2026, 4), today=dt.date(2026, 4, 1))
    assert april.due == ()
    assert [(row.name, row.weeks_overdue) for row in april.overdue] == [("Lorna Baxter", 2)]
    assert list(april.by_lead()) == ["Andrea Clarke, community matron"]


def test_review_sheet_reads_the_agreed_version(demo):
    sheet = start_review(demo, uuid_of(demo, LORNA_NHS))
    assert (sheet.version_number, sheet.agreed_on, sheet.last_confidence, sheet.review_method) == (
        1, dt.date(2025, 12, 15), 6, "home visit")
    assert [g.text[:14] for g in sheet.goals] == ["To stay living", "To go to bingo"]
    assert [a.what for a in sheet.actions] == ["Order a perching stool for the kitchen", "Ask Pat about lifts to bingo"]
    results = {line.code: line for line in sheet.results}
    assert set(results) == {"hba1c", "blood_pressure", "egfr", "weight", "potassium", "total_cholesterol"}
    assert (results["hba1c"].latest, results["hba1c"].previous, results["hba1c"].trend) == ("58", "62", "down")
    assert results["weight"].trend == ""
    with pytest.raises(ReviewError):
        start_review(demo, uuid_of(demo, "9990000026"))  # Jack: a draft only


def test_continue_unchanged_sets_the_next_date_from_the_level_and_leaves_the_version(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    sheet = start_review(demo, lorna)
    with demo.reader() as session:
        before = session.scalar(select(PlanVersion).where(PlanVersion.uuid == sheet.version_uuid))
        revision, goals_before = before.revision, [(g.status, g.progress) for g in session.scalars(
            select(Goal).where(Goal.plan_version_id == before.id))]
    answers = ReviewAnswers(sheet.version_uuid, (GoalAnswer(sheet.goals[0].uuid, "partly", "Most days"),),
                            confidence=7, what_changed="Nothing much")
    done = record_review(demo, answers, "continued", today=dt.date(2026, 3, 14), practice=SETTINGS)
    assert done.next_review_date == dt.date(2026, 6, 15)  # level 3: 3 months, 14 June is a Sunday: the Monday
    assert done.draft_uuid is None
    with demo.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == lorna))
        assert patient.next_review_date == dt.date(2026, 6, 15)
        versions = list(session.scalars(select(PlanVersion).where(PlanVersion.patient_id == patient.id)))
        assert [(v.number, v.status, v.revision) for v in versions] == [(1, "agreed", revision)]
        assert [(g.status, g.progress) for g in session.scalars(
            select(Goal).where(Goal.plan_version_id == versions[0].id))] == goals_before
        review = session.scalar(select(Review))
        assert (review.plan_version_uuid, review.outcome, review.confidence) == (sheet.version_uuid, "continued", 7)
        assert review.reviewed_by == "Nora Hughes"  # the signed-in user of the demo vault
    # James is level 3 too; at level 2 the interval is 6 months
    james = uuid_of(demo, JAMES_NHS)
    change_level(demo, james, 2, practice=SETTINGS)
    sheet = start_review(demo, james)
    done = record_review(demo, ReviewAnswers(sheet.version_uuid), "continued", today=dt.date(2026, 7, 1), practice=SETTINGS)
    assert done.next_review_date == dt.date(2027, 1, 4)  # 1 Jan 2027 is New Year's Day, then a weekend


def test_level_change_changes_the_default_interval(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    assert change_level(demo, lorna, 2, practice=SETTINGS) == dt.date(2026, 6, 15)  # agreed 15 Dec + 6 months
    assert change_level(demo, lorna, 3, practice=SETTINGS) == dt.date(2026, 3, 16)  # 15 March 2026 is a Sunday


def test_a_new_level_in_the_persons_details_works_the_next_review_out_again(demo):
    """The person's Edit dialog saves through `save_person`: a new level with the review date left
    as it was goes through the level change (next review from the new level, on the timeline); a
    date the nurse typed herself is kept."""
    import dataclasses

    from careplan_desktop.services.register.person import load_person, save_person

    lorna = uuid_of(demo, LORNA_NHS)
    form = load_person(demo, lorna)
    assert (form.level_of_need, form.next_review_date) == (3, dt.date(2026, 3, 16))
    assert save_person(demo, dataclasses.replace(form, level_of_need=2), patient_uuid=lorna, today=TODAY).saved
    with demo.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == lorna))
        assert (patient.level_of_need, patient.next_review_date) == (2, dt.date(2026, 6, 15))  # 15 Dec + 6 months
    last = plan_timeline(demo, lorna)[-1]
    assert (last.date, last.kind, last.text) == (TODAY, "level changed",
                                                 "Level of need changed from 3 to 2; next review 15/06/2026")
    typed = dataclasses.replace(load_person(demo, lorna), level_of_need=1, next_review_date=dt.date(2026, 4, 1))
    assert save_person(demo, typed, patient_uuid=lorna, today=TODAY).saved
    with demo.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == lorna))
        assert (patient.level_of_need, patient.next_review_date) == (1, dt.date(2026, 4, 1))


def test_modify_carries_progress_into_a_new_draft_then_version_2(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    sheet = start_review(demo, lorna)
    home, bingo = sheet.goals
    stool, lifts = sheet.actions
    answers = ReviewAnswers(
        sheet.version_uuid,
        (GoalAnswer(bingo.uuid, "achieved", "Pat takes me every Thursday now."),
         GoalAnswer(home.uuid, "partly", "I cook most days but not when my knees are bad.")),
        (ActionAnswer(stool.uuid, "done"), ActionAnswer(lifts.uuid, "dropped")),
        confidence=8, what_changed="Knees worse in the cold.", method="home visit")
    done = record_review(demo, answers, "modified", today=dt.date(2026, 3, 14), practice=SETTINGS)
    assert done.draft_uuid and done.next_review_date is None
    draft = load_version(demo, done.draft_uuid)
    assert [(g.text[:9], g.status) for g in draft.goals] == [("To stay l", "active"), ("To go to ", "achieved")]
    assert [(a.what[:5], a.status) for a in draft.actions] == [("Order", "done")]
    assert draft.confidence == 8
    with demo.reader() as session:
        goals = {g.status: g for g in session.scalars(select(Goal).join(PlanVersion).where(
            PlanVersion.uuid == done.draft_uuid))}
        assert (goals["achieved"].progress, goals["achieved"].progress_note) == ("achieved", "Pat takes me every Thursday now.")
        assert goals["active"].progress == "partly"
    with pytest.raises(ReviewError):  # a second modifying review while the draft is open
        record_review(demo, answers, "modified", today=dt.date(2026, 3, 14), practice=SETTINGS)
    outcome = agree_plan(demo, done.draft_uuid, agreed_by_person="Lorna Baxter", agreed_by_clinician="Andrea Clarke",
                         confirm_missing=True, practice=SETTINGS)
    assert outcome.agreed and outcome.superseded_uuid == sheet.version_uuid
    assert any(d.section == "goals" and d.kind == "changed" for d in compare_versions(demo, sheet.version_uuid, done.draft_uuid))
    with demo.reader() as session:
        assert [(v.number, v.status) for v in session.scalars(
            select(PlanVersion).join(Patient).where(Patient.uuid == lorna).order_by(PlanVersion.number))] == [
            (1, "superseded"), (2, "agreed")]
        review = session.scalar(select(Review))
        assert review.plan_version_uuid == sheet.version_uuid and review.outcome == "modified"
        actions = set(session.scalars(select(AuditEvent.action)))
        assert {"reviewed", "agreed"} <= actions
    assert [e.kind for e in plan_timeline(demo, lorna)] == ["agreed", "modified", "agreed"]
    # the yellow folder's "My review" page for version 2 comes from this review
    summary = yellow_folder_data(demo, done.draft_uuid, practice=SETTINGS).review_summary
    assert summary.reviewed_on == dt.date(2026, 3, 14)
    assert [(line.progress, line.note) for line in summary.goal_progress] == [
        ("achieved", "Pat takes me every Thursday now."), ("partly", "I cook most days but not when my knees are bad.")]


def test_exit_and_re_entry_round_trip_and_timeline(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    sheet = start_review(demo, lorna)
    record_review(demo, ReviewAnswers(sheet.version_uuid, confidence=8), "continued", today=dt.date(2026, 3, 14),
                  practice=SETTINGS)
    with pytest.raises(ReviewError):
        exit_to_self_care(demo, lorna, "   ")
    exit_to_self_care(demo, lorna, "Ring Andrea on 01632 960 777 if your knees or sugars get worse.",
                      today=dt.date(2026, 6, 10))
    with demo.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == lorna))
        assert (patient.care_status, patient.next_review_date) == ("self_care", None)
        assert patient.route_back.startswith("Ring Andrea")
    assert reviews_due(demo, *month_period(2026, 6), today=dt.date(2026, 6, 20)).overdue == ()
    draft_uuid = re_enter(demo, lorna, today=dt.date(2026, 11, 2))
    with pytest.raises(ReviewError):
        re_enter(demo, lorna, today=dt.date(2026, 11, 2))
    draft = load_version(demo, draft_uuid)
    assert draft.number == 2 and [g.text[:9] for g in draft.goals] == ["To stay l", "To go to "]
    with demo.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == lorna))
        assert (patient.care_status, patient.next_review_date) == ("active", dt.date(2026, 11, 2))
        assert session.scalar(select(func.count()).select_from(Review)) == 3
    due = reviews_due(demo, *month_period(2026, 11), today=dt.date(2026, 11, 2))
    assert [row.name for row in due.due] == ["Lorna Baxter"]
    agree_plan(demo, draft_uuid, agreed_by_person="Lorna Baxter", agreed_by_clinician="Andrea Clarke",
               confirm_missing=True, practice=SETTINGS)
    timeline = plan_timeline(demo, lorna)
    assert [(e.date, e.kind) for e in timeline[:4]] == [
        (dt.date(2025, 12, 15), "agreed"), (dt.date(2026, 3, 14), "reviewed"),
        (dt.date(2026, 6, 10), "exited"), (dt.date(2026, 11, 2), "re-entered")]
    assert timeline[4].kind == "agreed" and timeline[4].text == "Version 2 agreed"


def test_review_dates_the_app_proposes_are_working_days(demo):
    """25 Dec 2026 is a Friday (Christmas Day), 28 Dec the Boxing Day substitute: the Tuesday."""
    assert default_review_date(3, dt.date(2026, 9, 25), SETTINGS) == dt.date(2026, 12, 29)
    assert default_review_date(1, dt.date(2026, 3, 7), SETTINGS) == dt.date(2027, 3, 8)  # a Sunday: the Monday
    assert default_review_date(2, dt.date(2026, 3, 4), SETTINGS) == dt.date(2026, 9, 4)  # a Friday stays
    lorna = uuid_of(demo, LORNA_NHS)
    sheet = start_review(demo, lorna)
    done = record_review(demo, ReviewAnswers(sheet.version_uuid), "continued", today=dt.date(2026, 9, 25),
                         practice=SETTINGS)
    assert done.next_review_date == dt.date(2026, 12, 29)
    exit_to_self_care(demo, lorna, "Ring the practice if anything changes.", today=dt.date(2026, 10, 1))
    re_enter(demo, lorna, today=dt.date(2026, 12, 25))  # due at once: the first working day
    with demo.reader() as session:
        assert session.scalar(select(Patient.next_review_date).where(Patient.uuid == lorna)) == dt.date(2026, 12, 29)
