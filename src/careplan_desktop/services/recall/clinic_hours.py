"""The practice's clinic hours as the booking reads them: "8:30am to 6pm" for each day in
Settings; a day not named has no clinic; 9am to 5pm Monday to Friday until the practice sets
them. Only working days count (never a weekend or a bank holiday in England and Wales)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from careplan_desktop.domain.working_days import is_working_day, next_working_day
from careplan_desktop.services.practice.values import DAYS, PracticeSettings

CLINIC_OPENS = dt.time(9, 0)  # the hours used until the practice sets its own
CLINIC_CLOSES = dt.time(17, 0)
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"
_HOURS = re.compile(rf"^\s*{_TIME}\s*(?:to|-|–|until)\s*{_TIME}\s*$", re.IGNORECASE)


class BookingProblem(ValueError):
    """A time cannot be booked; the message says why, with no patient data."""


def _time(hour: str, minute: str | None, half: str | None) -> dt.time | None:
    h, m = int(hour), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    return dt.time(h, m) if 0 <= h <= 23 and 0 <= m <= 59 else None


def parse_hours(text: str) -> tuple[dt.time, dt.time] | None:
    """"8:30am to 6pm", "9-17", "09:00 - 12:30" as (opens, closes); None when it cannot be read."""
    found = _HOURS.match(text or "")
    if not found:
        return None
    opens, closes = _time(*found.groups()[:3]), _time(*found.groups()[3:])
    return (opens, closes) if opens and closes and opens < closes else None


@dataclass(frozen=True)
class ClinicHours:
    """When appointments may be booked, by weekday (0 Monday)."""

    by_weekday: Mapping[int, tuple[dt.time, dt.time]]

    @classmethod
    def usual(cls) -> "ClinicHours":
        return cls({day: (CLINIC_OPENS, CLINIC_CLOSES) for day in range(5)})

    @classmethod
    def of(cls, practice: PracticeSettings) -> "ClinicHours":
        """The practice's hours; a day whose hours cannot be read keeps 9am to 5pm on a weekday."""
        if not any(str(v).strip() for v in practice.clinic_hours.values()):
            return cls.usual()
        hours = {}
        for index, day in enumerate(DAYS):
            text = str(practice.clinic_hours.get(day, "")).strip()
            if text:
                hours[index] = parse_hours(text) or ((CLINIC_OPENS, CLINIC_CLOSES) if index < 5 else None)
        return cls({day: found for day, found in hours.items() if found})

    def on(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """When the clinic opens and closes on `day`; None when there is no clinic that day."""
        found = self.by_weekday.get(day.weekday()) if is_working_day(day) else None
        return None if found is None else (dt.datetime.combine(day, found[0]), dt.datetime.combine(day, found[1]))

    def fits(self, starts: dt.datetime, minutes: int) -> bool:
        found = self.on(starts.date())
        return found is not None and found[0] <= starts and starts + dt.timedelta(minutes=minutes) <= found[1]

    def next_clinic_day(self, day: dt.date) -> dt.date:
        if not any(weekday < 5 for weekday in self.by_weekday):
            raise BookingProblem("The practice has no clinic days set. Set the clinic hours in Settings.")
        while self.on(day) is None:
            day = next_working_day(day + dt.timedelta(days=1)) if is_working_day(day) else next_working_day(day)
        return day
