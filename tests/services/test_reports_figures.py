"""Every figure of the Reports area (issue 15 section 1) on a vault with known numbers
(tests/services/report_vault.py describes each person), for the last quarter and for the last
quarter and one condition. Each expected number is worked out by hand below from that list."""

from __future__ import annotations

import pytest

from careplan_desktop.services.reports.figures import ReportFilters, compute_report, people_behind
from careplan_desktop.services.reports.period import last_quarter, named_period, quarter
from careplan_desktop.services.staff.roles import NotAllowed

from tests.services.report_vault import TODAY, build_report_vault

# the register at 30/06/2026: everyone but P7 (joined 02/07) and P8 (died 10/05); P9 moved after
EVERYONE = {
    "register": {"on the register": 10},
    "register_by_condition": {"Type 2 diabetes": 6, "COPD (chronic obstructive pulmonary disease)": 5, "Hypertension": 3},  # P1,3,4,6,10,11 / P2,5,6,9,12 / P2,3,6
    "register_by_number_of_conditions": {"1 condition": 7, "2 conditions": 2, "3 conditions": 1},
    "register_by_level_of_need": {"supported self-care": 7, "disease-specific care management": 2, "case management": 1},
    "register_joined_and_left": {"joined": 1, "died": 1},  # P10 joined; P8 died (P7 and P9 after the period)
    "offer": {"accepted": 7, "declined": 1, "offered, no answer yet": 1, "not yet offered": 1},  # P4 declined, P5, P9
    "plans_people": {"with an agreed plan": 7},  # P1, 2, 3, 6, 10, 11, 12
    "plans_agreed": {"first plans": 3, "later versions": 1},  # P2, P8, P10 first; P1 version 2
    "plans_by_month": {"2026-04": 2, "2026-05": 1, "2026-06": 1},  # P2 10/04, P8 15/04; P1 25/05; P10 05/06
    "reviews": {"due in the period": 3, "done": 2, "done on time": 1},  # P1 P3 P6
    "reviews_overdue": {"overdue at the end": 3},  # P6 P11 P12
    "self_care_exits": {"left for self-care": 1},  # P2
    "information_people": {"given information": 3},  # P1, P2, P10 (P3's was in 2025)
    "information_by_topic": {"hypos": 2, "foot care": 1, "inhaler technique": 1},
    "information_by_method": {"directly": 1, "posted": 1, "electronic": 1, "pharmacy": 1},
    "information_by_recipient": {"the person": 2, "the carer": 1, "not recorded": 1},
    "carers": {"people with a carer": 2, "carers given a copy of the plan": 1},  # P1, P3 (P8 died); Bob in May
    "communication_needs": {"large print": 2, "interpreter": 1, "BSL": 1},
    "services": {"taken up: Walking group": 2, "refused: Expert patient programme": 1, "refused: Pulmonary rehab": 1},
    "goal_themes": {"getting out and about": 2, "managing my condition": 1, "staying independent": 1,
                    "mood and wellbeing": 1, "no theme": 1},
    "unmet_needs": {"getting out and about": 2, "work and money": 1},
    "confidence_change": {"up 3 or more": 1},  # P1: 4 then 7
    "quality_all_elements": {"with all nine key elements": 2, "with something missing": 2},  # P1 v2, P10 / P2, P8
    "quality_missing_elements": {"when things go wrong": 1, "actions": 1, "review date and how": 1},
    "quality_warnings": {"a goal that reads like a service": 2, "goals copied from another plan": 1},
    "quality_copy_within_a_week": {"copy given to the person within a week": 2},  # P1 (2 days), P10 (same day)
}
# people with type 2 diabetes: P1, P3, P4, P6, P10, P11 on the register, and P8 who died
DIABETES = {
    "register": {"on the register": 6},
    "register_by_condition": {"Type 2 diabetes": 6, "Hypertension": 2, "COPD (chronic obstructive pulmonary disease)": 1},
    "register_by_number_of_conditions": {"1 condition": 4, "2 conditions": 1, "3 conditions": 1},
    "register_by_level_of_need": {"supported self-care": 4, "disease-specific care management": 1, "case management": 1},
    "register_joined_and_left": {"joined": 1, "died": 1},
    "offer": {"accepted": 5, "declined": 1},
    "plans_people": {"with an agreed plan": 5},
    "plans_agreed": {"first plans": 2, "later versions": 1},
    "plans_by_month": {"2026-04": 1, "2026-05": 1, "2026-06": 1},  # P8; P1; P10
    "reviews": {"due in the period": 3, "done": 2, "done on time": 1},
    "reviews_overdue": {"overdue at the end": 2},  # P6, P11
    "self_care_exits": {},
    "information_people": {"given information": 2},
    "information_by_topic": {"hypos": 2, "foot care": 1},
    "information_by_method": {"directly": 1, "posted": 1, "pharmacy": 1},
    "information_by_recipient": {"the person": 1, "the carer": 1, "not recorded": 1},
    "carers": {"people with a carer": 2, "carers given a copy of the plan": 1},
    "communication_needs": {"large print": 2, "interpreter": 1},
    "services": {"taken up: Walking group": 2, "refused: Expert patient programme": 1},
    "goal_themes": {"getting out and about": 1, "managing my condition": 1, "staying independent": 1,
                    "mood and wellbeing": 1, "no theme": 1},
    "unmet_needs": {"getting out and about": 2},
    "confidence_change": {"up 3 or more": 1},
    "quality_all_elements": {"with all nine key elements": 2, "with something missing": 1},
    "quality_missing_elements": {"review date and how": 1},
    "quality_warnings": {"a goal that reads like a service": 1, "goals copied from another plan": 1},
    "quality_copy_within_a_week": {"copy given to the person within a week": 2},
}


