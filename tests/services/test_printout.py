"""The yellow-folder printout's data, mapped by hand from the demo people's plans."""

from __future__ import annotations

import dataclasses

import datetime as dt

import pytest
from sqlalchemy import select

from careplan_desktop.documents.plan_data import ActionLine, AppointmentLine, CareTeamLine, GoalProgressLine
from careplan_desktop.models import Appointment, Goal, Patient, PlanVersion, Result, Review
from careplan_desktop.services.planning.agreement import agree_plan, versions_of
from careplan_desktop.services.planning.versions import load_version, start_draft
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, DEMO_PRACTICE, create_demo_vault
from careplan_desktop.services.demo.case_studies import JACK_NHS, JAMES_NHS, LORNA_NHS
from careplan_desktop.services.planning.printout import result_lines, yellow_folder_data
from careplan_desktop.domain.reference import load_reference_data

TODAY = dt.date(2026, 3, 2)
AGREED = TODAY - dt.timedelta(days=85)  # Lorna's plan was agreed 85 days before the demo's today


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    vault = create_demo_vault(tmp_path_factory.mktemp("printout") / "demo.vault", DEMO_PASSPHRASE, patients=0,
                              today=TODAY)
    with vault.transaction() as session:
        lorna = session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS))
        session.add_all([
            Appointment(patient_id=lorna.id, starts_at=dt.datetime(2026, 3, 20, 10, 30), with_whom="Andrea Clarke",
                        location="home visit"),
            Appointment(patient_id=lorna.id, starts_at=dt.datetime(2026, 2, 1, 9, 0), with_whom="Past visit"),
            Appointment(patient_id=lorna.id, starts_at=dt.datetime(2026, 4, 1, 9, 0), with_whom="Cancelled",
                        status="cancelled"),
        ])
    yield vault
    vault.lock()


def version_of(vault, nhs_number: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(PlanVersion.uuid).join(Patient).where(Patient.nhs_number == nhs_number))


def folder(vault, nhs_number: str, **kwargs):
    return yellow_folder_data(vault, version_of(vault, nhs_number), today=TODAY, practice=DEMO_PRACTICE, **kwargs)


def test_lornas_folder(demo):
    data = folder(demo, LORNA_NHS)
    assert (data.full_name, data.preferred_name, data.nhs_number) == ("Lorna Baxter", "Lorna", "9990000018")
    assert data.large_print is True  # her own need
    assert (data.version_number, data.agreed_on, data.review_method) == (1, AGREED, "home visit")
    assert AGREED == dt.date(2025, 12, 7)  # 2 Mar 2026 less 85 days, by hand: 2 in March, 28 in Feb, 31 in Jan, 24 in Dec
    assert data.review_date == dt.date(2026, 3, 9)  # three months later is Saturday 7 March: the Monday after
    assert data.key_actions == (  # soonest first
        ActionLine("Ask Pat about lifts to bingo", "Lorna", dt.date(2025, 12, 22)),  # 14 days on is a Sunday
        ActionLine("Order a perching stool for the kitchen", "Andrea", dt.date(2026, 1, 6)),  # 30 days on
    )
    assert [g.text for g in data.goals] == ["To stay living in my own home and cook my own meals.",
                                            "To go to bingo every Thursday with my neighbour Pat."]
    assert data.what_i_will_do == ("Check my blood sugar every morning and write it in my book.",
                                   "Do my knee exercises after breakfast.")
    assert [(s.name, s.contact) for s in data.support] == [("Age UK befriending", "01632 960 500")]
    assert data.warning_signs.startswith("Before a hypo I feel shaky")
    assert [(c.name, c.phone) for c in data.who_to_call] == [("Andrea Clarke, community matron", "01632 960 777"),
                                                             ("NHS 111", "111")]
    assert [(m.name, m.colour) for m in data.medicines] == [("Metformin", "blue"), ("Bisoprolol", "yellow"),
                                                            ("Furosemide", "red"), ("Paracetamol", "white")]
    assert data.equipment == ("Pendant alarm", "Blood sugar meter")
    assert data.care_team == (  # the lead first; Lorna herself is not in her own care team
        CareTeamLine("Andrea Clarke", "community matron", "01632 960 777", True),
        CareTeamLine("Susan Baxter", "daughter and carer", "07700 900 231", False),
        CareTeamLine("Dr Helen Shah", "GP", "01632 960 000", False),
    )
    assert data.appointments == (AppointmentLine(dt.datetime(2026, 3, 20, 10, 30), "Andrea Clarke", "home visit"),)


