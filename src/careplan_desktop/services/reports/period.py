"""The period a report covers: a month, a quarter, a year, or two dates (both days included);
by default the last 12 months. Plain dates, no vault."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplan_desktop.domain.dates import add_months, uk

#: the choices the Reports area offers, in order (the first is the default)
PERIOD_CHOICES = ("last 12 months", "last month", "last quarter", "this year", "a month", "a quarter", "a year",
                  "two dates")


class PeriodError(ValueError):
    """A period that cannot be reported on; the message is for the nurse."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # included

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError("The period must end on or after the day it starts.")

    @property
    def label(self) -> str:
        return f"{uk(self.start)} to {uk(self.end)}"

    def utc_bounds(self) -> tuple[str, str]:
        """The first moment of the first day and of the day after the last, on this computer's
        calendar, as the vault stores moments (naive UTC text): agreed at 00:30 in summer is
        agreed that day."""
        def at(day: dt.date) -> str:
            moment = dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.timezone.utc)
            return moment.replace(tzinfo=None).isoformat(sep=" ")
        return at(self.start), at(self.end + dt.timedelta(days=1))


def month(year: int, number: int) -> Period:
    first = dt.date(year, number, 1)
    return Period(first, add_months(first, 1) - dt.timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    """Quarters of the calendar year: 1 is January to March."""
    if not 1 <= number <= 4:
        raise PeriodError("A quarter is 1, 2, 3 or 4.")
    first = dt.date(year, 3 * number - 2, 1)
    return Period(first, add_months(first, 3) - dt.timedelta(days=1))


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31))


def last_12_months(today: dt.date) -> Period:
    """The twelve whole months before this one."""
    this_month = today.replace(day=1)
    return Period(add_months(this_month, -12), this_month - dt.timedelta(days=1))


def last_month(today: dt.date) -> Period:
    first = add_months(today.replace(day=1), -1)
    return month(first.year, first.month)


def last_quarter(today: dt.date) -> Period:
    """The last whole calendar quarter before today's."""
    number = (today.month - 1) // 3 + 1
    return quarter(today.year - 1, 4) if number == 1 else quarter(today.year, number - 1)


def this_year(today: dt.date) -> Period:
    """From 1 January to today."""
    return Period(dt.date(today.year, 1, 1), today)


def named_period(choice: str, today: dt.date) -> Period:
    """One of the choices that need nothing but today."""
    makers = {"last 12 months": last_12_months, "last month": last_month, "last quarter": last_quarter,
              "this year": this_year}
    if choice not in makers:
        raise PeriodError(f"Choose one of: {', '.join(makers)}.")
    return makers[choice](today)
