"""One FHIR R4 `document` Bundle per agreed plan version.

The Composition comes first and carries the plan's sections (what matters to me, purpose,
conditions, results, goals, what I will do, support, actions, when I am unwell, medicines, who
was involved, sharing, budget, review, printout); then Patient (NHS number, UK Core profile),
Condition (SNOMED CT), Observation, CarePlan, Goal, CareTeam, MedicationStatement, Consent,
DocumentReference (the yellow-folder PDF, when one was made), the author, and the practice
(Organization, with its ODS code; the Composition's custodian).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from careplan_desktop.models import Patient, PlanVersion, VersionStatus
from careplan_desktop.domain.dates import local_date
from careplan_desktop.domain.nhs_number import InvalidNhsNumber, is_stored_form, normalise

from careplan_desktop.store.private_files import write_private
from . import fhir_resources as r
from .errors import ExchangeError
from .plan_snapshot import PlanSnapshot


STORED_NHS_NUMBER = (
    "A person's NHS number, as stored, is not a valid NHS number (it may hold characters that only look like "
    "digits). Open their details, type the NHS number again with the number keys 0-9 and save; then export again."
)


def _reference_data():
    try:
        from careplan_desktop.domain.reference import load_reference_data

        return load_reference_data()
    except Exception:  # a broken practice override must not stop a document
        return None


def _result_kind(reference, code: str):
    try:
        return reference.result(code) if reference else None
    except KeyError:
        return None


def _latest_results(results: list[dict], on_or_before: str) -> list[dict]:
    """The latest of each result taken on or before the day the plan was agreed: the results
    talked about then, never one taken later (none at all when every result is later)."""
    chosen: dict[str, dict] = {}
    for result in sorted(results, key=lambda x: (x["taken_on"], x["uuid"])):
        if result["taken_on"] <= on_or_before:
            chosen[result["code"]] = result
    return list(chosen.values())


def _agreed_day(moment: str) -> str:
    """The day on this computer's calendar of a stored (naive UTC) moment, as printouts date it."""
    return local_date(dt.datetime.fromisoformat(moment)).isoformat()


def _progress(s: PlanSnapshot) -> dict[str, tuple[str | None, str | None]]:
    out = {g["uuid"]: (g.get("progress"), g.get("progress_note")) for g in s.part("goal")}
    for review in sorted(s.reviews, key=lambda x: (x["reviewed_on"], x["uuid"])):
        for entry in review.get("goal_progress") or []:
            if isinstance(entry, dict) and entry.get("goal_uuid") in out and entry.get("progress"):
                out[entry["goal_uuid"]] = (str(entry["progress"]), entry.get("note"))
    return out


def _activities(s: PlanSnapshot, patient_id: str) -> list[dict]:
    goal_ids = {g["uuid"] for g in s.part("goal")}

    def serves(item: dict) -> list[dict]:  # CarePlan.activity.detail.goal: the goals it serves
        return [r.ref(uuid) for uuid in item.get("goal_uuids") or () if uuid in goal_ids]

    out = []
    for a in s.part("action"):
        detail = {"kind": "Task", "status": r.ACTION_STATUS.get((a.get("status") or "").lower(), "unknown"),
                  "description": a["what"], "scheduledString": f"By {a['due_on']}" if a.get("due_on") else None,
                  "performer": [{"display": a["who"]}] if a.get("who") else [], "goal": serves(a)}
        out.append({"detail": detail})
    for item in s.part("self_care_action"):
        out.append({"detail": {"status": "in-progress", "description": item["text"], "performer": [r.ref(patient_id)],
                               "goal": serves(item)}})
    for item in s.part("support_service"):
        text = ": ".join(x for x in (item["name"], item.get("details")) if x)
        out.append({"detail": {"kind": "ServiceRequest", "status": r.SUPPORT_STATUS.get(item.get("status") or "", "unknown"),
                               "description": text, "goal": serves(item)}})
    for item in s.part("information_prescription"):
        text = f"Information given: {item['topic']}" + (f" ({item['source']})" if item.get("source") else "")
        out.append({"detail": {"kind": "CommunicationRequest", "status": "completed", "description": text}})
    return out


