"""What the workspace reads when it opens a person: run as one job off the GUI thread.

No Qt here, and no SQL: only service calls, returning plain frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplan_desktop.services.directory.entries import DirectoryItem, list_directory
from careplan_desktop.services.planning.agreement import VersionSummary, versions_of
from careplan_desktop.services.planning.versions import PlanDraft, current_draft, load_version, start_draft
from careplan_desktop.domain.reference import ReferenceData, load_reference_data
from careplan_desktop.services.register.listing import PersonOverview, open_person
from careplan_desktop.store import Vault


@dataclass(frozen=True)
class ResultRow:
    """A latest result beside the plan: the value, when, and the target in plain words."""

    name: str
    value: str
    taken_on: dt.date
    target: str


@dataclass(frozen=True)
class Opening:
    person: PersonOverview
    draft: PlanDraft | None  # the draft in progress, if there is one
    last_agreed: VersionSummary | None
    agreed_draft: PlanDraft | None  # the person's own last agreed version, read-only
    results: tuple[ResultRow, ...]
    conditions: tuple[tuple[str, str], ...]  # (catalogue code, name)
    directory: tuple[DirectoryItem, ...]


def _reference() -> ReferenceData | None:
    try:
        return load_reference_data()
    except Exception:  # a broken practice override must not stop a consultation opening
        return None


def result_rows(person: PersonOverview, reference: ReferenceData | None) -> tuple[ResultRow, ...]:
    rows = []
    for result in person.latest_results:
        target = ""
        if reference is not None:
            try:
                kind = reference.result(result.code)
            except KeyError:
                kind = None
            if kind is not None and kind.target is not None:
                target = kind.target.text
        rows.append(ResultRow(result.name, f"{result.value_text} {result.unit}".strip(), result.taken_on, target))
    return tuple(rows)


def condition_codes(person: PersonOverview, reference: ReferenceData | None) -> tuple[tuple[str, str], ...]:
    found = []
    for line in person.conditions:
        kind = reference.condition_by_snomed(line.snomed_id) if reference is not None else None
        found.append((kind.code if kind is not None else line.display, line.display))
    return tuple(found)


def load_opening(vault: Vault, patient_uuid: str, today: dt.date) -> Opening:
    """The person's overview (opening it is audited), their draft if any, their last agreed
    version, their results with targets, and the local directory."""
    person = open_person(vault, patient_uuid, today)
    draft = current_draft(vault, patient_uuid)
    agreed = [v for v in versions_of(vault, patient_uuid) if v.status == "agreed"]
    last_agreed = max(agreed, key=lambda v: v.number) if agreed else None
    agreed_draft = load_version(vault, last_agreed.uuid) if last_agreed is not None else None
    if agreed_draft is not None and agreed_draft.patient_uuid != patient_uuid:  # never another person's plan
        agreed_draft = None
    reference = _reference()
    return Opening(
        person=person, draft=draft, last_agreed=last_agreed, agreed_draft=agreed_draft,
        results=result_rows(person, reference), conditions=condition_codes(person, reference),
        directory=tuple(list_directory(vault)),
    )


#: plan text a new draft copies from the last agreed version (services.planning.rows.CARRIED_TEXT)
CARRIED_TEXT_PATHS = ("about_me.what_matters", "about_me.communication_preferences", "purpose", "risk_discussion",
                      "safeguarding_concern", "carer_involvement", "carer_needs", "end_of_life_preferences",
                      "review_method", "future_care.choice", "plan_title")


def _value(draft: PlanDraft, path: str) -> str:
    for part in path.split("."):
        draft = getattr(draft, part)
    return draft  # type: ignore[return-value]


def carried_text(draft: PlanDraft, agreed: PlanDraft | None) -> frozenset[str]:
    """The text fields of `draft` still exactly as in the agreed version it grew from."""
    if agreed is None or draft.parent_uuid != agreed.version_uuid or draft.patient_uuid != agreed.patient_uuid:
        return frozenset()
    return frozenset(path for path in CARRIED_TEXT_PATHS
                     if str(_value(draft, path)).strip() and _value(draft, path) == _value(agreed, path))


def begin_draft(vault: Vault, patient_uuid: str, from_last_agreed: bool, today: dt.date) -> PlanDraft:
    """Start the person's next version: from their own last agreed plan, or blank."""
    return start_draft(vault, patient_uuid, from_last_agreed=from_last_agreed, today=today)
