"""Narrowing the register: by register status, condition, level of need, this month's recall
status, care planning offer, review due or overdue, and named lead professional.

The register status is the one filter that is never "any" by default: the register shows the
people on it (`ON_REGISTER`, the rule `models.is_on_register`), and the filter shows those who
died, moved away or left it, or everyone. It reads the status each register row carries, so it
needs no facts.

`load_filter_facts` reads, once, what the filters look at for everyone (two plain scans and
this month's recall cohort); `matching` then answers in memory for any combination, so
changing a filter costs milliseconds even for 50,000 people. The screen applies the result
on top of its search.

"Review due" means due this month by the recall rules (birth month, level interval or the
review date in the plan: `recall.recall_cohort`); "overdue" means a review date that has
passed with no recall this month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from careplan_desktop import models
from careplan_desktop.models import RegisterStatus, is_on_register
from careplan_desktop.store import Vault


DUE, OVERDUE, DUE_OR_OVERDUE = "due", "overdue", "due_or_overdue"
NOT_DUE = "not_due"  # recall status of someone not due this month
NO_LEAD = ""  # lead professional filter: people with none named
ON_REGISTER, OFF_REGISTER, EVERYONE = "on_register", "off_register", "everyone"  # register status filter
#: the register status filter's choices, the default first; each status on its own too
REGISTER_CHOICES = ((ON_REGISTER, "On the register"), (OFF_REGISTER, "No longer on the register"),
                    (RegisterStatus.DIED.value, "Died"), (RegisterStatus.MOVED_AWAY.value, "Moved away"),
                    (RegisterStatus.LEFT_REGISTER.value, "Left the register"), (EVERYONE, "Everyone"))


def register_matches(chosen: str, status: str) -> bool:
    """Whether someone with this register status passes the register status filter."""
    if chosen == EVERYONE:
        return True
    if chosen in (ON_REGISTER, OFF_REGISTER):
        return is_on_register(status) == (chosen == ON_REGISTER)
    return status == chosen


@dataclass(frozen=True)
class RegisterFilter:
    """None means "any" for every field but `register`, which is ON_REGISTER unless chosen."""

    condition: str | None = None  # catalogue code
    level: int | None = None
    recall_status: str | None = None  # a RecallStatus value for this month, or NOT_DUE
    offer_status: str | None = None  # an OfferStatus value
    review: str | None = None  # DUE, OVERDUE or DUE_OR_OVERDUE
    lead_professional: str | None = None  # exactly as recorded; NO_LEAD for none named
    register: str = ON_REGISTER  # a REGISTER_CHOICES value

    @property
    def is_empty(self) -> bool:
        """No filter that needs the facts is chosen (the register status needs none)."""
        return all(getattr(self, name) is None for name in self.__dataclass_fields__ if name != "register")

    @property
    def chosen_count(self) -> int:
        """How many filters differ from the default view."""
        return sum(getattr(self, name) is not None for name in self.__dataclass_fields__ if name != "register") + (
            self.register != ON_REGISTER)


@dataclass(frozen=True)
class FilterFacts:
    """What the filters look at, for everyone on the register, by uuid."""

    year: int
    month: int
    conditions: dict[str, frozenset[str]]
    level: dict[str, int]
    offer_status: dict[str, str]
    lead_professional: dict[str, str]  # NO_LEAD when none is named
    recall_status: dict[str, str]  # this month's; NOT_DUE for people not in this month's recall
    due: frozenset[str]
    overdue: frozenset[str]

    def lead_professionals(self) -> list[str]:
        """Every lead professional named on the register, for the screen's list."""
        return sorted({name for name in self.lead_professional.values() if name}, key=str.casefold)


def load_filter_facts(vault: Vault, today: dt.date, intervals: dict[int, int] | None = None) -> FilterFacts:
    from sqlalchemy import select  # here, not above: the filter bar imports this module at start-up

    from careplan_desktop.services.recall.birth_month import recall_cohort

    Patient, Condition = models.Patient, models.Condition  # noqa: N806 (mapped classes, built on first use)
    with vault.reader() as session:
        connection = session.connection()
        people = connection.execute(select(Patient.id, Patient.uuid, Patient.level_of_need, Patient.offer_status,
                                           Patient.lead_professional)).all()
        codes: dict[int, set[str]] = {}
        for patient_id, code in connection.execute(select(Condition.patient_id, Condition.code)):
            codes.setdefault(patient_id, set()).add(code)
    cohort = recall_cohort(vault, today.year, today.month, today=today, intervals=intervals)
    recall_status = {uuid: NOT_DUE for _, uuid, *_ in people}
    recall_status.update((row.uuid, row.status) for row in cohort.rows)
    return FilterFacts(
        year=today.year, month=today.month,
        conditions={uuid: frozenset(codes.get(pid, ())) for pid, uuid, *_ in people},
        level={uuid: level for _, uuid, level, _, _ in people},
        offer_status={uuid: offer for _, uuid, _, offer, _ in people},
        lead_professional={uuid: (lead or "").strip() or NO_LEAD for _, uuid, _, _, lead in people},
        recall_status=recall_status,
        due=frozenset(row.uuid for row in cohort.rows),
        overdue=frozenset(row.uuid for row in cohort.overdue),
    )


def matching(facts: FilterFacts, chosen: RegisterFilter, uuids: Iterable[str] | None = None) -> set[str]:
    """The people (of `uuids`, default everyone the facts know) who pass every filter chosen.
    Someone added since the facts were read passes only an empty filter."""
    pool = set(facts.level) if uuids is None else set(uuids)
    if chosen.is_empty:
        return pool
    pool &= set(facts.level)
    tests = []
    if chosen.condition is not None:
        tests.append(lambda u: chosen.condition in facts.conditions[u])
    if chosen.level is not None:
        tests.append(lambda u: facts.level[u] == chosen.level)
    if chosen.recall_status is not None:
        tests.append(lambda u: facts.recall_status[u] == chosen.recall_status)
    if chosen.offer_status is not None:
        tests.append(lambda u: facts.offer_status[u] == chosen.offer_status)
    if chosen.lead_professional is not None:
        tests.append(lambda u: facts.lead_professional[u] == chosen.lead_professional)
    if chosen.review is not None:
        wanted = {DUE: facts.due, OVERDUE: facts.overdue, DUE_OR_OVERDUE: facts.due | facts.overdue}[chosen.review]
        tests.append(wanted.__contains__)
    return {uuid for uuid in pool if all(test(uuid) for test in tests)}
