"""The practice this vault belongs to: its name, address, phone, ODS code, clinic days and
hours, review intervals by level of need, the idle lock's minutes and who signs letters.

Kept inside the vault (encrypted, the same for everyone who uses it) and travelling in plan
bundles like any other shared record. One row is the practice's; if two vaults were set up
apart and then exchanged bundles, the most recently changed row is the one used
(`services.practice.details.read_practice`), so every computer agrees.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Traveller


class Practice(Traveller, Base):
    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    address: Mapped[str] = mapped_column(default="")  # one line per line of the letterhead
    phone: Mapped[str] = mapped_column(default="")
    ods_code: Mapped[str] = mapped_column(default="")
    #: {"Monday": "8:30am to 6pm", ...}: a day not named has no clinic
    clinic_hours: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: months to the next review by level of need: {"1": 12, "2": 6, "3": 3}
    review_months: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    lock_minutes: Mapped[float] = mapped_column(default=5.0)
    letters_signed_by: Mapped[str] = mapped_column(default="")
