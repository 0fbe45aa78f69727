"""Tests and checks done before the review (HbA1c, blood pressure, ...)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Traveller


class Result(Traveller, Base):
    __tablename__ = "result"
    __table_args__ = (Index("ix_result_patient_code", "patient_id", "code", "taken_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(48))  # results catalogue code, e.g. hba1c
    value_text: Mapped[str]  # as entered and shown: "53", "138/82", "ex-smoker"
    value: Mapped[float | None]  # numeric value (systolic for blood pressure)
    value2: Mapped[float | None]  # diastolic for blood pressure
    unit: Mapped[str | None]
    taken_on: Mapped[dt.date]
    entered_by: Mapped[str | None]  # user uuid
