"""The report for commissioners: one table of `figure,breakdown,count,denominator` shared by
the CSV, the PDF, the screen and `careplan-desktop report`, with small numbers hidden when asked
(the default for the PDF), written owner-only and audited.

Hiding small numbers (`small_numbers`, where the reasons are): a count from 1 to 4 reads "<5";
every denominator, and every count that other rows are shares of (the register, the people given
information, the plans agreed, the reviews due), is rounded to the nearest 5; where rows add up
to such a total, more counts are hidden ("hidden") until no hidden count can be worked back by
subtraction, within a figure or across figures adding up to the same total. A median over fewer
than 5 plans is hidden. With small numbers hidden, the CSV ends with one "note" row for each mark
saying what it means. Figures are counts only: no name, NHS number or date of birth is ever in
either file.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from careplan_desktop.models import record_event
from careplan_desktop.services.reports import measures
from careplan_desktop.services.reports.figures import Report, report_wording
from careplan_desktop.services.reports.small_numbers import HIDDEN, SMALL, hide_small_numbers, rounded
from careplan_desktop.store import Vault
from careplan_desktop.store.private_files import write_private

CSV_COLUMNS = ("figure", "breakdown", "count", "denominator")
NOTE = "note"  # the CSV's last rows with small numbers hidden: what "<5" and "hidden" mean
MEDIAN_FIGURE = "letter_to_plan_days"
MEDIAN_BREAKDOWN = "median days"
#: counts that other rows are shares of: rounded like a denominator when small numbers are hidden
TOTALS = {m.denominator for m in measures.MEASURES if m.denominator and m.denominator[1] is not None}


@dataclass(frozen=True)
class TableRow:
    figure: str
    breakdown: str
    count: str
    denominator: str
    bar: float | None  # the length to draw (None when hidden)
    rounded: bool = False  # the count is rounded to the nearest 5 (a total, small numbers hidden)
    hidden: bool = False  # the count reads "hidden" (hidden so that a "<5" cannot be worked out)


def shown_denominator(value: int | None, suppress: bool) -> str:
    if value is None:
        return ""
    return rounded(value) if suppress else str(value)


def _denominator_of(figure: str):
    measure = measures.BY_KEY.get(figure)
    return getattr(measure, "denominator", None)


def table_rows(report: Report, suppress: bool) -> list[TableRow]:
    """Every row of every figure as the files and the screen show it."""
    hiding = hide_small_numbers(report, TOTALS) if suppress else None
    out = []
    for figure in report.figures:
        pointer = _denominator_of(figure.key)
        for n, row in enumerate(figure.rows):
            if hiding is None:
                out.append(TableRow(figure.key, row.breakdown, str(row.count), shown_denominator(row.denominator, False),
                                    float(row.count)))
                continue
            count = hiding.counts[figure.key, n]
            out.append(TableRow(figure.key, row.breakdown, count, hiding.denominator(pointer, row.denominator),
                                None if count in (SMALL, HIDDEN) else float(row.count),
                                (figure.key, n) in hiding.rounded and count != SMALL, count == HIDDEN))
    letter = report.letter_to_plan
    hidden = suppress and 1 <= letter.plans <= 4
    median = "" if letter.median_days is None or hidden else f"{letter.median_days:g}"
    out.append(TableRow(MEDIAN_FIGURE, MEDIAN_BREAKDOWN, median, shown_denominator(letter.plans, suppress), None))
    return out


def notes() -> list[tuple[str, str]]:
    """What each mark means, one plain sentence each (the CSV's last rows, the PDF's first page)."""
    words = report_wording()
    return [(SMALL, words.text("mark_small")), (HIDDEN, words.text("mark_hidden"))]


def report_csv(report: Report, suppress: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in table_rows(report, suppress):
        writer.writerow((row.figure, _safe(row.breakdown), row.count, row.denominator))
    if suppress:
        for _mark, sentence in notes():
            writer.writerow((NOTE, _safe(sentence), "", ""))
    return out.getvalue().encode("utf-8-sig")


def _safe(text: str) -> str:
    """A label as a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def letterhead(vault: Vault):
    """The practice's name, address and phone for the report's first page (blank lines when the
    practice's details are not set up yet: the report is still the practice's own figures)."""
    from careplan_desktop.documents.letter_data import PracticeDetails
    from careplan_desktop.services.letters.results_letters import PracticeNotSetUp, practice_details

    try:
        return practice_details(vault)
    except PracticeNotSetUp:
        return PracticeDetails("", (), "")


def export_report(vault: Vault, report: Report, out: str | os.PathLike[str], *, as_pdf: bool, suppress: bool,
                  practice=None) -> Path:
    """Write the report (owner-only), then audit the export in its own transaction: the format,
    the period, the filter and whether small numbers were hidden (never the file's name)."""
    if as_pdf:
        from careplan_desktop.documents.report import render_report  # reportlab: loaded when first printing
        data = render_report(report, table_rows(report, suppress), suppress, practice or letterhead(vault))
    else:
        data = report_csv(report, suppress)
    path = write_private(out, data)
    filters = report.filters
    with vault.transaction() as session:
        record_event(session, "report exported", "report", None, None, {
            "format": "pdf" if as_pdf else "csv", "small_numbers_hidden": suppress,
            "from": filters.period.start.isoformat(), "to": filters.period.end.isoformat(),
            "condition": filters.condition, "lead_professional": bool(filters.lead)})
    return path
