"""The figures a practice reports for a period, and the people behind each number.

    report = compute_report(vault, ReportFilters(last_quarter(today), condition="diabetes-type-2"))
    people = people_behind(vault, report.filters, "reviews", "overdue at the end")

`compute_report` counts from the report's facts (`models.report_facts`, kept true by
`facts.refresh` and counted by `counting`): about a second for a practice of 50,000 people.
`measures` says what each figure means as SQL over the records themselves: the people behind a
number are listed by it, and `count_from_records` counts every figure by it (slow, and the
meaning the facts are checked against in tests/services/test_report_facts.py). Never by
loading people into Python.
Only staff whose role may see reports get them (`services.staff.roles`). No Qt.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from careplan_desktop.domain.wording import Wording, load_wording
from careplan_desktop.services.reports import counting, facts, measures
from careplan_desktop.services.reports.period import Period
from careplan_desktop.services.staff.roles import require
from careplan_desktop.store import Vault
from careplan_desktop.store.vault import larger_cache


@dataclass(frozen=True)
class ReportFilters:
    period: Period
    condition: str | None = None  # a condition code (diabetes-type-2 ...)
    lead: str | None = None  # a lead professional, as recorded on people's records

    def params(self) -> dict[str, object]:
        start_at, end_at = self.period.utc_bounds()
        return {"start": self.period.start.isoformat(), "end": self.period.end.isoformat(), "start_at": start_at,
                "end_at": end_at, "condition": self.condition or None, "lead": self.lead or None}


@dataclass(frozen=True)
class Row:
    breakdown: str
    count: int
    denominator: int | None = None


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    title: str
    sentence: str  # with {total} still to fill (it depends on small numbers being hidden or not)
    rows: tuple[Row, ...]
    chart: str = "bar"

    @property
    def total(self) -> int:
        return self.rows[0].count if self.rows else 0


@dataclass(frozen=True)
class LetterToPlan:
    """Days from the results letter to a first agreed plan, over the plans that had one."""

    median_days: float | None
    plans: int


@dataclass(frozen=True)
class Report:
    filters: ReportFilters
    figures: tuple[Figure, ...]
    letter_to_plan: LetterToPlan
    condition_name: str = ""
    made_on: dt.date = field(default_factory=dt.date.today)

    def figure(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.key == key)

    def count(self, key: str, breakdown: str) -> int:
        return next((row.count for row in self.figure(key).rows if row.breakdown == breakdown), 0)


@dataclass(frozen=True)
class PersonBehind:
    """One person behind a number, as the register lists them (for the screen only)."""

    uuid: str
    name: str
    nhs_number: str
    date_of_birth: dt.date


class UnknownFigure(LookupError):
    pass


def _bases(session: Session, params: dict) -> None:
    """The report's bases as temporary tables (gone with the transaction), each made once."""
    for name, sql, key in measures.BASES:
        session.execute(text(f"DROP TABLE IF EXISTS temp.{name}"))
        if key == "id" and name in ("report_people", "report_cohort"):
            session.execute(text(f"CREATE TEMP TABLE {name} (id INTEGER PRIMARY KEY)"))
            session.execute(text(f"INSERT INTO temp.{name} (id) {sql}"), params)
        else:
            session.execute(text(f"CREATE TEMP TABLE {name} AS {sql}"), params)
            session.execute(text(f"CREATE INDEX temp.ix_{name} ON {name} ({key})"))


def _with_bases() -> str:
    """The same bases as common table expressions, for one query."""
    return "WITH " + ", ".join(f"{name} AS ({sql})" for name, sql, _key in measures.BASES) + " "


def months(period: Period) -> list[str]:
    """Every month the period touches, as YYYY-MM (a trend's breakdowns)."""
    out, day = [], period.start.replace(day=1)
    while day <= period.end:
        out.append(day.strftime("%Y-%m"))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return out


def _ordered(measure: measures.Measure, found: dict[str, int], period: Period) -> list[tuple[str, int]]:
    """A figure's rows in the order shown: every month of a trend, else the breakdowns always
    shown (in their order, 0 when none), then the rest, the largest first."""
    found = dict(found)
    if measure.chart == "line":
        return [(month, found.get(month, 0)) for month in months(period)]
    ordered = [(b, found.pop(b, 0)) for b in measure.breakdowns]
    return ordered + sorted(found.items(), key=lambda item: (-item[1], item[0]))


def _counts(session: Session, measure: measures.Measure, params: dict, period: Period) -> list[tuple[str, int]]:
    sql = f"SELECT b, count(DISTINCT u) FROM ({measure.sql}) WHERE b IS NOT NULL GROUP BY b"
    return _ordered(measure, {str(b): n for b, n in session.execute(text(sql), params)}, period)


