"""The easy-read results letter: the same facts as the standard letter, said as easy read is
written for people with learning disabilities: short sentences, one idea a line, at least 14 pt,
a picture beside each idea, tests by their everyday names and numbers said in words. Letter
sentences come from ``results_letter.toml`` ([easy_read]); test names, readings and pictures
from ``easy_read.toml``."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from .easy_results import easy_result, easy_words, picture_row
from .flowables import Block, Frozen, RuledLines, unbroken
from .letter_data import ResultsLetterData
from .letter_parts import (
    _LOCATION_KEYS, LetterKit, _letter_head, _signature, prompts_and_closing, support_lines, timing,
)
from .sections import Section
from .styles import PALE_GREY, markup


def easy_read_story(letter: ResultsLetterData, kit: LetterKit) -> list[Flowable]:
    s, w, stamp = kit.styles, kit.words, kit.stamp
    easy = easy_words()
    pictures = "pictures."
    story: list[Flowable] = [_letter_head(letter, kit), stamp(markup(w.text("title")), s.title),
                             kit.line(w.text("greeting", name=letter.salutation_name), s.body)]
    prompts_only = not letter.results  # no tests needed, or results not back: the prompts, no results section
    story.append(picture_row(easy.text(pictures + "intro"), w.paragraphs("intro_prompts_only" if prompts_only
                                                                          else "intro"), s.line,
                             space_after=s.look.space * 1.5))
    when = timing(letter.letter_date, letter.appointment.starts_at.date(), w, kit.common)
    if when:
        story.append(picture_row(easy.text(pictures + "when"), when, s.line, space_after=s.look.space * 1.5))
    story.append(_appointment_box(letter, kit, easy))
    closing = _closing(letter, kit, easy)
    prompts = prompts_and_closing(kit, closing)
    if not prompts_only:
        story.extend(_results(letter, kit, easy, prompts))
    story.append(prompts)
    return story


def _appointment_box(letter: ResultsLetterData, kit: LetterKit, easy) -> Block:
    s, w, common = kit.styles, kit.words, kit.common
    appointment = letter.appointment
    place = _LOCATION_KEYS[appointment.location]
    values = {
        "with_whom": appointment.with_whom,
        "practice_name": kit.practice.name,
        "practice_address": ", ".join(line for line in kit.practice.address_lines if line),
        "practice_phone": unbroken(kit.practice.phone),
    }
    gap = s.look.space
    parts: list[Flowable] = [
        kit.stamp(markup(w.text("appointment.heading")), s.box_heading),
        picture_row(easy.text("pictures.when"),
                    w.text("appointment.date", date=common.date_with_weekday(appointment.starts_at.date())),
                    s.line, space_after=gap),
        picture_row(easy.text("pictures.time"), [w.text("appointment.time", time=common.time(appointment.starts_at)),
                                                 w.text("appointment.length", minutes=appointment.length_minutes)],
                    s.line, space_after=gap),
        picture_row(easy.text("pictures.with_whom"), w.text(f"appointment.with_whom.{place}", **values), s.line,
                    space_after=gap),
        picture_row(easy.text(f"pictures.where_{place}"), w.text(f"appointment.where.{place}", **values), s.line,
                    space_after=gap),
    ]
    for text, booked in support_lines(letter, w, values["practice_phone"]):
        parts.append(picture_row(easy.text("pictures.support"), text, s.strong if booked else s.line,
                                 space_after=gap))
    parts.append(picture_row(easy.text("pictures.change"), w.text("appointment.change", **values), s.line))
    return Block(parts, padding=s.look.body * 0.9, background=PALE_GREY, space_before=s.look.space,
                 space_after=s.look.space * 2)


def _results(letter: ResultsLetterData, kit: LetterKit, easy, followed_by: Flowable) -> list[Flowable]:
    s, w, stamp = kit.styles, kit.words, kit.stamp
    heading = stamp(markup(w.text("results.heading")), s.heading)
    intro = picture_row(easy.text("pictures.results"), w.text("results.intro"), s.line,
                        space_after=s.look.space * 1.5)
    items = [easy_result(result, easy, kit.common, s, voice="letter") for result in letter.results]
    return [Section(Block([heading, intro]), items, lambda: heading, space_before=s.heading.spaceBefore,
                    keep_first=1, followed_by=followed_by)]


def easy_prompts(kit: LetterKit) -> list[Flowable]:
    """The prompts, one under another, a picture beside each, with lines to write on."""
    s, w, stamp = kit.styles, kit.words, kit.stamp
    easy = easy_words()
    out: list[Flowable] = [stamp(markup(w.text("prompts.heading")), s.title),
                           Frozen(picture_row(easy.text("pictures.prompts"), w.paragraphs("prompts.intro"), s.line,
                                              space_after=s.look.space))]
    gap = s.look.writing_line_gap
    for item in w.items("prompts.items", ("title", "hint")):
        lines = item.get("lines", 3)
        lines = lines if isinstance(lines, int) and 0 <= lines <= 20 else 3
        picture = item.get("picture") if isinstance(item.get("picture"), str) else "question"
        row = picture_row(picture, [f"**{item['title']}**", item["hint"]], s.line)
        out.append(Frozen(Block([row, Spacer(1, 2 * mm), RuledLines(lines, gap)], space_before=s.look.space * 2,
                                bar=None)))
    return out


def _closing(letter: ResultsLetterData, kit: LetterKit, easy) -> Block:
    s, w, stamp = kit.styles, kit.words, kit.stamp
    appointment = letter.appointment
    place = _LOCATION_KEYS[appointment.location]
    return Block([picture_row(easy.text("pictures.bring"), w.text(f"closing.bring.{place}",
                                                                  with_whom=appointment.with_whom), s.body),
                  stamp(markup(w.text("closing.sign_off")), s.line), stamp(markup(_signature(kit)), s.body)],
                 space_before=s.look.space * 2)


__all__ = ["easy_read_story", "easy_prompts"]
