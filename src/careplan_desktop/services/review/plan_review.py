"""Reviewing an agreed plan with the person; exit to self-care and re-entry; the plan's timeline.

* `start_review` reads the sheet for a review: the current agreed version's goals and actions,
  the last confidence score and the results since the plan was agreed (with the one before,
  for the trend).
* `record_review` is one transaction: a `Review` row linked to the version reviewed, then
  "continued" sets the next review date from the level of need (the version is untouched), or
  "modified" opens a new draft grown from the reviewed version whose goals carry the progress
  (an achieved goal is kept with status "achieved", not deleted) and returns its uuid. The new
  draft is agreed as any other (`services.planning.agreement.agree_plan`).
* `exit_to_self_care` / `re_enter`: leaving active review with a route back, and coming back
  (a new draft from the last plan). `change_level` moves the next date to the new interval.
* `plan_timeline` (in `timeline`, re-exported): agreed, reviewed, modified, exited, re-entered and
  level changed, in order.
Agreed versions are never written; one transaction per user action; no Qt; nothing logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from careplan_desktop.models import (
    Action, CarePlan, ConfidenceScore, Goal, Patient, PlanVersion, Result, Review, SelfCareAction, SupportService,
    VersionStatus, record_event,
)
from careplan_desktop.models.patient import CareStatus
from careplan_desktop.services.practice.details import read_practice
from careplan_desktop.services.practice.values import PracticeSettings
from careplan_desktop.store import Vault

from careplan_desktop.domain.dates import local_date
from careplan_desktop.services.planning.versions import default_review_date, last_agreed_version
from careplan_desktop.services.planning.draft import PlanRuleError
from careplan_desktop.services.planning.rows import carry_forward, load_parts
from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.services.register.listing import PersonNotFound
from careplan_desktop.domain.working_days import next_working_day
from careplan_desktop.services.staff.roles import require
from careplan_desktop.services.review.timeline import LEVEL_CHANGED, TimelineEvent, plan_timeline  # noqa: F401 (re-exported)

GOAL_PROGRESS = ("achieved", "partly", "not yet", "no longer wanted")
ACTION_PROGRESS = ("done", "in progress", "not started", "dropped")
#: how "what I will do" and each support service went
SERVING_PROGRESS = ("doing it", "not started", "stopped")
SERVING_KINDS = ("self_care", "support")
OUTCOMES = ("continued", "modified")
NO_AGREED_PLAN = "This person has no agreed plan to review yet. Agree a plan first."
NOT_CURRENT = ("This version is no longer the person's current agreed plan, so the review was not saved. "
               "Open the review again.")
DRAFT_OPEN = ("A new version of this plan is already being drafted. Finish or agree it before recording "
              "a review that modifies the plan.")
NO_ROUTE_BACK = "Record the route back: who the person contacts and when to ask for a review."


class ReviewError(PlanRuleError):
    """A review that cannot be saved; the message is fit for the nurse."""


@dataclass(frozen=True)
class GoalLine:
    uuid: str
    text: str
    status: str


@dataclass(frozen=True)
class ActionLine:
    uuid: str
    what: str
    who: str
    due_on: dt.date | None
    status: str
    goal_uuids: tuple[str, ...] = ()  # the goals it serves


@dataclass(frozen=True)
class ServingLine:
    """A "what I will do" (kind "self_care") or a support service (kind "support")."""

    kind: str
    uuid: str
    text: str
    status: str  # as the plan holds it ("" for what I will do; offered, taken up for support)
    goal_uuids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResultLine:
    code: str
    name: str
    unit: str
    latest: str
    latest_on: dt.date
    previous: str | None  # the reading before it, for the trend
    trend: str  # up, down, same, or "" when there is nothing to compare


@dataclass(frozen=True)
class ReviewSheet:
    patient_uuid: str
    name: str
    level_of_need: int
    version_uuid: str
    version_number: int
    agreed_on: dt.date
    review_method: str
    next_review_date: dt.date | None
    goals: tuple[GoalLine, ...]
    actions: tuple[ActionLine, ...]
    last_confidence: int | None
    results: tuple[ResultLine, ...]
    serving: tuple[ServingLine, ...] = ()  # what I will do and support, in the plan's order
    care_status: str = "active"  # active, or self_care (then they can be brought back)

    def serving_goal(self, goal_uuid: str | None) -> tuple[ActionLine | ServingLine, ...]:
        """What serves this goal (None: what serves none of the plan's goals): what I will do,
        support, then actions."""
        goals = {g.uuid for g in self.goals}
        items = (*self.serving, *self.actions)
        if goal_uuid is None:
            return tuple(i for i in items if not goals & set(i.goal_uuids))
        return tuple(i for i in items if goal_uuid in i.goal_uuids)


@dataclass(frozen=True)
class GoalAnswer:
    goal_uuid: str
    progress: str  # one of GOAL_PROGRESS
    note: str = ""  # in the person's words


@dataclass(frozen=True)
class ActionAnswer:
    action_uuid: str
    status: str  # one of ACTION_PROGRESS
    note: str = ""


@dataclass(frozen=True)
class ServingAnswer:
    kind: str  # one of SERVING_KINDS
    uuid: str
    status: str  # one of SERVING_PROGRESS
    note: str = ""


@dataclass(frozen=True)
class ReviewAnswers:
    version_uuid: str
    goals: tuple[GoalAnswer, ...] = ()
    actions: tuple[ActionAnswer, ...] = ()
    confidence: int | None = None
    what_changed: str = ""
    method: str = ""
    serving: tuple[ServingAnswer, ...] = ()


@dataclass(frozen=True)
class ReviewRecorded:
    review_uuid: str
    outcome: str
    next_review_date: dt.date | None
    draft_uuid: str | None = None


# -- reading ---------------------------------------------------------------------------------------

def _patient(session: Session, patient_uuid: str) -> Patient:
    patient = session.scalar(select(Patient).where(Patient.uuid == patient_uuid))
    if patient is None:
        raise PersonNotFound()
    return patient


def _patient_and_plan(session: Session, patient_uuid: str) -> tuple[Patient, PlanVersion]:
    """The person and their current agreed plan version; a plain refusal when there is none."""
    patient = _patient(session, patient_uuid)
    version = last_agreed_version(session, patient.id)
    if version is None:
        raise ReviewError(NO_AGREED_PLAN)
    return patient, version


def _reviewer(vault: Vault, reviewed_by: str | None) -> str | None:
    """Who reviewed: the name given, else the signed-in user."""
    return reviewed_by or vault.user_name or None


def _results_since(session: Session, patient_id: int, since: dt.date) -> tuple[ResultLine, ...]:
    reference = load_reference_data()
    rows = session.scalars(select(Result).where(Result.patient_id == patient_id).order_by(Result.taken_on, Result.id))
    history: dict[str, list[Result]] = {}
    for row in rows:
        history.setdefault(row.code, []).append(row)
    lines = []
    for code, readings in history.items():
        latest = readings[-1]
        if latest.taken_on < since:
            continue
        before = readings[-2] if len(readings) > 1 else None
        trend = ""
        if before is not None and latest.value is not None and before.value is not None:
            trend = "up" if latest.value > before.value else "down" if latest.value < before.value else "same"
        try:
            kind = reference.result(code)
            name, unit = kind.name, kind.unit or ""
        except KeyError:
            name, unit = code, latest.unit or ""
        lines.append(ResultLine(code, name, unit, latest.value_text, latest.taken_on,
                                before.value_text if before is not None else None, trend))
    return tuple(lines)


def start_review(vault: Vault, patient_uuid: str) -> ReviewSheet:
    """What the review looks at (reads only)."""
    with vault.reader() as session:
        patient, version = _patient_and_plan(session, patient_uuid)
        parts = load_parts(session, version)
        agreed_on = local_date(version.agreed_at) or version.started_on
        scores = parts[ConfidenceScore]
        return ReviewSheet(
            patient.uuid, patient.display_name, patient.level_of_need, version.uuid, version.number, agreed_on,
            version.review_method or "", patient.next_review_date,
            tuple(GoalLine(g.uuid, g.text, g.status) for g in parts[Goal]),
            tuple(ActionLine(a.uuid, a.what, a.who or "", a.due_on, a.status, tuple(a.goal_uuids or ()))
                  for a in parts[Action]),
            scores[-1].score if scores else None,
            _results_since(session, patient.id, agreed_on),
            (*(ServingLine("self_care", s.uuid, s.text, "", tuple(s.goal_uuids or ())) for s in parts[SelfCareAction]),
             *(ServingLine("support", s.uuid, s.name, s.status, tuple(s.goal_uuids or ()))
               for s in parts[SupportService] if s.status != "refused")),
            patient.care_status,
        )


# -- writing ---------------------------------------------------------------------------------------

def _check(answers: ReviewAnswers) -> None:
    for goal in answers.goals:
        if goal.progress not in GOAL_PROGRESS:
            raise ReviewError(f"A goal's progress must be one of: {', '.join(GOAL_PROGRESS)}.")
    for action in answers.actions:
        if action.status not in ACTION_PROGRESS:
            raise ReviewError(f"An action's progress must be one of: {', '.join(ACTION_PROGRESS)}.")
    for item in answers.serving:
        if item.kind not in SERVING_KINDS or item.status not in SERVING_PROGRESS:
            raise ReviewError(f"How what the person does and their support went must be one of: "
                              f"{', '.join(SERVING_PROGRESS)}.")
    if answers.confidence is not None and not (isinstance(answers.confidence, int) and 0 <= answers.confidence <= 10):
        raise ReviewError("Confidence is scored from 0 to 10, or left blank.")


def _new_draft(session: Session, patient_id: int, parent: PlanVersion, today: dt.date) -> PlanVersion:
    """A new draft grown from `parent` with its lasting parts carried (as `start_draft`, inside
    the caller's transaction)."""
    draft_open = session.scalar(select(PlanVersion.id).where(
        PlanVersion.patient_id == patient_id, PlanVersion.status == VersionStatus.DRAFT.value).limit(1))
    if draft_open is not None:
        raise ReviewError(DRAFT_OPEN)
    plan = session.scalar(select(CarePlan).where(CarePlan.patient_id == patient_id).order_by(CarePlan.id).limit(1))
    highest = session.scalar(select(func.max(PlanVersion.number)).where(PlanVersion.patient_id == patient_id)) or 0
    draft = PlanVersion(care_plan_id=plan.id, patient_id=patient_id, number=highest + 1, started_on=today,
                        parent_uuid=parent.uuid)
    session.add(draft)
    session.flush()
    carry_forward(session, parent, draft)
    session.flush()
    return draft


def _carry_progress(session: Session, agreed: PlanVersion, draft: PlanVersion, answers: ReviewAnswers,
                    today: dt.date) -> None:
    """Goal progress and action status into the new draft: achieved and no-longer-wanted goals stay,
    with that status; dropped actions are left out; the rescored confidence is the draft's."""
    old = load_parts(session, agreed)
    new = load_parts(session, draft)
    carried_goals = dict(zip([g.uuid for g in old[Goal] if g.status == "active"], new[Goal]))
    by_goal = {answer.goal_uuid: answer for answer in answers.goals}
    for goal in old[Goal]:
        answer = by_goal.get(goal.uuid)
        if answer is None:
            continue
        copy = carried_goals.get(goal.uuid)
        if copy is None:  # already achieved or no longer wanted before: kept as it was
            continue
        copy.progress, copy.progress_note = answer.progress, answer.note.strip() or None
        if answer.progress in ("achieved", "no longer wanted"):
            copy.status = answer.progress
    carried_actions = dict(zip([a.uuid for a in old[Action] if a.status != "done"], new[Action]))
    for answer in answers.actions:
        copy = carried_actions.get(answer.action_uuid)
        if copy is None:
            continue
        if answer.status == "dropped":
            session.delete(copy)
        else:
            copy.status = answer.status
    if answers.confidence is not None:
        session.add(ConfidenceScore(plan_version=draft, score=answers.confidence, recorded_on=today))


def record_review(
    vault: Vault, answers: ReviewAnswers, outcome: str, *, today: dt.date | None = None,
    reviewed_by: str | None = None, practice: PracticeSettings | None = None,
) -> ReviewRecorded:
    """Record one review (one transaction). `outcome` is "continued" or "modified"."""
    require(vault, "review plans")
    if outcome not in OUTCOMES:
        raise ReviewError("A review ends by continuing the plan unchanged or modifying it.")
    _check(answers)
    today = today or dt.date.today()
    with vault.transaction() as session:
        row = session.execute(select(PlanVersion, Patient).join(Patient, Patient.id == PlanVersion.patient_id)
                              .where(PlanVersion.uuid == answers.version_uuid)).one_or_none()
        if row is None or row[0].status != VersionStatus.AGREED.value:
            raise ReviewError(NOT_CURRENT)
        version, patient = row
        goal_uuids = set(session.scalars(select(Goal.uuid).where(Goal.plan_version_id == version.id)))
        action_uuids = set(session.scalars(select(Action.uuid).where(Action.plan_version_id == version.id)))
        serving_uuids = {(kind, uuid) for model, kind in ((SelfCareAction, "self_care"), (SupportService, "support"))
                         for uuid in session.scalars(select(model.uuid).where(model.plan_version_id == version.id))}
        if not ({a.goal_uuid for a in answers.goals} <= goal_uuids and {a.action_uuid for a in answers.actions} <= action_uuids
                and {(a.kind, a.uuid) for a in answers.serving} <= serving_uuids):
            raise ReviewError(NOT_CURRENT)
        next_date = default_review_date(patient.level_of_need, today, practice or read_practice(session)) if outcome == "continued" else None
        review = Review(
            patient_id=patient.id, plan_version_uuid=version.uuid, reviewed_on=today,
            method=answers.method or version.review_method, what_changed=answers.what_changed.strip() or None,
            confidence=answers.confidence,
            goal_progress=[{"goal_uuid": a.goal_uuid, "progress": a.progress, "note": a.note.strip()} for a in answers.goals],
            action_progress=[{"action_uuid": a.action_uuid, "status": a.status, "note": a.note.strip()}
                             for a in answers.actions],
            support_progress=[{"kind": a.kind, "uuid": a.uuid, "status": a.status, "note": a.note.strip()}
                              for a in answers.serving],
            outcome=outcome, next_review_date=next_date, reviewed_by=_reviewer(vault, reviewed_by),
        )
        session.add(review)
        draft_uuid = None
        if outcome == "continued":
            patient.next_review_date = next_date
        else:
            draft = _new_draft(session, patient.id, version, today)
            _carry_progress(session, version, draft, answers, today)
            draft_uuid = draft.uuid
        session.flush()
        record_event(session, "reviewed", "review", review.uuid, patient.id,
                     {"outcome": outcome, "plan_version": version.uuid, "new_draft": draft_uuid})
        return ReviewRecorded(review.uuid, outcome, next_date, draft_uuid)


def exit_to_self_care(vault: Vault, patient_uuid: str, route_back: str, *, today: dt.date | None = None,
                      reviewed_by: str | None = None) -> str:
    """The person leaves active review with a recorded route back (one transaction); returns the review uuid."""
    require(vault, "review plans")
    route_back = route_back.strip()
    if not route_back:
        raise ReviewError(NO_ROUTE_BACK)
    today = today or dt.date.today()
    with vault.transaction() as session:
        patient, version = _patient_and_plan(session, patient_uuid)
        patient.care_status = CareStatus.SELF_CARE.value
        patient.route_back = route_back
        patient.next_review_date = None
        review = Review(patient_id=patient.id, plan_version_uuid=version.uuid, reviewed_on=today, outcome="exited",
                        reviewed_by=_reviewer(vault, reviewed_by))
        session.add(review)
        session.flush()
        record_event(session, "exited to self-care", "patient", patient.uuid, patient.id, {"review": review.uuid})
        return review.uuid


def re_enter(vault: Vault, patient_uuid: str, *, today: dt.date | None = None, reviewed_by: str | None = None) -> str:
    """Back into active review (one transaction): a review is due now and a new draft starts from
    the last plan. Returns the draft's uuid."""
    require(vault, "review plans")
    today = today or dt.date.today()
    with vault.transaction() as session:
        patient, version = _patient_and_plan(session, patient_uuid)
        if patient.care_status != CareStatus.SELF_CARE.value:
            raise ReviewError("This person is already in active review.")
        patient.care_status = CareStatus.ACTIVE.value
        patient.next_review_date = next_working_day(today)  # due now: the first working day from today
        session.add(Review(patient_id=patient.id, plan_version_uuid=version.uuid, reviewed_on=today,
                           outcome="re-entered", reviewed_by=_reviewer(vault, reviewed_by)))
        draft = _new_draft(session, patient.id, version, today)
        record_event(session, "re-entered active review", "patient", patient.uuid, patient.id, {"draft": draft.uuid})
        return draft.uuid


def level_change(session: Session, patient: Patient, level: int, today: dt.date,
                 practice: PracticeSettings | None = None) -> dt.date | None:
    """Inside the caller's transaction: the new level, the next review date at its interval (for
    someone in active review with an agreed plan, counted from the last review or agreement), and
    the change on the plan's timeline (an audit event naming the day). Returns the next review date."""
    if level not in (1, 2, 3):
        raise ReviewError("The level of need is 1, 2 or 3.")
    before = patient.level_of_need
    patient.level_of_need = level
    version = last_agreed_version(session, patient.id)
    if version is not None and patient.care_status == CareStatus.ACTIVE.value:
        last_review = session.scalar(select(func.max(Review.reviewed_on)).where(
            Review.patient_id == patient.id, Review.outcome == "continued", Review.plan_version_uuid == version.uuid))
        base = max(d for d in (last_review, local_date(version.agreed_at) or version.started_on) if d)
        patient.next_review_date = default_review_date(level, base, practice or read_practice(session))
    if before != level:
        next_date = patient.next_review_date
        record_event(session, LEVEL_CHANGED, "patient", patient.uuid, patient.id,
                     {"from": before, "to": level, "on": today.isoformat(),
                      "next_review": next_date.isoformat() if next_date else None})
    return patient.next_review_date


def change_level(vault: Vault, patient_uuid: str, level: int, *, today: dt.date | None = None,
                 practice: PracticeSettings | None = None) -> dt.date | None:
    """A new level of need (1-3) and the next review date at its default interval, counted from the
    last review or agreement (one transaction); the change goes on the plan's timeline. Returns
    the next review date."""
    require(vault, "review plans")
    if level not in (1, 2, 3):
        raise ReviewError("The level of need is 1, 2 or 3.")
    today = today or dt.date.today()
    with vault.transaction() as session:
        return level_change(session, _patient(session, patient_uuid), level, today, practice)
