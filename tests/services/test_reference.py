"""The reference catalogues (conditions.json, results.json) and their loader."""

from __future__ import annotations

import json
import os
import re

import pytest

from careplan_desktop.domain.paths import bundled_resources_dir
from careplan_desktop.domain.reference import (
    ReferenceData,
    ReferenceDataError,
    compute_bmi,
    load_reference_data,
    read_reference_data,
)

REQUIRED_CONDITIONS = {
    "diabetes-type-1", "diabetes-type-2", "copd", "asthma", "heart-failure", "hypertension",
    "chronic-kidney-disease", "coronary-heart-disease", "atrial-fibrillation", "stroke", "tia",
    "osteoarthritis", "rheumatoid-arthritis", "depression", "dementia", "epilepsy",
    "schizophrenia", "bipolar-disorder",
}
REQUIRED_RESULTS = {
    "hba1c", "blood_pressure", "total_cholesterol", "egfr", "urine_acr", "weight", "height", "bmi",
    "foot_risk", "retinal_screening", "smoking_status", "mrc_breathlessness", "fev1",
    "inhaler_technique", "potassium",
}


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An empty user data folder, so no real practice override can leak into a test."""
    monkeypatch.setenv("CAREPLAN_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def ref(data_dir) -> ReferenceData:
    return load_reference_data()


def _bundled(name: str) -> dict:
    return json.loads((bundled_resources_dir() / "reference" / name).read_text(encoding="utf-8"))


def _write(path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


# --- the bundled catalogues --------------------------------------------------------------------


def test_bundled_catalogues_have_everything_needed(ref):
    assert REQUIRED_CONDITIONS <= {c.code for c in ref.conditions}
    assert REQUIRED_RESULTS <= {r.code for r in ref.results}


def test_every_condition_has_a_digits_only_snomed_id(ref):
    for condition in ref.conditions:
        assert re.fullmatch(r"\d{6,18}", condition.snomed), condition.code
        assert condition.snomed_display and condition.plain


def test_every_result_a_condition_lists_exists(ref):
    known = {r.code for r in ref.results}
    for condition in ref.conditions:
        assert set(condition.results) <= known, condition.code


def test_result_snomed_ids_are_digits_or_null(ref):
    for result in ref.results:
        assert result.snomed is None or result.snomed.isdigit(), result.code


def test_measures_is_one_short_plain_sentence(ref):
    for result in ref.results:
        sentence = result.measures
        assert sentence.endswith(".") and sentence.count(".") == 1, result.code
        assert len(sentence.split()) <= 20, result.code


def test_dementia_and_serious_mental_illness_are_gp_led(ref):
    for code in ("dementia", "schizophrenia", "bipolar-disorder"):
        assert ref.condition(code).gp_led
    assert not ref.condition("diabetes-type-2").gp_led


def test_choice_results_have_choices_and_plain_words(ref):
    assert ref.result("smoking_status").choices == ("never smoked", "ex-smoker", "current smoker")
    assert ref.result("foot_risk").choices == ("low", "moderate", "high", "active")
    mrc = ref.result("mrc_breathlessness")
    assert mrc.choices == ("1", "2", "3", "4", "5")
    assert all(mrc.plain_choice(grade) != grade for grade in mrc.choices)


def test_bmi_is_computed_and_blood_pressure_target_has_numbers(ref):
    assert ref.result("bmi").computed
    target = ref.result("blood_pressure").target
    assert (target.systolic_max, target.diastolic_max) == (140, 90)
    assert ref.result("egfr").target is None


# --- lookups and search ------------------------------------------------------------------------


def test_lookups(ref):
    assert ref.condition("diabetes-type-2").snomed == "44054006"
    assert ref.condition_by_snomed("44054006").code == "diabetes-type-2"
    assert ref.condition_by_snomed("123") is None
    assert ref.result("hba1c").unit == "mmol/mol"
    with pytest.raises(KeyError):
        ref.condition("not-a-condition")


@pytest.mark.parametrize("text", ["diab", "DIAB", "4405", "type 2", "diabetes-type-2"])
def test_search_finds_type_2_diabetes(ref, text):
    assert "diabetes-type-2" in [c.code for c in ref.search_conditions(text)]


def test_search_puts_name_prefix_matches_first(ref):
    found = [c.code for c in ref.search_conditions("heart")]
    assert found[0] == "heart-failure"
    assert "coronary-heart-disease" in found
    assert [c.code for c in ref.search_conditions("4405")] == ["diabetes-type-2"]
    assert ref.search_conditions("zzzz") == []
    assert len(ref.search_conditions("  ")) == len(ref.conditions)


def test_results_for_conditions_is_a_stable_union_with_bmi(ref):
    codes = [r.code for r in ref.results_for_conditions(["heart-failure", "copd", "heart-failure", "nope"])]
    catalogue = [r.code for r in ref.results]
    assert codes == [c for c in catalogue if c in set(codes)]  # catalogue order, no repeats
    assert {"fev1", "potassium", "weight", "bmi"} <= set(codes)
    assert "bmi" in [r.code for r in ref.results_for_conditions(["dementia"])]  # dementia lists weight only
    assert ref.results_for_conditions([]) == []


# --- value checks -------------------------------------------------------------------------------


def test_hba1c_checks(ref):
    impossible = ref.check_value("hba1c", "900")
    assert impossible.status == "impossible"
    assert impossible.message == "HbA1c must be between 20 and 200 mmol/mol."
    unusual = ref.check_value("hba1c", "150")  # usual range is 30 to 130
    assert unusual.status == "unusual" and "check" in unusual.message
    assert unusual.value == 150
    ok = ref.check_value("hba1c", " 53 ")
    assert (ok.status, ok.value, ok.text) == ("ok", 53, "53")
    assert ref.check_value("hba1c", "75").status == "ok"  # high for a target, but not a typing error
    assert ref.check_value("hba1c", "fifty").status == "invalid"
    assert ref.check_value("hba1c", "").status == "invalid"


def test_blood_pressure_checks(ref):
    ok = ref.check_value("blood_pressure", "138/82")
    assert (ok.status, ok.systolic, ok.diastolic, ok.text) == ("ok", 138, 82, "138/82")
    assert ref.check_value("blood_pressure", "138 / 82").text == "138/82"
    impossible = ref.check_value("blood_pressure", "300/20")
    assert impossible.status == "impossible"
    assert "60 and 260" in impossible.message and "30 and 160" in impossible.message
    assert ref.check_value("blood_pressure", "80/95").status == "impossible"  # top below bottom
    assert ref.check_value("blood_pressure", "210/100").status == "unusual"
    assert ref.check_value("blood_pressure", "138").status == "invalid"


def test_choice_and_qualified_number_checks(ref):
    check = ref.check_value("foot_risk", "Moderate")
    assert (check.status, check.text) == ("ok", "moderate")
    wrong = ref.check_value("foot_risk", "medium")
    assert wrong.status == "invalid" and "low, moderate, high, active" in wrong.message
    egfr = ref.check_value("egfr", ">90")
    assert (egfr.status, egfr.value, egfr.text) == ("ok", 90, ">90")


def test_compute_bmi():
    assert compute_bmi(70, 170) == 24.2  # 70 / 1.7² = 24.22
    assert compute_bmi(100, 200) == 25.0
    assert ReferenceData.compute_bmi(70, 170) == 24.2
    with pytest.raises(ValueError):
        compute_bmi(70, 0)


# --- loading, overrides and validation ------------------------------------------------------------


def test_practice_override_is_used_instead_of_the_bundled_file(data_dir):
    conditions = _bundled("conditions.json")
    conditions["conditions"].append({
        "code": "practice-only", "name": "Practice condition", "snomed": "1234567", "snomed_display": "Test",
        "plain": "a test condition", "flags": [], "results": ["weight"],
    })
    _write(data_dir / "resources" / "reference" / "conditions.json", conditions)
    ref = load_reference_data()
    assert ref.condition("practice-only").name == "Practice condition"
    assert ref.result("hba1c").name == "HbA1c"  # results still come from the bundled file


def test_loading_is_cached_until_the_file_changes(data_dir):
    path = data_dir / "resources" / "reference" / "conditions.json"
    conditions = _bundled("conditions.json")
    _write(path, conditions)
    first = load_reference_data()
    assert load_reference_data() is first
    conditions["conditions"][0]["name"] = "Renamed"
    _write(path, conditions)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    second = load_reference_data()
    assert second is not first
    assert second.conditions[0].name == "Renamed"


def test_missing_field_names_the_file_and_entry(data_dir):
    path = data_dir / "resources" / "reference" / "results.json"
    results = _bundled("results.json")
    del results["results"][3]["unit"]  # egfr
    _write(path, results)
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data()
    message = str(error.value)
    assert str(path) in message and "result entry 4 ('egfr')" in message and "'unit'" in message


def test_condition_listing_an_unknown_result_is_refused(tmp_path):
    conditions = _bundled("conditions.json")
    conditions["conditions"][0]["results"].append("not-a-result")
    _write(tmp_path / "conditions.json", conditions)
    _write(tmp_path / "results.json", _bundled("results.json"))
    with pytest.raises(ReferenceDataError, match="not-a-result"):
        read_reference_data(tmp_path / "conditions.json", tmp_path / "results.json")


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda c: c.update(snomed="44O54006"), "'snomed'"),  # letter O, not zero
        (lambda c: c.update(flags=["housebound"]), "'flags'"),
        (lambda c: c.pop("plain"), "'plain'"),
    ],
)
def test_bad_condition_entries_are_refused(tmp_path, change, words):
    conditions = _bundled("conditions.json")
    change(conditions["conditions"][1])
    _write(tmp_path / "conditions.json", conditions)
    _write(tmp_path / "results.json", _bundled("results.json"))
    with pytest.raises(ReferenceDataError) as error:
        read_reference_data(tmp_path / "conditions.json", tmp_path / "results.json")
    assert "condition entry 2 ('diabetes-type-2')" in str(error.value) and words in str(error.value)


def test_unreadable_file_is_a_reference_data_error(tmp_path):
    (tmp_path / "conditions.json").write_text("{ not json", encoding="utf-8")
    _write(tmp_path / "results.json", _bundled("results.json"))
    with pytest.raises(ReferenceDataError, match="cannot be read"):
        read_reference_data(tmp_path / "conditions.json", tmp_path / "results.json")
