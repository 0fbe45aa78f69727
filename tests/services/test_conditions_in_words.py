"""Issue 17: a condition not in the catalogue is recorded in the nurse's words with no code; cancer
is recorded with its site; the catalogue gains cancer, learning disability, Parkinson's disease,
multiple sclerosis, motor neurone disease and frailty with their SNOMED CT concept ids; and a
condition in words travels in the FHIR document as code.text only."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.exchange.fhir_resources import condition as fhir_condition
from careplan_desktop.models import Condition, Patient
from careplan_desktop.services.register.person import PersonForm, load_person, save_person
from tests.exchange.fhir_checks import r4_problems

TODAY = dt.date(2025, 6, 1)
CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "reference" / "conditions.json"
# SNOMED CT concept ids, as checked against published terminology (see docs/safety/incoming/folder.md)
NEW_CONDITIONS = {
    "cancer": "363346000",  # Malignant neoplastic disease
    "learning-disability": "110359009",  # Intellectual disability
    "parkinsons-disease": "49049000",  # Parkinson's disease
    "multiple-sclerosis": "24700007",  # Multiple sclerosis
    "motor-neurone-disease": "37340000",  # Motor neuron disease
    "frailty": "248279007",  # Frailty
}


def test_the_catalogue_gains_six_conditions_with_their_snomed_ct_ids() -> None:
    bundled = {c["code"]: c for c in json.loads(CATALOGUE.read_text(encoding="utf-8"))["conditions"]}
    for code, snomed in NEW_CONDITIONS.items():
        assert bundled[code]["snomed"] == snomed
    reference = load_reference_data()
    assert reference.condition("cancer").needs_site
    assert not reference.condition("frailty").needs_site
    assert [c.code for c in reference.search_conditions("parkin")] == ["parkinsons-disease"]


def _mary(conditions) -> PersonForm:
    return PersonForm(nhs_number="9434765919", given_name="Mary", family_name="Jones",
                      date_of_birth=dt.date(1948, 3, 5), conditions=conditions)


def test_a_condition_in_words_and_a_cancer_with_its_site_are_kept_as_recorded(vault) -> None:
    outcome = save_person(vault, _mary([("free-text:Ehlers-Danlos  syndrome", dt.date(1990, 1, 1)),
                                        ("cancer:bowel", dt.date(2024, 2, 1)), ("copd", None)]), today=TODAY)
    assert outcome.saved, outcome.problems
    with vault.reader() as session:
        rows = {c.code: c for c in session.scalars(select(Condition).join(Patient)
                                                    .where(Patient.nhs_number == "9434765919"))}
    words = rows["free-text"]
    assert (words.display, words.snomed_id, words.site) == ("Ehlers-Danlos syndrome", None, None)
    cancer = rows["cancer"]
    assert (cancer.display, cancer.snomed_id, cancer.site) == ("Cancer (bowel)", "363346000", "bowel")
    assert load_person(vault, outcome.patient_uuid).conditions == (
        ("free-text:Ehlers-Danlos syndrome", dt.date(1990, 1, 1)), ("cancer:bowel", dt.date(2024, 2, 1)),
        ("copd", None))

    # saving the same form again changes nothing; a second cancer at another site is its own condition
    again = save_person(vault, _mary([("free-text:ehlers-danlos syndrome", dt.date(1990, 1, 1)),
                                      ("cancer:bowel", dt.date(2024, 2, 1)), ("cancer:skin", None), ("copd", None)]),
                        today=TODAY, patient_uuid=outcome.patient_uuid)
    assert again.saved, again.problems
    with vault.reader() as session:
        assert sorted((c.code, c.site or c.display) for c in session.scalars(select(Condition))) == [
            ("cancer", "bowel"), ("cancer", "skin"), ("copd", "COPD (chronic obstructive pulmonary disease)"),
            ("free-text", "Ehlers-Danlos syndrome")]


def test_words_need_words_and_a_cancer_whose_site_is_not_known_yet_still_saves(vault) -> None:
    outcome = save_person(vault, _mary([("cancer", None)]), today=TODAY)  # as a register import brings it
    assert outcome.saved, outcome.problems
    with vault.reader() as session:
        assert session.execute(select(Condition.display, Condition.site)).all() == [("Cancer", None)]
    outcome = save_person(vault, _mary([("free-text:  ", None)]), today=TODAY)
    assert not outcome.saved
    assert outcome.problems["conditions"] == "Write the condition's name in words, or choose one from the catalogue."
    outcome = save_person(vault, _mary([("free-text:Gout", None), ("free-text:gout", None)]), today=TODAY)
    assert outcome.problems["conditions"] == "gout is listed twice."


def test_a_condition_in_words_travels_as_code_text_only_and_stays_valid_r4() -> None:
    patient = "0b1f7d0e-0000-4000-8000-000000000001"
    words = fhir_condition({"uuid": "0b1f7d0e-0000-4000-8000-000000000002", "snomed_id": None,
                            "display": "Ehlers-Danlos syndrome", "diagnosed_on": "1990-01-01"}, patient)
    assert words["code"] == {"text": "Ehlers-Danlos syndrome"}  # no coding: never a made-up code
    cancer = fhir_condition({"uuid": "0b1f7d0e-0000-4000-8000-000000000003", "snomed_id": "363346000",
                             "display": "Cancer (bowel)", "site": "bowel"}, patient)
    assert cancer["code"]["coding"] == [{"system": "http://snomed.info/sct", "code": "363346000",
                                         "display": "Cancer (bowel)"}]
    assert cancer["bodySite"] == [{"text": "bowel"}]
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in (words, cancer)]}
    assert r4_problems(bundle) == []


def test_recall_names_a_condition_in_words_and_counts_it(vault) -> None:
    from careplan_desktop.services.recall.birth_month import recall_cohort

    outcome = save_person(vault, PersonForm(nhs_number="9434765919", given_name="Mary", family_name="Jones",
                                            date_of_birth=dt.date(1950, 6, 10),  # due in June: her birth month
                                            conditions=[("free-text:Ehlers-Danlos syndrome", None), ("copd", None)]),
                          today=TODAY)
    assert outcome.saved, outcome.problems
    cohort = recall_cohort(vault, 2025, 6, today=TODAY)
    [mary] = [row for row in cohort.rows if row.uuid == outcome.patient_uuid]
    assert sorted(mary.conditions) == ["COPD (chronic obstructive pulmonary disease)", "Other condition, in words"]
    assert mary.uuid in next(g for g in cohort.by_condition if g.label == "Other condition, in words").patient_uuids