def test_lornas_results_in_plain_english_as_they_stood_when_her_plan_was_agreed(demo):
    data = folder(demo, LORNA_NHS)
    results = {r.code: r for r in data.results}
    # agreed 85 days ago: the results of 200 days ago are the ones we talked about, not those of 12 days ago
    assert list(results) == ["hba1c", "blood_pressure", "egfr"]  # catalogue order
    hba1c = results["hba1c"]
    assert (hba1c.value_text, hba1c.previous_value_text, hba1c.reading) == ("62", None, "above_target")  # 58 or below
    assert hba1c.plain_name.startswith("your blood sugar")
    assert hba1c.taken_on == TODAY - dt.timedelta(days=200)
    bp = results["blood_pressure"]  # she was 77 when it was agreed: 140/90 or below
    assert (bp.value_text, bp.reading, bp.target_text) == ("145/88", "above_target", "140/90 or below")
    assert results["egfr"].reading == "first_result"  # no target, nothing to compare with
    # the results taken since, in a part of their own, compared with the ones before
    latest = {r.code: r for r in data.latest_results}
    assert list(latest) == ["hba1c", "blood_pressure", "total_cholesterol", "egfr", "weight", "potassium"]
    assert (latest["hba1c"].value_text, latest["hba1c"].previous_value_text, latest["hba1c"].reading) == (
        "58", "62", "within_target")
    assert (latest["blood_pressure"].value_text, latest["blood_pressure"].previous_value_text) == ("138/82", "145/88")
    assert latest["egfr"].reading == "no_target"  # no target, compared with last time
    assert latest["weight"].reading == "first_result"


def test_an_agreed_version_never_shows_a_result_taken_after_it_was_agreed(tmp_path):
    vault = create_demo_vault(tmp_path / "own.vault", DEMO_PASSPHRASE, patients=0, today=TODAY)
    try:
        version = version_of(vault, LORNA_NHS)
        with vault.transaction() as session:
            lorna = session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS))
            session.add(Result(patient_id=lorna.id, code="hba1c", value_text="77", value=77, unit="mmol/mol",
                               taken_on=AGREED + dt.timedelta(days=1)))
            session.add(Result(patient_id=lorna.id, code="urine_acr", value_text="4.2", value=4.2, unit="mg/mmol",
                               taken_on=AGREED))  # on the day it was agreed: talked about
        data = yellow_folder_data(vault, version, today=TODAY, practice=DEMO_PRACTICE)
        assert "77" not in {r.value_text for r in data.results}
        assert {r.code: r.value_text for r in data.results}["urine_acr"] == "4.2"
        since = {r.code: r for r in data.latest_results}
        assert (since["hba1c"].value_text, since["hba1c"].previous_value_text) == ("58", "77")
        # once a newer version is agreed, version 1 is history: no "since" part at all
        patient_uuid = load_version(vault, version).patient_uuid
        start_draft(vault, patient_uuid, today=TODAY)
        newer = [v for v in versions_of(vault, patient_uuid) if v.status == "draft"][0]
        assert agree_plan(vault, newer.uuid, agreed_by_person="Lorna Baxter", agreed_by_clinician="Andrea Clarke",
                          confirm_missing=True).agreed
        old = yellow_folder_data(vault, version, today=TODAY, practice=DEMO_PRACTICE)
        assert old.latest_results == () and old.results == data.results
    finally:
        vault.lock()