@pytest.fixture
def report_vault(vault, tmp_path):
    uuids = build_report_vault(vault, tmp_path)
    return vault, uuids


def non_zero(report) -> dict[str, dict[str, int]]:
    return {f.key: {row.breakdown: row.count for row in f.rows if row.count} for f in report.figures}


def test_last_quarter_is_april_to_june():
    assert last_quarter(TODAY) == quarter(2026, 2) == named_period("last quarter", TODAY)
    assert (quarter(2026, 2).start.isoformat(), quarter(2026, 2).end.isoformat()) == ("2026-04-01", "2026-06-30")


def test_every_figure_for_the_last_quarter(report_vault):
    vault, _ = report_vault
    report = compute_report(vault, ReportFilters(last_quarter(TODAY)), today=TODAY)
    assert non_zero(report) == EVERYONE
    # denominators: the register (10), the plans agreed (4), the people given information (3), reviews due (3)
    assert {row.denominator for row in report.figure("offer").rows} == {10}
    assert {row.denominator for row in report.figure("quality_missing_elements").rows} == {4}
    assert {row.denominator for row in report.figure("information_by_method").rows} == {3}
    assert {row.denominator for row in report.figure("reviews").rows} == {3}
    assert {row.denominator for row in report.figure("reviews_overdue").rows} == {7}  # people with an agreed plan
    # first plans after a results letter: P2 10 days, P8 14, P10 14
    assert (report.letter_to_plan.median_days, report.letter_to_plan.plans) == (14, 3)
    assert [row.breakdown for row in report.figure("plans_by_month").rows] == ["2026-04", "2026-05", "2026-06"]


def test_every_figure_for_one_condition(report_vault):
    vault, _ = report_vault
    report = compute_report(vault, ReportFilters(last_quarter(TODAY), condition="diabetes-type-2"), today=TODAY)
    assert non_zero(report) == DIABETES
    assert report.condition_name == "Type 2 diabetes"
    assert (report.letter_to_plan.median_days, report.letter_to_plan.plans) == (14, 2)  # P8, P10


def test_the_people_behind_a_number_are_the_ones_counted(report_vault):
    vault, uuids = report_vault
    filters = ReportFilters(last_quarter(TODAY), condition="diabetes-type-2")
    overdue = people_behind(vault, filters, "reviews_overdue", "overdue at the end")
    assert [p.uuid for p in overdue] == [uuids[6], uuids[11]]  # Gray, Lane (by family name)
    assert [p.name for p in overdue] == ["Finn Gray", "Kit Lane"]
    everyone = people_behind(vault, ReportFilters(last_quarter(TODAY)), "reviews_overdue", "overdue at the end")
    assert {p.uuid for p in everyone} == {uuids[6], uuids[11], uuids[12]}
    missing = people_behind(vault, ReportFilters(last_quarter(TODAY)), "quality_missing_elements", "actions")
    assert [p.uuid for p in missing] == [uuids[2]]


def test_a_lead_professional_filter(report_vault):
    vault, uuids = report_vault
    with vault.transaction() as session:
        from careplan_desktop.models import Patient
        for n in (1, 6):
            session.query(Patient).filter(Patient.uuid == uuids[n]).one().lead_professional = "Nora Nurse"
    report = compute_report(vault, ReportFilters(last_quarter(TODAY), lead="Nora Nurse"), today=TODAY)
    assert report.count("register", "on the register") == 2
    assert report.count("reviews_overdue", "overdue at the end") == 1  # P6


def test_reports_need_a_role_that_may_see_them(report_vault, monkeypatch):
    vault, _ = report_vault
    monkeypatch.setattr(vault, "actor", vault.actor.__class__(vault.actor.user_uuid, vault.actor.device_uuid,
                                                              "healthcare assistant"))
    with pytest.raises(NotAllowed, match="administrator's or a clinician's"):
        compute_report(vault, ReportFilters(last_quarter(TODAY)))
