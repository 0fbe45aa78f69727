"""Working days at a GP practice in England and Wales: Monday to Friday, not a bank holiday.

Bank holidays come from the `holidays` package (England's calendar, which Wales shares), not a
hand-written list, so a new year or a one-off holiday arrives with a package update. Dates the
app proposes (appointments, review dates, the "by" date of an action) go through here.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

__all__ = ["bank_holiday_name", "is_working_day", "next_working_day", "working_day_on_or_before"]


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict[dt.date, str]:
    import holidays  # about 0.25 s to import: only when a date is first proposed, never at start-up

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year).items())


def bank_holiday_name(day: dt.date) -> str | None:
    """"Christmas Day", "Easter Monday" ... or None when `day` is not a bank holiday."""
    return _bank_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    if isinstance(day, dt.datetime):
        day = day.date()
    return day.weekday() < 5 and bank_holiday_name(day) is None


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def working_day_on_or_before(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, otherwise the last working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
