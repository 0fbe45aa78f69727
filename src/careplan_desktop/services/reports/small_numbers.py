"""Hiding small numbers in the report for commissioners so that they cannot be worked back.

How it is done (statistical disclosure control, as NHS England and NHS Digital publications do it):

1. **Primary suppression.** A count from 1 to 4 reads "<5".
2. **Rounded totals.** Every total that other rows are shares of (the register, the plans agreed,
   the people given information, the reviews due ...) reads rounded to the nearest 5 (1 to 4 read
   "<5"), as a denominator and as a figure of its own.
3. **Secondary suppression.** Some figures' rows never overlap and add up to one of those totals:
   `ADDS_UP` declares them (the offer, the number of conditions and the level of need add up to
   the register; first plans and later versions, the months, and "with all nine key elements" and
   "with something missing" add up to the plans agreed). In such a figure with exactly one "<5",
   the next smallest count is hidden as well, as NHS publications do.
4. **A check, as someone trying to undo it would.** For each total, every hidden count's possible
   values are worked out from what is shown: the counts shown, the rounded total, "<5" being 1
   to 4, a count hidden in step 3 or 4 being 5 or more and, as it was the smallest left, no
   bigger than a count still shown after it in its figure and smaller than one before it (the
   first of equals is taken), and every other figure adding up to the same total (so a total
   shown exactly by one figure, such as a month chart with every month shown, is used against
   the others). While some hidden count could have only one value, the next smallest count shown
   in its figure is hidden too (or, when its figure has none left, in another figure adding up
   to the same total). If nothing is left to hide, the total and every row adding up to it are
   withheld: all read "hidden".

A count hidden in steps 3 and 4 reads "hidden", never "<5": it is 5 or more (or, withheld, any
number), and the report never shows a number that is not the truth.

Why this and not rounding every count to the nearest 5: rounding changes every number on the page
(a practice's 7 reads "5"), and alone it is not safe: near 5 the rounding is lopsided ("5" is 5
to 7, since 3 and 4 read "<5"), so a total "5" made of "<5", "<5" and "5" can only be 1, 1 and 5.
Primary and secondary suppression keep every count shown exact and hide only around the small
ones, and the check (step 4) makes sure nothing hidden can be pinned from the rest, across
figures too. The check works on figures whose rows add up to a total (one total each, shared by
several figures): for such sums the range worked out for each hidden count is exact, so what it
finds is what a person with a spreadsheet would find. No Qt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

SMALL = "<5"
HIDDEN = "hidden"
INFINITE = math.inf

Cell = tuple[str, int]  # (figure key, row number in the figure)
Total = tuple[str, str | None]  # as measures.Measure.denominator: a row, or (figure, None) its rows added up


@dataclass(frozen=True)
class AddsUp:
    """Figures whose rows never overlap and add up to the same total, each of them."""

    name: str
    total: Total
    figures: tuple[str, ...]


ADDS_UP: tuple[AddsUp, ...] = (
    AddsUp("the register", ("register", "on the register"),
           ("offer", "register_by_number_of_conditions", "register_by_level_of_need")),
    AddsUp("plans agreed in the period", ("plans_agreed", None),
           ("plans_agreed", "plans_by_month", "quality_all_elements")),
)
#: with one condition chosen, that condition's row of "the register by condition" is the whole
#: register: it reads as the register does (rounded), or it would give the total away exactly
CONDITION_ROW_IS_THE_REGISTER = ("register_by_condition", ("register", "on the register"))


def rounded(value: int) -> str:
    """A total as shown when small numbers are hidden: to the nearest 5, 1 to 4 read "<5"."""
    if value == 0:
        return "0"
    if value < 5:
        return SMALL
    return str(5 * round(value / 5))


def rounded_range(shown: str) -> tuple[float, float]:
    """The true values a rounded total may have: "<5" is 1 to 4, "5" is 5 to 7 (3 and 4 read
    "<5"), any other n is n - 2 to n + 2."""
    if shown == SMALL:
        return 1, 4
    value = int(shown)
    if value == 0:
        return 0, 0
    return (5, 7) if value == 5 else (value - 2, value + 2)


@dataclass
class Hiding:
    """What hiding small numbers decided for one report."""

    counts: dict[Cell, str] = field(default_factory=dict)  # every count as shown
    rounded: set[Cell] = field(default_factory=set)  # the counts shown rounded (totals)
    withheld: set[Total] = field(default_factory=set)  # totals withheld: their denominators read "hidden"

    def denominator(self, pointer: Total | None, value: int | None) -> str:
        if value is None:
            return ""
        return HIDDEN if pointer in self.withheld else rounded(value)


class _Total:
    """One total and the figures adding up to it, as hiding goes on."""

    def __init__(self, values: dict[Cell, int], sets: list[list[Cell]], true_total: int) -> None:
        self.values, self.sets = values, sets
        self.range = rounded_range(rounded(true_total))
        self.state: dict[Cell, str] = {}  # cell -> "shown", "small", "hidden"
        for cells in sets:
            for cell in cells:
                value = values[cell]
                self.state[cell] = "small" if 1 <= value <= 4 else "shown"

    def _smallest_shown(self, cells: Iterable[Cell]) -> Cell | None:
        shown = [cell for cell in cells if self.state[cell] == "shown" and self.values[cell] > 0]
        return min(shown, key=lambda cell: self.values[cell], default=None)

    def _bounds(self, cell: Cell, cells: list[Cell]) -> tuple[float, float]:
        state, value = self.state[cell], self.values[cell]
        if state == "shown":
            return value, value
        if state == "small":
            return 1, 4
        # it was the smallest when it was hidden, the first of equals: below any count still shown
        # before it in its figure, no bigger than any after it
        place = cells.index(cell)
        still_shown = [self.values[c] - (n < place) for n, c in enumerate(cells)
                       if self.state[c] == "shown" and self.values[c] > 0]
        return 5, min(still_shown, default=INFINITE)

    def possible(self) -> dict[Cell, tuple[float, float]]:
        """The least and the most each hidden count could be, from what is shown (exact for sums
        of counts each between two bounds, sharing only their total)."""
        bounds = [[self._bounds(cell, cells) for cell in cells] for cells in self.sets]
        low, high = self.range
        for each in bounds:
            low, high = max(low, sum(b[0] for b in each)), min(high, sum(b[1] for b in each))
        out = {}
        for cells, each in zip(self.sets, bounds):
            for index, cell in enumerate(cells):
                if self.state[cell] == "shown":
                    continue
                others = [b for other, b in enumerate(each) if other != index]
                out[cell] = (max(each[index][0], low - sum(b[1] for b in others)),
                             min(each[index][1], high - sum(b[0] for b in others)))
        return out

    def hide(self) -> bool:
        """Secondary suppression and the check; False when the total must be withheld."""
        for cells in self.sets:  # step 3: a figure with exactly one "<5"
            if sum(self.state[cell] == "small" for cell in cells) == 1:
                self._hide(self._smallest_shown(cells))
        while True:  # step 4
            pinned = next((cell for cell, (low, high) in self.possible().items() if high <= low), None)
            if pinned is None:
                return True
            own = next(cells for cells in self.sets if pinned in cells)
            pick = self._smallest_shown(own) or self._smallest_shown(
                cell for cells in self.sets if cells is not own for cell in cells)
            if pick is None:
                return False
            self._hide(pick)

    def _hide(self, cell: Cell | None) -> None:
        if cell is not None:
            self.state[cell] = "hidden"


def hide_small_numbers(report, totals: set[tuple[str, str]]) -> Hiding:
    """Every count of `report` (services.reports.figures.Report) as shown with small numbers
    hidden. `totals`: the (figure, breakdown) rows other rows are shares of, shown rounded."""
    figures = {figure.key: figure for figure in report.figures}
    values = {(f.key, n): row.count for f in report.figures for n, row in enumerate(f.rows)}
    totals = set(totals)
    same_as_register = None
    if report.filters.condition and report.condition_name:
        same_as_register = (CONDITION_ROW_IS_THE_REGISTER[0], report.condition_name)
        totals.add(same_as_register)
    hiding = Hiding()
    for figure in report.figures:
        for n, row in enumerate(figure.rows):
            if (figure.key, row.breakdown) in totals:
                hiding.counts[figure.key, n] = rounded(row.count)
                hiding.rounded.add((figure.key, n))
            else:
                hiding.counts[figure.key, n] = SMALL if 1 <= row.count <= 4 else str(row.count)
    for adds_up in ADDS_UP:
        sets = [[(key, n) for n in range(len(figures[key].rows))] for key in adds_up.figures if key in figures]
        key, breakdown = adds_up.total
        if key not in figures or not sets:
            continue
        rows = figures[key].rows
        true_total = sum(row.count for row in rows) if breakdown is None else report.count(key, breakdown)
        total = _Total(values, sets, true_total)
        if total.hide():
            hiding.counts.update({cell: HIDDEN for cell, state in total.state.items() if state == "hidden"})
            continue
        hiding.withheld.add(adds_up.total)
        withheld = [cell for cells in sets for cell in cells]
        shown_as_total = {adds_up.total}
        if adds_up.total == CONDITION_ROW_IS_THE_REGISTER[1] and same_as_register:
            shown_as_total.add(same_as_register)
        withheld += [(f.key, n) for f in report.figures for n, row in enumerate(f.rows)
                     if (f.key, row.breakdown) in shown_as_total]  # the total itself, wherever it is a row
        for cell in withheld:
            hiding.counts[cell] = HIDDEN
            hiding.rounded.discard(cell)
    return hiding
