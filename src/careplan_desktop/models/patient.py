"""The person on the long-term-condition register, their conditions and their carers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Traveller
from .codes import LEVEL_NAMES, CareStatus, OfferStatus, RegisterStatus  # noqa: F401 (also read from here)


class Patient(Traveller, Base):
    __tablename__ = "patient"
    __table_args__ = (
        CheckConstraint("level_of_need BETWEEN 1 AND 3", name="level"),
        CheckConstraint("length(nhs_number) = 10", name="nhs_number_length"),
        Index("ix_patient_family_name", "family_name"),
        Index("ix_patient_birth_month", "birth_month"),
        Index("ix_patient_next_review_date", "next_review_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nhs_number: Mapped[str] = mapped_column(String(10), unique=True)
    title: Mapped[str | None]
    given_name: Mapped[str]
    family_name: Mapped[str]
    preferred_name: Mapped[str | None]
    date_of_birth: Mapped[dt.date]
    birth_month: Mapped[int]  # 1-12, kept for the birth-month recall
    sex: Mapped[str] = mapped_column(default="unknown")  # female, male, other, unknown
    address: Mapped[str | None]
    postcode: Mapped[str | None]
    phone: Mapped[str | None]
    gp_name: Mapped[str | None]
    level_of_need: Mapped[int] = mapped_column(default=1)
    housebound: Mapped[bool] = mapped_column(default=False)
    # communication and access needs
    large_print: Mapped[bool] = mapped_column(default=False)
    easy_read: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str | None]  # set when an interpreter is needed
    bsl: Mapped[bool] = mapped_column(default=False)
    braille: Mapped[bool] = mapped_column(default=False)
    needs_companion: Mapped[bool] = mapped_column(default=False)
    communication_other: Mapped[str | None]
    lead_professional: Mapped[str | None]
    # the care planning offer
    offer_status: Mapped[str] = mapped_column(String(16), default=OfferStatus.NOT_OFFERED.value)
    offer_date: Mapped[dt.date | None]
    offer_response_date: Mapped[dt.date | None]
    offer_decline_reason: Mapped[str | None]
    care_status: Mapped[str] = mapped_column(String(16), default=CareStatus.ACTIVE.value)
    route_back: Mapped[str | None]  # how to come back after exit to self-care
    next_review_date: Mapped[dt.date | None]
    # on the register, or died / moved away (with the date) / left the register (with the reason):
    # services/register/status.py records it; it travels in plan bundles like any other field
    register_status: Mapped[str] = mapped_column(String(16), default=RegisterStatus.ACTIVE.value,
                                                 server_default=RegisterStatus.ACTIVE.value)
    register_status_on: Mapped[dt.date | None]  # the day they died or moved away
    register_status_reason: Mapped[str | None]  # why they left the register

    conditions: Mapped[list[Condition]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", order_by="Condition.id"
    )
    carers: Mapped[list[Carer]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", order_by="Carer.id"
    )

    def audit_patient_id(self) -> int | None:
        return self.id

    @hybrid_property
    def on_register(self) -> bool:
        """The one condition for "on the register" (not died, moved away or left it): in Python
        on a loaded person, and as SQL in every query that lists people for recall, reviews due,
        letters, invitations and the register's figures (`select(...).where(Patient.on_register)`)."""
        return self.register_status == RegisterStatus.ACTIVE.value

    @property
    def has_died(self) -> bool:
        return self.register_status == RegisterStatus.DIED.value

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def communication_needs(self) -> list[str]:
        needs = []
        for flag, label in (
            (self.large_print, "large print"),
            (self.easy_read, "easy read"),
            (self.bsl, "BSL"),
            (self.braille, "braille"),
            (self.needs_companion, "needs someone with them"),
        ):
            if flag:
                needs.append(label)
        if self.interpreter_language:
            needs.append(f"interpreter ({self.interpreter_language})")
        if self.communication_other:
            needs.append(self.communication_other)
        return needs


class Condition(Traveller, Base):
    """One long-term condition a person lives with: SNOMED CT coded from the catalogue, or (code
    "free-text") in the nurse's words with no SNOMED CT code."""

    __tablename__ = "condition"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(48))  # catalogue code, e.g. diabetes-type-2
    snomed_id: Mapped[str | None] = mapped_column(String(20))  # None: free text, not in the catalogue
    display: Mapped[str]
    diagnosed_on: Mapped[dt.date | None]
    site: Mapped[str | None]  # where in the body, in the nurse's words, for a condition recorded with its site

    patient: Mapped[Patient] = relationship(back_populates="conditions")


class Carer(Traveller, Base):
    __tablename__ = "carer"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    name: Mapped[str]
    relationship_to_person: Mapped[str | None]
    phone: Mapped[str | None]
    involved_in_planning: Mapped[bool] = mapped_column(default=False)
    receives_copy: Mapped[bool] = mapped_column(default=False)
    copy_consent_recorded_on: Mapped[dt.date | None]  # the person's consent to the carer's copy

    patient: Mapped[Patient] = relationship(back_populates="carers")
