"""Hidden small numbers that cannot be worked back (issue 15 section 2, hazard H-034).

Reports are built by hand with counts chosen so that subtracting the numbers shown from a total
would pin a "<5" (worked out by hand beside each). A brute force written here, not the app's own
check, plays the person with a spreadsheet: for every set of figures declared to add up to one
total (`small_numbers.ADDS_UP`), it tries every combination of true values consistent with what
is shown ("<5" is 1 to 4; "hidden" is 5 or more and, since it was the smallest left, no bigger
than a count still shown after it in its figure and smaller than one before it; a rounded total
"n" is n - 2 to n + 2, "5" is 5 to 7; every place the total is shown is used) and keeps the
values each hidden count could still have."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from careplan_desktop.app import main
from careplan_desktop.documents.letter_data import PracticeDetails
from careplan_desktop.documents.report import render_report
from careplan_desktop.services.reports.export import report_csv, table_rows
from careplan_desktop.services.reports.figures import (
    Figure, LetterToPlan, Report, ReportFilters, Row, compute_report, report_wording,
)
from careplan_desktop.services.reports.period import Period, last_quarter, month
from careplan_desktop.services.reports.small_numbers import ADDS_UP

from tests.conftest import TEST_PASSPHRASE
from tests.documents.pdf_text import page_texts
from tests.services.report_vault import TODAY, build_report_vault
from tests.services.test_reports_export import csv_rows

PRACTICE = PracticeDetails("Riverside Surgery", ("1 River Road",), "01434 600000")
QUARTER = Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30))
CAP = 60  # the most a "hidden" count or a withheld total is tried up to (small numbers only)
OFFER = ("offered, no answer yet", "accepted", "declined", "not yet offered")
LEVELS = ("supported self-care", "disease-specific care management", "case management")
HIDDEN_SENTENCE = ('A number shown as "hidden" is hidden as well, so that a "<5" cannot be worked out by taking '
                   'the other numbers away from a total.')
#: where each total is shown, besides its own row: the figures whose denominator it is
REGISTER_SHARES = ("register_by_condition", "register_by_number_of_conditions", "register_by_level_of_need", "offer",
                   "plans_people", "communication_needs")
PLANS_SHARES = ("quality_all_elements", "quality_missing_elements", "quality_warnings", "quality_copy_within_a_week")


def build(counts: dict[str, list[tuple[str, int]]], period: Period = QUARTER, condition: str | None = None,
          condition_name: str = "") -> Report:
    """A Report by hand: each figure's rows, with the denominators the app gives them."""
    words = report_wording()
    register = dict(counts.get("register", [])).get("on the register", 0)
    plans = sum(n for _b, n in counts.get("plans_agreed", []))
    figures = []
    for key, rows in counts.items():
        denominator = register if key in REGISTER_SHARES else plans if key in PLANS_SHARES else None
        chart = "line" if key == "plans_by_month" else "bar"
        section = ("Quality of care planning" if key.startswith("quality") else "Plans" if key.startswith("plans")
                   else "The offer of care planning" if key == "offer" else "The register")
        figures.append(Figure(key, section, words.text(f"figures.{key}.title"),
                              words.raw(f"figures.{key}.sentence"),
                              tuple(Row(b, n, denominator) for b, n in rows), chart))
    return Report(ReportFilters(period, condition=condition), tuple(figures), LetterToPlan(None, 0), condition_name,
                  dt.date(2026, 7, 15))


def shown_table(report: Report) -> dict[tuple[str, str], tuple[str, str]]:
    return {(row.figure, row.breakdown): (row.count, row.denominator) for row in table_rows(report, True)}


def rounded_range(text: str) -> range:
    """The true values a rounded total may have, as the report's first page explains it."""
    if text == "hidden":
        return range(0, CAP + 1)
    if text == "<5":
        return range(1, 5)
    value = int(text)
    return range(0, 1) if value == 0 else range(5, 8) if value == 5 else range(value - 2, value + 3)


def total_readings(report: Report, shown, adds_up) -> list[str]:
    """Every place a total is shown: its own row, the denominators of the rows that are shares
    of it, and (one condition chosen) that condition's row of the register by condition."""
    key, breakdown = adds_up.total
    shares = REGISTER_SHARES if key == "register" else PLANS_SHARES
    out = [shown[key, breakdown][0]] if breakdown is not None else []
    out += [shown[f.key, row.breakdown][1] for f in report.figures if f.key in shares for row in f.rows]
    if key == "register" and report.filters.condition:
        out.append(shown["register_by_condition", report.condition_name][0])
    return out


