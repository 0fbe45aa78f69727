"""Results in easy read, for the letter and the printout: the test's everyday name first (its
medical name after it in brackets, for a carer), what it shows, the number without units (a
blood pressure "138 over 82"), and what the number means in words ("This is higher than we would
like"), each idea on its own line with a picture beside it. Words and pictures come from
``resources/wording/easy_read.toml``."""

from __future__ import annotations

from typing import Literal

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from careplan_desktop.domain.wording import Wording, load_wording

from .flowables import Block
from .letter_data import ResultLine
from .pictures import PictureRow, one_idea_a_line
from .styles import NHS_BLUE, Styles, sentence_case
from .words import CommonWords

EASY_READ_WORDING = "easy_read"
Voice = Literal["letter", "printout"]


def easy_words() -> Wording:
    return load_wording(EASY_READ_WORDING)


def test_name(result: ResultLine, easy: Wording) -> str:
    """"**Blood sugar test** (HbA1c)": the everyday name first. A test the file does not know
    keeps the catalogue's plain name (already everyday words, its term in brackets)."""
    name = easy.optional_text(f"tests.{result.code}.name")
    if not name:
        return f"**{sentence_case(result.plain_name)}**"
    term = easy.optional_text(f"tests.{result.code}.term") or ""
    return easy.text("results.name", name=name, term=term) if term else easy.text("results.name_only", name=name)


def spoken_value(result: ResultLine, value: str, easy: Wording) -> str:
    """The number as it is said: "138 over 82", "71.4 kilograms", "58"; words as they are."""
    if result.code == "blood_pressure" and value.count("/") == 1:
        top, bottom = value.split("/")
        return easy.text("results.blood_pressure_value", top=top.strip(), bottom=bottom.strip())
    unit = easy.optional_text(f"tests.{result.code}.unit")
    return easy.text("results.value_with_unit", value=value, unit=unit) if unit else value


def easy_result(result: ResultLine, easy: Wording, common: CommonWords, styles: Styles, *,
                voice: Voice, talked_about: bool = False) -> Block:
    """One result as two ideas: what the test is and the numbers; what the number means."""
    s = styles
    words_only = not result.unit  # a choice ("ex-smoker"): a result, not a number
    prefix = "results" if voice == "letter" else "printout"
    lines = [test_name(result, easy)]
    if voice == "letter":
        lines += one_idea_a_line(easy.optional_text(f"tests.{result.code}.shows") or result.measures or "")
    value = spoken_value(result, result.value_text, easy)
    lines.append(easy.text(f"{prefix}.{'this_time_words' if words_only else 'this_time'}", value=value))
    lines.append(easy.text(f"{prefix}.date", date=common.date(result.taken_on)))
    if result.previous_value_text is None or result.reading == "first_result":
        lines.append(easy.text(f"{prefix}.first_result"))
    else:
        lines.append(easy.text(f"{prefix}.last_time", value=spoken_value(result, result.previous_value_text, easy)))
    picture = easy.optional_text(f"tests.{result.code}.picture") or "results"
    meaning = [easy.text(f"readings.{result.reading}")]
    if voice == "letter" and result.reading in ("above_target", "below_target"):
        meaning.append(easy.text("results.talk"))
    elif voice == "printout" and result.reading != "within_target":
        meaning.append(easy.text("printout.talked_about" if talked_about else "printout.ask"))
    rows: list[Flowable] = [
        PictureRow(picture, [line for line in lines if line], s.line, space_after=s.look.space),
        PictureRow(easy.text(f"pictures.{result.reading}"), meaning, s.line),
    ]
    return Block(rows, bar=NHS_BLUE, bar_width=4, padding=s.look.body * 0.4, space_after=s.look.space * 1.5)


def picture_row(picture: str, text: str | list[str], style: ParagraphStyle, *, space_after: float = 0,
                first_style: ParagraphStyle | None = None) -> PictureRow:
    """A picture beside one idea, its sentences one a line."""
    texts = [text] if isinstance(text, str) else text
    lines = [line for item in texts for line in one_idea_a_line(item)]
    return PictureRow(picture, lines, style, space_after=space_after, first_style=first_style)
