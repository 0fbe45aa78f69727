"""Dates as UK practice systems show them: dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt

from careplan_desktop.domain.dates import local_date, local_time  # noqa: F401 (the screens import them from here)


def uk_date(day: dt.date | None) -> str:
    """'01/03/1948' (fast: no strftime, called for every visible table cell)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


