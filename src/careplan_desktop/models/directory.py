"""The local directory of services and "more than medicine" support."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Traveller


class DirectoryEntry(Traveller, Base):
    __tablename__ = "directory_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    kind: Mapped[str]  # e.g. peer support, exercise, befriending, welfare rights, NHS service
    offers: Mapped[str | None]
    contact: Mapped[str | None]
    hours: Mapped[str | None]
    notes: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)