def _plan_status(s: PlanSnapshot) -> str:
    if s.version["status"] == VersionStatus.SUPERSEDED.value:
        return "revoked"
    if s.patient.get("care_status") == "self_care":
        return "completed"
    return "active"


def plan_document(s: PlanSnapshot, reference: Any = None) -> dict:
    """The FHIR R4 document Bundle for one agreed (or superseded) plan version."""
    reference = reference if reference is not None else _reference_data()
    v, p = s.version, s.patient
    if not is_stored_form(p["nhs_number"]):
        raise ExchangeError(STORED_NHS_NUMBER)
    pid, vid = p["uuid"], v["uuid"]
    when = r.instant(v.get("agreed_at") or v["changed_at"])
    agreed_on = _agreed_day(v.get("agreed_at") or v["changed_at"])
    author_id, team_id = r.derived_id(vid, "author"), r.derived_id(vid, "care-team")
    conditions = [r.condition(c, pid) for c in s.conditions]
    by_code = {c["code"]: c["uuid"] for c in s.conditions}
    observations = [r.observation(x, pid, _result_kind(reference, x["code"])) for x in _latest_results(s.results, agreed_on)]
    progress = _progress(s)
    goal_parts = s.part("goal")  # in the person's order
    goals = [r.goal(g, pid, [by_code[c] for c in (g.get("addresses") or []) if c in by_code], *progress[g["uuid"]],
                    v.get("started_on"), r.goal_priority(g.get("importance"), rank, len(goal_parts)))
             for rank, g in enumerate(goal_parts, start=1)]
    medicines = [r.medication_statement(m, pid, agreed_on) for m in s.part("medication")]
    team = r.care_team(team_id, pid, s.part("participant"), p.get("lead_professional"))
    consents = [r.consent(r.derived_id(vid, "consent"), pid, s.part("sharing_consent"), when)] if s.part("sharing_consent") else []
    printouts = [r.document_reference(r.derived_id(vid, "printout"), pid, base64.b64encode(s.pdf).decode("ascii"), when,
                                      v["status"] == VersionStatus.AGREED.value)] if s.pdf else []
    care_plan = r._clean({
        "resourceType": "CarePlan", "id": vid, "status": _plan_status(s), "intent": "plan",
        "category": [{"coding": [r.CARE_PLAN_CODING], "text": "Personalised care and support plan"}],
        "title": f"Personalised care and support plan, version {v['number']}",
        "description": v.get("purpose"), "subject": r.ref(pid), "period": {"start": agreed_on}, "created": when,
        "author": r.ref(author_id), "careTeam": [r.ref(team_id)],
        "addresses": [r.ref(c["id"]) for c in conditions], "goal": [r.ref(g["id"]) for g in goals],
        "activity": [*_activities(s, pid), r.review_activity(v.get("review_date"), v.get("review_method"))],
        "note": [{"text": text} for text in _contingency_lines(s)],
    })
    author = r.author(author_id, v.get("agreed_by_clinician"))
    practice = [r.organization(s.practice)] if s.practice and s.practice.get("name") else []
    person = r.uk_core_patient(r.patient(p), practice[0]["id"] if practice else None)
    sections = _sections(s, conditions, observations, goals, care_plan, medicines, team, consents, printouts,
                         person, practice)
    composition = r._clean({
        "resourceType": "Composition", "id": r.derived_id(vid, "composition"), "status": "final",
        "type": {"coding": [r.CARE_PLAN_CODING | {"display": "Care plan"}, r.PLAN_OF_CARE_NOTE],
                 "text": "Personalised care and support plan"},
        "subject": r.ref(pid), "date": when, "author": [r.ref(author_id)],
        "title": f"Personalised care and support plan, version {v['number']}",
        "attester": [{"mode": "personal", "time": when, "party": r.ref(pid)}]
        + ([{"mode": "professional", "time": when, "party": r.ref(author_id)}] if v.get("agreed_by_clinician") else []),
        "section": sections,
    })
    if practice:
        composition["custodian"] = r.ref(practice[0]["id"], practice[0]["name"])
    resources = [composition, person, author, *practice, care_plan, team, *conditions, *observations, *goals,
                 *medicines, *consents, *printouts]
    resources = [r.uk_core(resource) for resource in resources]  # UK Core R4 profiles, where UK Core has one
    return {
        "resourceType": "Bundle", "id": r.derived_id(vid, "document"), "meta": {"profile": [r.UK_CORE + "Bundle"]},
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{r.derived_id(vid, 'document')}"},
        "type": "document", "timestamp": when,
        "entry": [{"fullUrl": f"urn:uuid:{res['id']}", "resource": res} for res in resources],
    }


