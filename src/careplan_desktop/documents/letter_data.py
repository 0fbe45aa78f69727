"""What a pre-consultation results letter needs: plain frozen snapshots, no ORM rows, no Qt.

A service builds these from the vault (and the results catalogue) and hands them to
:func:`careplan_desktop.documents.results_letter.render_results_letters`, possibly on a worker
thread. Text fields hold what the person reads; the wording around them comes from
``resources/wording/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Sequence

Location = Literal["surgery", "home visit", "phone"]
Reading = Literal["within_target", "above_target", "below_target", "no_target", "first_result"]
LOCATIONS: tuple[str, ...] = ("surgery", "home visit", "phone")
READINGS: tuple[str, ...] = ("within_target", "above_target", "below_target", "no_target", "first_result")


@dataclass(frozen=True)
class PracticeDetails:
    name: str
    address_lines: Sequence[str]
    phone: str
    signed_by: str = ""  # who signs the letters; the care team when empty


@dataclass(frozen=True)
class AppointmentDetails:
    starts_at: dt.datetime
    length_minutes: int
    with_whom: str  # "Nurse Andrea Hall"
    location: Location = "surgery"
    # what is recorded as arranged for this appointment: the letter says "we have booked ..." only
    # when true, and otherwise how to ask (for the needs the person has)
    interpreter_arranged: bool = False
    bsl_arranged: bool = False
    companion_arranged: bool = False

    def __post_init__(self) -> None:
        if self.location not in LOCATIONS:
            raise ValueError(f"location must be one of {', '.join(LOCATIONS)}, not {self.location!r}")


@dataclass(frozen=True)
class ResultLine:
    """One test or check, already put into plain words from the results catalogue."""

    code: str  # results catalogue code, e.g. "hba1c"
    plain_name: str  # "your blood sugar over the last 2 to 3 months (HbA1c)"
    measures: str  # one plain sentence: "This shows how much sugar ..."
    value_text: str  # "58", "138/82", "ex-smoker"
    unit: str | None  # "mmol/mol"; None or "" for choice results
    taken_on: dt.date
    previous_value_text: str | None = None
    previous_taken_on: dt.date | None = None
    target_text: str | None = None  # "58 or below, agreed with you"
    reading: Reading = "no_target"

    def __post_init__(self) -> None:
        if self.reading not in READINGS:
            raise ValueError(f"reading must be one of {', '.join(READINGS)}, not {self.reading!r}")


@dataclass(frozen=True)
class ResultsLetterData:
    """One person's letter. Communication needs are required fields: each letter decides them.
    Every sentence about time is worked out from ``letter_date`` and the appointment's date."""

    letter_date: dt.date
    salutation_name: str  # "Mrs Smith" or the preferred name
    full_name: str
    address_lines: Sequence[str]
    nhs_number: str  # 10 digits; printed 3-3-4
    large_print: bool
    easy_read: bool
    interpreter_language: str | None  # needs an interpreter who speaks this language
    bsl: bool  # needs a British Sign Language interpreter
    needs_companion: bool  # needs someone with them
    appointment: AppointmentDetails
    results: Sequence[ResultLine]
