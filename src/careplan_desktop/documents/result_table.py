"""The results of a standard-print letter as a table: what the test is and what it shows across
the page, then this time, last time and the usual target side by side, then what the reading
means. One small table per result, all with the same columns, so the results split between pages
only between results and the column headings are repeated on the next page. Words from
``results_letter.toml`` (``results.table``); numbers and their units never break across lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Paragraph, Table, TableStyle

from .flowables import unbroken
from .letter_data import ResultLine
from .styles import NHS_BLUE, PAGE_SIZE, PALE_GREY, RULE_GREY, markup, sentence_case

if TYPE_CHECKING:
    from .letter_parts import LetterKit

PAD = 5


def _widths(kit: "LetterKit") -> list[float]:
    width = PAGE_SIZE[0] - 2 * kit.styles.look.margin
    return [width / 3] * 3


def table_header(kit: "LetterKit") -> Table:
    """This time | Last time | The usual target, on a pale band."""
    s, w, stamp = kit.styles, kit.words, kit.stamp
    cells = [stamp(markup(f"**{w.text(f'results.table.{key}')}**"), s.address)
             for key in ("this_time", "last_time", "target")]
    table = Table([cells], colWidths=_widths(kit))
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), PALE_GREY), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def _value(kit: "LetterKit", value: str, unit: str | None, taken_on=None) -> str:
    w = kit.words
    shown = unbroken(w.text("results.value_with_unit", value=value, unit=unit)) if unit else value
    if taken_on is None:
        return w.text("results.table.value_no_date", value=shown)
    return w.text("results.table.value", value=shown, date=kit.common.date(taken_on))


def result_row(result: ResultLine, kit: "LetterKit") -> Table:
    """One result: kept whole, never split across pages."""
    s, w, stamp = kit.styles, kit.words, kit.stamp
    name = sentence_case(result.plain_name)
    test = (w.text("results.table.test", name=name, measures=result.measures) if result.measures
            else w.text("results.table.test_only", name=name))
    this_time = _value(kit, result.value_text, result.unit, result.taken_on)
    if result.previous_value_text is None or result.reading == "first_result":
        last_time = w.text("results.table.first_result")
    else:
        last_time = _value(kit, result.previous_value_text, result.unit, result.previous_taken_on)
    target = result.target_text or w.text("results.table.no_target")
    rows = [
        [Paragraph(markup(test), s.address), "", ""],
        [Paragraph(markup(this_time), s.address), Paragraph(markup(last_time), s.address),
         Paragraph(markup(target), s.address)],
        [stamp(markup(w.text(f"readings.{result.reading}")), s.address), "", ""],
    ]
    table = Table(rows, colWidths=_widths(kit))
    table.setStyle(TableStyle([
        ("SPAN", (0, 0), (-1, 0)), ("SPAN", (0, 2), (-1, 2)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ("LINEBEFORE", (0, 0), (0, -1), 3, NHS_BLUE), ("LINEBELOW", (0, -1), (-1, -1), 0.75, RULE_GREY),
    ]))
    return table
