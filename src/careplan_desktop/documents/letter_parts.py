"""The pieces of one results letter, as platypus flowables. Every word comes from the wording
files; this module only decides which words go where.

A :class:`LetterKit` holds what is the same for every letter of one print variant (styles,
wording, stamps for repeated text) and is built once per batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph

from careplan_desktop.services.wording import Wording, load_wording

from .flowables import Block, RuledLines, Stamp, StampBook
from .letter_data import AppointmentDetails, PracticeDetails, ResultLine, ResultsLetterData
from .styles import NHS_BLUE, PALE_GREY, Styles, markup, nhs_number_spaced, sentence_case, styles_for
from .words import CommonWords

LETTER_WORDING = "results_letter"
_LOCATION_KEYS = {"surgery": "surgery", "home visit": "home_visit", "phone": "phone"}


@dataclass(frozen=True)
class LetterKit:
    styles: Styles
    words: Wording
    common: CommonWords
    stamp: StampBook
    practice: PracticeDetails
    practice_block: Stamp

    @classmethod
    def build(cls, large_print: bool, easy_read: bool, practice: PracticeDetails, stamps: StampBook) -> "LetterKit":
        variant = "easy_read" if easy_read else "standard"
        styles = styles_for(large_print, easy_read)
        words = load_wording(LETTER_WORDING, variant)
        lines = [f"<b>{markup(practice.name)}</b>", *(markup(line) for line in practice.address_lines if line)]
        if practice.phone:
            lines.append(markup(words.text("letterhead.phone", phone=practice.phone)))
        block = stamps("<br/>".join(lines), styles.body_right)
        return cls(styles, words, CommonWords.load(variant), stamps, practice, block)


class LetterHead(Flowable):
    """Practice details top right; the person's address where a window envelope shows it; then
    the date and NHS number under the address."""

    ADDRESS_TOP = 45 * mm  # from the top of the paper (DL window envelope)

    def __init__(self, practice: Stamp, address: Paragraph, dateline: Paragraph, top_margin: float,
                 space_after: float) -> None:
        super().__init__()
        self.practice = practice
        self.address = address
        self.dateline = dateline
        self.top_margin = top_margin
        self.spaceAfter = space_after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._practice_width = min(85 * mm, avail_width * 0.48)
        left_width = avail_width - self._practice_width - 6 * mm
        _, self._practice_height = self.practice.wrap(self._practice_width, avail_height)
        _, self._address_height = self.address.wrap(left_width, avail_height)
        _, self._date_height = self.dateline.wrap(left_width, avail_height)
        self._address_top = max(self.ADDRESS_TOP - self.top_margin, 0)
        left_bottom = self._address_top + self._address_height + 6 * mm + self._date_height
        self.width = avail_width
        self.height = max(self._practice_height, left_bottom)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        self.practice.drawOn(canv, self.width - self._practice_width, self.height - self._practice_height)
        address_y = self.height - self._address_top - self._address_height
        self.address.drawOn(canv, 0, address_y)
        self.dateline.drawOn(canv, 0, address_y - 6 * mm - self._date_height)


def letter_story(letter: ResultsLetterData, kit: LetterKit) -> list[Flowable]:
    """Everything one letter says, in order."""
    s, w, stamp = kit.styles, kit.words, kit.stamp
    story: list[Flowable] = [_letter_head(letter, kit)]
    story.append(stamp(markup(w.text("title")), s.title))
    story.append(Paragraph(markup(w.text("greeting", name=letter.salutation_name)), s.body))
    story.extend(stamp(markup(text), s.body) for text in w.paragraphs("intro"))
    story.append(_appointment_box(letter.appointment, letter.interpreter_language, kit))

    results_heading = [stamp(markup(w.text("results.heading")), s.heading),
                       stamp(markup(w.text("results.intro")), s.body)]
    blocks = [_result_block(result, kit) for result in letter.results]
    if not blocks:
        blocks = [stamp(markup(w.text("results.none")), s.body)]
    # the heading never sits alone at the foot of a page: it travels with the first result
    story.append(Block([*results_heading, blocks[0]], space_before=s.heading.spaceBefore,
                       space_after=s.look.space * 1.5))
    story.extend(blocks[1:])

    story.append(PageBreak())
    story.extend(_prompts(kit))
    story.append(_closing(letter.appointment, kit))
    return story


def _letter_head(letter: ResultsLetterData, kit: LetterKit) -> LetterHead:
    s, w = kit.styles, kit.words
    address = "<br/>".join(markup(line) for line in (letter.full_name, *letter.address_lines) if line)
    dateline = "<br/>".join(
        (
            markup(w.text("letterhead.date", date=kit.common.date(letter.letter_date))),
            markup(w.text("letterhead.nhs_number", nhs_number=nhs_number_spaced(letter.nhs_number))),
        )
    )
    return LetterHead(
        kit.practice_block,
        Paragraph(address, s.address),
        Paragraph(dateline, s.address),
        top_margin=s.look.top_margin,
        space_after=s.look.space * 3,
    )


def _appointment_box(appointment: AppointmentDetails, language: str | None, kit: LetterKit) -> Block:
    s, w, stamp, common = kit.styles, kit.words, kit.stamp, kit.common
    place = _LOCATION_KEYS[appointment.location]
    practice_address = ", ".join(line for line in kit.practice.address_lines if line)
    values = {
        "with_whom": appointment.with_whom,
        "practice_name": kit.practice.name,
        "practice_address": practice_address,
        "practice_phone": kit.practice.phone,
    }
    parts: list[Flowable] = [
        stamp(markup(w.text("appointment.heading")), s.box_heading),
        Paragraph(markup(w.text("appointment.date", date=common.date_with_weekday(appointment.starts_at.date()))),
                  s.line),
        Paragraph(markup(w.text("appointment.time", time=common.time(appointment.starts_at))), s.line),
        stamp(markup(w.text("appointment.length", minutes=appointment.length_minutes)), s.line),
        Paragraph(markup(w.text(f"appointment.with_whom.{place}", **values)), s.line),
        Paragraph(markup(w.text(f"appointment.where.{place}", **values)), s.line),
    ]
    if language:
        parts.append(Paragraph(markup(w.text("appointment.interpreter", language=language)), s.strong))
    parts.append(stamp(markup(w.text("appointment.change", **values)), s.body))
    return Block(parts, padding=s.look.body * 0.9, background=PALE_GREY, space_before=s.look.space,
                 space_after=s.look.space * 2)


def result_lines(result: ResultLine, w: Wording, common: CommonWords) -> tuple[str, str, str, str]:
    """(this time, last time, target, reading) in the words of ``w``."""

    def with_unit(value: str) -> str:
        return w.text("results.value_with_unit", value=value, unit=result.unit) if result.unit else value

    this_time = w.text("results.this_time", value=with_unit(result.value_text), date=common.date(result.taken_on))
    if result.previous_value_text is None or result.reading == "first_result":
        last_time = w.text("results.first_result")
    elif result.previous_taken_on is None:
        last_time = w.text("results.last_time_no_date", value=with_unit(result.previous_value_text))
    else:
        last_time = w.text("results.last_time", value=with_unit(result.previous_value_text),
                           date=common.date(result.previous_taken_on))
    target = w.text("results.target", target=result.target_text) if result.target_text else w.text("results.no_target")
    return this_time, last_time, target, w.text(f"readings.{result.reading}")


def _result_block(result: ResultLine, kit: LetterKit) -> Block:
    s, stamp = kit.styles, kit.stamp
    this_time, last_time, target, reading = result_lines(result, kit.words, kit.common)
    parts: list[Flowable] = [stamp(markup(sentence_case(result.plain_name)), s.subheading)]
    if result.measures:
        parts.append(stamp(markup(result.measures), s.line))
    parts += [
        Paragraph(markup(this_time), s.line),
        Paragraph(markup(last_time), s.line),
        stamp(markup(target), s.line),
        stamp(markup(reading), s.body),
    ]
    return Block(parts, bar=NHS_BLUE, bar_width=4, padding=s.look.body * 0.35, space_after=s.look.space * 1.5)


def _prompts(kit: LetterKit) -> list[Flowable]:
    s, w, stamp = kit.styles, kit.words, kit.stamp
    out: list[Flowable] = [stamp(markup(w.text("prompts.heading")), s.title)]
    out += [stamp(markup(text), s.body) for text in w.paragraphs("prompts.intro")]
    gap = s.look.writing_line_gap
    for item in w.items("prompts.items", ("title", "hint")):
        lines = item.get("lines", 3)
        lines = lines if isinstance(lines, int) and 0 <= lines <= 20 else 3
        out.append(Block([stamp(markup(item["title"]), s.subheading), stamp(markup(item["hint"]), s.line),
                          RuledLines(lines, gap)],
                         space_before=s.look.space * 2, space_after=s.look.space))
    return out


def _closing(appointment: AppointmentDetails, kit: LetterKit) -> Block:
    s, w, stamp = kit.styles, kit.words, kit.stamp
    place = _LOCATION_KEYS[appointment.location]
    bring = markup(w.text(f"closing.bring.{place}", with_whom=appointment.with_whom))
    return Block(
        [Paragraph(bring, s.body),
         stamp(markup(w.text("closing.sign_off")), s.line),
         stamp(markup(w.text("closing.signature", practice_name=kit.practice.name)), s.body)],
        space_before=s.look.space * 3,
    )
