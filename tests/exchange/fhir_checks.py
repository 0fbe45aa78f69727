"""Checks of a FHIR R4 document Bundle. First the R4 (4.0.1) definitions themselves, through
Google's FHIR R4 library (a test dependency, built from the official R4 package it ships):
every element known to R4, required elements present, codes in the value sets R4 binds as
required, primitives well formed, references to allowed types. Then the invariants of the
resources we write (bdl-*, cmp-*, con-*, ...), cardinalities and codes, by hand."""

from __future__ import annotations

import base64
import json
import re

from google.fhir.core.fhir_errors import InvalidFhirError
from google.fhir.r4 import json_format
from google.fhir.r4.proto.core.resources.bundle_and_contained_resource_pb2 import Bundle as R4Bundle

UUID_URL = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATETIME = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$")
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
T = "http://terminology.hl7.org/CodeSystem/"
REQUIRED = {
    ("Composition", "status"): {"preliminary", "final", "amended", "entered-in-error"},
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
    ("Observation", "status"): {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                                "entered-in-error", "unknown"},
    ("CarePlan", "status"): {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    ("CarePlan", "intent"): {"proposal", "plan", "order", "option"},
    ("Goal", "lifecycleStatus"): {"proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
                                  "entered-in-error", "rejected"},
    ("CareTeam", "status"): {"proposed", "active", "suspended", "inactive", "entered-in-error"},
    ("MedicationStatement", "status"): {"active", "completed", "entered-in-error", "intended", "stopped", "on-hold",
                                        "unknown", "not-taken"},
    ("Consent", "status"): {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"},
    ("DocumentReference", "status"): {"current", "superseded", "entered-in-error"},
    ("DocumentReference", "docStatus"): {"preliminary", "final", "amended", "entered-in-error"},
}
MANDATORY = {
    "Composition": ("status", "type", "date", "author", "title"),
    "Patient": ("identifier",),
    "Condition": ("subject", "code"),
    "Observation": ("status", "code", "subject"),
    "CarePlan": ("status", "intent", "subject"),
    "Goal": ("lifecycleStatus", "description", "subject"),
    "MedicationStatement": ("status", "medicationCodeableConcept", "subject"),
    "Consent": ("status", "scope", "category"),
    "DocumentReference": ("status", "content"),
    "CareTeam": (),
    "Practitioner": (),
    "Device": (),
    "Organization": ("name",),
}
ACTIVITY_STATUS = {"not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped", "unknown",
                   "entered-in-error"}
ACTIVITY_KIND = {"Appointment", "CommunicationRequest", "DeviceRequest", "MedicationRequest", "NutritionOrder", "Task",
                 "ServiceRequest", "VisionPrescription"}
CONDITION_CLINICAL = {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}
CONDITION_VERIFICATION = {"unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error"}
GOAL_ACHIEVEMENT = {"in-progress", "improving", "worsening", "no-change", "achieved", "sustaining", "not-achieved",
                    "no-progress", "not-attainable"}


def _walk(value, path=""):
    if isinstance(value, dict):
        yield path, value
        for key, child in value.items():
            yield from _walk(child, f"{path}.{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, f"{path}[{index}]")


def _codes(concept: dict | None, system: str) -> set[str]:
    return {c.get("code") for c in (concept or {}).get("coding", []) if c.get("system") == system}


def r4_problems(resource: dict) -> list[str]:
    """What the FHIR R4 definitions refuse in a Bundle (the first problem they meet), or []."""
    try:
        json_format.json_fhir_string_to_proto(json.dumps(resource), R4Bundle, validate=True)
    except (InvalidFhirError, ValueError) as error:
        return [f"not valid FHIR R4: {error}"]
    return []


def check_document(bundle: dict) -> list[str]:
    problems: list[str] = r4_problems(bundle)
    fail = problems.append
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "document":
        fail("not a document Bundle")
    if not (bundle.get("identifier", {}).get("system") and bundle.get("identifier", {}).get("value")):
        fail("bdl-9: a document must have an identifier with a system and a value")
    if not INSTANT.match(bundle.get("timestamp", "")):
        fail("bdl-10: a document must have a date (timestamp as an instant)")
    if "total" in bundle:
        fail("bdl-1: total only in search or history")
    entries = bundle.get("entry") or []
    if not entries or entries[0].get("resource", {}).get("resourceType") != "Composition":
        fail("bdl-11: a document must have a Composition as the first resource")
    urls = [e.get("fullUrl") for e in entries]
    if len(set(urls)) != len(urls):
        fail("bdl-7: fullUrl must be unique")
    for entry in entries:
        if not UUID_URL.match(entry.get("fullUrl", "")):
            fail(f"fullUrl is not urn:uuid: {entry.get('fullUrl')}")
        if any(k in entry for k in ("request", "response", "search")):
            fail("bdl-2/3/4: request, response or search in a document entry")
        if "resource" not in entry:
            fail("bdl-5: an entry must have a resource")
    for path, node in _walk(bundle):
        for key, value in node.items():
            if value in ("", [], {}, None):
                fail(f"ele-1: empty element {path}.{key}")
        if "reference" in node and isinstance(node["reference"], str) and node["reference"] not in urls:
            fail(f"unresolved reference {node['reference']} at {path}")
    for entry in entries:
        resource = entry.get("resource", {})
        problems += [f"{resource.get('resourceType')}: {p}" for p in _check_resource(resource)]
        if resource.get("id") and entry.get("fullUrl") != f"urn:uuid:{resource['id']}":
            fail("fullUrl and resource id disagree")
    return problems


def _check_resource(r: dict) -> list[str]:
    problems: list[str] = []
    fail = problems.append
    kind = r.get("resourceType")
    if kind not in MANDATORY:
        return [f"unexpected resource {kind}"]
    if not ID.match(r.get("id", "")):
        fail("id is not a FHIR id")
    for name in MANDATORY[kind]:
        if name not in r:
            fail(f"{name} is required (1..)")
    for (resource, name), allowed in REQUIRED.items():
        if resource == kind and name in r and r[name] not in allowed:
            fail(f"{name} {r[name]!r} is not in the required value set")
    for path, node in _walk(r):
        if "text" in node and isinstance(node.get("text"), dict) and "div" in node["text"]:
            narrative = node["text"]
            if not narrative["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">') or \
                    narrative.get("status") not in {"generated", "extensions", "additional", "empty"}:
                fail(f"txt-1/status: bad narrative at {path}")
    if kind == "Composition":
        if not DATETIME.match(r.get("date", "")):
            fail("date is not a dateTime")
        for section in r.get("section", []):
            if not (section.get("text") or section.get("entry") or section.get("section")):
                fail("cmp-1: a section needs text, entries or sections")
            if section.get("emptyReason") and section.get("entry"):
                fail("cmp-2: emptyReason only when empty")
        for attester in r.get("attester", []):
            if attester.get("mode") not in {"personal", "professional", "legal", "official"}:
                fail("attester.mode not in the required value set")
    if kind == "Patient":
        numbers = [i for i in r.get("identifier", []) if i.get("system") == "https://fhir.nhs.uk/Id/nhs-number"]
        if not numbers or not re.fullmatch(r"\d{10}", numbers[0].get("value", "")):
            fail("no NHS number under https://fhir.nhs.uk/Id/nhs-number")
        if "birthDate" in r and not DATE.match(r["birthDate"]):
            fail("birthDate is not a date")
    if kind == "Condition":
        verification = _codes(r.get("verificationStatus"), T + "condition-ver-status")
        clinical = _codes(r.get("clinicalStatus"), T + "condition-clinical")
        problem_list = "problem-list-item" in {c for cat in r.get("category", []) for c in _codes(cat, T + "condition-category")}
        if problem_list and "entered-in-error" not in verification and not clinical:
            fail("con-3: clinicalStatus required for a problem-list item")
        if any(k.startswith("abatement") for k in r) and not clinical & {"inactive", "resolved", "remission"}:
            fail("con-4: abatement needs an inactive clinicalStatus")
        if "entered-in-error" in verification and r.get("clinicalStatus"):
            fail("con-5: no clinicalStatus when entered-in-error")
        if not clinical <= CONDITION_CLINICAL or not verification <= CONDITION_VERIFICATION:
            fail("clinical or verification status outside its required value set")
        if not _codes(r.get("code"), "http://snomed.info/sct"):
            fail("no SNOMED CT code")
    if kind == "Observation":
        has_value = any(k.startswith("value") for k in r)
        if "dataAbsentReason" in r and has_value:
            fail("obs-6: dataAbsentReason only without a value")
        codes = {(c.get("system"), c.get("code")) for c in r.get("code", {}).get("coding", [])}
        for component in r.get("component", []):
            if codes & {(c.get("system"), c.get("code")) for c in component.get("code", {}).get("coding", [])} and has_value:
                fail("obs-7: no value when a component has the observation's code")
        for path, node in _walk(r):
            if path.endswith("valueQuantity") and "code" in node and "system" not in node:
                fail("qty-3: a unit code needs a system")
    if kind == "CarePlan":
        for activity in r.get("activity", []):
            if "reference" in activity and "detail" in activity:
                fail("cpl-3: reference or detail, not both")
            detail = activity.get("detail")
            if detail is not None:
                if detail.get("status") not in ACTIVITY_STATUS:
                    fail("activity.detail.status missing or outside its required value set")
                if "kind" in detail and detail["kind"] not in ACTIVITY_KIND:
                    fail("activity.detail.kind outside its required value set")
    if kind == "Goal":
        if not _codes(r.get("achievementStatus"), T + "goal-achievement") <= GOAL_ACHIEVEMENT:
            fail("achievementStatus code unknown")
        for target in r.get("target", []):
            if any(k.startswith("detail") for k in target) and "measure" not in target:
                fail("gol-1: target.measure required with target.detail")
    if kind == "CareTeam":
        for participant in r.get("participant", []):
            if "onBehalfOf" in participant:
                fail("ctm-1: onBehalfOf only for a Practitioner member")
    if kind == "Consent":
        if not (r.get("policy") or r.get("policyRule")):
            fail("ppc-1: a policy or a policyRule is required")
        scopes = _codes(r.get("scope"), T + "consentscope")
        if scopes & {"patient-privacy", "research", "adr", "treatment"} and "patient" not in r:
            fail("ppc-2..5: a patient is required for this scope")

        def provisions(p):
            yield p
            for child in p.get("provision", []):
                yield from provisions(child)

        for provision in provisions(r.get("provision", {})):
            if provision and provision.get("type") not in (None, "deny", "permit"):
                fail("provision.type outside its required value set")
    if kind == "DocumentReference":
        for content in r.get("content", []):
            attachment = content.get("attachment", {})
            if "data" in attachment and "contentType" not in attachment:
                fail("att-1: data needs a contentType")
            if "data" in attachment and not base64.b64decode(attachment["data"]).startswith(b"%PDF-"):
                fail("attachment is not a PDF")
    return problems
