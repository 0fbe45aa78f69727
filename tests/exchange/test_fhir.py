"""Every FHIR document in an export is valid R4 (structure, cardinalities, required codes,
invariants), with the NHS number system and SNOMED CT codes; the bundle file itself shows no
names or NHS numbers."""

from __future__ import annotations

import copy
import json

import pytest

from careplan_desktop.app import main
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.snapshots import printout_renderer
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS
from tests.conftest import TEST_PASSPHRASE

from .fhir_checks import check_document, r4_problems
from .helpers import SECRETS, unseal_bundle


@pytest.fixture(scope="module")
def exported(shared_pair):
    path = export_bundle(shared_pair.hub, shared_pair.usb, scope="all").path
    entries, _, _ = unseal_bundle(path, shared_pair.key_file)
    documents = {name: json.loads(data) for name, data in entries.items() if name.startswith("fhir/")}
    return path, entries, documents


def _resources(document, kind):
    return [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == kind]


def test_every_document_is_structurally_valid_r4(exported):
    _, entries, documents = exported
    assert len(documents) == 2  # Lorna's and James's agreed plans; Jack's is a draft
    for name, document in documents.items():
        assert check_document(document) == [], name
        assert name == f"fhir/{_resources(document, 'CarePlan')[0]['id']}.json"


def test_documents_validate_against_the_r4_definitions(exported):
    for name, document in exported[2].items():
        assert r4_problems(document) == [], name


@pytest.mark.parametrize(("kind", "change", "refused"), [
    ("Patient", lambda r: r.update(gender="mail"), "AdministrativeGender"),
    ("CarePlan", lambda r: r.pop("intent"), "CarePlan.intent"),
    ("Patient", lambda r: r.update(birthDate="1948-13-45"), "pattern"),
    ("Goal", lambda r: r.update(outcome="better"), "outcome"),  # an element R4 does not have
])
def test_the_r4_check_refuses_what_r4_does_not_allow(exported, kind, change, refused):
    document = copy.deepcopy(next(iter(exported[2].values())))
    change(next(e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == kind))
    [problem] = r4_problems(document)
    assert refused in problem
    assert problem in check_document(document)


def test_nhs_number_snomed_and_the_plan_are_there(exported):
    documents = exported[2].values()
    lorna = next(d for d in documents if _resources(d, "Patient")[0]["identifier"][0]["value"] == LORNA_NHS)
    patient = _resources(lorna, "Patient")[0]
    assert [(i["system"], i["value"]) for i in patient["identifier"]] == [("https://fhir.nhs.uk/Id/nhs-number", LORNA_NHS)]
    assert "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient" in patient["meta"]["profile"]
    snomed = {c["code"] for x in _resources(lorna, "Condition") for c in x["code"]["coding"] if c["system"] == "http://snomed.info/sct"}
    from careplan_desktop.domain.reference import load_reference_data

    reference = load_reference_data()
    assert snomed == {reference.condition(c).snomed for c in ("diabetes-type-2", "osteoarthritis", "heart-failure")}
    plan = _resources(lorna, "CarePlan")[0]
    assert (plan["status"], plan["intent"]) == ("active", "plan")
    assert len(plan["goal"]) == 2 and len(plan["addresses"]) == 3
    actions = [a for a in plan["activity"] if a["detail"].get("code", {}).get("coding", [{}])[0].get("code") != "425268008"]
    review = [a for a in plan["activity"] if a not in actions]
    assert {a["detail"]["status"] for a in actions} <= {"not-started", "in-progress", "completed"}
    # the planned review of the plan (PRSB; SNOMED CT 425268008) is booked for its date, not begun
    assert [a["detail"]["status"] for a in review] == ["scheduled"]
    assert len(_resources(lorna, "MedicationStatement")) == 4 and len(_resources(lorna, "Goal")) == 2
    consent = _resources(lorna, "Consent")[0]
    assert {p["type"] for p in consent["provision"]["provision"]} == {"permit"}
    observations = _resources(lorna, "Observation")
    assert any(o.get("valueQuantity", {}).get("code") == "mmol/mol" for o in observations)
    assert any("component" in o for o in observations)
    composition = _resources(lorna, "Composition")[0]
    assert lorna["entry"][0]["resource"] is composition or lorna["entry"][0]["resource"] == composition
    titles = [s["title"] for s in composition["section"]]
    assert "My goals" in titles and "When I am unwell" in titles and "My medicines and equipment" in titles
    if printout_renderer() is not None:
        assert len(_resources(lorna, "DocumentReference")) == 1


