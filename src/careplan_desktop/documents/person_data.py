"""The yellow folder's parts about the person as the plan records them: about me and what
matters to me, the information they were given, their personal health budget and their future
care wishes. Plain frozen data in the person's own words; no ORM rows, no Qt, no reportlab."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

__all__ = ["AboutMeText", "BudgetLineText", "BudgetText", "FutureCareText", "InformationLine"]


@dataclass(frozen=True)
class AboutMeText:
    what_matters: str = ""
    story_new: str = ""  # what is new for me
    story_good: str = ""  # what is going well
    story_tough: str = ""  # what is hard
    communication: str = ""  # how I like to be contacted

    @property
    def is_blank(self) -> bool:
        return not any(value.strip() for value in (self.what_matters, self.story_new, self.story_good,
                                                   self.story_tough, self.communication))


@dataclass(frozen=True)
class InformationLine:
    """An information prescription: what I was given, where it is from, when."""

    topic: str
    source: str | None = None
    given_on: dt.date | None = None


@dataclass(frozen=True)
class BudgetLineText:
    category: str  # personal assistant, service, equipment, contingency, other
    description: str
    amount_pence: int


@dataclass(frozen=True)
class BudgetText:
    amount_pence: int
    management: str = ""  # notional, third party, direct payment; "" not decided yet
    lines: Sequence[BudgetLineText] = ()

    @property
    def planned_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines)


@dataclass(frozen=True)
class FutureCareText:
    """Future care wishes the person talked about and agreed to have on their printout."""

    what_matters: str = ""
    place_of_care: str = ""
    place_of_death: str = ""
    resuscitation_form: str = ""  # "", none, ReSPECT, DNACPR, ReSPECT and DNACPR
    form_kept_where: str = ""
    lpa: str = ""  # "", yes, no
    lpa_who: str = ""
    lpa_contact: str = ""
    advance_decision: str = ""  # "", yes, no
    advance_decision_where: str = ""
    who_to_tell: str = ""