def possible_values(report: Report, shown) -> dict[tuple[str, str], set[int]]:
    """For every hidden count in a set declared to add up: the values it could have, given
    everything shown (every combination of true values tried)."""
    out: dict[tuple[str, str], set[int]] = {}
    present = {f.key for f in report.figures}
    for adds_up in ADDS_UP:
        if adds_up.total[0] not in present:
            continue
        readings = total_readings(report, shown, adds_up)
        withheld = "hidden" in readings
        totals = set(range(0, CAP * 4))
        for reading in readings:
            totals &= set(rounded_range(reading))
        sets = []
        for key in adds_up.figures:
            if key not in present:
                continue
            cells = [(key, row.breakdown) for f in report.figures if f.key == key for row in f.rows]
            if withheld:  # nothing of it is shown: each could be anything
                out.update({cell: set(range(0, CAP + 1)) for cell in cells})
                continue
            domains = []
            for place, cell in enumerate(cells):
                text = shown[cell][0]
                # a "hidden" count was the smallest left: below those shown before it (the first
                # of equals is taken), no bigger than those after it
                largest = min([int(shown[c][0]) - (n < place) for n, c in enumerate(cells)
                               if shown[c][0] not in ("<5", "hidden", "0")], default=CAP)
                domains.append(range(1, 5) if text == "<5" else
                               range(5, largest + 1) if text == "hidden" else range(int(text), int(text) + 1))
            combos = [(sum(combo), combo) for combo in itertools.product(*domains)]
            totals &= {total for total, _combo in combos}
            sets.append((cells, combos))
        for cells, combos in sets:
            for index, cell in enumerate(cells):
                if shown[cell][0] in ("<5", "hidden"):
                    out[cell] = {combo[index] for total, combo in combos if total in totals}
    return out


def assert_nothing_worked_back(report: Report) -> dict[tuple[str, str], set[int]]:
    shown = shown_table(report)
    truth = {(f.key, row.breakdown): row.count for f in report.figures for row in f.rows}
    possible = possible_values(report, shown)
    assert possible, "the report hides nothing in a set that adds up"
    for cell, values in possible.items():
        assert truth[cell] in values, cell  # what is shown is the truth
        assert len(values) > 1, f"{cell} can be worked back to {values}"
    for cell, (count, _denominator) in shown.items():  # never a number that is not the truth
        assert count not in ("1", "2", "3", "4")
        if count == "<5":
            assert 1 <= truth[cell] <= 4
        elif count.isdigit() and cell[0] != "register":
            assert int(count) == truth[cell] or cell == ("register_by_condition", report.condition_name)
    return possible


def test_a_register_whose_offer_and_level_would_give_a_small_number_away():
    # the register is 22 (shown "20": 18 to 22); the number of conditions, all shown, add up to 22
    # exactly. With "<5" alone the offer gives declined = 22 - 16 - 0 - 5 = 1, and the level of
    # need gives case management = 22 - 12 - 6 = 4.
    counts = {"register": [("on the register", 22)],
              "offer": list(zip(OFFER, (0, 16, 1, 5))),
              "register_by_number_of_conditions": [("1 condition", 10), ("2 conditions", 7), ("3 conditions", 5)],
              "register_by_level_of_need": list(zip(LEVELS, (12, 6, 4)))}
    report = build(counts)
    old = {**{("offer", b): s for b, s in zip(OFFER, ("0", "16", "<5", "5"))},
           **{("register_by_level_of_need", b): s for b, s in zip(LEVELS, ("12", "6", "<5"))}}
    shown_before = {**{cell: (text, "20") for cell, text in old.items()},
                    ("register", "on the register"): ("20", ""),
                    **{("register_by_number_of_conditions", b): (str(n), "20")
                       for b, n in counts["register_by_number_of_conditions"]}}
    worked_back = possible_values(report, shown_before)
    assert worked_back[("offer", "declined")] == {1} and worked_back[("register_by_level_of_need", "case management")] == {4}

    shown = shown_table(report)
    # declined is the offer's only "<5": the next smallest (not yet offered, 5) is hidden too; then
    # declined + not yet offered = 22 - 16 = 6, and with the hidden count 5 or more declined is
    # still 1, so the next (accepted, 16) is hidden: declined is now 1 to 4
    assert [shown["offer", b][0] for b in OFFER] == ["0", "hidden", "<5", "hidden"]
    # case management is the only "<5": the next smallest (6) is hidden; the two make 10, 5 to 9 each way
    assert [shown["register_by_level_of_need", b][0] for b in LEVELS] == ["12", "hidden", "<5"]
    assert [shown["register_by_number_of_conditions", b][0] for b, _n in counts["register_by_number_of_conditions"]] \
        == ["10", "7", "5"]
    assert shown["register", "on the register"] == ("20", "") and shown["offer", "declined"][1] == "20"
    possible = assert_nothing_worked_back(report)
    assert possible[("offer", "declined")] == {1, 2, 3, 4}
    assert possible[("register_by_level_of_need", "case management")] == {1, 2, 3, 4}