def test_an_agreed_version_carries_only_the_results_talked_about_when_it_was_agreed(exported):
    # Lorna's demo results: HbA1c 62 taken 200 days ago, 58 taken 12 days ago; her plan was agreed 85 days ago
    for document in exported[2].values():
        agreed_on = _resources(document, "CarePlan")[0]["period"]["start"]
        taken = [o["effectiveDateTime"] for o in _resources(document, "Observation")]
        assert all(day <= agreed_on for day in taken), (agreed_on, taken)
    lorna = next(d for d in exported[2].values() if _resources(d, "Patient")[0]["identifier"][0]["value"] == LORNA_NHS)
    hba1c = [o["valueQuantity"]["value"] for o in _resources(lorna, "Observation")
             if o.get("valueQuantity", {}).get("code") == "mmol/mol"]
    assert hba1c == [62]


def test_no_result_is_sent_with_a_plan_agreed_before_every_result():
    from careplan_desktop.exchange.fhir import _latest_results

    results = [{"uuid": "a", "code": "hba1c", "taken_on": "2026-11-20"}, {"uuid": "b", "code": "weight", "taken_on": "2026-11-21"}]
    assert _latest_results(results, "2026-11-19") == []
    assert [r["uuid"] for r in _latest_results(results, "2026-11-20")] == ["a"]


def test_the_bundle_file_shows_no_names_or_nhs_numbers(exported):
    data = exported[0].read_bytes().lower()
    assert [s for s in SECRETS if s.lower() in data] == []
    assert exported[0].name.startswith("careplan-") and LORNA_NHS not in exported[0].name


def test_export_fhir_refuses_without_yes_then_writes_a_valid_document(shared_pair, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", TEST_PASSPHRASE)
    vault = str(shared_pair.folder / "hub.vault")
    shared_pair.hub.lock()
    try:
        out = tmp_path / "lorna.json"
        assert main(["export-fhir", "--vault", vault, "--nhs-number", LORNA_NHS, "--out", str(out)]) == 2
        assert "UNENCRYPTED" in capsys.readouterr().err and not out.exists()
        assert main(["export-fhir", "--vault", vault, "--nhs-number", LORNA_NHS, "--out", str(out), "--yes"]) == 0
        assert check_document(json.loads(out.read_text())) == []
        assert main(["export-fhir", "--vault", vault, "--nhs-number", JACK_NHS, "--out", str(tmp_path / "j.json"), "--yes"]) == 2
        assert "no agreed plan" in capsys.readouterr().err
    finally:
        from careplan_desktop.store import Vault

        shared_pair.hub = Vault.unlock(shared_pair.folder / "hub.vault", TEST_PASSPHRASE)


def test_fhir_refuses_an_nhs_number_in_look_alike_digits(pair, tmp_path):
    from sqlalchemy import update

    from careplan_desktop.exchange import ExchangeError
    from careplan_desktop.exchange.fhir import STORED_NHS_NUMBER, write_plan_document
    from careplan_desktop.models import Patient

    out = tmp_path / "lorna.json"
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in LORNA_NHS)  # Lorna's number in full-width digits
    with pytest.raises(ExchangeError, match="ordinary number keys 0-9"):
        write_plan_document(pair.hub, wide, out, confirmed=True, printout=False)
    assert not out.exists()
    # a number stored before such digits were refused is never written into a FHIR document
    with pair.hub.transaction() as session:
        session.execute(update(Patient).where(Patient.nhs_number == LORNA_NHS).values(nhs_number=wide))
    with pytest.raises(ExchangeError) as refused:
        export_bundle(pair.hub, pair.usb, scope="all", printouts=False)
    assert str(refused.value) == STORED_NHS_NUMBER
    assert list(pair.usb.glob("*.cpb")) == []