def _letter_to_plan(days: list[float]) -> LetterToPlan:
    return LetterToPlan(round(statistics.median(days), 1) if days else None, len(days))


def report_wording() -> Wording:
    return load_wording("report")


def compute_report(vault: Vault, filters: ReportFilters, *, today: dt.date | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Report:
    """Every figure for the period and filters: the facts of anyone whose record changed are
    rebuilt first (`facts.refresh`, telling `progress` how far it is when that is long), then
    counted (`counting.count_all`)."""
    require(vault, "see reports")
    facts.refresh(vault, progress=progress)
    with vault.reader() as session, larger_cache(session):
        found, letter_days = counting.count_all(session, filters)
        condition = _condition_name(session, filters)
    counted = {m.key: _ordered(m, found.get(m.key, {}), filters.period) for m in measures.MEASURES}
    return _report(filters, counted, _letter_to_plan(letter_days), condition, today)


def count_from_records(vault: Vault, filters: ReportFilters, *, today: dt.date | None = None) -> Report:
    """The same report counted straight from the records by `measures` (the bases as temporary
    tables, one grouped query a figure), in one read transaction: slow over a large practice,
    and the meaning the facts are checked against (tests/services/test_report_facts.py)."""
    require(vault, "see reports")
    params = filters.params()
    with vault.reader() as session:
        _bases(session, params)
        counted = {m.key: _counts(session, m, params, filters.period) for m in measures.MEASURES}
        days = [d for (d,) in session.execute(text(measures.LETTER_TO_PLAN_DAYS), params) if d is not None]
        condition = _condition_name(session, filters)
        session.rollback()  # the temporary tables go with the transaction
    return _report(filters, counted, _letter_to_plan(days), condition, today)


def _condition_name(session: Session, filters: ReportFilters) -> str | None:
    if not filters.condition:
        return None
    return session.execute(text("SELECT display FROM condition WHERE code = :c LIMIT 1"), {"c": filters.condition}).scalar()


def _report(filters: ReportFilters, counted: dict[str, list[tuple[str, int]]], letter: LetterToPlan,
            condition: str | None, today: dt.date | None) -> Report:
    words = report_wording()
    figures = []
    for m in measures.MEASURES:
        denominator = None
        if m.denominator is not None:
            key, breakdown = m.denominator
            rows = counted[key]
            denominator = sum(n for _b, n in rows) if breakdown is None else dict(rows).get(breakdown, 0)
        labels = words.raw("elements") if m.key == "quality_missing_elements" else {}
        rows = tuple(Row(labels.get(b, b), n, denominator) for b, n in counted[m.key])
        figures.append(Figure(m.key, m.section, words.text(f"figures.{m.key}.title"),
                              words.raw(f"figures.{m.key}.sentence"), rows, m.chart))
    return Report(filters, tuple(figures), letter, condition or filters.condition or "", today or dt.date.today())


def people_behind(vault: Vault, filters: ReportFilters, figure: str, breakdown: str) -> list[PersonBehind]:
    """The people counted in one row of one figure, by name (read for the screen, not audited:
    opening one of them is the audited view)."""
    require(vault, "see reports")
    measure = measures.BY_KEY.get(figure)
    if measure is None:
        raise UnknownFigure(figure)
    if figure == "quality_missing_elements":  # the screen shows the element's words
        codes = {label: code for code, label in report_wording().raw("elements").items()}
        breakdown = codes.get(breakdown, breakdown)
    sql = (_with_bases() + f"SELECT p.uuid, p.given_name, p.family_name, p.nhs_number, p.date_of_birth FROM patient p "
           f"WHERE p.id IN (SELECT m.p FROM ({measure.sql}) m WHERE m.b = :breakdown) "
           f"ORDER BY p.family_name, p.given_name, p.nhs_number")
    with vault.reader() as session:
        rows = session.execute(text(sql), {**filters.params(), "breakdown": breakdown}).all()
    return [PersonBehind(uuid, f"{given} {family}", nhs, dt.date.fromisoformat(str(born)))
            for uuid, given, family, nhs, born in rows]


def lead_professionals(vault: Vault) -> list[str]:
    """The lead professionals recorded on people's records, to choose one for a report."""
    require(vault, "see reports")
    with vault.reader() as session:
        return [name for (name,) in session.execute(text(
            "SELECT DISTINCT trim(lead_professional) AS name FROM patient WHERE trim(coalesce(lead_professional, '')) "
            "!= '' ORDER BY name"))]