def test_the_blood_pressure_target_fits_the_persons_age():
    reference = load_reference_data()
    taken = [Result(code="blood_pressure", value_text="146/84", value=146, value2=84, unit="mmHg",
                    taken_on=dt.date(2026, 11, 20), id=1)]
    [at_79] = result_lines(taken, reference, 79)
    [at_80] = result_lines(taken, reference, 80)
    assert at_79.target_text == "140/90 or below" and "80" not in at_79.target_text
    assert at_80.target_text == "150/90 or below"
    [hba1c] = result_lines([Result(code="hba1c", value_text="58", value=58, unit="mmol/mol",
                                   taken_on=dt.date(2026, 11, 20), id=2)], reference, 85)
    assert hba1c.target_text == reference.result("hba1c").target.text


def test_a_lead_professional_without_a_number_gets_the_practices(demo):
    lead = folder(demo, JACK_NHS).care_team[0]
    assert (lead.name, lead.is_lead, lead.phone, lead.practice_number) == ("Kate Ellis", True, "01632 960 000", True)
    no_number = yellow_folder_data(demo, version_of(demo, JACK_NHS), today=TODAY, practice=dataclasses.replace(DEMO_PRACTICE, phone=""))
    assert no_number.care_team[0].phone is None


def test_large_print_can_be_chosen_either_way(demo):
    assert folder(demo, LORNA_NHS, large_print=False).large_print is False
    assert folder(demo, JACK_NHS).large_print is False
    assert folder(demo, JACK_NHS, large_print=True).large_print is True


def test_jacks_draft_folder(demo):
    data = folder(demo, JACK_NHS)
    assert data.agreed_on is None and data.review_date is None  # a draft: "not yet agreed"
    assert data.key_actions == (ActionLine("Change to the new inhaler and check technique", "Kate", TODAY + dt.timedelta(days=14)),)
    assert data.care_team == (
        CareTeamLine("Kate Ellis", "specialist respiratory nurse", "01632 960 000", True, practice_number=True),
        CareTeamLine("Dr Helen Shah", "GP", "01632 960 000", False),
        CareTeamLine("Karen Morrison", "wife", "07700 900 413", False),
    )
    smoking = next(r for r in data.results if r.code == "smoking_status")
    assert (smoking.value_text, smoking.unit, smoking.reading) == ("you smoke at the moment", None, "first_result")


def test_james_blood_pressure_is_compared_with_the_target_the_first_time(demo):
    bp = next(r for r in folder(demo, JAMES_NHS).results if r.code == "blood_pressure")
    assert (bp.value_text, bp.previous_value_text, bp.reading) == ("112/70", None, "within_target")


def test_the_last_review_shows_progress_on_goals(demo):
    version = version_of(demo, LORNA_NHS)
    with demo.transaction() as session:
        lorna = session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS))
        bingo = session.scalar(select(Goal).join(PlanVersion).where(
            PlanVersion.uuid == version, Goal.text.like("To go to bingo%")))
        session.add(Review(patient_id=lorna.id, plan_version_uuid=version, reviewed_on=dt.date(2026, 2, 20),
                           outcome="continued", next_review_date=dt.date(2026, 5, 20),
                           goal_progress=[{"goal_uuid": bingo.uuid, "progress": "partly", "note": "Most weeks"},
                                          {"goal_uuid": "not-a-goal-of-hers", "progress": "achieved"}]))
    summary = folder(demo, LORNA_NHS).review_summary
    assert summary.reviewed_on == dt.date(2026, 2, 20) and summary.next_review_date == dt.date(2026, 5, 20)
    assert summary.goal_progress == (
        GoalProgressLine("To go to bingo every Thursday with my neighbour Pat.", "partly", "Most weeks"),)