def _contingency_lines(s: PlanSnapshot) -> list[str]:
    lines = []
    for c in s.part("contingency_plan"):
        lines += [f"Warning signs: {c['warning_signs']}" if c.get("warning_signs") else None,
                  f"What I do: {c['what_i_do']}" if c.get("what_i_do") else None,
                  f"What others do: {c['what_others_do']}" if c.get("what_others_do") else None]
    for c in s.part("contingency_contact"):
        lines.append(f"Who to call: {c['name']}" + "".join(f", {x}" for x in (c.get("phone"), c.get("hours"), c.get("when_to_call")) if x))
    for risk in s.part("risk"):
        lines.append(f"Risk: {risk['description']}" + (f" ({risk['agreed_approach']})" if risk.get("agreed_approach") else ""))
    return [line for line in lines if line]


def _sections(s, conditions, observations, goals, care_plan, medicines, team, consents, printouts, person,
              practice) -> list[dict]:
    """The Composition's sections, each coded with its UK Core record heading (PRSB) or, where UK
    Core has none (About me, the contingency plan, the budget, the printout), this app's own code."""
    v = s.version
    pounds = lambda pence: f"£{pence / 100:,.2f}"  # noqa: E731
    budget = [f"Personal health budget: {pounds(b['amount_pence'])}, {b['management']}" for b in s.part("personal_health_budget")]
    budget += [f"{b['category']}: {b['description']}, {pounds(b['amount_pence'])}" for b in s.part("budget_line")]
    review = [f"Review by {v['review_date']}" if v.get("review_date") else None,
              f"How: {v['review_method']}" if v.get("review_method") else None]
    outcomes = [f"Reviewed on {x['reviewed_on']}: {x['outcome']}" + (f". {x['what_changed']}" if x.get("what_changed") else "")
                for x in sorted(s.reviews, key=lambda x: x["reviewed_on"])]
    confidence = [f"Confidence to manage my health: {c['score']} out of 10 ({c['recorded_on']})" for c in s.part("confidence_score")]
    p = s.patient
    demographics = [f"{p['given_name']} {p['family_name']}, born {p['date_of_birth']}, NHS number {p['nhs_number']}"]
    plan = [
        ("person-demographics", "My details", demographics, [person]),
        ("gp-practice", "GP practice", [x.get("name") for x in practice], practice),
        ("about-me", "What matters to me", [v.get("what_matters"), v.get("story_new"), v.get("story_good"),
                                            v.get("story_tough"), v.get("communication_preferences"), *confidence], []),
        ("individual-requirements", "How I communicate and what helps me", _individual_requirements(p), []),
        ("plan", "Purpose of this plan", [v.get("purpose"), v.get("information_beforehand")], []),
        ("diagnoses", "My conditions", [c["code"]["text"] for c in conditions], conditions),
        ("investigation-results", "My results", [_observation_line(o) for o in observations], observations),
        ("aim-goal", "My goals", [g["description"]["text"] for g in goals], goals),
        ("actions", "My plan: what I will do, support and actions",
         [a["detail"]["description"] for a in care_plan.get("activity", [])], [care_plan]),
        ("contingency-plan", "When I am unwell", [*_contingency_lines(s), v.get("risk_discussion")], []),
        ("medications-and-medical-devices", "My medicines and equipment", [m["medicationCodeableConcept"]["text"] for m in medicines]
         + [f"Equipment: {e['name']}" for e in s.part("equipment")], medicines),
        ("professional-contacts", "Who was involved",
         [x["name"] + (f" ({x['role']})" if x.get("role") else "") for x in s.part("participant")]
         + [v.get("carer_involvement"), v.get("carer_needs")], [team]),
        ("consent-for-information-sharing", "Sharing my plan",
         [f"{r.RECIPIENTS.get(c['recipient'], c['recipient'])}: {'yes' if c.get('consented') else 'no'}"
          for c in s.part("sharing_consent")], consents),
        ("personal-health-budget", "My personal health budget", budget, []),
        ("advance-statement", "End of life and advance care preferences", [v.get("end_of_life_preferences")], []),
        ("review-appointment", "Review", review, []),
        ("outcome", "How my plan went", outcomes, []),
        ("printed-plan", "My printed plan", ["The yellow-folder printout of this plan."] if printouts else [], printouts),
    ]
    out = []
    for code, title, lines, entries in plan:
        if not any(lines) and not entries:
            continue
        out.append(r._clean({"title": title, "code": r.section_code(code), "text": r.narrative(lines),
                             "entry": [r.ref(e["id"]) for e in entries]}))
    return out


