"""Real easy read (issue 16, section 5), read back from the PDFs with pypdf: the easy-read letter
and printout name tests by their everyday names first (HbA1c, eGFR and cholesterol never appear
without them), never print units such as mmol/mol, say blood pressure readings in words, put one
sentence on a line at 14 pt or more, and draw a picture beside each idea."""

from __future__ import annotations

import io
import json
import re
import tomllib
from dataclasses import replace

from pypdf import PdfReader
from pypdf.generic import ContentStream

from careplan_desktop.documents.results_letter import render_results_letters
from careplan_desktop.documents.samples import sample_practice, sample_results_letter, sample_yellow_folder
from careplan_desktop.documents.yellow_folder import render_yellow_folder

from .pdf_text import REPO, WORDING, page_texts, text_spans

PICTOGRAMS = REPO / "resources" / "pictograms"
# the medical words and the everyday names that must come before them, written out by hand
EVERYDAY = {"HbA1c": "Blood sugar test", "eGFR": "Kidney test", "cholesterol": "Blood fat test",
            "ACR": "Wee test for your kidneys"}
UNITS = ("mmol/mol", "mmol/L", "mmHg", "mL/min", "mg/mmol", "kg/m²")


def easy_letter(**changes) -> bytes:
    out = io.BytesIO()
    render_results_letters([replace(sample_results_letter(easy_read=True), **changes)], sample_practice(), out)
    return out.getvalue()


def easy_printout(**changes) -> bytes:
    out = io.BytesIO()
    render_yellow_folder(sample_yellow_folder(easy_read=True, **changes), out)
    return out.getvalue()


def check_no_unexplained_jargon(text: str) -> None:
    for term, everyday in EVERYDAY.items():
        for found in re.finditer(re.escape(term), text):
            before = text[max(0, found.start() - len(everyday) - 2):found.start()]
            assert before == f"{everyday} (", (term, text[max(0, found.start() - 80):found.end() + 20])
    for unit in UNITS:
        assert unit not in text, unit


def test_the_easy_read_letter_names_every_test_by_its_everyday_name_first() -> None:
    text = " ".join(page_texts(easy_letter()))
    check_no_unexplained_jargon(text)
    for everyday in EVERYDAY.values():  # Lorna's six results include all four
        assert everyday in text
    # blood pressure said in words, this time and last time; weight with its unit as a word
    assert "138 over 82" in text and "145 over 88" in text and "138/82" not in text
    assert "71.4 kilograms" in text
    # what the number means, said as words: her cholesterol is above its target
    assert "This is higher than we would like." in text and "This is what we would like." in text


def test_the_easy_read_printout_names_every_test_by_its_everyday_name_first() -> None:
    text = " ".join(page_texts(easy_printout()))
    check_no_unexplained_jargon(text)
    assert "Blood sugar test (HbA1c)" in text and "138 over 82" in text


def test_one_sentence_a_line_and_at_least_14_point() -> None:
    pdf = easy_letter()
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages):
        for line in page.extract_text().splitlines():
            assert not re.search(r"[a-z0-9)][.?!] +[A-Z]", line), line  # two sentences on one line
        for span in text_spans(pdf, number):
            if re.fullmatch(r"Page \d+ of \d+|Lorna Smith|NHS number: 943 476 5919", span.text):
                continue  # the footer
            assert span.size >= 14, span


def _images_and_lines(page) -> tuple[list[tuple[float, float, float, object]], list[tuple[str, float, float]]]:
    """Images placed directly on the page as (x, bottom, top, the image's XObject), and text as
    (text, x, y)."""
    resources = page["/Resources"]
    xobjects = resources.get("/XObject", {}) if resources else {}
    images, state, stack = [], [1, 0, 0, 1, 0, 0], []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append(state)
        elif operator == b"Q":
            state = stack.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            s = state
            state = [a * s[0] + b * s[2], a * s[1] + b * s[3], c * s[0] + d * s[2], c * s[1] + d * s[3],
                     e * s[0] + f * s[2] + s[4], e * s[1] + f * s[3] + s[5]]
        elif operator == b"Do":
            target = xobjects[operands[0]].get_object()
            if target.get("/Subtype") == "/Image":
                images.append((state[4], state[5], state[5] + state[3], target))
    lines = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        if text.strip():
            lines.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return images, lines


