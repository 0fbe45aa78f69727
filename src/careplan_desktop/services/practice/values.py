"""The practice's details as plain values, and the checks on what someone types for them.

No SQLAlchemy here (the main window reads the practice at start-up, before the first paint):
reading and saving them is `details`. Every message says what is wrong and what to type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LEVELS = (1, 2, 3)
DEFAULT_REVIEW_MONTHS = {1: 12, 2: 6, 3: 3}
DEFAULT_LOCK_MINUTES = 5.0
LOCK_MINUTES_RANGE = (1, 60)
REVIEW_MONTHS_RANGE = (1, 24)
ODS_SHAPE = re.compile(r"^[A-Z0-9]{3,6}$")
GP_PRACTICE_SHAPE = re.compile(r"^[A-Z][0-9]{5}$")
PHONE_CHARACTERS = re.compile(r"^[0-9 +()-]+$")


class PracticeProblem(ValueError):
    """What someone typed for the practice cannot be kept; the message says what to change."""

    def __init__(self, message: str, field_name: str = "") -> None:
        super().__init__(message)
        self.field_name = field_name  # which box to go back to


@dataclass(frozen=True)
class PracticeSettings:
    """The practice as letters, printouts, the FHIR document, review dates and the idle lock
    use it. `is_set` is False until someone has set the practice up (a new vault, or one made
    before the details lived in the vault)."""

    name: str = ""
    address: str = ""  # lines separated by new lines (or commas, as settings.json held them)
    phone: str = ""
    ods_code: str = ""
    clinic_hours: Mapping[str, str] = field(default_factory=dict)  # day -> hours; a day not named has no clinic
    review_months: Mapping[int, int] = field(default_factory=lambda: dict(DEFAULT_REVIEW_MONTHS))
    lock_minutes: float = DEFAULT_LOCK_MINUTES
    letters_signed_by: str = ""
    uuid: str | None = None

    @property
    def is_set(self) -> bool:
        return bool(self.name.strip() and self.phone.strip())

    @property
    def address_lines(self) -> tuple[str, ...]:
        parts = re.split(r"[\n,]", self.address)
        return tuple(part.strip() for part in parts if part.strip())

    def interval_for_level(self, level: int) -> int:
        """Months from one review to the next for a level of need."""
        return int(self.review_months.get(int(level), DEFAULT_REVIEW_MONTHS.get(int(level), 12)))

    def clinic_days(self) -> tuple[tuple[str, str], ...]:
        return tuple((day, self.clinic_hours[day]) for day in DAYS if self.clinic_hours.get(day, "").strip())


def checked_ods_code(text: str) -> str:
    """The ODS code upper-cased, or PracticeProblem saying what is wrong with its shape."""
    code = "".join(text.split()).upper()
    example = "A GP practice's code is a letter and five digits, like A81001."
    if not code:
        raise PracticeProblem(f"Enter the practice's ODS code. {example}", "ods_code")
    odd = sorted({ch for ch in code if not ch.isascii() or not ch.isalnum()})
    if odd:
        shown = " ".join(f"'{ch}'" for ch in odd)
        raise PracticeProblem(f"An ODS code has only letters and digits; this one has {shown}. {example}", "ods_code")
    if not ODS_SHAPE.match(code):
        raise PracticeProblem(f"An ODS code is 3 to 6 letters and digits; this one has {len(code)}. {example}",
                              "ods_code")
    return code


def is_gp_practice_code(code: str) -> bool:
    return bool(GP_PRACTICE_SHAPE.match(code))


def checked_phone(text: str) -> str:
    phone = " ".join(text.split())
    if not phone:
        raise PracticeProblem("Enter the practice's phone number: letters and printouts tell people to call it.",
                              "phone")
    digits = sum(ch.isdigit() for ch in phone)
    if not PHONE_CHARACTERS.match(phone) or not 10 <= digits <= 13:
        raise PracticeProblem("Enter the phone number as it is dialled, for example 0191 496 0000 "
                              "(10 or 11 digits; spaces are fine).", "phone")
    return phone


def checked_review_months(values: Mapping[int, int] | str) -> dict[int, int]:
    """Months by level 1, 2 and 3, each 1 to 24, from a mapping or text like "12,6,3"."""
    low, high = REVIEW_MONTHS_RANGE
    if isinstance(values, str):
        parts = [part.strip() for part in values.split(",")]
        if len(parts) != len(LEVELS) or not all(part.isdigit() for part in parts):
            raise PracticeProblem("Give the months between reviews for levels 1, 2 and 3 as three whole "
                                  "numbers, for example 12,6,3.", "review_months")
        values = dict(zip(LEVELS, map(int, parts)))
    months = {}
    for level in LEVELS:
        value = values.get(level)
        if not isinstance(value, int) or not low <= value <= high:
            raise PracticeProblem(f"The months between reviews for level {level} must be a whole number "
                                  f"from {low} to {high}.", "review_months")
        months[level] = value
    return months


def checked_lock_minutes(value: float | str) -> float:
    low, high = LOCK_MINUTES_RANGE
    try:
        minutes = float(value)
    except (TypeError, ValueError):
        minutes = -1.0
    if not low <= minutes <= high:
        raise PracticeProblem(f"The app locks itself after {low} to {high} minutes without use; "
                              "give a number in that range.", "lock_minutes")
    return minutes


def checked(practice: PracticeSettings) -> PracticeSettings:
    """The details tidied and checked, or PracticeProblem for the first that cannot be kept."""
    name = " ".join(practice.name.split())
    if not name:
        raise PracticeProblem("Enter the practice's name: it heads every letter and printout.", "name")
    lines = practice.address_lines
    if not lines:
        raise PracticeProblem("Enter the practice's address: it is on every letter.", "address")
    hours = {day: " ".join(str(practice.clinic_hours.get(day, "")).split()) for day in DAYS}
    return PracticeSettings(
        name=name,
        address="\n".join(lines),
        phone=checked_phone(practice.phone),
        ods_code=checked_ods_code(practice.ods_code),
        clinic_hours={day: text for day, text in hours.items() if text},
        review_months=checked_review_months(practice.review_months),
        lock_minutes=checked_lock_minutes(practice.lock_minutes),
        letters_signed_by=" ".join(practice.letters_signed_by.split()),
        uuid=practice.uuid,
    )
