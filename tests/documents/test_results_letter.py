"""The pre-consultation results letter, read back from the PDF with pypdf.

Expected text comes from the input data and the bundled wording file, never from the renderer.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
import subprocess
import sys
from pathlib import Path

import pytest

from careplan_desktop.documents.letter_data import (
    AppointmentDetails,
    PracticeDetails,
    ResultLine,
    ResultsLetterData,
)
from careplan_desktop.documents.results_letter import render_results_letters
from careplan_desktop.domain.wording import WordingError

from .pdf_text import WORDING, bundled_wording, large_print_body, page_texts, plain, reader, text_spans

PRACTICE = PracticeDetails("Holmside Medical Group", ("Holmside Lane", "Newtown", "NE1 4XX"), "0191 496 0000")
TAKEN = dt.date(2025, 3, 3)
LAST_YEAR = dt.date(2024, 3, 4)

HBA1C = ResultLine(
    "hba1c", "your blood sugar over the last 2 to 3 months (HbA1c)",
    "This shows how much sugar has been in your blood over the last 2 to 3 months.",
    "58", "mmol/mol", TAKEN, "62", LAST_YEAR, "58 or below for most people, or a level agreed with you",
    "within_target",
)
BLOOD_PRESSURE = ResultLine(
    "blood_pressure", "your blood pressure",
    "This shows how hard your heart has to push to move blood around your body.",
    "138/82", "mmHg", TAKEN, "145/88", LAST_YEAR, "140/90 or below", "within_target",
)
EGFR = ResultLine(
    "egfr", "how well your kidneys are working (eGFR)",
    "This shows how well your kidneys are cleaning your blood.",
    "52", "mL/min/1.73m²", TAKEN, "55", LAST_YEAR, None, "no_target",
)
CHOLESTEROL = ResultLine(
    "total_cholesterol", "your cholesterol (a fat in your blood)",
    "This shows how much of a fat called cholesterol is in your blood.",
    "4.6", "mmol/L", TAKEN, None, None, "4 or below", "first_result",
)


def lorna(**changes) -> ResultsLetterData:
    letter = ResultsLetterData(
        letter_date=dt.date(2025, 3, 10),
        salutation_name="Mrs Smith",
        full_name="Lorna Smith",
        address_lines=("12 Larch Close", "Newtown", "NE2 7YY"),
        nhs_number="9434765919",
        large_print=False,
        easy_read=False,
        interpreter_language=None,
        bsl=False,
        needs_companion=False,
        appointment=AppointmentDetails(dt.datetime(2025, 3, 17, 10, 30), 40, "Nurse Andrea", "home visit"),
        results=(HBA1C, BLOOD_PRESSURE, EGFR, CHOLESTEROL),
    )
    return ResultsLetterData(**{**letter.__dict__, **changes})


def render(letters, **kwargs) -> bytes:
    out = io.BytesIO()
    count = render_results_letters(letters, PRACTICE, out, **kwargs)
    assert count == len(letters) or "should_stop" in kwargs
    return out.getvalue()


def whole_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def test_lornas_letter_has_her_details_appointment_and_every_result() -> None:
    text = whole_text(render([lorna()]))
    words = bundled_wording("results_letter")["standard"]

    assert "Lorna Smith" in text and "12 Larch Close" in text and "NE2 7YY" in text
    assert "943 476 5919" in text
    assert "Holmside Medical Group" in text and "0191 496 0000" in text
    assert "Dear Mrs Smith," in text
    assert "10 March 2025" in text
    # the appointment: date with weekday, time, length, who, where (a home visit)
    assert "Monday 17 March 2025" in text
    assert "10:30am" in text
    assert "40 minutes" in text
    assert "Nurse Andrea" in text
    assert plain(words["appointment"]["where"]["home_visit"]) in text
    for result in (HBA1C, BLOOD_PRESSURE, EGFR, CHOLESTEROL):
        assert result.measures in text
        assert f"{result.value_text} {result.unit}" in text
        assert "3 March 2025" in text
        assert plain(words["readings"][result.reading]) in text
    assert "Your blood sugar over the last 2 to 3 months (HbA1c)" in text  # first letter capitalised
    assert "62 mmol/mol" in text and "4 March 2024" in text  # last time, with its date
    assert "145/88 mmHg" in text
    assert HBA1C.target_text in text and "140/90 or below" in text
    # standard print: a table with this time, last time and the usual target side by side
    table = words["results"]["table"]
    assert f"{table['this_time']} {table['last_time']} {table['target']}" in text
    assert table["no_target"] in text  # eGFR has none
    assert table["first_result"] in text  # cholesterol is new


def test_prompts_with_space_to_write_and_bring_the_letter() -> None:
    pdf = render([lorna(appointment=AppointmentDetails(dt.datetime(2025, 3, 17, 14, 0), 20, "Nurse Andrea",
                                                       "surgery"))])
    text = whole_text(pdf)
    words = bundled_wording("results_letter")["standard"]
    titles = [item["title"] for item in words["prompts"]["items"]]
    assert titles == ["What's new?", "What's good?", "What's tough?", "What matters most to you?",
                      "What would you like to talk about?", "Questions for the nurse"]
    for item in words["prompts"]["items"]:
        assert item["title"] in text and item["hint"] in text
    assert "Please bring this letter with you" in text
    assert "2pm" in text
    # the surgery's address is given when the appointment is at the surgery
    assert "Holmside Medical Group, Holmside Lane, Newtown, NE1 4XX" in text
    # the prompts start on a page of their own, after the results
    pages = page_texts(pdf)
    prompts_page = next(number for number, page in enumerate(pages) if "What's new?" in page)
    assert prompts_page >= 1 and "Dear Mrs Smith" not in pages[prompts_page]


def test_an_interpreter_is_said_to_be_booked_only_when_it_is_recorded_as_arranged() -> None:
    words = bundled_wording("results_letter")["standard"]["appointment"]
    visit = lorna().appointment
    booked = whole_text(render([lorna(interpreter_language="Polish",
                                      appointment=replace(visit, interpreter_arranged=True))]))
    assert words["interpreter"].format(language="Polish") in booked
    assert "If you would like an interpreter" not in booked

    not_booked = whole_text(render([lorna(interpreter_language="Polish")]))
    assert "We have booked" not in not_booked and "interpreter who speaks Polish" in not_booked
    assert words["interpreter_ask"].format(language="Polish", practice_phone="0191 496 0000") in not_booked
    assert "interpreter" not in whole_text(render([lorna()]))


def test_bsl_and_someone_with_them_are_booked_or_offered_and_easy_read_says_it_simply() -> None:
    standard = bundled_wording("results_letter")["standard"]["appointment"]
    easy = bundled_wording("results_letter")["easy_read"]["appointment"]
    visit = lorna().appointment
    asked = whole_text(render([lorna(bsl=True, needs_companion=True)]))
    assert standard["bsl_ask"].format(practice_phone="0191 496 0000") in asked
    assert standard["companion_ask"].format(practice_phone="0191 496 0000") in asked
    assert "We have booked" not in asked
    arranged = whole_text(render([lorna(bsl=True, needs_companion=True, easy_read=True,
                                        appointment=replace(visit, bsl_arranged=True, companion_arranged=True))]))
    assert easy["bsl"] in arranged and easy["companion"] in arranged and "Would you like" not in arranged


TIMING = bundled_wording("results_letter")["standard"]["timing"]


def when_sentence(date_text: str, how_soon: str) -> str:
    return TIMING["when"].format(date=date_text, how_soon=how_soon)


@pytest.mark.parametrize(("letter_date", "how_soon"), [
    (dt.date(2026, 12, 3), "today"),
    (dt.date(2026, 12, 2), "tomorrow"),
    (dt.date(2026, 12, 1), "in 2 days"),
    (dt.date(2026, 11, 26), "in 1 week"),
    (dt.date(2026, 11, 25), "in 8 days"),
    (dt.date(2026, 11, 19), "in 2 weeks"),
])
def test_when_the_appointment_is_worked_out_from_the_letters_date(letter_date: dt.date, how_soon: str) -> None:
    """Thursday 3 December 2026 at 10:30, seen from the letter's date."""
    visit = AppointmentDetails(dt.datetime(2026, 12, 3, 10, 30), 40, "Nurse Andrea", "surgery")
    text = whole_text(render([lorna(letter_date=letter_date, appointment=visit)]))
    assert when_sentence("Thursday 3 December 2026", how_soon) in text
    if how_soon not in ("in 1 week", "in 2 weeks"):
        assert "week" not in text.replace("weekday", "")
    assert (TIMING["time_to_think"] in text) is (how_soon not in ("today", "tomorrow"))


