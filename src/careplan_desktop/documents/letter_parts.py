"""The pieces of one results letter, as platypus flowables. Every word comes from the wording
files; this module only decides which words go where.

A :class:`LetterKit` holds what is the same for every letter of one print variant (styles,
wording, stamps for repeated text) and is built once per batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from careplan_desktop.domain.wording import Wording, load_wording

from .flowables import Block, Columns, Frozen, Line, RuledLines, StampBook, unbroken
from .letter_data import AppointmentDetails, PracticeDetails, ResultLine, ResultsLetterData
from .result_table import result_row, table_header
from .sections import Section
from .styles import NHS_BLUE, PALE_GREY, Styles, fonts, markup, nhs_number_spaced, sentence_case, styles_for
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
    practice_block: Frozen
    practice_width: float  # the practice block's natural width, for the letterhead
    bold_font: str
    prompts: list[Flowable] = field(default_factory=list)  # filled once by build()

    @classmethod
    def build(cls, large_print: bool, easy_read: bool, practice: PracticeDetails, stamps: StampBook) -> "LetterKit":
        variant = "easy_read" if easy_read else "standard"
        styles = styles_for(large_print, easy_read)
        words = load_wording(LETTER_WORDING, variant)
        regular, bold = fonts()
        size = styles.body_right.fontSize
        lines = [(practice.name, bold), *((line, regular) for line in practice.address_lines if line)]
        if practice.phone:
            lines.append((words.text("letterhead.phone", phone=unbroken(practice.phone)), regular))
        width = max(stringWidth(text, font, size) for text, font in lines) + 2
        markup_lines = [f"<b>{markup(lines[0][0])}</b>", *(markup(text) for text, _ in lines[1:])]
        block = stamps("<br/>".join(markup_lines), styles.body_right)
        kit = cls(styles, words, CommonWords.load(variant), stamps, practice, block, width, bold)
        kit.prompts.extend(prompts_page(kit))
        return kit

    def line(self, text: str, style: ParagraphStyle | None = None) -> Line:
        return Line(text, style or self.styles.line, self.bold_font)


class LetterHead(Flowable):
    """Practice details top right; the person's name and address where a window envelope shows
    them; the date and NHS number under the practice details (below the address when the two
    would not fit side by side)."""

    ADDRESS_TOP = 45 * mm  # from the top of the paper (DL window envelope)
    GAP = 6 * mm

    def __init__(self, kit: LetterKit, address: Flowable, dateline: Flowable) -> None:
        super().__init__()
        self.kit = kit
        self.address = address
        self.dateline = dateline
        self.spaceAfter = kit.styles.look.space * 2

    @staticmethod
    def _natural_width(block: Flowable) -> float:
        return max((getattr(part, "_text_width", None) or part.width for part in getattr(block, "parts", [block])),
                   default=0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._practice_width = min(self.kit.practice_width, avail_width * 0.55)
        left_width = avail_width - self._practice_width - self.GAP
        _, self._practice_height = self.kit.practice_block.wrap(self._practice_width, avail_height)
        _, self._address_height = self.address.wrap(left_width, avail_height)
        _, self._date_height = self.dateline.wrap(avail_width, avail_height)
        self._address_top = max(self.ADDRESS_TOP - self.kit.styles.look.top_margin, 0)
        address_bottom = self._address_top + self._address_height
        date_width = self._natural_width(self.dateline) + 2
        self._date_x = avail_width - max(date_width, self._practice_width)
        beside = (self._date_x - self.GAP >= self._natural_width(self.address)
                  and self._practice_height + self.GAP + self._date_height <= address_bottom + self.GAP)
        if beside:  # under the practice details, on the right: saves lines on page one
            self._date_top = self._practice_height + self.GAP
            self.height = max(address_bottom, self._date_top + self._date_height)
        else:
            self._date_x = 0
            self._date_top = max(address_bottom, self._practice_height) + self.GAP
            self.height = self._date_top + self._date_height
        self.width = avail_width
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:  # an address too long for a page: one after another
            return [self.kit.practice_block, Spacer(1, self.GAP), self.address, Spacer(1, self.GAP), self.dateline,
                    Spacer(1, self.spaceAfter)]
        return []

    def draw(self) -> None:
        canv = self.canv
        self.kit.practice_block.drawOn(canv, self.width - self._practice_width, self.height - self._practice_height)
        self.address.drawOn(canv, 0, self.height - self._address_top - self._address_height)
        self.dateline.drawOn(canv, self._date_x, self.height - self._date_top - self._date_height)


def letter_story(letter: ResultsLetterData, kit: LetterKit) -> list[Flowable]:
    """Everything one letter says, in order."""
    if kit.styles.look.easy_read:  # pictures beside the ideas: its own layout
        from .easy_read_letter import easy_read_story

        return easy_read_story(letter, kit)
    s, w, stamp = kit.styles, kit.words, kit.stamp
    story: list[Flowable] = [_letter_head(letter, kit)]
    story.append(stamp(markup(w.text("title")), s.title))
    story.append(kit.line(w.text("greeting", name=letter.salutation_name), s.body))
    prompts_only = not letter.results  # no tests needed, or results not back: the prompts, no results section
    story.extend(stamp(markup(text), s.body) for text in w.paragraphs("intro_prompts_only" if prompts_only else "intro"))
    story.extend(kit.line(text, s.body) for text in timing(letter.letter_date, letter.appointment.starts_at.date(),
                                                           w, kit.common))
    story.append(_appointment_box(letter, kit))
    closing = _closing(letter.appointment, kit)
    prompts = prompts_and_closing(kit, closing)
    if not prompts_only:
        story.extend(results_section(letter, kit, followed_by=prompts))
    story.append(prompts)
    return story


def results_section(letter: ResultsLetterData, kit: LetterKit, *, followed_by: Flowable | None = None
                    ) -> list[Flowable]:
    """"Your results" (a letter with no results has none: see letter_story): the heading travels with the first result; a result is never split; the
    results split between pages only between results, the column headings repeated; the last
    result is never alone on a page unless what follows (the prompts) shares the page. Standard
    print shows a table (this time, last time, the usual target side by side); large print
    one result under another."""
    s, w, stamp = kit.styles, kit.words, kit.stamp
    intro = stamp(markup(w.text("results.intro")), s.body)
    if s.look.large_print or s.look.easy_read:
        items: list[Flowable] = [_result_block(result, kit) for result in letter.results]
        head: list[Flowable] = []
    else:
        header = table_header(kit)
        items = [result_row(result, kit) for result in letter.results]
        head = [header]
    heading = Block([stamp(markup(w.text("results.heading")), s.heading), intro, *head])
    again = Block(head) if head else stamp(markup(w.text("results.heading")), s.heading)
    return [Section(heading, items, lambda: again, space_before=s.heading.spaceBefore, keep_first=1,
                    followed_by=followed_by)]


def _letter_head(letter: ResultsLetterData, kit: LetterKit) -> LetterHead:
    s, w = kit.styles, kit.words
    address = Block([kit.line(line, s.address) for line in (letter.full_name, *letter.address_lines) if line])
    dateline = Block([
        kit.line(w.text("letterhead.date", date=kit.common.date(letter.letter_date)), s.address),
        kit.line(w.text("letterhead.nhs_number", nhs_number=unbroken(nhs_number_spaced(letter.nhs_number))),
                 s.address),
    ])
    return LetterHead(kit, address, dateline)


def how_soon(letter_date: dt.date, day: dt.date | None) -> tuple[str, dict[str, int]] | None:
    """How far ``day`` is from the letter's date, as a wording key under ``timing.how_soon`` and its
    values: today, tomorrow, in N days, in 1 week or in N weeks (only whole weeks: 7, 14, 21 ...
    days); None when ``day`` is missing or before the letter's date (nothing about time is said)."""
    if day is None:
        return None
    days = (day - letter_date).days
    if days < 0:
        return None
    if days == 0:
        return "today", {}
    if days == 1:
        return "tomorrow", {}
    if days % 7 == 0:
        return ("one_week", {}) if days == 7 else ("weeks", {"weeks": days // 7})
    return "days", {"days": days}


def timing(letter_date: dt.date, day: dt.date | None, w: Wording, common: CommonWords) -> list[str]:
    """The sentences about when the appointment is, worked out from the two dates (none when it
    has passed): "Your appointment is on Thursday 3 December 2026, in 8 days." """
    found = how_soon(letter_date, day)
    if found is None or day is None:
        return []
    key, values = found
    out = [w.text("timing.when", date=common.date_with_weekday(day),
                  how_soon=w.text(f"timing.how_soon.{key}", **values))]
    if (day - letter_date).days >= 2:
        out.append(w.text("timing.time_to_think"))
    return out


def support_lines(letter: ResultsLetterData, w: Wording, practice_phone: str) -> list[tuple[str, bool]]:
    """For each access need the person has: what is booked (recorded as arranged for this
    appointment) or how to ask for it. (text, booked) pairs; booked lines are printed strong."""
    a = letter.appointment
    needs = ((letter.interpreter_language, a.interpreter_arranged, "interpreter"),
             (letter.bsl, a.bsl_arranged, "bsl"), (letter.needs_companion, a.companion_arranged, "companion"))
    out = []
    for need, arranged, key in needs:
        if need:
            values = {"language": letter.interpreter_language or "", "practice_phone": practice_phone}
            out.append((w.text(f"appointment.{key}" if arranged else f"appointment.{key}_ask", **values),
                        bool(arranged)))
    return out


def _appointment_box(letter: ResultsLetterData, kit: LetterKit) -> Block:
    s, w, stamp, common = kit.styles, kit.words, kit.stamp, kit.common
    appointment = letter.appointment
    place = _LOCATION_KEYS[appointment.location]
    practice_address = ", ".join(line for line in kit.practice.address_lines if line)
    values = {
        "with_whom": appointment.with_whom,
        "practice_name": kit.practice.name,
        "practice_address": practice_address,
        "practice_phone": unbroken(kit.practice.phone),
    }
    parts: list[Flowable] = [
        stamp(markup(w.text("appointment.heading")), s.box_heading),
        kit.line(w.text("appointment.date", date=common.date_with_weekday(appointment.starts_at.date()))),
        kit.line(w.text("appointment.time", time=common.time(appointment.starts_at))),
        stamp(markup(w.text("appointment.length", minutes=appointment.length_minutes)), s.line),
        kit.line(w.text(f"appointment.with_whom.{place}", **values)),
    ]
    where = w.text(f"appointment.where.{place}", **values)
    parts.append(stamp(markup(where), s.line) if "{with_whom}" not in w.raw(f"appointment.where.{place}")
                 else kit.line(where))
    for text, booked in support_lines(letter, w, values["practice_phone"]):
        parts.append(kit.line(text, s.strong if booked else s.line))
    parts.append(stamp(markup(w.text("appointment.change", **values)), s.body))
    return Block(parts, padding=s.look.body * 0.9, background=PALE_GREY, space_before=s.look.space,
                 space_after=s.look.space * 2)


def result_lines(result: ResultLine, w: Wording, common: CommonWords) -> tuple[str, str, str, str]:
    """(this time, last time, target, reading) in the words of ``w``."""

    def with_unit(value: str) -> str:
        return unbroken(w.text("results.value_with_unit", value=value, unit=result.unit)) if result.unit else value

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
    parts += [kit.line(this_time), kit.line(last_time), stamp(markup(target), s.line), stamp(markup(reading), s.body)]
    return Block(parts, bar=NHS_BLUE, bar_width=4, padding=s.look.body * 0.35, space_after=s.look.space * 1.5)


def prompts_page(kit: LetterKit) -> list[Flowable]:
    """The reflective prompts with space to write: the same for every letter of a kit, so they
    are frozen (laid out and drawn once). Two columns in standard print; one in large print;
    easy read: one under another, a picture beside each."""
    s, w, stamp = kit.styles, kit.words, kit.stamp
    if s.look.easy_read:
        from .easy_read_letter import easy_prompts

        return easy_prompts(kit)
    out: list[Flowable] = [stamp(markup(w.text("prompts.heading")), s.title)]
    out += [stamp(markup(text), s.body) for text in w.paragraphs("prompts.intro")]
    gap = s.look.writing_line_gap
    prompts = []
    for item in w.items("prompts.items", ("title", "hint")):
        lines = item.get("lines", 3)
        lines = lines if isinstance(lines, int) and 0 <= lines <= 20 else 3
        prompts.append(Block([stamp(markup(item["title"]), s.subheading), stamp(markup(item["hint"]), s.line),
                              RuledLines(lines, gap)], space_before=s.look.space * 1.5))
    if s.look.large_print:
        out += [Frozen(prompt) for prompt in prompts]
    else:
        out += [Frozen(Columns(prompts[i:i + 2], gap=8 * mm)) for i in range(0, len(prompts), 2)]
    return out


def prompts_and_closing(kit: LetterKit, closing: Flowable) -> Flowable:
    """The prompts, the closing travelling with the last one. Standard print: kept whole, after
    the results when they fit on the rest of that page, on the next page otherwise. Large print
    (taller than a page): they follow the results, split only between whole prompts, the heading
    with the first prompt, so no page is left mostly empty."""
    s = kit.styles
    prompts = kit.prompts
    if not (s.look.large_print or s.look.easy_read):
        return Block([*prompts[:-1], Block([prompts[-1], closing])], space_before=s.look.space * 2)
    count = len(kit.words.items("prompts.items", ("title", "hint")))
    head, items = prompts[:-count], [*prompts[-count:-1], Block([prompts[-1], closing])]
    return Section(Block(head), items, lambda: Spacer(1, 0), space_before=s.look.space * 2, keep_first=1)


def _signature(kit: LetterKit) -> str:
    signed = kit.practice.signed_by.strip() and kit.words.optional_text(  # a practice's older copy may lack it
        "closing.signature_signed", signed_by=kit.practice.signed_by.strip(), practice_name=kit.practice.name)
    return signed or kit.words.text("closing.signature", practice_name=kit.practice.name)


def _closing(appointment: AppointmentDetails, kit: LetterKit) -> Block:
    s, w, stamp = kit.styles, kit.words, kit.stamp
    place = _LOCATION_KEYS[appointment.location]
    return Block(
        [kit.line(w.text(f"closing.bring.{place}", with_whom=appointment.with_whom), s.body),
         stamp(markup(w.text("closing.sign_off")), s.line),
         stamp(markup(_signature(kit)), s.body)],
        space_before=s.look.space * 2,
    )
