"""Reviews of an agreed plan version, and the logs of letters and printouts given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Traveller


class Review(Traveller, Base):
    """One review of one agreed version: goal progress, confidence, what changed, outcome."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    plan_version_uuid: Mapped[str] = mapped_column(String(36), index=True)
    reviewed_on: Mapped[dt.date]
    method: Mapped[str | None] = mapped_column(String(16))
    what_changed: Mapped[str | None]
    confidence: Mapped[int | None]
    goal_progress: Mapped[list[Any] | None]  # [{goal_uuid, progress, note}]
    action_progress: Mapped[list[Any] | None]  # [{action_uuid, status, note}]
    support_progress: Mapped[list[Any] | None]  # [{kind: "self_care"|"support", uuid, status, note}]
    outcome: Mapped[str] = mapped_column(String(16))  # continued, modified, exited, re-entered
    next_review_date: Mapped[dt.date | None]
    reviewed_by: Mapped[str | None]


class LetterLog(Traveller, Base):
    """A results letter produced for a person."""

    __tablename__ = "letter_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24), default="results")
    sent_at: Mapped[dt.datetime]
    sent_by: Mapped[str | None]
    appointment_uuid: Mapped[str | None] = mapped_column(String(36))
    result_uuids: Mapped[list[Any] | None]
    large_print: Mapped[bool] = mapped_column(default=False)


class PrintLog(Traveller, Base):
    """A copy of the yellow-folder printout given to the person or a carer."""

    __tablename__ = "print_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    plan_version_uuid: Mapped[str] = mapped_column(String(36))
    given_to: Mapped[str] = mapped_column(String(16))  # person, carer
    carer_uuid: Mapped[str | None] = mapped_column(String(36))
    given_at: Mapped[dt.datetime]
    given_by: Mapped[str | None]
    large_print: Mapped[bool] = mapped_column(default=False)
