"""The consultation's draft: start it, keep it saved, read any version back.

* `start_draft` opens the person's next version. It grows from their last agreed version
  (`parent_uuid`) and, unless asked not to, carries its lasting parts forward, each marked
  `carried_forward`: only goals still active, actions not done and services not refused;
  confidence is asked afresh; the story, the letter, what was shared beforehand and the
  review date belong to one consultation and start blank.
* `save_draft` writes one snapshot in one transaction, touching only what changed (see
  `rows`), and refuses a snapshot that breaks a planning rule with a `PlanRuleError`
  whose message the screen can show as it is. Autosave calls it every few seconds from a
  worker thread: a plan with 30 goals saves in a few milliseconds when little has changed.
* Every query is constrained by the person's own id: one person's draft can never pick up
  another person's plan.

The dataclasses live in `draft` and are re-exported here. No Qt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from careplan_desktop.models import CarePlan, Patient, PlanVersion, VersionStatus, utcnow
from careplan_desktop.services.practice.values import PracticeSettings
from careplan_desktop.store import Vault

from careplan_desktop.domain.dates import add_months
from careplan_desktop.domain.working_days import next_working_day
from careplan_desktop.services.planning.draft import (  # noqa: F401  (re-exported: the planning API in one place)
    ACTION_STATUSES, BUDGET_CATEGORIES, BUDGET_MANAGEMENT, FUTURE_CARE_CHOICES, GOAL_STATUSES, GOAL_THEMES,
    INFORMATION_METHODS, INFORMATION_RECIPIENTS, RESUSCITATION_FORMS, YES_NO, REVIEW_METHODS, SHARING_RECIPIENTS,
    SUPPORT_STATUSES, AboutMe, ActionItem, Agreement, BudgetLineItem, ContactItem, Contingency, DraftAgreedError,
    FutureCareWishes,
    EquipmentItem, GoalItem, HealthBudget, InformationItem, MedicineItem, ParticipantItem, PlanDraft,
    PlanNotFound, PlanRuleError, RiskItem, SavedDraft, SelfCareItem, SharingConsents, SupportItem, UnmetNeedItem,
)
from careplan_desktop.services.planning.rows import DraftWriter, carry_forward, read_draft
from careplan_desktop.services.register.listing import PersonNotFound
from careplan_desktop.services.staff.roles import require

CONFIDENCE_RANGE = (
    "Confidence is scored from 0 (not at all confident) to 10 (very confident). "
    "Choose a whole number in that range, or leave it blank."
)
IMPORTANCE_RANGE = ("How much a goal matters is scored from 1 (a little) to 10 (more than anything). "
                    "Choose a whole number in that range, or leave it blank.")
NOT_THIS_PERSON = "This draft does not belong to the person whose record is open. Nothing was saved."


def money(pence: int) -> str:
    """£24,500.00"""
    sign = "-" if pence < 0 else ""
    pence = abs(int(pence))
    return f"{sign}£{pence // 100:,}.{pence % 100:02d}"


def default_review_date(level: int, agreed_on: dt.date, practice: PracticeSettings | None = None) -> dt.date:
    """When the next review is due by level of need (12, 6 or 3 months by default; the
    practice sets the intervals), moved on to the next working day when that falls on a
    weekend or a bank holiday."""
    practice = practice or PracticeSettings()
    return next_working_day(add_months(agreed_on, practice.interval_for_level(level)))


# -- checks --------------------------------------------------------------------------------------

def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_choice(value: str, allowed: tuple[str, ...], what: str, blank_ok: bool = False) -> None:
    if value not in allowed and not (blank_ok and value == ""):
        raise PlanRuleError(f"The {what} must be one of: {', '.join(allowed)}.")


def validate_draft(draft: PlanDraft) -> None:
    """Raise `PlanRuleError` for a draft that must not be saved; messages are for the nurse."""
    if draft.confidence is not None and not (_is_whole(draft.confidence) and 0 <= draft.confidence <= 10):
        raise PlanRuleError(CONFIDENCE_RANGE)
    for goal in draft.goals:
        _check_choice(goal.status, GOAL_STATUSES, "goal status")
        _check_choice(goal.theme, GOAL_THEMES, "theme of a goal", blank_ok=True)
        if goal.importance is not None and not (_is_whole(goal.importance) and 1 <= goal.importance <= 10):
            raise PlanRuleError(IMPORTANCE_RANGE)
    for need in draft.unmet_needs:
        _check_choice(need.theme, GOAL_THEMES, "theme of an unmet need", blank_ok=True)
    for given in draft.information:
        _check_choice(given.method, INFORMATION_METHODS, "way the information was given", blank_ok=True)
        _check_choice(given.recipient, INFORMATION_RECIPIENTS, "person the information was given to", blank_ok=True)
    for service in draft.support:
        _check_choice(service.status, SUPPORT_STATUSES, "status of a support service")
    for action in draft.actions:
        _check_choice(action.status, ACTION_STATUSES, "status of an action")
    _check_choice(draft.review_method, REVIEW_METHODS, "review method", blank_ok=True)
    wishes = draft.future_care
    _check_choice(wishes.choice, FUTURE_CARE_CHOICES, "answer about talking of future care", blank_ok=True)
    _check_choice(wishes.resuscitation_form, RESUSCITATION_FORMS, "answer about a ReSPECT or DNACPR form", blank_ok=True)
    _check_choice(wishes.lpa, YES_NO, "answer about a Lasting Power of Attorney", blank_ok=True)
    _check_choice(wishes.advance_decision, YES_NO, "answer about an advance decision", blank_ok=True)
    budget = draft.budget
    if budget is None:
        return
    _check_choice(budget.management, BUDGET_MANAGEMENT, "way the budget is managed", blank_ok=True)
    if not _is_whole(budget.amount_pence) or budget.amount_pence < 0:
        raise PlanRuleError("The budget must be an amount of £0.00 or more.")
    if any(not _is_whole(line.amount_pence) or line.amount_pence < 0 for line in budget.lines):
        raise PlanRuleError("Each costed line must be an amount of £0.00 or more.")
    total = budget.lines_total_pence
    if total > budget.amount_pence:
        raise PlanRuleError(
            f"The costed lines add up to {money(total)}, more than the budget of {money(budget.amount_pence)}. "
            "Lower a line or record the larger budget."
        )


# -- finding things, always within one person ----------------------------------------------------

def patient_id_for(session: Session, patient_uuid: str) -> int:
    patient_id = session.scalar(select(Patient.id).where(Patient.uuid == patient_uuid))
    if patient_id is None:
        raise PersonNotFound()
    return patient_id


def _versions(patient_id: int):
    return select(PlanVersion).where(PlanVersion.patient_id == patient_id)


def draft_in_progress(session: Session, patient_id: int) -> PlanVersion | None:
    query = _versions(patient_id).where(PlanVersion.status == VersionStatus.DRAFT.value)
    return session.scalar(query.order_by(PlanVersion.number.desc()).limit(1))


def last_agreed_version(session: Session, patient_id: int) -> PlanVersion | None:
    query = _versions(patient_id).where(PlanVersion.status == VersionStatus.AGREED.value)
    return session.scalar(query.order_by(PlanVersion.number.desc()).limit(1))


def version_with_owner(session: Session, version_uuid: str) -> tuple[PlanVersion, Patient]:
    row = session.execute(
        select(PlanVersion, Patient).join(Patient, Patient.id == PlanVersion.patient_id)
        .where(PlanVersion.uuid == version_uuid)
    ).one_or_none()
    if row is None:
        raise PlanNotFound()
    return row[0], row[1]


# -- the use cases ---------------------------------------------------------------------------------

def current_draft(vault: Vault, patient_uuid: str) -> PlanDraft | None:
    """The person's draft in progress, or None."""
    with vault.reader() as session:
        version = draft_in_progress(session, patient_id_for(session, patient_uuid))
        return read_draft(session, version, patient_uuid) if version is not None else None


