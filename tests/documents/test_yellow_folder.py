"""The yellow-folder printout, read back from the PDF with pypdf. Expected text comes from the input
data and the bundled wording file."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from careplan_desktop.documents.letter_data import ResultLine
from careplan_desktop.documents.plan_data import (
    ActionLine,
    AppointmentLine,
    CareTeamLine,
    ContactLine,
    GoalLine,
    GoalProgressLine,
    MedicineLine,
    ReviewSummary,
    SupportLine,
    YellowFolderData,
)
from careplan_desktop.documents.samples import sample_yellow_folder
from careplan_desktop.documents.yellow_folder import render_yellow_folder

from .pdf_text import WORDING, bundled_wording, flat, large_print_body, page_texts, plain, text_spans

WORDS = bundled_wording("yellow_folder")["standard"]
HBA1C = ResultLine("hba1c", "your blood sugar over the last 2 to 3 months (HbA1c)", "This shows ...", "58", "mmol/mol",
                   dt.date(2025, 3, 3), "62", dt.date(2024, 3, 4), "58 or below", "within_target")


def lornas_plan(**changes) -> YellowFolderData:
    plan = YellowFolderData(
        full_name="Lorna Smith",
        preferred_name="Lorna",
        nhs_number="9434765919",
        date_of_birth=dt.date(1946, 9, 14),
        large_print=False,
        easy_read=False,
        version_number=3,
        agreed_on=dt.date(2025, 3, 17),
        review_date=dt.date(2025, 6, 16),
        review_method="home visit",
        key_actions=(ActionLine("Book a chiropodist visit for my feet", "Andrea", dt.date(2025, 4, 30)),),
        goals=(GoalLine("To get to bingo with Pat every Thursday"), GoalLine("To keep cooking my own meals")),
        what_i_will_do=("Check my blood sugar before I go to bingo",),
        support=(SupportLine("Susan, my daughter", "Shopping and my medicines", "07700 900123"),),
        warning_signs="I feel shaky, sweaty and muddled.",
        what_i_do="I take 4 jelly babies and sit down.",
        what_others_do="Susan calls Andrea if I am not myself.",
        who_to_call=(ContactLine("Andrea Hall, community matron", "0191 496 0222", "Monday to Friday, 8am to 6pm",
                                 "When I feel unwell and it is not an emergency"),),
        medicines=(MedicineLine("Metformin", "500 mg, 2 tablets", "Morning and evening", "My diabetes", "blue"),
                   MedicineLine("Bisoprolol", "2.5 mg", "Morning", "My heart", "red")),
        equipment=("Walking frame",),
        care_team=(CareTeamLine("Andrea Hall", "Community matron", "0191 496 0222", True),
                   CareTeamLine("Dr Patel", "My GP", "0191 496 0000")),
        appointments=(AppointmentLine(dt.datetime(2025, 4, 8, 14, 0), "The eye screening team", "surgery"),),
        results=(HBA1C,),
    )
    return YellowFolderData(**{**plan.__dict__, **changes})


def render(plan: YellowFolderData) -> bytes:
    out = io.BytesIO()
    render_yellow_folder(plan, out)
    return out.getvalue()


def test_the_plan_holds_what_lorna_agreed() -> None:
    pages = page_texts(render(lornas_plan()))
    text = " ".join(pages)
    assert WORDS["key_actions"]["heading"] in pages[0]
    assert "Book a chiropodist visit for my feet" in pages[0] and "30 April 2025" in pages[0]
    assert "Monday 16 June 2025" in pages[0]  # my review date, on page one
    assert plain(WORDS["review"]["method"]["home_visit"]) in pages[0]
    assert "I like to be called: Lorna" in pages[0] and "14 September 1946" in pages[0]
    for goal in ("To get to bingo with Pat every Thursday", "To keep cooking my own meals"):
        assert goal in text
    assert "Check my blood sugar before I go to bingo" in text
    assert "Susan, my daughter" in text and "07700 900123" in text
    for medicine in ("Metformin", "500 mg, 2 tablets", "Morning and evening", "My diabetes", "Bisoprolol"):
        assert medicine in text
    assert "Box colour: blue" in text and "Box colour: red" in text
    assert "Walking frame" in text
    assert "Dr Patel" in text and "0191 496 0000" in text
    assert "Tuesday 8 April 2025 at 2pm" in text and "The eye screening team" in text
    assert WORDS["results"]["names"]["hba1c"] in text  # "my" words, not the letter's "your"
    assert "58 mmol/mol" in text and "62 mmol/mol" in text and "58 or below" in text
    assert plain(WORDS["readings"]["within_target"]) in text
    assert "Version 3, agreed on 17 March 2025" in text


def test_when_i_am_unwell_has_its_own_page_with_the_numbers_to_call() -> None:
    pages = page_texts(render(lornas_plan()))
    unwell = [number for number, page in enumerate(pages) if WORDS["unwell"]["heading"] in page]
    assert len(unwell) == 1
    page = pages[unwell[0]]
    assert "I feel shaky, sweaty and muddled." in page
    assert "I take 4 jelly babies and sit down." in page
    assert "Susan calls Andrea if I am not myself." in page
    assert "0191 496 0222" in page and "Monday to Friday, 8am to 6pm" in page
    # nothing from the other sections shares the page
    assert "Metformin" not in page and "To get to bingo" not in page
    # the phone number is printed very large
    spans = text_spans(render(lornas_plan()), unwell[0])
    phone = [span for span in spans if span.text.replace("\u00a0", " ") == "0191 496 0222"]
    assert phone and phone[0].size >= 20


def test_every_page_has_name_nhs_number_version_and_page_n_of_m() -> None:
    pages = page_texts(render(lornas_plan(review_summary=ReviewSummary(
        dt.date(2025, 6, 16), (GoalProgressLine("To get to bingo with Pat every Thursday", "partly", "Most weeks"),),
        dt.date(2025, 9, 15)))))
    total = len(pages)
    assert total >= 4
    for number, page in enumerate(pages, start=1):
        assert "Lorna Smith" in page
        assert "943 476 5919" in page
        assert "Version 3, agreed on 17 March 2025" in page
        assert re.findall(r"Page (\d+) of (\d+)", page) == [(str(number), str(total))]
    review = " ".join(pages)
    assert WORDS["my_review"]["heading"] in review
    assert WORDS["my_review"]["progress"]["partly"] in review and "Most weeks" in review
    assert "Monday 15 September 2025" in review


@pytest.mark.parametrize("large_print, easy_read", [(False, False), (True, False), (False, True)])
def test_a_draft_says_draft_on_every_page_and_never_agreed(large_print: bool, easy_read: bool) -> None:
    review = ReviewSummary(dt.date(2025, 2, 10), (GoalProgressLine("To keep cooking my own meals", "achieved"),))
    later = replace(HBA1C, value_text="64", taken_on=dt.date(2025, 5, 1))
    pages = page_texts(render(lornas_plan(agreed_on=None, large_print=large_print, easy_read=easy_read,
                                          review_summary=review, latest_results=(later,))))
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert page.count("DRAFT") >= 2, f"page {number}: DRAFT at its top and in its footer"
        assert "agreed" not in page.lower(), f"page {number} claims something was agreed"
    assert "This plan is not final yet" in pages[0]  # under the title
    assert "64 mmol/mol" not in " ".join(pages)  # "results since it was agreed" is for an agreed plan only


def test_an_agreed_plan_shows_results_taken_since_in_a_dated_part_of_their_own() -> None:
    later = replace(HBA1C, value_text="71", taken_on=dt.date(2025, 5, 1), previous_value_text="58",
                    previous_taken_on=dt.date(2025, 3, 3), reading="above_target")
    pages = page_texts(render(lornas_plan(latest_results=(later,))))
    text = " ".join(pages)
    since = WORDS["latest_results"]["heading"]
    assert WORDS["results"]["heading_agreed"] in text and since in text
    agreed_part, since_part = text.split(since, 1)
    assert "This time: 58 mmol/mol, on 3 March 2025" in agreed_part and "71 mmol/mol" not in agreed_part
    assert "after my plan was agreed on 17 March 2025" in since_part  # dated
    assert "This time: 71 mmol/mol, on 1 May 2025" in since_part
    assert plain(WORDS["readings_new"]["above_target"]) in since_part
    assert "We talked about" not in since_part  # not talked about when agreeing the plan


def test_when_i_am_unwell_is_never_empty() -> None:
    plan = lornas_plan(warning_signs="", what_i_do="", what_others_do="", who_to_call=(),
                       practice_name="Ashby Green Medical Practice", practice_phone="01632 960 000")
    pages = page_texts(render(plan))
    page = next(page for page in pages if WORDS["unwell"]["heading"] in page)
    assert flat(WORDS["unwell"]["no_warning_signs"]) in page
    assert "My GP practice: Ashby Green Medical Practice" in page and "01632 960 000" in page
    # with warning signs and a number to call, the practice is not added
    page = next(page for page in page_texts(render(replace(plan, warning_signs="I feel shaky.", who_to_call=(
        ContactLine("Andrea Hall", "0191 496 0222"),)))) if WORDS["unwell"]["heading"] in page)
    assert "01632 960 000" not in page and "0191 496 0222" in page


def test_a_lead_without_a_number_of_their_own_shows_the_practices() -> None:
    team = (CareTeamLine("Andrea Hall", "Community matron", "01632 960 000", True, practice_number=True),)
    text = " ".join(page_texts(render(lornas_plan(care_team=team))))
    assert "Phone: 01632 960 000 (my GP practice)" in text


def test_large_print_body_text_is_at_least_16_point() -> None:
    pdf = render(lornas_plan(large_print=True))
    footer = {"Lorna Smith", "NHS number: 943 476 5919 Version 3, agreed on 17 March 2025"}
    assert len(large_print_body(pdf, footer)) > 40
    standard = render(lornas_plan())
    assert min(span.size for span in text_spans(standard, 0)) < 16


def test_easy_read_and_a_practice_override(data_dir: Path) -> None:
    easy = bundled_wording("yellow_folder")["easy_read"]
    text = " ".join(page_texts(render(lornas_plan(easy_read=True))))
    assert easy["title"] in text
    # results in easy read's own words (easy_read.toml): the everyday name, what the number means
    assert bundled_wording("easy_read")["standard"]["readings"]["within_target"] in text
    assert "Blood sugar test (HbA1c)" in text
    assert WORDS["key_actions"]["heading"] in text  # not in easy_read: standard wording

    override = data_dir / "resources" / "wording" / "yellow_folder.toml"
    override.parent.mkdir(parents=True)
    source = (WORDING / "yellow_folder.toml").read_text(encoding="utf-8")
    override.write_text(source.replace('heading = "When I am unwell"', 'heading = "If I feel poorly"', 1),
                        encoding="utf-8")
    text = " ".join(page_texts(render(lornas_plan())))
    assert "If I feel poorly" in text and "When I am unwell" not in text


def test_written_to_a_path(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    render_yellow_folder(lornas_plan(), target)
    assert "Lorna Smith" in page_texts(target)[0]


# ---- page breaks: checked page by page on Lorna's sample plan ------------------------------------

POTASSIUM = ResultLine("potassium", "your potassium level", "This shows ...", "4.4", "mmol/L", dt.date(2025, 3, 3),
                       None, None, "between 3.5 and 5.3", "within_target")


def _headings(table: dict) -> list[str]:
    """Every section heading in a wording table (the values of its "heading..." keys) and the title."""
    found = [table["title"]] if "title" in table else []
    for key, value in table.items():
        if isinstance(value, dict):
            found += _headings(value)
        elif key == "heading" or key.startswith("heading_"):
            found.append(value)
    return found


def _sample(variant: str) -> YellowFolderData:
    plan = sample_yellow_folder(large_print="large" in variant, easy_read="easy" in variant,
                                with_review="review" in variant)
    if "more" in variant:  # the demo Lorna's shape: a third care-team line and a seventh result
        plan = replace(plan, care_team=(*plan.care_team, CareTeamLine("Dr Helen Shah", "GP", "0191 496 0000")),
                       results=(*plan.results, POTASSIUM))
    return plan


VARIANTS = ["normal", "large", "normal-more", "large-more", "normal-review", "large-easy-review"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_my_warning_signs_and_who_to_call_are_on_the_same_page(variant: str) -> None:
    plan = _sample(variant)
    pages = page_texts(render(plan))
    signs = [page for page in pages if flat(plan.warning_signs) in page]
    assert len(signs) == 1, "the warning signs are printed once, not split across pages"
    for contact in plan.who_to_call:
        assert contact.name in signs[0] and contact.phone in signs[0] and contact.hours in signs[0], contact
    assert signs[0].find(flat(plan.warning_signs)) < signs[0].find(plan.who_to_call[0].phone)  # signs first
    if not plan.large_print:  # in normal print the whole section fits on its one page
        assert flat(plan.what_i_do) in signs[0] and flat(plan.what_others_do) in signs[0]
    else:  # what spills over carries the heading again
        words = bundled_wording("yellow_folder")["standard"]
        for text in (plan.what_i_do, plan.what_others_do):
            page = next(page for page in pages if flat(text) in page)
            assert page == signs[0] or words["continued"].format(heading=words["unwell"]["heading"]) in page


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_page_starts_with_a_heading(variant: str) -> None:
    plan = _sample(variant)
    wording = bundled_wording("yellow_folder")
    headings = _headings(wording["standard"]) + _headings(wording["easy_read"])
    footer = f"{plan.full_name} NHS number: 943 476 5919 Version 2, agreed on 17 March 2025"
    pages = page_texts(render(plan))
    for number, page in enumerate(pages, start=1):
        assert page.startswith(footer)
        body = page[len(footer):].strip()
        assert any(body.startswith(heading) for heading in headings), f"page {number} starts: {body[:60]!r}"
        # a section that began on an earlier page says so
        heading = next(heading for heading in headings if body.startswith(heading))
        if number > 1 and heading in " ".join(pages[:number - 1]):
            assert body.startswith(f"{heading} (continued)"), f"page {number}: {body[:60]!r}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_result_or_care_team_line_is_left_alone_on_a_page(variant: str) -> None:
    plan = _sample(variant)
    words = bundled_wording("yellow_folder")["standard"]
    names = [words["results"]["names"][result.code] for result in plan.results]
    team = [member.role for member in plan.care_team]  # (names also appear on the "when I am unwell" page)
    for number, page in enumerate(page_texts(render(plan)), start=1):
        for group in (names, team):
            count = sum(name in page for name in group)
            assert count != 1, f"page {number} holds a single one of {group}"