def test_a_letter_dated_two_days_before_says_nothing_about_a_week() -> None:
    visit = AppointmentDetails(dt.datetime(2026, 12, 4, 14, 0), 40, "Nurse Andrea", "surgery")
    text = whole_text(render([lorna(letter_date=dt.date(2026, 12, 2), appointment=visit)]))
    assert "in 2 days" in text and "Friday 4 December 2026" in text
    assert "week" not in text.lower()


def test_a_letter_dated_after_the_appointment_says_nothing_about_time() -> None:
    visit = AppointmentDetails(dt.datetime(2026, 12, 3, 10, 30), 40, "Nurse Andrea", "surgery")
    text = whole_text(render([lorna(letter_date=dt.date(2026, 12, 4), appointment=visit)]))
    assert "Thursday 3 December 2026" in text  # the appointment's date, in the box
    assert "Your appointment is on" not in text and TIMING["time_to_think"] not in text
    assert not any(word in text for word in ("today", "tomorrow", "in 1 ", "week"))


def test_easy_read_says_when_in_its_own_words() -> None:
    easy = bundled_wording("results_letter")["easy_read"]["timing"]
    visit = AppointmentDetails(dt.datetime(2026, 12, 3, 10, 30), 40, "Nurse Andrea", "surgery")
    text = whole_text(render([lorna(letter_date=dt.date(2026, 11, 23), appointment=visit, easy_read=True)]))
    assert easy["when"].format(how_soon="in 10 days", date="Thursday 3 December 2026") in text
    assert "week" not in text.lower()


