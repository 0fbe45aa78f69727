"""What the care planning records show, beside the self-assessment's questions.

A few counts from the vault, each a `Figure` with its sentence from
resources/wording/self_assessment.toml ([standard.figures]). They are counted on a day (`on`):
"the last 12 months" is the year up to and including it. A draft shows them as they are today;
completing an assessment keeps them in it (`as_stored`), so a completed one never changes.

The figures (people are those on the long-term-condition register, `Patient.on_register`):
- on_register: people on the register.
- offered: of them, offered care planning (offered, accepted or declined) with the offer dated in
  the last 12 months.
- key_worker: of them, with a named lead professional.
- agreed_plan: of them, with an agreed plan (its current version agreed).
- carer_copy: of those with a carer recorded, with a carer who receives a copy of the plan.
- plan_given: of those with an agreed plan, given a printed copy of that version themselves.
- end_of_life: of those with an agreed plan, whose plan records end of life wishes.
- self_care_route: of those who moved to self-care, with their route back written down.
- all_elements: plans agreed in the last 12 months (with the check recorded at agreement),
  and of them, agreed with none of the nine key elements missing.
- reviews_on_time: reviews done in the last 12 months of a version with a review date, and of
  them, done no later than four weeks after that date.
- directory: services in the practice's directory of local support (active).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careplan_desktop.domain.wording import Wording, load_wording

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from careplan_desktop.store import Vault

ON_TIME = dt.timedelta(weeks=4)
#: shown in this order
FIGURE_KEYS = ("on_register", "offered", "key_worker", "agreed_plan", "carer_copy", "plan_given", "all_elements",
               "reviews_on_time", "self_care_route", "end_of_life", "directory")
#: plain counts: no total, no percentage
COUNTS_ONLY = {"on_register", "directory"}


@dataclass(frozen=True)
class Figure:
    key: str
    count: int
    total: int | None  # None for a plain count
    text: str  # the sentence, filled in

    def as_stored(self) -> dict[str, Any]:
        return {"key": self.key, "count": self.count, "total": self.total, "text": self.text}

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> Figure:
        return cls(str(stored["key"]), int(stored["count"]),
                   None if stored.get("total") is None else int(stored["total"]), str(stored["text"]))


def year_before(on: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return on.replace(year=on.year - 1)
    except ValueError:
        return on.replace(year=on.year - 1, day=28)


def percent(count: int, total: int) -> str:
    """A whole percentage, halves rounded up (7 of 8 is 88%)."""
    return f"{(200 * count + total) // (2 * total)}%"


def sentence(words: Wording, key: str, count: int, total: int | None) -> str:
    if key in COUNTS_ONLY:
        return words.text(f"figures.{key}", count=count)
    if not total:
        return words.text(f"figures.none_{key}")
    return words.text(f"figures.{key}", count=count, total=total, percent=percent(count, total))


def count_evidence(session: Session, on: dt.date) -> dict[str, tuple[int, int | None]]:
    """Each figure's (count, total) on the day `on`; plain counts have no total. Counted in SQL:
    one pass over the register, then the people in the smaller tables looked up by id."""
    from sqlalchemy import and_, case, func, select

    from careplan_desktop.models import (
        CareStatus, Carer, DirectoryEntry, OfferStatus, Patient, PlanVersion, PrintLog, Review, VersionStatus,
    )

    since = year_before(on)

    def written(column):
        return func.length(func.trim(func.coalesce(column, ""))) > 0

    def counted(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    self_care = Patient.care_status == CareStatus.SELF_CARE.value
    register = session.execute(select(
        func.count(),
        counted(and_(Patient.offer_status != OfferStatus.NOT_OFFERED.value, Patient.offer_date > since,
                     Patient.offer_date <= on)),
        counted(written(Patient.lead_professional)),
        counted(self_care),
        counted(and_(self_care, written(Patient.route_back))),
    ).where(Patient.on_register)).one()
    on_register, offered, key_worker, in_self_care, with_route = (int(value) for value in register)

    def people_on_register(ids) -> int:
        return session.scalar(select(func.count()).select_from(Patient)
                              .where(Patient.id.in_(ids), Patient.on_register)) or 0

    agreed = select(PlanVersion.patient_id).where(PlanVersion.status == VersionStatus.AGREED.value)
    with_agreed_plan = people_on_register(agreed)
    given = (select(PlanVersion.patient_id).join(PrintLog, PrintLog.plan_version_uuid == PlanVersion.uuid)
             .where(PlanVersion.status == VersionStatus.AGREED.value, PrintLog.given_to == "person"))

    recent_agreements = [missing for (missing,) in session.execute(
        select(PlanVersion.missing_at_agreement)
        .where(PlanVersion.agreed_at >= dt.datetime.combine(since + dt.timedelta(days=1), dt.time()),
               PlanVersion.agreed_at < dt.datetime.combine(on + dt.timedelta(days=1), dt.time())))
        if missing is not None]
    reviews = session.execute(
        select(Review.reviewed_on, PlanVersion.review_date)
        .join(PlanVersion, PlanVersion.uuid == Review.plan_version_uuid)
        .where(Review.reviewed_on > since, Review.reviewed_on <= on, PlanVersion.review_date.is_not(None))).all()
    return {
        "on_register": (on_register, None),
        "offered": (offered, on_register),
        "key_worker": (key_worker, on_register),
        "agreed_plan": (with_agreed_plan, on_register),
        "carer_copy": (people_on_register(select(Carer.patient_id).where(Carer.receives_copy.is_(True))),
                       people_on_register(select(Carer.patient_id))),
        "plan_given": (people_on_register(given), with_agreed_plan),
        "all_elements": (sum(1 for missing in recent_agreements if not missing), len(recent_agreements)),
        "reviews_on_time": (sum(1 for done, due in reviews if done <= due + ON_TIME), len(reviews)),
        "self_care_route": (with_route, in_self_care),
        "end_of_life": (people_on_register(agreed.where(written(PlanVersion.end_of_life_preferences))),
                        with_agreed_plan),
        "directory": (session.scalar(select(func.count()).select_from(DirectoryEntry)
                                     .where(DirectoryEntry.active.is_(True))) or 0, None),
    }


def figures_from(counts: dict[str, tuple[int, int | None]]) -> list[Figure]:
    words = load_wording("self_assessment")
    return [Figure(key, count, total, sentence(words, key, count, total))
            for key, (count, total) in ((key, counts[key]) for key in FIGURE_KEYS)]


def evidence_in(session: Session, on: dt.date) -> list[Figure]:
    return figures_from(count_evidence(session, on))


def evidence_today(vault: Vault, on: dt.date) -> list[Figure]:
    """The figures as the records stand (for a draft on screen)."""
    with vault.reader() as session:
        return evidence_in(session, on)
