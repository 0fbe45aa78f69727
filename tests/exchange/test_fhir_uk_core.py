"""Issue 17, section 5: a FHIR document a practice system recognises. Each UK Core R4 rule is
checked on the documents a real export writes, and each document stays valid base R4. The
URLs and codes below are written out by hand from NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN
(structuredefinitions/, codesystems/), not read from the code under test."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.fhir import write_plan_document
from careplan_desktop.models import PlanVersion, VersionStatus
from careplan_desktop.services.demo.case_studies import JAMES_NHS, LORNA_NHS

from .fhir_checks import check_document, r4_problems
from .helpers import person, unseal_bundle

SD = "https://fhir.hl7.org.uk/StructureDefinition/"
HEADINGS = "https://fhir.hl7.org.uk/CodeSystem/UKCore-RecordStandardHeadings"
LOCAL = "urn:careplan-desktop:CodeSystem:plan-section"
#: every heading of UKCore-RecordStandardHeadings this document uses (each checked in that CodeSystem)
UK_CORE_HEADINGS = {"person-demographics", "gp-practice", "individual-requirements", "plan", "diagnoses",
                    "investigation-results", "aim-goal", "actions", "medications-and-medical-devices",
                    "professional-contacts", "consent-for-information-sharing", "advance-statement",
                    "review-appointment", "outcome"}
PROFILED = {"Bundle", "Composition", "Patient", "Organization", "CarePlan", "CareTeam", "Condition", "Observation",
            "MedicationStatement", "Consent", "DocumentReference", "Practitioner", "Device"}


@pytest.fixture(scope="module")
def documents(shared_pair):
    path = export_bundle(shared_pair.hub, shared_pair.usb, scope="all").path
    entries, _, _ = unseal_bundle(path, shared_pair.key_file)
    found = [json.loads(data) for name, data in entries.items() if name.startswith("fhir/")]
    assert len(found) == 2  # Lorna's and James's agreed plans
    return found


def _all(document, kind):
    return [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == kind]


def _one(document, kind):
    [resource] = _all(document, kind)
    return resource


def _of(documents, nhs):
    return next(d for d in documents if _one(d, "Patient")["identifier"][0]["value"] == nhs)


def test_every_document_stays_valid_base_r4(documents):
    for document in documents:
        assert r4_problems(document) == []
        assert check_document(document) == []


def test_the_nhs_number_carries_its_verification_status_present_but_not_traced(documents):
    for document in documents:
        [identifier] = _one(document, "Patient")["identifier"]
        assert identifier["system"] == "https://fhir.nhs.uk/Id/nhs-number"
        assert len(identifier["value"]) == 10 and identifier["value"].isdigit()
        [extension] = identifier["extension"]
        assert extension["url"] == SD + "Extension-UKCore-NHSNumberVerificationStatus"
        # "01" only after a trace against the national register: this app never traces a number
        assert extension["valueCodeableConcept"]["coding"] == [{
            "system": "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland",
            "code": "02", "display": "Number present but not traced"}]


def test_the_practice_is_an_organization_with_its_ods_code_as_gp_and_custodian(documents):
    for document in documents:
        practice = _one(document, "Organization")
        assert practice["identifier"] == [{"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "Z99999"}]
        reference = f"urn:uuid:{practice['id']}"
        assert [g["reference"] for g in _one(document, "Patient")["generalPractitioner"]] == [reference]
        assert _one(document, "Composition")["custodian"]["reference"] == reference


def test_every_section_is_coded_with_a_record_heading_or_the_stated_local_code(documents):
    codes = {}  # the two documents' sections together: a title always has the same code
    for document in documents:
        sections = _one(document, "Composition")["section"]
        for section in sections:
            [coding] = section["code"]["coding"]
            assert coding["system"] in (HEADINGS, LOCAL) and coding["display"]
            if coding["system"] == HEADINGS:
                assert coding["code"] in UK_CORE_HEADINGS
            assert codes.setdefault(section["title"], (coding["system"], coding["code"])) == (coding["system"], coding["code"])
        by_code = {s["code"]["coding"][0]["code"]: s for s in sections}
        patient, practice = _one(document, "Patient"), _one(document, "Organization")
        assert [e["reference"] for e in by_code["person-demographics"]["entry"]] == [f"urn:uuid:{patient['id']}"]
        assert [e["reference"] for e in by_code["gp-practice"]["entry"]] == [f"urn:uuid:{practice['id']}"]
    assert codes["My goals"] == (HEADINGS, "aim-goal")
    assert codes["My plan: what I will do, support and actions"] == (HEADINGS, "actions")
    assert codes["Who was involved"] == (HEADINGS, "professional-contacts")
    assert codes["Review"] == (HEADINGS, "review-appointment")
    assert codes["What matters to me"] == (LOCAL, "about-me")  # About me: no UK Core heading
    assert codes["When I am unwell"] == (LOCAL, "contingency-plan")  # nor for the contingency plan


def test_each_resource_with_a_uk_core_profile_claims_it(documents):
    for document in documents:
        assert document["meta"]["profile"] == [SD + "UKCore-Bundle"]
        for entry in document["entry"]:
            resource = entry["resource"]
            kind = resource["resourceType"]
            if kind in PROFILED:
                assert SD + f"UKCore-{kind}" in resource["meta"]["profile"], kind
            else:
                assert kind == "Goal" and "meta" not in resource  # UK Core has no Goal profile


def test_the_review_is_planned_as_prsb_records_it(shared_pair, documents):
    with shared_pair.hub.reader() as session:
        review_date = session.scalar(select(PlanVersion.review_date).where(
            PlanVersion.patient_id == person(session, LORNA_NHS).id, PlanVersion.status == VersionStatus.AGREED.value))
    assert review_date is not None
    plan = _one(_of(documents, LORNA_NHS), "CarePlan")
    [review] = [a["detail"] for a in plan["activity"] if "code" in a["detail"]]
    assert review["code"]["coding"] == [{"system": "http://snomed.info/sct", "code": "425268008",
                                         "display": "Review of care plan"}]
    assert review["status"] == "scheduled" and review["scheduledPeriod"]["start"] == review_date.isoformat()
    assert _of(documents, JAMES_NHS)  # both documents are there


def test_how_the_person_communicates_is_in_individual_requirements_and_the_document_stays_valid(pair, tmp_path):
    with pair.hub.transaction() as session:
        lorna = person(session, LORNA_NHS)
        lorna.interpreter_language, lorna.large_print = "Polish", True
    out = write_plan_document(pair.hub, LORNA_NHS, tmp_path / "lorna.json", confirmed=True, printout=False)
    document = json.loads(out.read_text())
    assert check_document(document) == []
    [needs] = [s for s in _one(document, "Composition")["section"]
               if s["code"]["coding"][0] == {"system": HEADINGS, "code": "individual-requirements",
                                             "display": "Individual requirements"}]
    assert "Large print" in needs["text"]["div"] and "Needs an interpreter: Polish" in needs["text"]["div"]
    # UK Core binds Patient.communication.language to coded languages; the language is said here instead
    assert "communication" not in _one(document, "Patient")
    assert dt.date.fromisoformat(_one(document, "Patient")["birthDate"])
