"""Entering results: which checks apply, earlier values, checks on typed values, BMI, and one
audited transaction per save. Expected values come from the catalogue files and the demo data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from careplan_desktop.models import AuditEvent, Condition, Patient, Result
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS
from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.services.results.readings import reading_of, target_limits
from careplan_desktop.services.results.entry import (
    TAKEN_ON, ResultsRefused, check_entries, results_form, save_results, trend,
)

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 2)


@pytest.fixture
def demo(tmp_path, demo_vaults):
    vault = demo_vaults.open(tmp_path / "demo.vault", DEMO_PASSPHRASE, patients=5, today=TODAY)
    yield vault
    vault.lock()


def uuid_of(vault, nhs: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == nhs))


def catalogue_codes(*conditions: str) -> list[str]:
    """The checks for these conditions, read from the catalogue files (BMI with weight, height with BMI)."""
    listed = json.loads((REPO / "resources/reference/conditions.json").read_text())["conditions"]
    wanted = {code for c in listed if c["code"] in conditions for code in c["results"]}
    if "weight" in wanted:
        wanted |= {"bmi", "height"}
    order = [r["code"] for r in json.loads((REPO / "resources/reference/results.json").read_text())["results"]]
    return [code for code in order if code in wanted]


def count(vault, model) -> int:
    with vault.reader() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_lorna_is_offered_the_checks_for_her_conditions_with_last_time(demo) -> None:
    form = results_form(demo, uuid_of(demo, LORNA_NHS), TODAY)
    assert [f.code for f in form.fields] == catalogue_codes("diabetes-type-2", "osteoarthritis", "heart-failure")
    assert "fev1" not in {f.code for f in form.fields}
    hba1c = form.field("hba1c")
    assert hba1c.unit == "mmol/mol" and hba1c.previous.value_text == "58"
    assert hba1c.previous.taken_on == TODAY - dt.timedelta(days=12)
    assert [p.value_text for p in hba1c.history] == ["62", "58"]  # oldest first: the trend
    assert "58 or below" in hba1c.target_text and hba1c.limits.high == 58
    assert hba1c.plausible_text == "20 to 200 mmol/mol" and hba1c.hint == "20–200"
    assert form.field("blood_pressure").limits.high == 140  # Lorna is 78
    assert form.field("urine_acr").previous is None
    assert form.age == 78 and form.conditions == ("Type 2 diabetes", "Osteoarthritis", "Heart failure")
    assert form.appointment is None


def test_jack_gets_breathing_checks_and_his_trend(demo) -> None:
    jack = uuid_of(demo, JACK_NHS)
    form = results_form(demo, jack, TODAY)
    assert [f.code for f in form.fields] == catalogue_codes("copd", "depression")
    assert [p.value_text for p in trend(demo, jack, "fev1")] == ["2.1", "1.9"]


def test_a_height_comes_with_bmi_for_heart_failure_alone(demo) -> None:
    kind = load_reference_data().condition("heart-failure")
    with demo.transaction() as session:
        person = Patient(nhs_number="9990000999", given_name="Test", family_name="Heart", date_of_birth=dt.date(1940, 1, 1),
                         birth_month=1, conditions=[Condition(code=kind.code, snomed_id=kind.snomed, display=kind.name)])
        session.add(person)
        session.flush()
        uuid = person.uuid
    codes = [f.code for f in results_form(demo, uuid, TODAY).fields]
    assert {"weight", "bmi", "height"} <= set(codes) and "height" not in kind.results
    assert results_form(demo, uuid, TODAY).field("blood_pressure").limits.high == 150  # 86: the 80-and-over target


def test_readings_compare_with_the_target_for_the_age() -> None:
    reference = load_reference_data()
    bp, hba1c, potassium, egfr = (reference.result(c) for c in ("blood_pressure", "hba1c", "potassium", "egfr"))
    assert reading_of(bp, 145, 85, 78, True) == "above_target"
    assert reading_of(bp, 145, 85, 80, True) == "within_target"
    assert reading_of(bp, 138, 95, 85, True) == "above_target"  # the bottom number counts too
    assert reading_of(hba1c, 58, None, 50, False) == "within_target"  # limits are inclusive
    assert reading_of(potassium, 3.2, None, 50, True) == "below_target"
    assert reading_of(egfr, 52, None, 50, True) == "no_target"
    assert reading_of(egfr, 52, None, 50, False) == "first_result"
    assert target_limits(reference.result("smoking_status"), 50).empty


def checks(entries, **kw):
    values = {"taken_on": TODAY, "today": TODAY, "date_of_birth": dt.date(1948, 3, 14)} | kw
    return check_entries(load_reference_data(), entries, **values)


def test_impossible_values_are_refused_with_the_range_and_unusual_ones_flagged() -> None:
    found = checks({"hba1c": "900", "blood_pressure": "120/130", "egfr": "lots", "total_cholesterol": "9.5",
                    "potassium": "4.4", "smoking_status": "EX-SMOKER", "foot_risk": ""})
    assert found.refused["hba1c"] == "HbA1c must be between 20 and 200 mmol/mol."
    assert "top number" in found.refused["blood_pressure"]
    assert "1 to 200" in found.refused["egfr"]  # unreadable: says what it can be
    assert "unusual" in found.unusual["total_cholesterol"] and "total_cholesterol" in found.accepted
    assert found.accepted["smoking_status"].text == "ex-smoker"
    assert set(found.accepted) == {"total_cholesterol", "potassium", "smoking_status"}
    assert "foot_risk" not in found.accepted and "foot_risk" not in found.refused  # blank: left out


def test_bmi_from_height_and_weight_or_the_height_on_record() -> None:
    assert checks({"weight": "70.2", "height": "158"}).bmi == 28.1  # 70.2 / 1.58² = 28.12
    assert checks({"weight": "70.2"}, recorded_height=158.0).bmi == 28.1
    assert checks({"weight": "70.2"}).bmi is None
    assert checks({"weight": "70.2", "bmi": "99"}, recorded_height=158.0).accepted["bmi"].text == "28.1"
    assert "bmi" in checks({"weight": "40", "height": "200"}).unusual  # 10: possible, unusual


def test_dates_in_the_future_or_before_birth_are_refused() -> None:
    assert TAKEN_ON in checks({"hba1c": "50"}, taken_on=TODAY + dt.timedelta(days=1)).refused
    assert TAKEN_ON in checks({"hba1c": "50"}, taken_on=dt.date(1940, 1, 1)).refused


def test_saving_is_one_audited_transaction_with_entered_by(demo) -> None:
    lorna = uuid_of(demo, LORNA_NHS)
    before, events_before = count(demo, Result), count(demo, AuditEvent)
    saved = save_results(demo, lorna, {"hba1c": "61", "blood_pressure": "142/84", "weight": "70.2", "height": "158",
                                       "smoking_status": "never smoked", "foot_risk": ""}, TODAY, today=TODAY)
    assert saved.count == 6 and saved.bmi == 28.1
    assert saved.codes == ("hba1c", "blood_pressure", "weight", "height", "bmi", "smoking_status")  # catalogue order
    assert count(demo, Result) == before + 6
    with demo.reader() as session:
        rows = {r.code: r for r in session.scalars(select(Result).where(Result.uuid.in_(saved.uuids)))}
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.record_uuid.in_(saved.uuids))))
        patient_id = session.scalar(select(Patient.id).where(Patient.uuid == lorna))
    assert (rows["blood_pressure"].value, rows["blood_pressure"].value2) == (142, 84)
    assert rows["smoking_status"].value is None and rows["bmi"].value_text == "28.1" and rows["bmi"].unit == "kg/m²"
    assert {r.entered_by for r in rows.values()} == {demo.actor.user_uuid}
    assert {r.taken_on for r in rows.values()} == {TODAY}
    assert sorted((e.action, e.entity, e.patient_id, e.user_uuid) for e in events) == \
        [("created", "result", patient_id, demo.actor.user_uuid)] * 6
    assert count(demo, AuditEvent) == events_before + 6


def test_one_refused_value_saves_nothing_and_unusual_ones_wait_for_confirmation(demo) -> None:
    lorna = uuid_of(demo, LORNA_NHS)
    before, events_before = count(demo, Result), count(demo, AuditEvent)
    with pytest.raises(ResultsRefused) as refused:
        save_results(demo, lorna, {"hba1c": "900", "weight": "70"}, TODAY, today=TODAY)
    assert set(refused.value.problems) == {"hba1c"} and not refused.value.unusual
    with pytest.raises(ResultsRefused) as waiting:
        save_results(demo, lorna, {"hba1c": "140", "weight": "70"}, TODAY, today=TODAY)
    assert waiting.value.unusual and set(waiting.value.problems) == {"hba1c"}
    assert (count(demo, Result), count(demo, AuditEvent)) == (before, events_before)
    saved = save_results(demo, lorna, {"hba1c": "140"}, TODAY, confirmed={"hba1c"}, today=TODAY)
    assert saved.count == 1 and count(demo, Result) == before + 1
