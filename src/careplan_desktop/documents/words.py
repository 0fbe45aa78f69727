"""Dates, times and footers in the words of ``resources/wording/common.toml``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplan_desktop.domain.wording import Wording, load_wording


@dataclass(frozen=True)
class CommonWords:
    wording: Wording
    months: tuple[str, ...]
    weekdays: tuple[str, ...]

    @classmethod
    def load(cls, variant: str) -> "CommonWords":
        wording = load_wording("common", variant)
        months = tuple(wording.texts("months"))
        weekdays = tuple(wording.texts("weekdays"))
        if len(months) != 12 or len(weekdays) != 7:
            from careplan_desktop.domain.wording import WordingError

            raise WordingError(f"The wording file {wording.path}: 'months' needs 12 names and 'weekdays' 7.")
        return cls(wording, months, weekdays)

    def date(self, day: dt.date) -> str:
        return self.wording.text("date", day=day.day, month=self.months[day.month - 1], year=day.year)

    def date_with_weekday(self, day: dt.date) -> str:
        return self.wording.text(
            "date_with_weekday",
            weekday=self.weekdays[day.weekday()],
            day=day.day,
            month=self.months[day.month - 1],
            year=day.year,
        )

    def time(self, moment: dt.datetime | dt.time) -> str:
        hour, minute = moment.hour, moment.minute
        if hour == 12 and minute == 0:
            return self.wording.text("noon")
        am_pm = self.wording.text("am" if hour < 12 else "pm")
        hour12 = hour % 12 or 12
        if minute == 0:
            return self.wording.text("time_on_the_hour", hour=hour12, am_pm=am_pm)
        return self.wording.text("time", hour=hour12, minute=f"{minute:02d}", am_pm=am_pm)

    def page_of(self, page: int, pages: int) -> str:
        return self.wording.text("page_of", page=page, pages=pages)
