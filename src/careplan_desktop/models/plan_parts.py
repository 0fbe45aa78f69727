"""The parts of a plan version: goals, what I will do, support, actions, safety, medicines,
people, sharing, confidence and a personal health budget.

Every part belongs to exactly one `PlanVersion` and is fixed with it once agreed.
`carried_forward` marks a part copied from the previous agreed version into a new draft.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from .base import Base, Traveller
from .plan import PlanVersion


class PlanPart(Traveller):
    position: Mapped[int] = mapped_column(default=0)
    carried_forward: Mapped[bool] = mapped_column(default=False)

    @declared_attr
    def plan_version_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("plan_version.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def plan_version(cls) -> Mapped[PlanVersion]:  # noqa: N805
        return relationship(PlanVersion)

    def audit_patient_id(self) -> int | None:
        version = self.plan_version
        return version.patient_id if version is not None else None


class Goal(PlanPart, Base):
    """A personal outcome in the person's own words (not a service)."""

    __tablename__ = "goal"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
    addresses: Mapped[list[Any] | None]  # condition codes or needs it addresses
    need: Mapped[str | None]  # the need it answers, in the person's words (beside or instead of a condition)
    importance: Mapped[int | None]  # how much it matters to the person, 1-10; `position` is their order
    status: Mapped[str] = mapped_column(String(24), default="active")  # active, achieved, no longer wanted
    progress: Mapped[str | None] = mapped_column(String(24))  # last review: achieved, partly, not yet, ...
    progress_note: Mapped[str | None]
    theme: Mapped[str | None]  # what the goal is about, for the reports: one of GOAL_THEMES (issue 15)


class SelfCareAction(PlanPart, Base):
    """What I will do."""

    __tablename__ = "self_care_action"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]
    goal_uuid: Mapped[str | None] = mapped_column(String(36))  # before 0014: one goal (copied into goal_uuids)
    goal_uuids: Mapped[list[Any] | None]  # the goals it serves (the golden thread)


class SupportService(PlanPart, Base):
    """Support from others: a service or "more than medicine" (often from the directory)."""

    __tablename__ = "support_service"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    kind: Mapped[str | None]
    details: Mapped[str | None]
    contact: Mapped[str | None]
    directory_entry_uuid: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default="offered")  # offered, taken up, refused
    goal_uuids: Mapped[list[Any] | None]  # the goals it serves (the golden thread)


class InformationPrescription(PlanPart, Base):
    __tablename__ = "information_prescription"
    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str]
    source: Mapped[str | None]
    given_on: Mapped[dt.date | None]
    method: Mapped[str | None]  # how it was given: directly, posted, electronic, pharmacy, information centre
    recipient: Mapped[str | None]  # to whom: the person, the carer


class UnmetNeed(PlanPart, Base):
    """What I need that nobody provides yet, with its theme (counted in the reports, issue 15)."""

    __tablename__ = "unmet_need"
    id: Mapped[int] = mapped_column(primary_key=True)
    need: Mapped[str]
    theme: Mapped[str | None]


class Action(PlanPart, Base):
    """What will be done, who is responsible, by when."""

    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    what: Mapped[str]
    who: Mapped[str | None]
    due_on: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(16), default="not started")
    goal_uuids: Mapped[list[Any] | None]  # the goals it serves (the golden thread)


class ContingencyPlan(PlanPart, Base):
    """When things go wrong: warning signs in my words, what I do, what others do."""

    __tablename__ = "contingency_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    warning_signs: Mapped[str | None]
    what_i_do: Mapped[str | None]
    what_others_do: Mapped[str | None]


class ContingencyContact(PlanPart, Base):
    """Who to call: name, number and hours."""

    __tablename__ = "contingency_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    phone: Mapped[str | None]
    hours: Mapped[str | None]
    when_to_call: Mapped[str | None]


class Risk(PlanPart, Base):
    __tablename__ = "risk"
    id: Mapped[int] = mapped_column(primary_key=True)
    description: Mapped[str]
    agreed_approach: Mapped[str | None]


class Medication(PlanPart, Base):
    __tablename__ = "medication"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    dose: Mapped[str | None]
    when: Mapped[str | None]
    purpose: Mapped[str | None]
    colour: Mapped[str | None] = mapped_column(String(24))  # Lorna's colour-coded containers


class Equipment(PlanPart, Base):
    __tablename__ = "equipment"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    notes: Mapped[str | None]


class Participant(PlanPart, Base):
    """Who was involved in the planning; one is the named lead professional."""

    __tablename__ = "participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    role: Mapped[str | None]
    is_lead: Mapped[bool] = mapped_column(default=False)


class ConfidenceScore(PlanPart, Base):
    """Confidence to manage my health, 0-10."""

    __tablename__ = "confidence_score"
    id: Mapped[int] = mapped_column(primary_key=True)
    score: Mapped[int]
    recorded_on: Mapped[dt.date]


class SharingConsent(PlanPart, Base):
    """With whom the person consents to share the plan."""

    __tablename__ = "sharing_consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(32))  # carer, gp_practice, out_of_hours, ...
    consented: Mapped[bool] = mapped_column(default=False)
    recorded_on: Mapped[dt.date | None]


class PersonalHealthBudget(PlanPart, Base):
    __tablename__ = "personal_health_budget"
    id: Mapped[int] = mapped_column(primary_key=True)
    amount_pence: Mapped[int]
    management: Mapped[str] = mapped_column(String(24))  # notional, third party, direct payment


class BudgetLine(PlanPart, Base):
    __tablename__ = "budget_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(32))  # personal assistant, service, equipment, contingency
    description: Mapped[str]
    amount_pence: Mapped[int]


PLAN_PART_CLASSES: tuple[type[PlanPart], ...] = (
    Goal, SelfCareAction, SupportService, InformationPrescription, Action, ContingencyPlan,
    ContingencyContact, Risk, Medication, Equipment, Participant, ConfidenceScore,
    SharingConsent, PersonalHealthBudget, BudgetLine, UnmetNeed,
)
