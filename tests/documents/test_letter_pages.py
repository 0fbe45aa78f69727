"""Letters that do not waste paper (issue 16, section 4), read back from the PDF with pypdf: no page
holds a single result on its own, the prompts are never split, and postcodes and units never
break across lines. The demo month's page count is in tests/services/test_letter_pages_month.py."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace

import pytest

from careplan_desktop.documents.letter_data import PracticeDetails, ResultsLetterData
from careplan_desktop.documents.results_letter import render_results_letters
from careplan_desktop.documents.samples import sample_practice, sample_results, sample_results_letter
from careplan_desktop.documents.styles import keep_together

from .pdf_text import bundled_wording, page_texts, plain, reader

RESULTS = sample_results()  # six results


def letters_pages(letters: list[ResultsLetterData], practice: PracticeDetails | None = None) -> list[list[str]]:
    """Each letter's pages' text, footers taken off, split where a footer says "Page 1 of"."""
    out = io.BytesIO()
    render_results_letters(letters, practice or sample_practice(), out)
    grouped: list[list[str]] = []
    for page in page_texts(out.getvalue()):
        number = re.search(r"Page (\d+) of \d+", page)
        assert number, page
        if number.group(1) == "1":
            grouped.append([])
        body = page.replace(number.group(0), "")
        for letter in letters:
            body = body.replace(letter.full_name, "")
        grouped[-1].append(re.sub(r"NHS number: \d{3} \d{3} \d{4}", "", body).strip())
    assert len(grouped) == len(letters)
    return grouped


def variety(easy_read: bool = False) -> list[ResultsLetterData]:
    """Letters with 0 to 6 results, in standard and large print, with long and short addresses."""
    base = sample_results_letter(easy_read=easy_read)
    letters = []
    for large in (False, True):
        for count in range(1, len(RESULTS) + 1):
            for results in (RESULTS[:count], RESULTS[-count:]):
                letters.append(replace(base, large_print=large, results=results,
                                       full_name=f"Person {len(letters)} Testcase"))
    return letters


def result_names(words: dict) -> list[str]:
    return [result.plain_name[:1].upper() + result.plain_name[1:] for result in RESULTS]


@pytest.mark.parametrize("easy_read", [False, True])
def test_no_page_holds_a_single_result_on_its_own(easy_read: bool) -> None:
    """Every page with a result on it also holds another result, or the letter's other parts (its
    title, the results heading, the prompts)."""
    letters = variety(easy_read)
    words = bundled_wording("results_letter")
    variant = "easy_read" if easy_read else "standard"

    def word(*keys: str) -> str:
        for table in (words[variant], words["standard"]):
            node = table
            for key in keys:
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, str):
                return plain(node)
        raise KeyError(keys)

    others = [word("title"), word("results", "heading"), word("prompts", "heading")]
    for letter, pages in zip(letters, letters_pages(letters)):
        for page in pages:
            shown = [result for result in letter.results if result.measures in page]
            if len(shown) == 1:
                assert any(other in page for other in others), (letter.full_name, page[:300])


def test_the_prompts_and_the_closing_are_never_split_across_pages() -> None:
    letters = variety()
    words = bundled_wording("results_letter")["standard"]
    titles = [item["title"] for item in words["prompts"]["items"]]
    sign_off = words["closing"]["sign_off"]
    for letter, pages in zip(letters, letters_pages(letters)):
        holding = [number for number, page in enumerate(pages) if words["prompts"]["heading"] in page]
        assert len(holding) == 1
        first = holding[0]
        if not letter.large_print:  # standard print: the whole of the prompts on one page, with the closing
            assert all(title in pages[first] for title in titles) and sign_off in pages[first]
            assert first == len(pages) - 1
        else:  # large print takes two pages or more: split only between whole prompts
            assert titles[0] in pages[first]  # the heading travels with the first prompt
            for item in words["prompts"]["items"]:
                assert any(item["title"] in page and item["hint"] in page for page in pages[first:]), item
            assert titles[-2] in pages[-1] and titles[-1] in pages[-1] and sign_off in pages[-1]


def test_a_standard_letter_with_one_or_two_results_is_two_sides() -> None:
    """The typical letter (the demo month's people have one or two results): the letter, the
    appointment and the results on page one, or the last result on page two above the prompts."""
    base = sample_results_letter()
    letters = [replace(base, results=results) for results in
               (RESULTS[:1], RESULTS[:2], RESULTS[1:3], RESULTS[-2:], RESULTS[2:4])]
    words = bundled_wording("results_letter")["standard"]
    for letter, pages in zip(letters, letters_pages(letters)):
        assert len(pages) == 2, [page[:80] for page in pages]
        assert words["results"]["heading"] in pages[0] and letter.results[0].measures in pages[0]
        assert words["prompts"]["heading"] in pages[1]


def test_page_one_is_not_left_mostly_empty_when_results_follow() -> None:
    """The results heading and at least the first result go on page one under the appointment,
    in standard print, whatever the number of results."""
    letters = [replace(sample_results_letter(), results=RESULTS[:count]) for count in range(1, 7)]
    for letter, pages in zip(letters, letters_pages(letters)):
        assert letter.results[0].measures in pages[0]


def test_postcodes_and_units_are_joined_by_non_breaking_spaces() -> None:
    assert keep_together("Holmside Lane, Newtown, NE1 4XX") == "Holmside Lane, Newtown, NE1\u00a04XX"
    assert keep_together("BS1 4DJ and SW1A 1AA") == "BS1\u00a04DJ and SW1A\u00a01AA"
    assert keep_together("58 mmol/mol, 138/82 mmHg, 52 mL/min/1.73m², 71.4 kg") == (
        "58\u00a0mmol/mol, 138/82\u00a0mmHg, 52\u00a0mL/min/1.73m², 71.4\u00a0kg")
    assert keep_together("about 40 minutes") == "about 40\u00a0minutes"
    assert keep_together("Mill Lane") == "Mill Lane"  # ordinary words are left alone


def test_a_postcode_never_breaks_across_lines_in_the_printed_letter() -> None:
    """The surgery's address in the appointment box, made longer word by word, so that without
    the joined postcode one of them would end a line between its two halves."""
    letter = replace(sample_results_letter(), appointment=replace(sample_results_letter().appointment,
                                                                  location="surgery"))
    for extra in range(12):
        lines = ("Holmside Lane" + " Road" * extra, "Newtown", "NE1 4XX")
        out = io.BytesIO()
        render_results_letters([letter], PracticeDetails("Holmside Medical Group", lines, "0191 496 0000"), out)
        raw = "\n".join(page.extract_text() for page in reader(out.getvalue()).pages)
        assert not re.search(r"NE1\s*\n\s*4XX", raw), extra
        assert re.search(r"NE1\s4XX", raw)
        assert not re.search(r"\d\s*\n\s*(mmol/mol|mmHg|mL/min|kg\b)", raw)
