"""FHIR R4 resources for one plan version, built from the records' travelling form (dicts).

Codes come from the value sets R4 binds as required (status codes) and from SNOMED CT, LOINC
and UCUM. References are `urn:uuid:` full URLs within the document Bundle.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid as uuid_module
from typing import Any, Iterable

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
UK_CORE_PATIENT = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"
TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"
CARE_PLAN_CODING = {"system": SNOMED, "code": "734163000", "display": "Care plan"}
PLAN_OF_CARE_NOTE = {"system": LOINC, "code": "18776-5", "display": "Plan of care note"}
NAMESPACE = uuid_module.UUID("6f0e2c1a-8d5b-4c1e-9a57-2f4d3b8e7c10")

UCUM_UNITS = {"mmol/mol": "mmol/mol", "mmHg": "mm[Hg]", "mmol/L": "mmol/L", "mL/min/1.73m²": "mL/min/{1.73_m2}",
              "mg/mmol": "mg/mmol", "kg": "kg", "cm": "cm", "kg/m²": "kg/m2", "litres": "L"}
OBSERVATION_CATEGORY = {"blood_pressure": "vital-signs", "weight": "vital-signs", "height": "vital-signs",
                        "bmi": "vital-signs", "smoking_status": "social-history", "mrc_breathlessness": "survey",
                        "fev1": "procedure", "foot_risk": "exam", "retinal_screening": "exam",
                        "inhaler_technique": "exam"}
GOAL_LIFECYCLE = {"active": "active", "achieved": "completed", "no longer wanted": "cancelled"}
GOAL_ACHIEVEMENT = {"achieved": "achieved", "partly": "improving", "partly achieved": "improving",
                    "not yet": "in-progress", "in progress": "in-progress", "worse": "worsening",
                    "no change": "no-change"}
ACTION_STATUS = {"not started": "not-started", "in progress": "in-progress", "started": "in-progress",
                 "done": "completed", "completed": "completed", "cancelled": "cancelled", "stopped": "stopped"}
SUPPORT_STATUS = {"offered": "not-started", "taken up": "in-progress", "refused": "cancelled"}
GENDERS = {"female", "male", "other", "unknown"}
RECIPIENTS = {"carer": "my carer", "gp_practice": "my GP practice",
              "out_of_hours": "out-of-hours and ambulance services", "social_care": "social care",
              "hospital": "hospital"}


def derived_id(version_uuid: str, what: str) -> str:
    return str(uuid_module.uuid5(NAMESPACE, f"{version_uuid}/{what}"))


def ref(resource_id: str, display: str | None = None) -> dict:
    out = {"reference": f"urn:uuid:{resource_id}"}
    if display:
        out["display"] = display
    return out


def instant(value: str | None) -> str | None:
    """An ISO datetime from the vault (naive UTC) as a FHIR dateTime with its zone."""
    if not value:
        return None
    return dt.datetime.fromisoformat(value).replace(microsecond=0).isoformat() + "+00:00"


def narrative(paragraphs: Iterable[str | None]) -> dict:
    body = "".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs if p and p.strip())
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body or "<p>None recorded.</p>"}</div>'}


def concept(system: str, code: str, display: str | None = None, text: str | None = None) -> dict:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    out: dict[str, Any] = {"coding": [coding]}
    if text:
        out["text"] = text
    return out


def _clean(resource: dict) -> dict:
    """Drop empty elements: FHIR forbids empty strings, lists and objects."""
    out = {}
    for key, value in resource.items():
        if isinstance(value, dict):
            value = _clean(value)
        elif isinstance(value, list):
            value = [_clean(v) if isinstance(v, dict) else v for v in value]
            value = [v for v in value if v not in (None, "", {}, [])]
        if value not in (None, "", {}, []):
            out[key] = value
    return out


def patient(p: dict) -> dict:
    return _clean({
        "resourceType": "Patient", "id": p["uuid"],
        "meta": {"profile": [UK_CORE_PATIENT]},
        "identifier": [{"system": NHS_NUMBER, "value": p["nhs_number"]}],
        "name": [{"use": "official", "family": p["family_name"], "given": [p["given_name"]],
                  "prefix": [p["title"]] if p.get("title") else []}]
                + ([{"use": "usual", "given": [p["preferred_name"]]}] if p.get("preferred_name") else []),
        "telecom": [{"system": "phone", "value": p["phone"], "use": "home"}] if p.get("phone") else [],
        "gender": p["sex"] if p.get("sex") in GENDERS else "unknown",
        "birthDate": p["date_of_birth"],
        # recorded as died (register status): the date, so no receiving system takes them as alive
        "deceasedDateTime": p.get("register_status_on") if p.get("register_status") == "died" else None,
        "address": [{"use": "home", "text": p.get("address"), "postalCode": p.get("postcode")}]
        if p.get("address") or p.get("postcode") else [],
        "communication": [{"language": {"text": p["interpreter_language"]}, "preferred": True}]
        if p.get("interpreter_language") else [],
    })


def condition(c: dict, patient_id: str) -> dict:
    return _clean({
        "resourceType": "Condition", "id": c["uuid"],
        "clinicalStatus": concept(TERMINOLOGY + "condition-clinical", "active", "Active"),
        "verificationStatus": concept(TERMINOLOGY + "condition-ver-status", "confirmed", "Confirmed"),
        "category": [concept(TERMINOLOGY + "condition-category", "problem-list-item", "Problem List Item")],
        # a condition not in the catalogue travels in words only (code.text), never with a made-up code
        "code": concept(SNOMED, c["snomed_id"], c["display"], c["display"]) if c.get("snomed_id")
        else {"text": c["display"]},
        "bodySite": [{"text": c["site"]}] if c.get("site") else [],
        "subject": ref(patient_id),
        "onsetDateTime": c.get("diagnosed_on"),
    })


def observation(r: dict, patient_id: str, kind: Any | None) -> dict:
    """`kind` is the results catalogue entry (ResultType) when the code is known."""
    name = kind.name if kind else r["code"].replace("_", " ")
    code = concept(SNOMED, kind.snomed, name, name) if kind and kind.snomed else {"text": name}
    resource: dict[str, Any] = {
        "resourceType": "Observation", "id": r["uuid"], "status": "final",
        "category": [concept(TERMINOLOGY + "observation-category", OBSERVATION_CATEGORY.get(r["code"], "laboratory"))],
        "code": code, "subject": ref(patient_id), "effectiveDateTime": r["taken_on"],
    }
    if r["code"] == "blood_pressure" and r.get("value") is not None and r.get("value2") is not None:
        resource["code"] = {"coding": [{"system": LOINC, "code": "85354-9", "display": "Blood pressure panel"}]
                            + code.get("coding", []), "text": name}
        resource["component"] = [
            {"code": {"coding": [{"system": LOINC, "code": loinc, "display": label},
                                 {"system": SNOMED, "code": snomed, "display": label}]},
             "valueQuantity": {"value": value, "unit": "mmHg", "system": UCUM, "code": "mm[Hg]"}}
            for loinc, snomed, label, value in (("8480-6", "271649006", "Systolic blood pressure", r["value"]),
                                                ("8462-4", "271650006", "Diastolic blood pressure", r["value2"]))
        ]
    elif r.get("value") is not None and (kind is None or kind.kind == "number"):
        quantity: dict[str, Any] = {"value": r["value"]}
        if r.get("unit"):
            quantity["unit"] = r["unit"]
            if r["unit"] in UCUM_UNITS:
                quantity.update(system=UCUM, code=UCUM_UNITS[r["unit"]])
        resource["valueQuantity"] = quantity
    else:
        resource["valueString"] = r["value_text"]
    return _clean(resource)


GOAL_PRIORITY = "http://terminology.hl7.org/CodeSystem/goal-priority"


def goal_priority(importance: int | None, rank: int, of: int) -> dict:
    """Goal.priority from the person's ranking: their place in the person's order, and the 1-10
    importance when they gave one (8-10 high, 4-7 medium, 1-3 low)."""
    text = f"Ranked {rank} of {of} by the person" + (f"; matters {importance} out of 10" if importance else "")
    if not importance:
        return {"text": text}
    code = "high-priority" if importance >= 8 else "medium-priority" if importance >= 4 else "low-priority"
    return concept(GOAL_PRIORITY, code, text=text)


def goal(g: dict, patient_id: str, condition_ids: list[str], progress: str | None, note: str | None, start: str | None,
         priority: dict | None = None) -> dict:
    achievement = None
    if progress:
        code = GOAL_ACHIEVEMENT.get(progress.lower())
        achievement = concept(TERMINOLOGY + "goal-achievement", code, text=progress) if code else {"text": progress}
    return _clean({
        "resourceType": "Goal", "id": g["uuid"],
        "lifecycleStatus": GOAL_LIFECYCLE.get((g.get("status") or "active").lower(), "active"),
        "achievementStatus": achievement,
        "priority": priority,
        "description": {"text": g["text"]},
        "subject": ref(patient_id),
        "startDate": start,
        "expressedBy": ref(patient_id),
        "addresses": [ref(i) for i in condition_ids],
        "note": ([{"text": f"The need it answers, in the person's words: {g['need']}"}] if g.get("need") else [])
        + ([{"text": note}] if note else []),
    })


def medication_statement(m: dict, patient_id: str, asserted: str | None) -> dict:
    dosage = ", ".join(x for x in (m.get("dose"), m.get("when")) if x)
    return _clean({
        "resourceType": "MedicationStatement", "id": m["uuid"], "status": "active",
        "medicationCodeableConcept": {"text": m["name"]},
        "subject": ref(patient_id),
        "dateAsserted": asserted,
        "reasonCode": [{"text": m["purpose"]}] if m.get("purpose") else [],
        "dosage": [{"text": dosage}] if dosage else [],
        "note": [{"text": f"Kept in the {m['colour']} container"}] if m.get("colour") else [],
    })


def care_team(team_id: str, patient_id: str, participants: list[dict], lead: str | None) -> dict:
    members = []
    for p in participants:
        member = ref(patient_id, p["name"]) if (p.get("role") or "").lower() == "the person" else {"display": p["name"]}
        role = [{"text": p["role"]}] if p.get("role") else []
        if p.get("is_lead"):
            role.append({"text": "named lead professional"})
        members.append({"role": role, "member": member})
    if lead and not any(p.get("is_lead") for p in participants):
        members.append({"role": [{"text": "named lead professional"}], "member": {"display": lead}})
    return _clean({"resourceType": "CareTeam", "id": team_id, "status": "active", "name": "People involved in this plan",
                   "subject": ref(patient_id), "participant": members})


def consent(consent_id: str, patient_id: str, choices: list[dict], when: str | None) -> dict:
    nested = [{
        "type": "permit" if c.get("consented") else "deny",
        "actor": [{"role": concept(TERMINOLOGY + "v3-ParticipationType", "IRCP", "information recipient"),
                   "reference": {"display": RECIPIENTS.get(c["recipient"], c["recipient"].replace("_", " "))}}],
        "action": [concept(TERMINOLOGY + "consentaction", "disclose", "Disclose")],
    } for c in choices]
    return _clean({
        "resourceType": "Consent", "id": consent_id, "status": "active",
        "scope": concept(TERMINOLOGY + "consentscope", "patient-privacy", "Privacy Consent"),
        "category": [concept(LOINC, "59284-0", "Patient Consent")],
        "patient": ref(patient_id), "dateTime": when,
        "policyRule": concept(TERMINOLOGY + "v3-ActCode", "OPTIN", "opt-in"),
        "provision": {"type": "deny", "provision": nested},
    })


def document_reference(doc_id: str, patient_id: str, pdf_base64: str, when: str | None, current: bool) -> dict:
    return _clean({
        "resourceType": "DocumentReference", "id": doc_id, "status": "current" if current else "superseded",
        "docStatus": "final",
        "type": {"coding": [PLAN_OF_CARE_NOTE], "text": "Yellow-folder care plan printout"},
        "subject": ref(patient_id), "date": when,
        "content": [{"attachment": {"contentType": "application/pdf", "language": "en-GB", "data": pdf_base64,
                                    "title": "My care plan (yellow folder)"}}],
    })


ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code"


def organization(practice: dict) -> dict:
    """The practice, with its ODS code when it has one (an older vault's may not yet)."""
    lines = [part.strip() for part in re.split(r"[\n,]", practice.get("address") or "") if part.strip()]
    return _clean({
        "resourceType": "Organization", "id": practice["uuid"], "active": True,
        "identifier": [{"system": ODS_CODE, "value": practice["ods_code"]}] if practice.get("ods_code") else [],
        "name": practice.get("name"),
        "telecom": [{"system": "phone", "value": practice["phone"], "use": "work"}] if practice.get("phone") else [],
        "address": [{"use": "work", "line": lines}] if lines else [],
    })


def author(author_id: str, clinician: str | None) -> dict:
    if clinician:
        return {"resourceType": "Practitioner", "id": author_id, "name": [{"text": clinician}]}
    return {"resourceType": "Device", "id": author_id,
            "deviceName": [{"name": "CarePlan Desktop", "type": "user-friendly-name"}]}


# -- UK Core R4 and the PRSB headings (issue 17, section 5) -------------------------------------
UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-"
#: the resources this document writes that have a UK Core profile (UK Core has no Goal profile)
UK_CORE_PROFILED = frozenset({"Bundle", "CarePlan", "CareTeam", "Composition", "Condition", "Consent", "Device",
                              "DocumentReference", "MedicationStatement", "Observation", "Organization", "Patient",
                              "Practitioner"})
NHS_NUMBER_VERIFICATION = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus"
NHS_NUMBER_VERIFICATION_ENGLAND = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland"
#: "01" only for a number verified by a trace (PDS); this app checks the check digit but traces nothing
NUMBER_NOT_TRACED = ("02", "Number present but not traced")
RECORD_HEADINGS = "https://fhir.hl7.org.uk/CodeSystem/UKCore-RecordStandardHeadings"
#: this app's own section codes, for the sections UK Core has no record heading for
PLAN_SECTION = "urn:careplan-desktop:CodeSystem:plan-section"
HEADINGS = {  # code -> display, as in CodeSystem-UKCore-RecordStandardHeadings
    "person-demographics": "Person demographics", "gp-practice": "GP practice",
    "individual-requirements": "Individual requirements", "plan": "Plan", "diagnoses": "Diagnoses",
    "investigation-results": "Investigation results", "aim-goal": "Aim/goal", "actions": "Actions",
    "medications-and-medical-devices": "Medications and medical devices", "professional-contacts": "Professional contacts",
    "consent-for-information-sharing": "Consent for information sharing", "advance-statement": "Advance statement",
    "review-appointment": "Review appointment", "outcome": "Outcome",
}
LOCAL_SECTIONS = {"about-me": "About me", "contingency-plan": "Contingency plan",
                  "personal-health-budget": "Personal health budget", "printed-plan": "Printed plan"}
REVIEW_OF_CARE_PLAN = {"system": SNOMED, "code": "425268008", "display": "Review of care plan"}


def uk_core(resource: dict) -> dict:
    """The resource claiming its UK Core profile, where UK Core has one."""
    kind = resource.get("resourceType")
    if kind in UK_CORE_PROFILED:
        profiles = [p for p in (resource.get("meta") or {}).get("profile", []) if p != UK_CORE + kind]
        resource["meta"] = {**(resource.get("meta") or {}), "profile": [UK_CORE + kind, *profiles]}
    return resource


def nhs_number_identifier(number: str) -> dict:
    """The NHS number with its verification status (England): present, not traced."""
    code, display = NUMBER_NOT_TRACED
    return {"extension": [{"url": NHS_NUMBER_VERIFICATION,
                           "valueCodeableConcept": concept(NHS_NUMBER_VERIFICATION_ENGLAND, code, display)}],
            "system": NHS_NUMBER, "value": number}


def section_code(code: str) -> dict:
    """A Composition section's code: a UK Core record heading, or this app's own where none fits."""
    if code in HEADINGS:
        return concept(RECORD_HEADINGS, code, HEADINGS[code])
    return concept(PLAN_SECTION, code, LOCAL_SECTIONS[code])


def uk_core_patient(resource: dict, practice_id: str | None) -> dict:
    """UK Core's Patient: the NHS number's verification status, the GP practice. The language for
    an interpreter is said in the document's individual requirements (UK Core binds a coded
    language, which this app does not hold)."""
    resource["identifier"] = [nhs_number_identifier(i["value"]) if i.get("system") == NHS_NUMBER else i
                              for i in resource.get("identifier", [])]
    resource.pop("communication", None)
    if practice_id:
        resource["generalPractitioner"] = [ref(practice_id)]
    return resource


def review_activity(review_date: str | None, method: str | None) -> dict | None:
    """The planned review of the plan, as PRSB records it (SNOMED CT 425268008 Review of care plan)."""
    if not review_date:
        return None
    return _clean({"detail": {"kind": "Appointment", "code": {"coding": [REVIEW_OF_CARE_PLAN], "text": "Review of my plan"},
                              "status": "scheduled", "scheduledPeriod": {"start": review_date},
                              "description": f"Review by {review_date}" + (f" ({method})" if method else "")}})