def test_a_picture_beside_each_idea_in_the_letter_and_the_printout() -> None:
    """Beside each test's name, each line of the appointment and what each result means, an
    image sits to the left of the text, level with it."""
    ideas_letter = ["Blood sugar test", "Blood pressure check", "Kidney test", "Blood fat test", "Date:", "Time:",
                    "Where:", "This is what we would like.", "This is higher than we would like.",
                    "There is no target for this test.", "You have a care planning appointment soon."]
    ideas_printout = ["Blood sugar test", "Blood pressure check", "Kidney test", "My goals", "My medicines",
                      "This is what we would like."]
    for pdf, ideas in ((easy_letter(), ideas_letter), (easy_printout(), ideas_printout)):
        found = set()
        for page in PdfReader(io.BytesIO(pdf)).pages:
            images, lines = _images_and_lines(page)
            for text, x, y in lines:
                for idea in ideas:
                    if text.startswith(idea):
                        beside = [image for image in images if image[0] < x and image[1] - 2 <= y <= image[2] + 2]
                        assert beside, (idea, x, y, images)
                        found.add(idea)
        assert found == set(ideas), set(ideas) - found


def test_every_test_in_the_catalogue_has_an_everyday_name_and_every_picture_is_shipped_with_its_licence() -> None:
    easy = tomllib.loads((WORDING / "easy_read.toml").read_text(encoding="utf-8"))["standard"]
    catalogue = json.loads((REPO / "resources" / "reference" / "results.json").read_text(encoding="utf-8"))
    for kind in catalogue["results"]:
        test = easy["tests"][kind["code"]]
        assert test["name"] and (PICTOGRAMS / f"{test['picture']}.png").is_file(), kind["code"]
        assert kind["name"] not in test["name"] or not test.get("term")  # the everyday name is not the term
    named = [value for value in easy["pictures"].values() if isinstance(value, str)]
    named += list(easy["pictures"]["printout"].values())
    letter = tomllib.loads((WORDING / "results_letter.toml").read_text(encoding="utf-8"))
    named += [item["picture"] for item in letter["easy_read"]["prompts"]["items"]]
    assert all((PICTOGRAMS / f"{name}.png").is_file() for name in named), named
    licence = (PICTOGRAMS / "LICENCE.txt").read_text(encoding="utf-8")
    assert "CC0" in licence and "drawn for CarePlan Desktop" in licence
    spec = (REPO / "packaging" / "careplan-desktop.spec").read_text(encoding="utf-8")
    assert '"resources" / "pictograms"' in spec


def test_the_picture_beside_a_result_fits_the_test_and_what_the_number_means() -> None:
    """Lorna's blood sugar is what we would like and her cholesterol higher: the tick and the
    up arrow stand beside those words, and the test's own picture beside its name (compared pixel
    for pixel with the shipped pictograms)."""
    from PIL import Image

    expected = {"Blood sugar test": "blood_sugar", "Blood pressure check": "heart", "Kidney test": "kidney",
                "Blood fat test": "test_tube", "This is what we would like.": "tick",
                "This is higher than we would like.": "arrow_up", "There is no target for this test.": "talk"}
    pixels = {name: Image.open(PICTOGRAMS / f"{name}.png").convert("RGB").tobytes() for name in expected.values()}
    seen = set()
    for page in PdfReader(io.BytesIO(easy_letter())).pages:
        images, lines = _images_and_lines(page)
        for text, x, y in lines:
            for idea, picture in expected.items():
                if text.startswith(idea):
                    [image] = [image for image in images if image[0] < x and image[1] - 2 <= y <= image[2] + 2]
                    drawn = image[3].decode_as_image().convert("RGB").tobytes()
                    assert drawn == pixels[picture], (idea, picture)
                    seen.add(idea)
    assert seen == set(expected)


def test_an_easy_read_letter_with_no_results_says_so_and_keeps_its_prompts() -> None:
    """Issue 16: a person whose conditions need no tests (or whose results are not back) gets the
    prompts; in easy read too, with its own first lines and no results section."""
    words = tomllib.loads((WORDING / "results_letter.toml").read_text(encoding="utf-8"))["easy_read"]
    text = " ".join(page_texts(easy_letter(results=())))
    squeezed = re.sub(r"\s+", " ", text)
    assert words["intro_prompts_only"][2] in squeezed
    assert words["results"]["heading"] not in squeezed
    assert words["prompts"]["heading"] in squeezed
