"""Invitation letters: a batch in one PDF, one letter after another, each starting a new page.

The first invitation carries both appointments: the tests and checks with the healthcare
assistant (only when the person's conditions need tests, with the checks listed), then the care
planning appointment, and what happens next (results and/or questions a week before). The
second invitation, for someone who did not come, asks them to call to choose a new time. Help
at the appointment is said only as recorded: "we have booked" when arranged, otherwise how to
ask. Large print and easy read as the results letter (the same styles, letterhead and footer);
every word from ``resources/wording/invitation_letter.toml``. No Qt; nothing written but ``out``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from types import SimpleNamespace
from typing import IO, Callable, Sequence, Union

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from careplan_desktop.domain.wording import Wording, load_wording

from .flowables import Block, StampBook, unbroken
from .letter_data import AppointmentDetails, PracticeDetails
from .letter_parts import LetterHead, LetterKit, how_soon, support_lines
from .page_numbers import GroupNumberingCanvas, draw_footer, page_label_drawer
from .styles import MID_GREY, PAGE_SIZE, PALE_GREY, TEXT, fonts, look_for, markup, nhs_number_spaced

Output = Union[str, "os.PathLike[str]", IO[bytes]]
WORDING = "invitation_letter"
_PLACE = {"surgery": "surgery", "home visit": "home_visit", "phone": "phone"}


@dataclass(frozen=True)
class InvitationLetterData:
    """One person's invitation. ``tests`` is None when their conditions need no tests; a second
    invitation (``second``) carries no appointment and names the day missed when it is known."""

    letter_date: dt.date
    salutation_name: str
    full_name: str
    address_lines: Sequence[str]
    nhs_number: str
    large_print: bool
    easy_read: bool
    interpreter_language: str | None
    bsl: bool
    needs_companion: bool
    conditions: Sequence[str]  # everyday names: "high blood pressure"
    checks: Sequence[str] = ()  # what the tests appointment checks, in everyday words
    review: AppointmentDetails | None = None
    tests: AppointmentDetails | None = None
    second: bool = False
    missed_on: dt.date | None = None


@dataclass(frozen=True)
class _Kit:
    letter: LetterKit  # styles, letterhead, common words (shared with the results letter)
    words: Wording


def _when(day: dt.date, letter_date: dt.date, kit: _Kit) -> list[str]:
    found = how_soon(letter_date, day)
    if found is None:
        return []
    key, values = found
    return [kit.words.text("timing.when", date=kit.letter.common.date_with_weekday(day),
                           how_soon=kit.words.text(f"timing.how_soon.{key}", **values))]


def _say(k: LetterKit, text: str, style=None) -> Flowable:
    """Text that many letters share (a clinic's day and times, the checks, who and where): laid
    out once for the batch and placed as a form wherever it is repeated."""
    return k.stamp(markup(text), style or k.styles.line)


def _box(appointment: AppointmentDetails, letter: InvitationLetterData, kit: _Kit) -> Block:
    """Date, time, length, who and where of one appointment, and how soon it is."""
    k, w = kit.letter, kit.words
    s, practice = k.styles, k.practice
    place = _PLACE[appointment.location]
    values = {"with_whom": appointment.with_whom, "practice_name": practice.name,
              "practice_address": ", ".join([*practice.address_lines[:-1], unbroken(practice.address_lines[-1])]
                                            if practice.address_lines else [])}  # the postcode whole
    parts: list[Flowable] = [_say(k, w.text("appointment.date", date=k.common.date_with_weekday(
                                 appointment.starts_at.date()))),
                             _say(k, w.text("appointment.time", time=k.common.time(appointment.starts_at))),
                             k.stamp(markup(w.text("appointment.length", minutes=appointment.length_minutes)), s.line),
                             _say(k, w.text(f"appointment.with_whom.{place}", **values)),
                             _say(k, w.text(f"appointment.where.{place}", **values))]
    parts += [_say(k, text, s.line) for text in _when(appointment.starts_at.date(), letter.letter_date, kit)]
    return Block(parts, padding=s.look.body * 0.9, background=PALE_GREY, space_before=s.look.space,
                 space_after=s.look.space * 1.5)


def _bullets(items: Sequence[str], kit: _Kit) -> list[Flowable]:
    return [_say(kit.letter, f"\u2022 {item}", kit.letter.styles.line) for item in items]


def invitation_story(letter: InvitationLetterData, kit: _Kit) -> list[Flowable]:
    k, w = kit.letter, kit.words
    s, stamp, phone = k.styles, k.stamp, unbroken(k.practice.phone)
    address = Block([k.line(line, s.address) for line in (letter.full_name, *letter.address_lines) if line])
    dateline = Block([k.line(w.text("letterhead.date", date=k.common.date(letter.letter_date)), s.address),
                      k.line(w.text("letterhead.nhs_number", nhs_number=unbroken(nhs_number_spaced(letter.nhs_number))),
                             s.address)])
    story: list[Flowable] = [LetterHead(k, address, dateline)]  # the person's own lines: drawn directly
    story.append(stamp(markup(w.text("second.title" if letter.second else "title")), s.title))
    story.append(k.line(w.text("greeting", name=letter.salutation_name), s.body))
    if letter.second:
        intro = (w.paragraphs("second.intro", missed_date=k.common.date_with_weekday(letter.missed_on))
                 if letter.missed_on else w.paragraphs("second.intro_no_date"))
        story += [_say(k, text, s.body) for text in intro]
        story.append(_say(k, w.text("second.book", practice_phone=phone), s.body))
        story.append(stamp(markup(w.text("second.not_wanted")), s.body))
    else:
        story += [stamp(markup(text), s.body) for text in w.paragraphs("intro")]
        if letter.conditions:
            story.append(Block([stamp(markup(w.text("conditions")), s.line), *_bullets(letter.conditions, kit)],
                               space_after=s.look.space * 1.5))
        if letter.tests is not None:
            story.append(Block([stamp(markup(w.text("tests.heading")), s.heading),
                                _say(k, w.text("tests.intro", with_whom=letter.tests.with_whom), s.body),
                                _box(letter.tests, letter, kit)]))
            if letter.checks:
                bullets = _bullets(letter.checks, kit)
                story.append(Block([stamp(markup(w.text("tests.checks_heading")), s.line), bullets[0]]))
                story += bullets[1:]
        if letter.review is not None:
            heading = w.text("review.heading" if letter.tests is not None else "review.heading_alone")
            intro = [] if letter.tests is not None else [stamp(markup(w.text("tests.not_needed")), s.body)]
            story.append(Block([stamp(markup(heading), s.heading), *intro,
                                stamp(markup(w.text("review.intro")), s.body), _box(letter.review, letter, kit)]))
            person = SimpleNamespace(appointment=letter.review, interpreter_language=letter.interpreter_language,
                                     bsl=letter.bsl, needs_companion=letter.needs_companion)
            help_lines = support_lines(person, w, phone)  # type: ignore[arg-type]
            if help_lines:
                story.append(Block([stamp(markup(w.text("appointment.help_heading")), s.heading),
                                    *(_say(k, text, s.strong if booked else s.body) for text, booked in help_lines)]))
        story.append(Block([stamp(markup(w.text("next.heading")), s.heading),
                            stamp(markup(w.text("next.with_tests" if letter.tests is not None
                                                else "next.without_tests")), s.body),
                            _say(k, w.text("appointment.change", practice_phone=phone), s.body)]))
    signed = k.practice.signed_by.strip()
    signature = (w.text("closing.signature_signed", signed_by=signed, practice_name=k.practice.name) if signed
                 else w.text("closing.signature", practice_name=k.practice.name))
    story.append(Block([stamp(markup(w.text("closing.sign_off")), s.line), _say(k, signature, s.body)],
                       space_before=s.look.space * 3))
    return story


class _Start(Flowable):
    def __init__(self, index: int, letter: InvitationLetterData, kit: _Kit) -> None:
        super().__init__()
        self.index, self.letter, self.kit = index, letter, kit


class _Batch(BaseDocTemplate):
    def __init__(self, out: Output, title: str, progress: Callable[[int, int], None] | None, total: int) -> None:
        self.current: _Start | None = None
        self.progress, self.total, self.done = progress, total, 0
        templates = []
        for name, large in (("standard", False), ("large", True)):
            look = look_for(large, False)
            width, height = PAGE_SIZE
            frame = Frame(look.margin, look.footer_height + 4, width - 2 * look.margin,
                          height - look.top_margin - look.footer_height - 4, leftPadding=0, rightPadding=0,
                          topPadding=0, bottomPadding=0, id=f"{name}-body")
            templates.append(PageTemplate(id=name, frames=[frame], onPage=self._on_page, pagesize=PAGE_SIZE))
        super().__init__(out if hasattr(out, "write") else os.fspath(out), pagesize=PAGE_SIZE,
                         pageTemplates=templates, title=title, author="", subject="", creator="CarePlan Desktop")

    def _on_page(self, canv: GroupNumberingCanvas, doc: "_Batch") -> None:
        start = self.current
        if start is None:  # pragma: no cover - every page belongs to a letter
            return
        look, common = start.kit.letter.styles.look, start.kit.letter.common
        regular, bold = fonts()
        width, _ = PAGE_SIZE
        lines = [common.wording.text("footer_name", full_name=start.letter.full_name),
                 common.wording.text("footer_nhs_number", nhs_number=nhs_number_spaced(start.letter.nhs_number))]
        x, y = draw_footer(canv, lines=lines, font=regular, bold_font=bold, size=look.footer,
                           min_size=12 if look.large_print else 8, left=look.margin, right=width - look.margin,
                           bottom=10 * 72 / 25.4, rule_color=MID_GREY, text_color=TEXT, reuse_key=start.index)
        canv.mark_page(start.index, page_label_drawer(common.page_of, bold, look.footer, x, y, TEXT))

    def handle_flowable(self, flowables: list[Flowable]) -> None:  # noqa: D401 - platypus hook
        first = flowables[0]
        if isinstance(first, _Start):
            del flowables[0]
            if first.index > 0:
                self.handle_nextPageTemplate("large" if first.kit.letter.styles.look.large_print else "standard")
                self.handle_pageBreak()
                if self.progress is not None:
                    self.progress(first.index, self.total)
            self.current = first
            flowables[0:0] = invitation_story(first.letter, first.kit)
            return
        super().handle_flowable(flowables)


def render_invitations(letters: Sequence[InvitationLetterData], practice: PracticeDetails, out: Output, *,
                       progress: Callable[[int, int], None] | None = None) -> int:
    """Write the invitations into one PDF at ``out``; return how many (nothing is written for none)."""
    letters = list(letters)
    if not letters:
        return 0
    stamps = StampBook()
    kits: dict[tuple[bool, bool], _Kit] = {}
    starts = []
    for index, letter in enumerate(letters):
        key = (bool(letter.large_print), bool(letter.easy_read))
        if key not in kits:
            kits[key] = _Kit(LetterKit.build(*key, practice=practice, stamps=stamps),
                             load_wording(WORDING, "easy_read" if key[1] else "standard"))
        starts.append(_Start(index, letter, kits[key]))
    doc = _Batch(out, kits[next(iter(kits))].words.text("pdf_title"), progress, len(letters))
    doc.current = starts[0]
    doc._firstPageTemplateIndex = 1 if starts[0].kit.letter.styles.look.large_print else 0
    doc.build(starts, canvasmaker=GroupNumberingCanvas)
    if progress is not None:
        progress(len(letters), len(letters))
    return len(letters)
