"""The printout store: the yellow-folder PDF of a plan version, made once and kept inside the
encrypted vault (never as a file), so an export or a reprint need not lay it out again.

A cache, not a record. One row per plan version and print size, keyed by a SHA-256 over exactly
what the renderer reads (the printout's data, the wording and font files, the size, the
renderer's version): a stored PDF is used only while a fresh render would give the same
printout, and a stale row is replaced. It never travels (a bundle carries the PDF itself),
it is not a `Traveller`, so the flush rules give it no uuid, revision or audit event (the
clinical events, agreeing and copies given, are audited where they happen), and it goes with
its plan version when that is deleted. See `services.planning.printout_store`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class StoredPrintout(Base):
    """The PDF of one plan version in one print size (normal or large print)."""

    __tablename__ = "stored_printout"
    __table_args__ = (UniqueConstraint("plan_version_id", "large_print"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_version.id", ondelete="CASCADE"))
    large_print: Mapped[bool]
    #: SHA-256 (hex) of the render's inputs: the PDF is what a fresh render of them would be
    inputs_key: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    made_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
