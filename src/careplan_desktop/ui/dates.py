"""Dates as UK practice systems show them: dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt


def uk_date(day: dt.date | None) -> str:
    """'01/03/1948' (fast: no strftime, called for every visible table cell)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def local_time(moment: dt.datetime) -> dt.datetime:
    """A moment the vault stored (naive UTC, see models.base.utcnow) as this computer's clock
    shows it: in summer, 09:30 UTC is 10:30 in the UK."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone()