def test_plans_agreed_against_the_months_and_the_key_elements():
    # 14 plans agreed (shown "15": 13 to 17): first plans 1, later versions 13. The months, 5, 4
    # and 5, say 13 or 14 with "<5" alone, so first plans = 14 - 13 = 1 or less: exactly 1.
    counts = {"plans_agreed": [("first plans", 1), ("later versions", 13)],
              "plans_by_month": [("2026-04", 5), ("2026-05", 4), ("2026-06", 5)],
              "quality_all_elements": [("with all nine key elements", 10), ("with something missing", 4)]}
    report = build(counts)
    shown_before = {("plans_agreed", "first plans"): ("<5", ""), ("plans_agreed", "later versions"): ("13", ""),
                    ("plans_by_month", "2026-04"): ("5", ""), ("plans_by_month", "2026-05"): ("<5", ""),
                    ("plans_by_month", "2026-06"): ("5", ""),
                    ("quality_all_elements", "with all nine key elements"): ("10", "15"),
                    ("quality_all_elements", "with something missing"): ("<5", "15")}
    assert possible_values(report, shown_before)[("plans_agreed", "first plans")] == {1}

    shown = shown_table(report)
    assert [shown["plans_agreed", b][0] for b in ("first plans", "later versions")] == ["<5", "hidden"]
    # one month "<5": the first 5 hidden; it could then only be 5 (no bigger than the 5 still
    # shown), so the other 5 is hidden too
    assert [shown["plans_by_month", m][0] for m in ("2026-04", "2026-05", "2026-06")] == ["hidden", "<5", "hidden"]
    assert [shown["quality_all_elements", b] for b in ("with all nine key elements", "with something missing")] == [
        ("hidden", "15"), ("<5", "15")]
    possible = assert_nothing_worked_back(report)
    assert possible[("plans_agreed", "first plans")] == {1, 2, 3, 4}


def test_a_month_chart_of_one_month_is_the_total():
    # June alone: 6 plans (shown "5": 5 to 7), first 1 and later 5. The month's one row is the
    # total, 6, so first plans = 6 - 5 = 1; "with all nine key elements" is 6 too.
    counts = {"plans_agreed": [("first plans", 1), ("later versions", 5)], "plans_by_month": [("2026-06", 6)],
              "quality_all_elements": [("with all nine key elements", 6), ("with something missing", 0)]}
    report = build(counts, period=month(2026, 6))
    shown = shown_table(report)
    assert shown["plans_agreed", "later versions"][0] == "hidden"
    # hiding "later versions" is not enough while the month (6) or the key elements (6) show the total
    assert shown["plans_by_month", "2026-06"][0] == "hidden"
    assert shown["quality_all_elements", "with all nine key elements"] == ("hidden", "5")
    assert shown["quality_all_elements", "with something missing"] == ("0", "5")
    assert assert_nothing_worked_back(report)[("plans_agreed", "first plans")] == {1, 2}


def test_a_register_too_small_to_show_is_withheld(tmp_path):
    # 4 people, one in each state of the offer: "<5" four times in a register of fewer than 5
    # can only be 1, 1, 1 and 1. Nothing else can be hidden, so the register is withheld.
    counts = {"register": [("on the register", 4)], "offer": list(zip(OFFER, (1, 1, 1, 1))),
              "register_by_number_of_conditions": [("1 condition", 4)],
              "register_by_level_of_need": list(zip(LEVELS, (4, 0, 0)))}
    report = build(counts)
    shown = shown_table(report)
    assert shown["register", "on the register"] == ("hidden", "")
    assert {shown[cell] for cell in shown if cell[0] in counts and cell[0] != "register"} == {("hidden", "hidden")}
    assert_nothing_worked_back(report)
    pdf = render_report(report, table_rows(report, True), True, PRACTICE)
    whole = " ".join(page_texts(pdf))
    assert "A hidden number of people were on the long-term-condition register on 30/06/2026." in whole


