"""Between stored plan rows and `PlanDraft`: reading a version, writing a draft's differences,
and copying an agreed version's parts into a new draft.

Writing compares each section with what is stored, by part uuid: a changed part has only its
changed fields set, a new one is added, a missing one deleted, and an untouched row is left
alone, so the audit trail (written by the flush rules) names exactly what changed.
Internal to the planning services; callers use `planning`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplan_desktop.models import (
    Action, BudgetLine, ConfidenceScore, ContingencyContact, ContingencyPlan, Equipment, Goal,
    InformationPrescription, Medication, Participant, PersonalHealthBudget, PlanPart, PlanVersion,
    Risk, SelfCareAction, SharingConsent, SupportService, UnmetNeed, new_uuid,
)

from careplan_desktop.services.planning.draft import (
    AboutMe, ActionItem, Agreement, BudgetLineItem, ContactItem, Contingency, EquipmentItem, FutureCareWishes,
    GoalItem, HealthBudget, InformationItem, MedicineItem, ParticipantItem, PlanDraft, RiskItem, SelfCareItem,
    SharingConsents, SupportItem, UnmetNeedItem, SHARING_RECIPIENTS,
)


@dataclass(frozen=True)
class ListSection:
    path: str  # attribute of PlanDraft, or "contingency.contacts" / "budget.lines"
    model: type[PlanPart]
    item: type

    @functools.cached_property  # read for every stored part: worked out once per section
    def fields(self) -> tuple[dataclasses.Field, ...]:
        return tuple(f for f in dataclasses.fields(self.item) if f.name != "uuid")


LIST_SECTIONS = (
    ListSection("goals", Goal, GoalItem),
    ListSection("self_care", SelfCareAction, SelfCareItem),
    ListSection("support", SupportService, SupportItem),
    ListSection("information", InformationPrescription, InformationItem),
    ListSection("unmet_needs", UnmetNeed, UnmetNeedItem),
    ListSection("actions", Action, ActionItem),
    ListSection("contingency.contacts", ContingencyContact, ContactItem),
    ListSection("risks", Risk, RiskItem),
    ListSection("medicines", Medication, MedicineItem),
    ListSection("equipment", Equipment, EquipmentItem),
    ListSection("participants", Participant, ParticipantItem),
    ListSection("budget.lines", BudgetLine, BudgetLineItem),
)

#: PlanDraft path -> PlanVersion column
VERSION_FIELDS = {
    **{f"about_me.{f.name}": f.name for f in dataclasses.fields(AboutMe)},
    "purpose": "purpose",
    "risk_discussion": "risk_discussion",
    "safeguarding_concern": "safeguarding_concern",
    "carer_involvement": "carer_involvement",
    "carer_needs": "carer_needs",
    "end_of_life_preferences": "end_of_life_preferences",
    **{f"future_care.{f.name}": ("future_care_choice" if f.name == "choice" else f"future_{f.name}")
       for f in dataclasses.fields(FutureCareWishes)},
    "plan_title": "plan_title",
    "review_date": "review_date",
    "review_method": "review_method",
}
CONTINGENCY_FIELDS = ("warning_signs", "what_i_do", "what_others_do", "carried_forward")
BUDGET_FIELDS = ("amount_pence", "management", "carried_forward")


def get_path(draft: Any, path: str) -> Any:
    for part in path.split("."):
        draft = getattr(draft, part) if draft is not None else None
    return draft


def from_column(value: Any, default: Any) -> Any:
    """A stored value as the draft holds it: "" for blank text, tuples for lists."""
    if value is None:
        return default
    return tuple(value) if isinstance(default, tuple) else value


def as_draft_value(stored: Any, like: Any) -> Any:
    """`stored` in the form of the draft value `like` (for comparing the two)."""
    if stored is None:
        return "" if isinstance(like, str) else () if isinstance(like, tuple) else None
    return tuple(stored) if isinstance(like, tuple) else stored


def to_column(model: type, column: str, value: Any) -> Any:
    """A draft value as stored: None for blank optional text, lists for JSON."""
    if isinstance(value, tuple):
        value = list(value)
    if value in ("", []) and model.__table__.c[column].nullable:
        return None
    return value


def _parts(session: Session, model: type[PlanPart], version: PlanVersion) -> list:
    """One kind of part of one version; constrained by the person too (belt and braces)."""
    query = (select(model).join(PlanVersion, PlanVersion.id == model.plan_version_id)
             .where(model.plan_version_id == version.id, PlanVersion.patient_id == version.patient_id)
             .order_by(model.position, model.uuid))
    return list(session.scalars(query))


def _part_models() -> list[type[PlanPart]]:
    return [section.model for section in LIST_SECTIONS] + [ContingencyPlan, PersonalHealthBudget, ConfidenceScore,
                                                           SharingConsent]


def load_parts(session: Session, version: PlanVersion) -> dict[type, list]:
    """Every part of one version, by model."""
    return {model: _parts(session, model, version) for model in _part_models()}


def load_parts_of(session: Session, versions: list[PlanVersion]) -> dict[int, dict[type, list]]:
    """Every part of many versions (by version id, then model): one query per kind of part."""
    out: dict[int, dict[type, list]] = {version.id: {} for version in versions}
    for model in _part_models():
        for parts in out.values():
            parts[model] = []
        query = select(model).where(model.plan_version_id.in_(list(out))).order_by(
            model.plan_version_id, model.position, model.uuid)
        for row in session.scalars(query):
            out[row.plan_version_id][model].append(row)
    return out


def _item(section: ListSection, row: Any) -> Any:
    values = {f.name: from_column(getattr(row, f.name), f.default) for f in section.fields}
    return section.item(uuid=row.uuid, **values)


def read_draft(session: Session, version: PlanVersion, patient_uuid: str,
               parts: dict[type, list] | None = None) -> PlanDraft:
    """The version as a `PlanDraft` (any status); `parts` when already read (`load_parts_of`)."""
    parts = load_parts(session, version) if parts is None else parts
    items = {section.path: tuple(_item(section, row) for row in parts[section.model]) for section in LIST_SECTIONS}
    blanks = {"review_date": None, "future_on_printout": False}
    texts = {path: from_column(getattr(version, column), blanks.get(column, ""))
             for path, column in VERSION_FIELDS.items()}
    plan = parts[ContingencyPlan][0] if parts[ContingencyPlan] else None
    contingency = Contingency(
        **{name: from_column(getattr(plan, name), "") for name in CONTINGENCY_FIELDS[:3]} if plan else {},
        contacts=items["contingency.contacts"], carried_forward=bool(plan and plan.carried_forward),
    )
    budget_row = parts[PersonalHealthBudget][0] if parts[PersonalHealthBudget] else None
    budget = None
    if budget_row is not None:
        budget = HealthBudget(budget_row.amount_pence, budget_row.management or "", items["budget.lines"],
                              budget_row.carried_forward)
    consents = {row.recipient: row.consented for row in parts[SharingConsent] if row.recipient in SHARING_RECIPIENTS}
    scores = parts[ConfidenceScore]
    agreement = None
    if version.agreed_at is not None:
        agreement = Agreement(version.agreed_at, version.agreed_by_person or "", version.agreed_by_clinician or "",
                              tuple(version.missing_at_agreement or ()))
    return PlanDraft(
        version_uuid=version.uuid, patient_uuid=patient_uuid, number=version.number, status=version.status,
        revision=version.revision, parent_uuid=version.parent_uuid, started_on=version.started_on,
        about_me=AboutMe(**{path.split(".")[1]: value for path, value in texts.items() if path.startswith("about_me.")}),
        purpose=texts["purpose"], goals=items["goals"], self_care=items["self_care"], support=items["support"],
        information=items["information"], unmet_needs=items["unmet_needs"], actions=items["actions"], contingency=contingency, risks=items["risks"],
        risk_discussion=texts["risk_discussion"], safeguarding_concern=texts["safeguarding_concern"],
        medicines=items["medicines"], equipment=items["equipment"], participants=items["participants"],
        carer_involvement=texts["carer_involvement"], carer_needs=texts["carer_needs"],
        end_of_life_preferences=texts["end_of_life_preferences"], budget=budget,
        future_care=FutureCareWishes(**{path.split(".")[1]: value for path, value in texts.items()
                                        if path.startswith("future_care.")}),
        plan_title=texts["plan_title"],
        confidence=scores[0].score if scores else None, review_date=texts["review_date"],
        review_method=texts["review_method"], sharing=SharingConsents(**consents), agreement=agreement,
    )


class DraftWriter:
    """Writes one draft's differences into the session; `written` counts rows touched."""

    def __init__(self, session: Session, version: PlanVersion, today: dt.date) -> None:
        self.session, self.version, self.today = session, version, today
        self.written = 0

    def _set(self, row: Any, model: type, values: dict[str, Any]) -> bool:
        """Set only the fields whose value differs (compared as the draft holds them)."""
        changed = False
        for name, value in values.items():
            if as_draft_value(getattr(row, name), value) != value:
                setattr(row, name, to_column(model, name, value))
                changed = True
        return changed

    def _add(self, row: Any) -> None:
        row.plan_version = self.version
        self.session.add(row)
        self.written += 1

    def _delete(self, row: Any) -> None:
        self.session.delete(row)
        self.written += 1

    def write(self, draft: PlanDraft) -> PlanDraft:
        parts = load_parts(self.session, self.version)
        texts = {column: get_path(draft, path) for path, column in VERSION_FIELDS.items()}
        if self._set(self.version, PlanVersion, texts):
            self.written += 1
        lists = {section.path: self._sync_list(section, get_path(draft, section.path) or (), parts[section.model])
                 for section in LIST_SECTIONS}
        self._sync_contingency(draft.contingency, parts[ContingencyPlan])
        self._sync_budget(draft.budget, parts[PersonalHealthBudget])
        self._sync_confidence(draft.confidence, parts[ConfidenceScore])
        self._sync_sharing(draft.sharing, parts[SharingConsent])
        budget = draft.budget and dataclasses.replace(draft.budget, lines=lists["budget.lines"])
        return dataclasses.replace(
            draft, **{path: items for path, items in lists.items() if "." not in path},
            contingency=dataclasses.replace(draft.contingency, contacts=lists["contingency.contacts"]), budget=budget,
        )

    def _sync_list(self, section: ListSection, items: tuple, rows: list) -> tuple:
        by_uuid = {row.uuid: row for row in rows}
        given = [item.uuid for item in items if item.uuid and item.uuid not in by_uuid]
        taken = set(self.session.scalars(select(section.model.uuid).where(section.model.uuid.in_(given)))) if given else set()
        kept: set[str] = set()
        out = []
        for position, item in enumerate(items):
            values = {f.name: getattr(item, f.name) for f in section.fields}
            values["position"] = position
            row = by_uuid.get(item.uuid) if item.uuid not in kept else None
            if row is None:
                uuid = item.uuid if item.uuid and item.uuid not in taken and item.uuid not in kept else new_uuid()
                row = section.model(uuid=uuid, **{k: to_column(section.model, k, v) for k, v in values.items()})
                self._add(row)
                item = dataclasses.replace(item, uuid=uuid)
            elif self._set(row, section.model, values):
                self.written += 1
            kept.add(row.uuid)
            out.append(item)
        for row in rows:
            if row.uuid not in kept:
                self._delete(row)
        return tuple(out)

    def _sync_one(self, model: type, rows: list, values: dict[str, Any] | None) -> None:
        """A section stored as at most one row: None removes it."""
        for extra in rows[1 if values is not None else 0:]:
            self._delete(extra)
        if values is None:
            return
        if rows:
            if self._set(rows[0], model, values):
                self.written += 1
        else:
            self._add(model(**{k: to_column(model, k, v) for k, v in values.items()}))

    def _sync_contingency(self, contingency: Contingency, rows: list) -> None:
        values = None if contingency.is_blank else {name: getattr(contingency, name) for name in CONTINGENCY_FIELDS}
        self._sync_one(ContingencyPlan, rows, values)

    def _sync_budget(self, budget: HealthBudget | None, rows: list) -> None:
        values = None if budget is None else {name: getattr(budget, name) for name in BUDGET_FIELDS}
        self._sync_one(PersonalHealthBudget, rows, values)

    def _sync_confidence(self, score: int | None, rows: list) -> None:
        if score is not None and (not rows or rows[0].score != score):
            values = {"score": score, "recorded_on": self.today}
        elif score is not None:
            values = {"score": score}
        else:
            values = None
        self._sync_one(ConfidenceScore, rows, values)

    def _sync_sharing(self, sharing: SharingConsents, rows: list) -> None:
        by_recipient: dict[str, list] = {}
        for row in rows:
            by_recipient.setdefault(row.recipient, []).append(row)
        for recipient, consented in sharing.as_dict().items():
            stored = by_recipient.pop(recipient, [])
            values = None
            if consented is not None:
                values = {"recipient": recipient, "consented": consented}
                if not stored or stored[0].consented != consented:
                    values["recorded_on"] = self.today
            self._sync_one(SharingConsent, stored, values)
        for leftover in by_recipient.values():  # recipients this version of the app does not know
            for row in leftover:
                self._delete(row)


