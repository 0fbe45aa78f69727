"""Where a result sits against its target: the one implementation shared by the results letter,
the yellow-folder printout and the results-entry screen's trend chart.

A reading is one of the letter's words (``documents.letter_data.READINGS``):

* ``within_target`` / ``above_target`` / ``below_target`` when the catalogue gives a limit to
  compare with (limits are inclusive: "58 or below" is a max of 58);
* blood pressure compares the top number with ``systolic_max`` and the bottom one with
  ``diastolic_max``; from 80 years old the ``..._80_and_over`` limits apply where the catalogue
  gives them (140/90, or 150/90 at 80 and over);
* with no limit to compare with (a choice such as smoking status, eGFR, weight): ``no_target``
  when there is an earlier result to compare with, ``first_result`` when there is none.

Pure Python, no Qt, no database: callers pass the result's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from careplan_desktop.domain.reference import ResultType

OLDER_AGE = 80  # the age from which the catalogue's "80 and over" blood pressure target applies


class HasValues(Protocol):
    value: float | None
    value2: float | None


@dataclass(frozen=True)
class TargetLimits:
    """The limits in force for one person: (lowest, highest), None where open-ended.
    For blood pressure, ``low``/``high`` are the top number's and ``low2``/``high2`` the bottom's."""

    low: float | None = None
    high: float | None = None
    low2: float | None = None
    high2: float | None = None

    @property
    def empty(self) -> bool:
        return all(limit is None for limit in (self.low, self.high, self.low2, self.high2))


def target_limits(kind: ResultType, age: int) -> TargetLimits:
    """The target limits that apply to someone of ``age`` (empty when there is no target)."""
    target = kind.target
    if target is None or kind.kind == "choice":
        return TargetLimits()
    if kind.kind == "blood_pressure":
        older = age >= OLDER_AGE
        systolic = (target.systolic_max_80_and_over if older else None) or target.systolic_max
        diastolic = (target.diastolic_max_80_and_over if older else None) or target.diastolic_max
        return TargetLimits(high=systolic, high2=diastolic)
    return TargetLimits(low=target.min, high=target.max)


def target_text(kind: ResultType, age: int) -> str | None:
    """The target in words for someone of ``age``: an "80 and over" target only from 80, the
    other one before (where the catalogue words them apart), else the catalogue's one text."""
    target = kind.target
    if target is None:
        return None
    fitting = target.text_80_and_over if age >= OLDER_AGE else target.text_under_80
    return fitting or target.text


def reading_of(kind: ResultType, value: float | None, value2: float | None, age: int, has_previous: bool) -> str:
    """The reading for a result's numbers (``value2`` is the bottom number of a blood pressure)."""
    limits = target_limits(kind, age)
    if value is None or limits.empty:
        return "no_target" if has_previous else "first_result"
    if kind.kind == "blood_pressure":
        high = (limits.high is not None and value > limits.high) or (
            limits.high2 is not None and value2 is not None and value2 > limits.high2)
        return "above_target" if high else "within_target"
    if limits.high is not None and value > limits.high:
        return "above_target"
    if limits.low is not None and value < limits.low:
        return "below_target"
    return "within_target"


def reading(kind: ResultType, result: HasValues, age: int, has_previous: bool) -> str:
    """How a stored result (anything with ``value`` and ``value2``) compares with its target."""
    return reading_of(kind, result.value, result.value2, age, has_previous)


def shown_value(kind: ResultType, value_text: str) -> str:
    """A value as the person reads it: the plain words of a choice, otherwise the value itself."""
    return kind.plain_choice(value_text) if kind.kind == "choice" else value_text
