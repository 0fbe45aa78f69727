"""Who uses this vault and which device it is: users and devices."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Traveller, utcnow


class User(Traveller, Base):
    """A member of staff who records in this vault (named in the audit trail)."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    role: Mapped[str] = mapped_column(default="practice nurse")
    active: Mapped[bool] = mapped_column(default=True)


class Device(Traveller, Base):
    """A vault on one machine: "Andrea's laptop", "Practice hub"."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    is_this_device: Mapped[bool] = mapped_column(default=False)
    first_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)
    exchange_key_id: Mapped[str | None] = mapped_column(String(64))