# -- carrying forward -------------------------------------------------------------------------

SKIPPED_COLUMNS = {"id", "uuid", "revision", "changed_by_device", "changed_at", "plan_version_id", "carried_forward",
                   "position"}
#: version text carried into a new draft; the story, the letter, what was shared beforehand and
#: the review date belong to one consultation and start blank
CARRIED_TEXT = ("what_matters", "communication_preferences", "purpose", "risk_discussion", "safeguarding_concern",
                "carer_involvement", "carer_needs", "end_of_life_preferences", "review_method",
                *(column for path, column in VERSION_FIELDS.items() if path.startswith("future_care.")), "plan_title")


def _still_wanted(row: Any) -> bool:
    if isinstance(row, Goal):
        return row.status == "active"
    if isinstance(row, Action):
        return row.status != "done"
    if isinstance(row, SupportService):
        return row.status != "refused"
    return not isinstance(row, ConfidenceScore)  # a score belongs to the day it was given


def carry_forward(session: Session, agreed: PlanVersion, draft: PlanVersion) -> int:
    """Copy the agreed version's lasting text and wanted parts into `draft`, each part marked
    `carried_forward`. Returns the number of parts copied."""
    for column in CARRIED_TEXT:
        setattr(draft, column, getattr(agreed, column))
    parts = load_parts(session, agreed)
    new_goal_uuids = {row.uuid: new_uuid() for row in parts[Goal] if _still_wanted(row)}
    copies = []
    for model, rows in parts.items():
        kept = [row for row in rows if _still_wanted(row)]
        for position, row in enumerate(kept):
            values = {c.key: getattr(row, c.key) for c in model.__mapper__.column_attrs if c.key not in SKIPPED_COLUMNS}
            copy = model(**values, position=position, carried_forward=True, plan_version=draft)
            if isinstance(copy, Goal):
                copy.uuid, copy.progress, copy.progress_note = new_goal_uuids[row.uuid], None, None
            if isinstance(copy, SelfCareAction):
                copy.goal_uuid = new_goal_uuids.get(row.goal_uuid) if row.goal_uuid else None
            if isinstance(copy, (SelfCareAction, SupportService, Action)):
                # the thread follows the goals carried; a goal left behind is no longer served
                copy.goal_uuids = [new_goal_uuids[g] for g in row.goal_uuids or () if g in new_goal_uuids] or None
            copies.append(copy)
    session.add_all(copies)
    return len(copies)
