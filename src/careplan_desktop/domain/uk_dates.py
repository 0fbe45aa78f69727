"""Dates as UK practice systems write them, read strictly: day first, four-digit years.

Accepted: 05/03/1948, 5/3/1948 (also with - or . between the numbers), 05-Mar-1948,
5 Mar 1948, 5 March 1948 (month names in any case), and ISO 1948-03-05.

Refused with a reason, never guessed: two-digit years, anything that only makes sense as
month/day/year (03/25/1950), impossible dates (31/02/1950) and anything else. Messages
describe the problem without repeating the whole date, so they are safe to show beside a
field and never carry a date of birth into a log.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from careplan_desktop.domain.dates import age_on, uk

__all__ = ["DateReading", "UkDateError", "age_on", "check_date_of_birth", "file_reads_month_first",
           "format_uk_date", "parse_uk_date", "read_uk_date", "years_before"]

EXAMPLE = "05/03/1948"
EMPTY = f"Enter a date, for example {EXAMPLE}."
TWO_DIGIT_YEAR = f"The year must have 4 digits, for example {EXAMPLE} (a 2-digit year could mean 19xx or 20xx)."
MONTH_FIRST = "This reads as month/day/year (US order); dates must be day/month/year."
UNREADABLE = f"This is not a date in a form we can read; use day/month/year, for example {EXAMPLE}."
UNKNOWN_MONTH = "This month name is not recognised; use Jan to Dec, for example 05-Mar-1948."
AMBIGUOUS_IN_FILE = (
    "This date could be day/month or month/day: other dates in this file are month/day/year (US order)."
)
DOB_IN_FUTURE = "The date of birth cannot be in the future."
DOB_TOO_OLD = "The date of birth is more than 120 years ago: check the year."
OLDEST_AGE_YEARS = 120

format_uk_date = uk  # 05/03/1948, or '' for no date (one implementation, in .dates)

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9
_MONTH_NAMES = list(calendar.month_name)

_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d+)$")
_NAMED = re.compile(r"^(\d{1,2})(?:-([a-z]+)-|\s+([a-z]+)\.?,?\s+)(\d+)$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class UkDateError(ValueError):
    """`str(error)` is the reason, fit to show beside the field; it never contains the date."""


@dataclass(frozen=True)
class DateReading:
    """What a piece of text says as a date: `value`, or `problem` (never both)."""

    value: dt.date | None
    problem: str | None = None
    could_be_month_first: bool = False  # day and month both 1-12 and different: 05/03/1948


def _real_date(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise UkDateError(f"This is not a real date: there is no month {month}." if month else
                          "This is not a real date: days and months start at 1.")
    if day < 1:
        raise UkDateError("This is not a real date: days and months start at 1.")
    if year < 1:
        raise UkDateError(UNREADABLE)
    days = calendar.monthrange(year, month)[1]
    if day > days:
        tail = " in that year" if month == 2 else ""
        raise UkDateError(f"This is not a real date: {_MONTH_NAMES[month]} has {days} days{tail}.")
    return dt.date(year, month, day)


def _four_digit_year(text: str) -> int:
    if len(text) <= 2:
        raise UkDateError(TWO_DIGIT_YEAR)
    if len(text) != 4:
        raise UkDateError(UNREADABLE)
    return int(text)


def read_uk_date(text: str | None) -> DateReading:
    """Read one date; the problem (if any) is in the reading rather than raised."""
    try:
        return _read(text)
    except UkDateError as error:
        return DateReading(None, str(error))


def _read(text: str | None) -> DateReading:
    text = " ".join((text or "").split())
    if not text:
        raise UkDateError(EMPTY)
    iso = _ISO.match(text)
    if iso:
        return DateReading(_real_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))))
    numeric = _NUMERIC.match(text)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(3))
        year = _four_digit_year(numeric.group(4))
        if first <= 12 and 12 < second <= 31:
            raise UkDateError(MONTH_FIRST)
        value = _real_date(year, second, first)
        return DateReading(value, None, could_be_month_first=first <= 12 and first != second)
    named = _NAMED.match(text)
    if named:
        month_name = (named.group(2) or named.group(3)).lower()
        if month_name not in _MONTHS:
            raise UkDateError(UNKNOWN_MONTH)
        year = _four_digit_year(named.group(4))
        return DateReading(_real_date(year, _MONTHS[month_name], int(named.group(1))))
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{1,2}", text):
        raise UkDateError(TWO_DIGIT_YEAR)
    raise UkDateError(UNREADABLE)


def parse_uk_date(text: str | None) -> dt.date:
    """The date, or UkDateError whose message says what is wrong."""
    return _read(text).value  # type: ignore[return-value]


def file_reads_month_first(texts: Iterable[str | None]) -> bool:
    """True when a column looks like a US export: some dates only make sense month-first and
    none only make sense day-first. Then a date like 05/03/1948 cannot be trusted either way."""
    month_first_only = day_first_only = False
    for text in texts:
        match = _NUMERIC.match(" ".join((text or "").split()))
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(3))
        if first <= 12 < second <= 31:
            month_first_only = True
        elif second <= 12 < first <= 31:
            day_first_only = True
    return month_first_only and not day_first_only


def years_before(today: dt.date, years: int) -> dt.date:
    """The same day `years` earlier; 29 February falls back to 28 February."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def check_date_of_birth(value: dt.date, today: dt.date) -> str | None:
    """None when plausible; otherwise the message to show beside the field."""
    if value > today:
        return DOB_IN_FUTURE
    if value < years_before(today, OLDEST_AGE_YEARS):
        return DOB_TOO_OLD
    return None