def test_one_condition_chosen_its_row_does_not_give_the_register_away(vault, tmp_path):
    # the test vault, diabetes only: 6 people (shown "5"), offer accepted 5 and declined 1. The
    # register by condition's diabetes row used to read 6, and 6 - 5 = 1 declined.
    build_report_vault(vault, tmp_path)
    report = compute_report(vault, ReportFilters(last_quarter(TODAY), condition="diabetes-type-2"), today=TODAY)
    shown = shown_table(report)
    assert shown["register_by_condition", "Type 2 diabetes"] == ("5", "5")
    assert [shown["offer", b][0] for b in OFFER] == ["0", "hidden", "<5", "0"]
    assert_nothing_worked_back(report)


def test_random_small_reports_never_give_a_hidden_count_away():
    """Many small reports (the same ones every run): a register of 0 to 25 split by the offer,
    the number of conditions and the level of need, and 0 to 25 plans split by kind, by month
    and by key elements."""
    chooser = random.Random(15)

    def split(total: int, parts: int) -> list[int]:
        cuts = sorted(chooser.randint(0, total) for _ in range(parts - 1))
        return [b - a for a, b in zip([0, *cuts], [*cuts, total])]

    checked = 0
    for _ in range(600):
        register, plans = chooser.randint(0, 25), chooser.randint(0, 25)
        counts = {"register": [("on the register", register)],
                  "offer": list(zip(OFFER, split(register, 4))),
                  "register_by_number_of_conditions": list(zip(("1 condition", "2 conditions"), split(register, 2))),
                  "register_by_level_of_need": list(zip(LEVELS, split(register, 3))),
                  "plans_agreed": list(zip(("first plans", "later versions"), split(plans, 2))),
                  "plans_by_month": list(zip(("2026-04", "2026-05", "2026-06"), split(plans, 3))),
                  "quality_all_elements": list(zip(("with all nine key elements", "with something missing"),
                                                   split(plans, 2)))}
        report = build(counts)
        shown = shown_table(report)
        truth = {(f.key, row.breakdown): row.count for f in report.figures for row in f.rows}
        for cell, values in possible_values(report, shown).items():
            assert truth[cell] in values and len(values) > 1, (counts, cell, values)
            checked += 1
    assert checked > 1500


def test_the_pdf_and_the_csv_say_what_hidden_means(tmp_path):
    report = build({"plans_agreed": [("first plans", 1), ("later versions", 13)],
                    "plans_by_month": [("2026-04", 5), ("2026-05", 4), ("2026-06", 5)],
                    "quality_all_elements": [("with all nine key elements", 10), ("with something missing", 4)]})
    whole = " ".join(page_texts(render_report(report, table_rows(report, True), True, PRACTICE)))
    assert HIDDEN_SENTENCE in whole and 'A number shown as "<5" is 1, 2, 3 or 4.' in whole
    assert "later versions hidden" in whole and "with all nine key elements hidden 15" in whole
    rows = csv_rows(report_csv(report, suppress=True))
    assert {"figure": "plans_agreed", "breakdown": "later versions", "count": "hidden", "denominator": ""} in rows
    assert rows[-2:] == [
        {"figure": "note", "breakdown": 'A number shown as "<5" is 1, 2, 3 or 4.', "count": "", "denominator": ""},
        {"figure": "note", "breakdown": HIDDEN_SENTENCE, "count": "", "denominator": ""}]
    plain = csv_rows(report_csv(report, suppress=False))  # the practice's own copy: exact, no marks
    assert not [r for r in plain if r["figure"] == "note" or r["count"] == "hidden"]
    assert {"figure": "plans_agreed", "breakdown": "later versions", "count": "13", "denominator": ""} in plain


def test_the_command_hides_them_too(vault, vault_path, tmp_path, monkeypatch, capsys):
    build_report_vault(vault, tmp_path)
    vault.lock()
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["report", "--vault", str(vault_path), "--from", "2026-04-01", "--to", "2026-06-30",
                 "--condition", "diabetes-type-2", "--suppress-small"]) == 0
    out = capsys.readouterr().out
    assert "offer\taccepted\thidden\t5" in out and "register_by_condition\tType 2 diabetes\t5\t5" in out
    assert "hidden\t" + HIDDEN_SENTENCE in out
