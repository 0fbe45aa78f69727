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
    """Each figure's (count, total) on the day `on`; plain counts have no total."""
    from sqlalchemy import func, select

    from careplan_desktop.models import (
        CareStatus, Carer, DirectoryEntry, OfferStatus, Patient, PlanVersion, PrintLog, Review, VersionStatus,
    )

    since = year_before(on)
    people = session.execute(select(
        Patient.id, Patient.offer_status, Patient.offer_date, Patient.lead_professional, Patient.care_status,
        Patient.route_back).where(Patient.on_register)).all()
    on_register = {row.id for row in people}
    agreed = {pid: (uuid, eol) for pid, uuid, eol in session.execute(
        select(PlanVersion.patient_id, PlanVersion.uuid, PlanVersion.end_of_life_preferences)
        .where(PlanVersion.status == VersionStatus.AGREED.value))}
    agreed = {pid: value for pid, value in agreed.items() if pid in on_register}
    with_carer, carer_copy = set(), set()
    for pid, receives in session.execute(select(Carer.patient_id, Carer.receives_copy)):
        if pid in on_register:
            with_carer.add(pid)
            if receives:
                carer_copy.add(pid)
    given = {(pid, uuid) for pid, uuid in session.execute(
        select(PrintLog.patient_id, PrintLog.plan_version_uuid).where(PrintLog.given_to == "person"))}
    self_care = [row for row in people if row.care_status == CareStatus.SELF_CARE.value]

    recent_agreements = [missing for missing, at in session.execute(
        select(PlanVersion.missing_at_agreement, PlanVersion.agreed_at).where(PlanVersion.agreed_at.is_not(None)))
        if missing is not None and since < at.date() <= on]
    due_by_version = dict(session.execute(select(PlanVersion.uuid, PlanVersion.review_date)
                                          .where(PlanVersion.review_date.is_not(None))).all())
    reviews = [(done, due_by_version[version]) for done, version in session.execute(
        select(Review.reviewed_on, Review.plan_version_uuid).where(Review.reviewed_on > since, Review.reviewed_on <= on))
        if version in due_by_version]

    return {
        "on_register": (len(on_register), None),
        "offered": (sum(1 for row in people if row.offer_status != OfferStatus.NOT_OFFERED.value
                        and row.offer_date is not None and since < row.offer_date <= on), len(on_register)),
        "key_worker": (sum(1 for row in people if (row.lead_professional or "").strip()), len(on_register)),
        "agreed_plan": (len(agreed), len(on_register)),
        "carer_copy": (len(carer_copy), len(with_carer)),
        "plan_given": (sum(1 for pid, (uuid, _) in agreed.items() if (pid, uuid) in given), len(agreed)),
        "all_elements": (sum(1 for missing in recent_agreements if not missing), len(recent_agreements)),
        "reviews_on_time": (sum(1 for done, due in reviews if done <= due + ON_TIME), len(reviews)),
        "self_care_route": (sum(1 for row in self_care if (row.route_back or "").strip()), len(self_care)),
        "end_of_life": (sum(1 for _, eol in agreed.values() if (eol or "").strip()), len(agreed)),
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
