"""The results of a standard-print letter as a table: what the test is and what it shows across
the page, then this time, last time and the usual target side by side, then what the reading
means. One row per result, all with the same columns, so the results split between pages only
between results and the column headings are repeated on the next page. Built from the letters'
cheap flowables (text that is the same in many letters is laid out once per batch). Words from
``results_letter.toml`` (``results.table``); numbers and their units never break across lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from .flowables import Block, Columns, Line
from .letter_data import ResultLine
from .styles import NHS_BLUE, PALE_GREY, markup, sentence_case

if TYPE_CHECKING:
    from .letter_parts import LetterKit

GAP = 8  # points between the columns


def table_header(kit: "LetterKit") -> Block:
    """This time | Last time | The usual target, on a pale band."""
    s, w, stamp = kit.styles, kit.words, kit.stamp
    cells = [stamp(markup(f"**{w.text(f'results.table.{key}')}**"), s.address)
             for key in ("this_time", "last_time", "target")]
    pad = s.look.body * 0.35
    # the same inset as a result row (its bar, invisible here), so the columns line up
    return Block([Columns(cells, gap=GAP, stretch=False)], padding=pad, background=PALE_GREY, bar=PALE_GREY,
                 bar_width=3)


def _value(kit: "LetterKit", value: str, unit: str | None, taken_on=None) -> list[Flowable]:
    w, s = kit.words, kit.styles
    shown = w.text("results.value_with_unit", value=value, unit=unit) if unit else value
    if taken_on is None:
        return [Line(w.text("results.table.value_no_date", value=shown), s.address, kit.bold_font)]
    text = w.text("results.table.value", value=shown, date=kit.common.date(taken_on))
    return [Line(line, s.address, kit.bold_font) for line in text.split("\n")]


def result_row(result: ResultLine, kit: "LetterKit") -> Block:
    """One result: kept whole, never split across pages."""
    s, w, stamp = kit.styles, kit.words, kit.stamp
    name = sentence_case(result.plain_name)
    test = (w.text("results.table.test", name=name, measures=result.measures) if result.measures
            else w.text("results.table.test_only", name=name))
    this_time = Block(_value(kit, result.value_text, result.unit, result.taken_on))
    if result.previous_value_text is None or result.reading == "first_result":
        last_time: Flowable = stamp(markup(w.text("results.table.first_result")), s.address)
    else:
        last_time = Block(_value(kit, result.previous_value_text, result.unit, result.previous_taken_on))
    target = stamp(markup(result.target_text or w.text("results.table.no_target")), s.address)
    gap = s.look.space * 0.6
    parts = [stamp(markup(test), s.address), Spacer(1, gap),
             Columns([this_time, last_time, target], gap=GAP, stretch=False), Spacer(1, gap),
             stamp(markup(w.text(f"readings.{result.reading}")), s.address)]
    return Block(parts, bar=NHS_BLUE, bar_width=3, padding=s.look.body * 0.35, space_after=s.look.space)
