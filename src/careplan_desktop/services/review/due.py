"""Who is due a review of their agreed plan in a chosen period, and who is overdue.

Only people on the register (`Patient.on_register`: not died, moved away or left it) in active
review (not exited to self-care) with an agreed plan are listed; the
date is the person's `next_review_date`. Someone whose date has passed by `today` is in
`overdue` (with whole weeks overdue), never also in `due`. No Qt; reads only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import select

from careplan_desktop.models import Patient, PlanVersion, VersionStatus
from careplan_desktop.models.patient import CareStatus
from careplan_desktop.store import Vault


@dataclass(frozen=True)
class ReviewDueRow:
    patient_uuid: str
    name: str
    nhs_number: str
    lead_professional: str  # "" when none is named
    method: str  # face to face, phone, home visit, or "" when not agreed
    housebound: bool
    level_of_need: int
    next_review_date: dt.date
    weeks_overdue: int = 0

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(label for on, label in ((self.housebound, "housebound"), (self.level_of_need == 3, "level 3")) if on)


@dataclass(frozen=True)
class ReviewsDue:
    start: dt.date
    end: dt.date
    today: dt.date
    due: tuple[ReviewDueRow, ...]
    overdue: tuple[ReviewDueRow, ...]

    def grouped(self, key: Callable[[ReviewDueRow], str], rows: tuple[ReviewDueRow, ...] | None = None) -> dict[str, list[ReviewDueRow]]:
        out: dict[str, list[ReviewDueRow]] = {}
        for row in self.due + self.overdue if rows is None else rows:
            out.setdefault(key(row) or "not recorded", []).append(row)
        return dict(sorted(out.items()))

    def by_lead(self) -> dict[str, list[ReviewDueRow]]:
        return self.grouped(lambda row: row.lead_professional)

    def by_method(self) -> dict[str, list[ReviewDueRow]]:
        return self.grouped(lambda row: row.method)


def month_period(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def reviews_due(vault: Vault, start: dt.date, end: dt.date, *, today: dt.date | None = None) -> ReviewsDue:
    """Everyone due a review between `start` and `end` (inclusive) and everyone overdue on `today`."""
    today = today or dt.date.today()
    agreed = select(PlanVersion.patient_id).where(PlanVersion.status == VersionStatus.AGREED.value)
    query = (select(Patient).where(Patient.on_register, Patient.care_status == CareStatus.ACTIVE.value, Patient.next_review_date.is_not(None),
                                   Patient.next_review_date <= end, Patient.id.in_(agreed))
             .order_by(Patient.next_review_date, Patient.family_name, Patient.given_name, Patient.id))
    due: list[ReviewDueRow] = []
    overdue: list[ReviewDueRow] = []
    with vault.reader() as session:
        patients = [p for p in session.scalars(query) if p.next_review_date < today or p.next_review_date >= start]
        methods = dict(session.execute(
            select(PlanVersion.patient_id, PlanVersion.review_method)
            .where(PlanVersion.status == VersionStatus.AGREED.value, PlanVersion.patient_id.in_([p.id for p in patients]))
        ).all()) if patients else {}
        for p in patients:
            late = p.next_review_date < today
            row = ReviewDueRow(p.uuid, p.display_name, p.nhs_number, p.lead_professional or "", methods.get(p.id) or "",
                               bool(p.housebound), p.level_of_need, p.next_review_date,
                               (today - p.next_review_date).days // 7 if late else 0)
            (overdue if late else due).append(row)
    overdue.sort(key=lambda row: (row.next_review_date, row.name))
    return ReviewsDue(start, end, today, tuple(due), tuple(overdue))
