"""A person's care plan and its versions.

A `CarePlan` is the continuing plan of one person; each `PlanVersion` is one state of it.
A draft can change freely; agreeing it fixes it (see `models.rules`): later changes open a
new draft whose `parent_uuid` names the version it grew from, and earlier versions stay
readable. The only change an agreed version accepts is becoming `superseded`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Traveller
from .codes import ReviewMethod, VersionStatus  # noqa: F401 (also read from here)




class CarePlan(Traveller, Base):
    __tablename__ = "care_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)

    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="care_plan", order_by="PlanVersion.number", cascade="all, delete-orphan"
    )


class PlanVersion(Traveller, Base):
    __tablename__ = "plan_version"
    __table_args__ = (Index("ix_plan_version_patient_status", "patient_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    care_plan_id: Mapped[int] = mapped_column(ForeignKey("care_plan.id", ondelete="CASCADE"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default=VersionStatus.DRAFT.value)
    parent_uuid: Mapped[str | None] = mapped_column(String(36))
    started_on: Mapped[dt.date | None]
    # about me and the purpose
    story_new: Mapped[str | None]
    story_good: Mapped[str | None]
    story_tough: Mapped[str | None]
    what_matters: Mapped[str | None]
    communication_preferences: Mapped[str | None]
    brought_from_letter: Mapped[str | None]  # what the person wrote on the letter's prompts
    information_beforehand: Mapped[str | None]  # what was shared before (results letter ...)
    purpose: Mapped[str | None]
    # safety
    risk_discussion: Mapped[str | None]
    safeguarding_concern: Mapped[str | None]
    # people
    carer_involvement: Mapped[str | None]
    carer_needs: Mapped[str | None]
    # optional sections
    end_of_life_preferences: Mapped[str | None]
    # future care wishes (issue 17): "talked" or "not now" (a valid answer), blank when not asked
    future_care_choice: Mapped[str | None] = mapped_column(String(16))
    future_what_matters: Mapped[str | None]
    future_place_of_care: Mapped[str | None]
    future_place_of_death: Mapped[str | None]
    future_resuscitation_form: Mapped[str | None] = mapped_column(String(24))  # none, ReSPECT, DNACPR, both
    future_form_kept_where: Mapped[str | None]
    future_lpa: Mapped[str | None] = mapped_column(String(8))  # yes, no
    future_lpa_who: Mapped[str | None]
    future_lpa_contact: Mapped[str | None]
    future_advance_decision: Mapped[str | None] = mapped_column(String(8))  # yes, no
    future_advance_decision_where: Mapped[str | None]
    future_who_to_tell: Mapped[str | None]
    future_on_printout: Mapped[bool] = mapped_column(default=False, server_default=sa_false())  # the person agreed
    # what the person calls their plan ("My support plan"); blank: the usual title
    plan_title: Mapped[str | None]
    # review
    review_date: Mapped[dt.date | None]
    review_method: Mapped[str | None] = mapped_column(String(16))
    # agreeing
    agreed_at: Mapped[dt.datetime | None]
    agreed_by_person: Mapped[str | None]
    agreed_by_clinician: Mapped[str | None]
    missing_at_agreement: Mapped[list[Any] | None]  # key elements missing when agreed

    care_plan: Mapped[CarePlan] = relationship(back_populates="versions")

    @property
    def is_fixed(self) -> bool:
        return self.status != VersionStatus.DRAFT.value
