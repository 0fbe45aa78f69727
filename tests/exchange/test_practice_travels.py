"""Issue 13 §1: the practice's details travel in plan bundles like any other shared record, and
the FHIR document carries the practice as an Organization with its ODS code."""

from __future__ import annotations

import dataclasses
import json

from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.services.demo.case_mix import DEMO_PRACTICE
from careplan_desktop.services.practice.details import read_practice, save_practice

from ..signing_in import sign_in_as
from .fhir_checks import check_document
from .helpers import unseal_bundle

ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"


def test_a_change_to_the_practice_travels_and_the_document_names_the_practice_by_its_ods_code(pair):
    changed = dataclasses.replace(read_practice(pair.hub), phone="0191 496 0555", ods_code="B82005",
                                  letters_signed_by="Dr Asha Patel, GP")
    save_practice(sign_in_as(pair.hub, "Sam Porter"), changed)  # settings are an administrator's
    path = export_bundle(pair.hub, pair.usb, scope="all").path
    entries, _, _ = unseal_bundle(path, pair.key_file)
    import_bundle(pair.laptop, path)
    there = read_practice(pair.laptop)
    assert (there.phone, there.ods_code, there.letters_signed_by) == ("0191 496 0555", "B82005", "Dr Asha Patel, GP")
    assert there.name == DEMO_PRACTICE.name and there.uuid == read_practice(pair.hub).uuid

    documents = [json.loads(data) for name, data in entries.items() if name.startswith("fhir/")]
    assert documents
    for document in documents:
        assert check_document(document) == []
        [organization] = [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "Organization"]
        assert organization["identifier"] == [{"system": ODS_SYSTEM, "value": "B82005"}]
        assert organization["name"] == DEMO_PRACTICE.name
        assert organization["telecom"][0]["value"] == "0191 496 0555"
        composition = document["entry"][0]["resource"]
        assert composition["custodian"]["reference"] == f"urn:uuid:{organization['id']}"