def open_version(
    session: Session, patient_id: int, care_plan_id: int, parent: PlanVersion | None, today: dt.date
) -> PlanVersion:
    """A new, empty draft: the person's next version number, growing from `parent`."""
    highest = session.scalar(select(func.max(PlanVersion.number)).where(PlanVersion.patient_id == patient_id)) or 0
    version = PlanVersion(care_plan_id=care_plan_id, patient_id=patient_id, number=highest + 1, started_on=today,
                          parent_uuid=parent.uuid if parent is not None else None)
    session.add(version)
    session.flush()
    return version


def start_draft(
    vault: Vault, patient_uuid: str, *, from_last_agreed: bool = True, today: dt.date | None = None
) -> PlanDraft:
    """The person's draft: the one in progress if there is one, else a new version n+1 that
    grows from the last agreed version (copied forward when `from_last_agreed`)."""
    require(vault, "plan")
    today = today or dt.date.today()
    with vault.transaction() as session:
        patient_id = patient_id_for(session, patient_uuid)
        existing = draft_in_progress(session, patient_id)
        if existing is not None:
            return read_draft(session, existing, patient_uuid)
        plan = session.scalar(select(CarePlan).where(CarePlan.patient_id == patient_id).order_by(CarePlan.id).limit(1))
        if plan is None:
            plan = CarePlan(patient_id=patient_id)
            session.add(plan)
            session.flush()
        parent = last_agreed_version(session, patient_id)
        version = open_version(session, patient_id, plan.id, parent, today)
        if from_last_agreed and parent is not None:
            carry_forward(session, parent, version)
            session.flush()
        return read_draft(session, version, patient_uuid)


def without_dangling_links(draft: PlanDraft) -> PlanDraft:
    """The draft with every link to a goal it no longer holds dropped: what is saved, printed and
    reviewed says an item serves only goals that are in this plan."""
    goals = {goal.uuid for goal in draft.goals if goal.uuid}

    def kept(items: tuple) -> tuple:
        return tuple(item if set(item.goal_uuids) <= goals
                     else dataclasses.replace(item, goal_uuids=tuple(g for g in item.goal_uuids if g in goals))
                     for item in items)

    return dataclasses.replace(draft, self_care=kept(draft.self_care), support=kept(draft.support),
                               actions=kept(draft.actions))


def save_draft(vault: Vault, draft: PlanDraft, *, today: dt.date | None = None) -> SavedDraft:
    """Save one snapshot of the draft (one transaction); only what changed is written."""
    require(vault, "plan")
    validate_draft(draft)
    draft = without_dangling_links(draft)
    today = today or dt.date.today()
    with vault.transaction() as session:
        version, patient = version_with_owner(session, draft.version_uuid)
        if patient.uuid != draft.patient_uuid:
            raise PlanRuleError(NOT_THIS_PERSON)
        if version.status != VersionStatus.DRAFT.value:
            raise DraftAgreedError()
        writer = DraftWriter(session, version, today)
        saved = writer.write(draft)
        session.flush()
        revision = version.revision
    return SavedDraft(draft.version_uuid, revision, utcnow(), writer.written,
                      dataclasses.replace(saved, revision=revision))


def load_version(vault: Vault, version_uuid: str) -> PlanDraft:
    """Any version of a plan, read-only (an agreed one cannot be saved back)."""
    with vault.reader() as session:
        version, patient = version_with_owner(session, version_uuid)
        return read_draft(session, version, patient.uuid)
