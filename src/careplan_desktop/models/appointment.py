"""Recall and appointments: who is due, who was invited, who is booked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Traveller
from .codes import RecallStatus  # noqa: F401 (also read from here)



class Appointment(Traveller, Base):
    __tablename__ = "appointment"
    __table_args__ = (Index("ix_appointment_starts", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(24), default="review")  # review (care planning), tests (with the HCA)
    starts_at: Mapped[dt.datetime]
    length_minutes: Mapped[int] = mapped_column(default=40)  # a double appointment
    with_whom: Mapped[str | None]
    location: Mapped[str] = mapped_column(String(24), default="surgery")  # surgery, home visit, phone
    status: Mapped[str] = mapped_column(String(16), default="booked")  # booked, attended, dna, cancelled
    # what was arranged for the person's access needs (migration 0006): None when they have no such
    # need, True when arranged, False when not (yet); a letter claims only what is recorded True
    interpreter_arranged: Mapped[bool | None]  # an interpreter in the person's language
    bsl_arranged: Mapped[bool | None]  # a British Sign Language interpreter
    companion_arranged: Mapped[bool | None]  # someone to come with them (they need someone with them)
    # one line for each communication need of the person, written when it is booked (migration 0013):
    # "Polish interpreter: arranged", "Braille: the letter needs transcribing" ...
    needs_note: Mapped[str | None]


class Recall(Traveller, Base):
    """A person's recall for one review round (year and month due)."""

    __tablename__ = "recall"
    __table_args__ = (Index("ix_recall_due", "due_year", "due_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    due_year: Mapped[int]
    due_month: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=RecallStatus.TO_INVITE.value)
    invited_on: Mapped[dt.date | None]
    second_invitation_on: Mapped[dt.date | None]
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id", ondelete="SET NULL"))
    # the tests and checks with the healthcare assistant before the care planning appointment
    # (migration 0013); None when the person's conditions need no tests or none is booked
    tests_appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id", ondelete="SET NULL"))