def test_three_letters_each_number_their_own_pages_with_name_and_nhs_number_on_every_page() -> None:
    people = [("Lorna Smith", "9434765919"), ("Jack Brown", "9876543210"), ("James Green", "4010232137")]
    letters = [lorna(full_name=name, nhs_number=nhs, large_print=(index == 1)) for index, (name, nhs) in
               enumerate(people)]
    pages = page_texts(render(letters))

    numbering: dict[str, list[tuple[int, int]]] = {name: [] for name, _ in people}
    for page in pages:
        owners = [(name, nhs) for name, nhs in people if f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" in page]
        assert len(owners) == 1, page[:200]
        name, _ = owners[0]
        assert name in page
        found = re.findall(r"Page (\d+) of (\d+)", page)
        assert len(found) == 1
        numbering[name].append((int(found[0][0]), int(found[0][1])))

    for name, numbers in numbering.items():
        total = len(numbers)
        assert total >= 2
        assert numbers == [(n, total) for n in range(1, total + 1)], name
    # each letter starts on a new page, whose footer says Page 1
    starts = [number for number, page in enumerate(pages) if "Dear Mrs Smith," in page]
    assert len(starts) == 3
    assert all(re.search(r"Page 1 of \d+", pages[number]) for number in starts)
    assert len(numbering["Jack Brown"]) > len(numbering["Lorna Smith"])  # large print reflows onto more pages


def test_large_print_body_text_is_at_least_16_point_and_footers_at_least_12() -> None:
    letter = lorna(large_print=True, interpreter_language="Urdu")
    pdf = render([letter])
    footer_texts = {"Lorna Smith", "NHS number: 943 476 5919"}
    pages = len(reader(pdf).pages)
    assert pages >= 3
    assert len(large_print_body(pdf, footer_texts)) > 50
    # and the standard letter is not large print: its body is smaller
    standard = render([lorna()])
    assert min(span.size for span in text_spans(standard, 0)) < 16


def test_easy_read_uses_easy_read_wording_and_falls_back_to_standard() -> None:
    words = bundled_wording("results_letter")
    easy, standard = words["easy_read"], words["standard"]
    text = whole_text(render([lorna(easy_read=True)]))
    assert easy["greeting"].format(name="Mrs Smith") in text
    assert easy["intro"][0] in text
    # what a result means, in easy read's own words (easy_read.toml), never the standard ones
    assert bundled_wording("easy_read")["standard"]["readings"]["within_target"] in text
    assert plain(standard["readings"]["within_target"]) not in text
    # a key the easy-read table leaves out comes from the standard one
    assert "time" not in easy["appointment"]
    assert "Time: 10:30am" in text


def test_changing_the_wording_file_changes_the_letter(data_dir: Path) -> None:
    override = data_dir / "resources" / "wording" / "results_letter.toml"
    override.parent.mkdir(parents=True)
    source = (WORDING / "results_letter.toml").read_text(encoding="utf-8")
    assert 'greeting = "Dear {name},"' in source
    override.write_text(source.replace('greeting = "Dear {name},"', 'greeting = "Good morning {name}!"', 1),
                        encoding="utf-8")
    text = whole_text(render([lorna()]))
    assert "Good morning Mrs Smith!" in text
    assert "Dear Mrs Smith" not in text


def test_a_missing_key_in_an_override_names_the_file_and_the_key(data_dir: Path) -> None:
    override = data_dir / "resources" / "wording" / "results_letter.toml"
    override.parent.mkdir(parents=True)
    source = (WORDING / "results_letter.toml").read_text(encoding="utf-8")
    override.write_text(source.replace('greeting = "Dear {name},"\n', "", 1), encoding="utf-8")
    with pytest.raises(WordingError) as caught:
        render_results_letters([lorna()], PRACTICE, io.BytesIO())
    assert str(override) in str(caught.value) and "'greeting'" in str(caught.value)


def test_progress_after_each_letter_and_a_clean_stop(tmp_path: Path, data_dir: Path) -> None:
    letters = [lorna(full_name=f"Person {n}") for n in range(5)]
    seen: list[tuple[int, int]] = []
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "batch.pdf"
    count = render_results_letters(letters, PRACTICE, target, progress=lambda done, total: seen.append((done, total)),
                                   should_stop=lambda: len(seen) >= 2)
    assert count == 2
    assert seen == [(1, 5), (2, 5)]
    pages = page_texts(target.read_bytes())
    assert any("Person 1" in page for page in pages)
    assert not any("Person 2" in page for page in pages)
    assert [path.name for path in out_dir.iterdir()] == ["batch.pdf"]  # nothing else written
    assert list(data_dir.rglob("*")) == []


def test_no_letters_or_stopped_at_once_writes_nothing(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert render_results_letters([], PRACTICE, out_dir / "none.pdf") == 0
    assert render_results_letters([lorna()], PRACTICE, out_dir / "stop.pdf", should_stop=lambda: True) == 0
    assert list(out_dir.iterdir()) == []


def test_unicode_names_print_as_written() -> None:
    text = whole_text(render([lorna(full_name="Zofia Wiśniewska-Łukasik", salutation_name="Pani Łukasik")]))
    assert "Zofia Wiśniewska-Łukasik" in text and "Dear Pani Łukasik," in text


def test_documents_never_import_qt() -> None:
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        "import careplan_desktop.documents.results_letter, careplan_desktop.documents.yellow_folder\n"
        "import careplan_desktop.documents.samples\n"
        "loaded = [name for name, module in sys.modules.items() if module is not None]\n"
        "assert not [name for name in loaded if name.startswith(('PySide6', 'careplan_desktop.ui'))]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_bundled_fonts_are_present() -> None:
    fonts = WORDING.parent / "fonts"
    assert (fonts / "DejaVuSans.ttf").is_file() and (fonts / "DejaVuSans-Bold.ttf").is_file()
    assert (fonts / "DejaVu-LICENSE.txt").is_file()  # the licence travels with the fonts


def test_unusual_letters_still_lay_out() -> None:
    long_line = "Flat 12, The Very Long Building Name On A Very Long Road"
    letters = [
        lorna(results=()),
        lorna(full_name="Mrs Featherstonehaugh-Cholmondeley-Worthington-Smythe " * 2, address_lines=(long_line,) * 7,
              large_print=True, easy_read=True, interpreter_language="British Sign Language (BSL)"),
        lorna(results=(EGFR,) * 25),
        lorna(appointment=AppointmentDetails(dt.datetime(2025, 3, 17, 12, 0), 20, "Dr Patel", "phone")),
    ]
    pdf = render(letters)
    pages = page_texts(pdf)
    assert all(re.search(r"Page \d+ of \d+", page) for page in pages)
    text = " ".join(pages)
    # no results: the letter with the prompts only (issue 16), no results section
    assert plain(bundled_wording("results_letter")["standard"]["intro_prompts_only"][1]) in text
    assert "12 noon" in text and "Dr Patel" in text
    assert text.count("How well your kidneys are working (eGFR)") >= 25
