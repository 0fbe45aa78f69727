"""What the patient-held "yellow folder" printout needs: a frozen snapshot of one plan version.

Text fields are the person's own words as recorded in the plan; the headings and joining words
come from ``resources/wording/yellow_folder.toml``. No ORM rows, no Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple, Sequence

from .letter_data import ResultLine
from .person_data import AboutMeText, BudgetText, FutureCareText, InformationLine

__all__ = [
    "ActionLine",
    "AppointmentLine",
    "CareTeamLine",
    "ContactLine",
    "GoalLine",
    "GoalProgressLine",
    "MedicineLine",
    "ResultLine",
    "ReviewSummary",
    "SupportLine",
    "YellowFolderData",
]


@dataclass(frozen=True)
class ActionLine:
    what: str
    who: str | None = None
    due_on: dt.date | None = None


@dataclass(frozen=True)
class SupportLine:
    name: str  # "Bingo with my neighbour Pat", "Heart failure nurse"
    what: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class GoalLine:
    text: str  # in the person's own words
    status: str = "active"  # active, achieved, no longer wanted
    what_i_will_do: Sequence[str] = ()  # what I will do for it (the golden thread)
    support: Sequence[SupportLine] = ()  # who supports me with it


@dataclass(frozen=True)
class ContactLine:
    """Who to call when I am unwell."""

    name: str
    phone: str | None = None
    hours: str | None = None
    when_to_call: str | None = None


@dataclass(frozen=True)
class MedicineLine:
    name: str
    dose: str | None = None
    when: str | None = None
    purpose: str | None = None
    colour: str | None = None  # the colour of the container: "red", "light blue"


@dataclass(frozen=True)
class CareTeamLine:
    name: str
    role: str | None = None
    phone: str | None = None
    is_lead: bool = False
    practice_number: bool = False  # the phone is the practice's (the lead has no number of their own)


class AppointmentLine(NamedTuple):
    starts_at: dt.datetime
    with_whom: str
    location: str  # surgery, home visit, phone, or a place ("Hospital eye clinic")


class GoalProgressLine(NamedTuple):
    goal: str
    progress: str  # achieved, partly, not yet, no longer wanted
    note: str | None = None


@dataclass(frozen=True)
class ReviewSummary:
    reviewed_on: dt.date
    goal_progress: Sequence[GoalProgressLine] = ()
    next_review_date: dt.date | None = None


@dataclass(frozen=True)
class YellowFolderData:
    full_name: str
    preferred_name: str | None
    nhs_number: str  # 10 digits; printed 3-3-4
    date_of_birth: dt.date
    large_print: bool
    easy_read: bool
    version_number: int
    agreed_on: dt.date | None  # None: a draft, printed DRAFT on every page (local date, not UTC)
    review_date: dt.date | None
    review_method: str | None  # face to face, phone, home visit
    key_actions: Sequence[ActionLine] = ()
    goals: Sequence[GoalLine] = ()
    what_i_will_do: Sequence[str] = ()  # what serves no goal (the rest is under its goals)
    support: Sequence[SupportLine] = ()  # likewise
    warning_signs: str = ""
    what_i_do: str = ""
    what_others_do: str = ""
    who_to_call: Sequence[ContactLine] = ()
    medicines: Sequence[MedicineLine] = ()
    equipment: Sequence[str] = ()
    care_team: Sequence[CareTeamLine] = ()
    appointments: Sequence[AppointmentLine] = ()
    results: Sequence[ResultLine] = ()  # an agreed version: as they stood on the day it was agreed
    review_summary: ReviewSummary | None = field(default=None)
    latest_results: Sequence[ResultLine] = ()  # the current agreed plan: results taken since it was agreed
    practice_name: str = ""  # for "when I am unwell" when no warning signs or number are written down
    practice_phone: str = ""
    # issue 17: the person's own parts (documents.folder_person prints them)
    plan_title: str = ""  # what the person calls their plan; "" for the usual title
    about_me: AboutMeText = field(default_factory=AboutMeText)
    information: Sequence[InformationLine] = ()
    budget: BudgetText | None = None
    future_care: FutureCareText | None = None  # only when the person agreed it goes on the printout

    @property
    def is_draft(self) -> bool:
        return self.agreed_on is None