def _individual_requirements(p: dict) -> list[str]:
    """What helps the person communicate and get care, as the record holds it."""
    needs = [label for flag, label in (("large_print", "Large print"), ("easy_read", "Easy read"),
                                       ("bsl", "British Sign Language"), ("braille", "Braille"),
                                       ("needs_companion", "Needs someone with them"), ("housebound", "Housebound"))
             if p.get(flag)]
    if p.get("interpreter_language"):
        needs.append(f"Needs an interpreter: {p['interpreter_language']}")
    return [*needs, p.get("communication_other")]


def _observation_line(o: dict) -> str:
    name = o["code"].get("text", "")
    if "valueQuantity" in o:
        return f"{name}: {o['valueQuantity']['value']:g} {o['valueQuantity'].get('unit', '')}".strip()
    if "component" in o:
        return f"{name}: {o['component'][0]['valueQuantity']['value']:g}/{o['component'][1]['valueQuantity']['value']:g} mmHg"
    return f"{name}: {o.get('valueString', '')}"


# -- one person's current plan as a plain file -------------------------------------------------
def current_agreed_version(session, nhs_number: str) -> PlanVersion:
    try:
        number = normalise(nhs_number)
    except InvalidNhsNumber as error:
        raise ExchangeError(str(error)) from None
    patient = session.scalar(select(Patient).where(Patient.nhs_number == number))
    if patient is None:
        raise ExchangeError("No one on the register has that NHS number.")
    version = session.scalar(
        select(PlanVersion).where(PlanVersion.patient_id == patient.id, PlanVersion.status == VersionStatus.AGREED.value)
        .order_by(PlanVersion.agreed_at.desc(), PlanVersion.number.desc(), PlanVersion.id.desc()).limit(1))
    if version is None:
        raise ExchangeError("This person has no agreed plan yet: only an agreed plan can be sent as a FHIR document.")
    return version


UNENCRYPTED_WARNING = (
    "This writes the person's care plan as a plain, UNENCRYPTED file: anyone who can open the file can read it. "
    "Only write it to a secure destination."
)


def write_plan_document(vault, nhs_number: str, out: Path, *, confirmed: bool, printout: bool = True) -> Path:
    """One person's current agreed plan as a plain FHIR R4 document (JSON). The caller must have
    warned that it is unencrypted and had that confirmed."""
    from careplan_desktop.models import record_event

    from .snapshots import load_snapshots

    if not confirmed:
        raise ExchangeError(UNENCRYPTED_WARNING + " Add --yes to confirm.")
    with vault.reader() as session:
        version = current_agreed_version(session, nhs_number)
        version_uuid, patient_id = version.uuid, version.patient_id
    snapshot = load_snapshots(vault, [version_uuid], printouts=printout)[0]
    document = plan_document(snapshot)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_private(out, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))  # owner only
    with vault.transaction() as session:
        record_event(session, "plan exported as FHIR", "plan_version", version_uuid, patient_id=patient_id,
                     details={"unencrypted": True})
    return out
