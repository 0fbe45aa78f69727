"""Small date helpers shared by the services (no Qt, no patient data)."""

from __future__ import annotations

import calendar
import datetime as dt


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - int(before_birthday)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def uk(day: dt.date | None) -> str:
    """'01/03/1948' as UK practice systems show dates."""
    return day.strftime("%d/%m/%Y") if day else ""


def local_time(moment: dt.datetime) -> dt.datetime:
    """A moment the vault stored (naive UTC, see models.base.utcnow) as this computer's clock
    shows it: in summer, 09:30 UTC is 10:30 in the UK."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone()


def local_date(moment: dt.datetime | None) -> dt.date | None:
    """The day on this computer's calendar of a stored (naive UTC) moment: a plan agreed at
    00:30 British Summer Time (23:30 UTC the day before) was agreed on that day, not the one before."""
    return local_time(moment).date() if moment is not None else None
