"""The sections of the yellow-folder printout, as platypus flowables. The person's own words come
from the plan; every other word comes from ``resources/wording/yellow_folder.toml``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph

from careplan_desktop.domain.wording import Wording, load_wording

from .easy_results import easy_result, easy_words
from .flowables import Block, Line, Swatch, colour_from_word, unbroken
from .letter_parts import result_lines
from .letter_data import ResultLine
from .pictures import heading_with_picture
from .plan_data import SupportLine, YellowFolderData
from .sections import Section
from .styles import (
    NHS_BLUE,
    PAGE_SIZE,
    PALE_GREY,
    WARM_YELLOW,
    Styles,
    fonts,
    markup,
    nhs_number_spaced,
    sentence_case,
    styles_for,
)
from .words import CommonWords

FOLDER_WORDING = "yellow_folder"


def _key(word: str) -> str:
    """'home visit' -> 'home_visit': how a code is spelt as a wording key."""
    return "_".join(word.strip().lower().replace("-", " ").split())


@dataclass(frozen=True)
class FolderKit:
    styles: Styles
    words: Wording
    common: CommonWords
    bold_font: str

    @classmethod
    def build(cls, large_print: bool, easy_read: bool) -> "FolderKit":
        variant = "easy_read" if easy_read else "standard"
        return cls(styles_for(large_print, easy_read), load_wording(FOLDER_WORDING, variant),
                   CommonWords.load(variant), fonts()[1])

    def line(self, text: str, style: ParagraphStyle | None = None) -> Line:
        return Line(text, style or self.styles.line, self.bold_font)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(markup(text), style or self.styles.body)

    def heading(self, key: str, *, first: bool = False) -> Flowable:
        """A part's heading; in easy read with its picture beside it."""
        return self.pictured(key, self.words.text(key), self.styles.title if first else self.styles.heading)

    def continued(self, key: str, style: ParagraphStyle | None = None) -> Flowable:
        """'My care team (continued)': the heading again, at the top of the next page."""
        return self.pictured(key, self.words.text("continued", heading=self.words.text(key)),
                              style or self.styles.heading)

    def pictured(self, key: str, text: str, style: ParagraphStyle) -> Flowable:
        """The text, with its picture beside it in easy read (by the first part of ``key``)."""
        picture = easy_words().optional_text(f"pictures.printout.{key.split('.')[0]}") if self.styles.look.easy_read \
            else None
        return heading_with_picture(picture, text, style) if picture else self.para(text, style)

    @property
    def frame_size(self) -> tuple[float, float]:
        """Width and height of the body of a page (inside the margins, above the footer)."""
        look = self.styles.look
        width, height = PAGE_SIZE
        return width - 2 * look.margin, height - look.top_margin - look.footer_height - 4

    def bullet(self, text: str) -> Paragraph:
        return Paragraph(markup(text), self.styles.bullet, bulletText="\u2022")

    def version_text(self, data: YellowFolderData) -> str:
        if data.agreed_on is None:
            return self.words.text("version_draft", version=data.version_number)
        return self.words.text("version_agreed", version=data.version_number, date=self.common.date(data.agreed_on))

    def when(self, moment: dt.datetime) -> str:
        return self.words.text("appointments.when", date=self.common.date_with_weekday(moment.date()),
                               time=self.common.time(moment))


def _section(kit: FolderKit, heading_key: str, body: list[Flowable]) -> list[Flowable]:
    """A heading with its items, broken across pages only by the rules of :class:`Section`: the
    heading never sits alone, comes back "(continued)", and no last item is left on its own."""
    if not body:
        return []
    return [Section(kit.heading(heading_key), body, lambda: kit.continued(heading_key),
                    space_before=kit.styles.heading.spaceBefore)]


def page_one(data: YellowFolderData, kit: FolderKit) -> list[Flowable]:
    """About me, my key actions this year and my next review: the page I see first."""
    s, w = kit.styles, kit.words
    about: list[Flowable] = [kit.para(data.plan_title.strip() or w.text("title"), s.title)]  # the person's own name for it
    if data.is_draft:
        about.append(kit.para(w.text("draft_notice"), s.body))
    about.append(kit.line(w.text("about.name", full_name=data.full_name)))
    if data.preferred_name:
        about.append(kit.line(w.text("about.preferred_name", preferred_name=data.preferred_name)))
    about += [
        kit.line(w.text("about.date_of_birth", date=kit.common.date(data.date_of_birth))),
        kit.line(w.text("about.nhs_number", nhs_number=unbroken(nhs_number_spaced(data.nhs_number)))),
        kit.line(kit.version_text(data), s.body),
    ]
    story: list[Flowable] = [Block(about, padding=s.look.body, background=WARM_YELLOW, space_after=s.look.space * 2)]

    actions: list[Flowable] = []
    for action in data.key_actions:
        parts: list[Flowable] = [kit.para(action.what, s.subheading)]
        if action.who:
            parts.append(kit.line(w.text("key_actions.who", who=action.who)))
        if action.due_on:
            parts.append(kit.line(w.text("key_actions.due", date=kit.common.date(action.due_on))))
        actions.append(Block(parts, bar=NHS_BLUE, padding=s.look.body * 0.35, space_after=s.look.space * 1.5))
    if not actions:
        actions = [kit.para(w.text("key_actions.none"))]
    intro = w.text("key_actions.intro_draft" if data.is_draft else "key_actions.intro")
    story += _section(kit, "key_actions.heading", [kit.para(intro), *actions])

    review: list[Flowable] = [kit.pictured("review.heading", w.text("review.heading"), s.box_heading)]
    if data.review_date:
        review.append(kit.line(w.text("review.date", date=kit.common.date_with_weekday(data.review_date)), s.body))
        method = w.optional_text(f"review.method.{_key(data.review_method)}") if data.review_method else None
        if method:
            review.append(kit.para(method))
    else:
        review.append(kit.para(w.text("review.no_date")))
    review.append(kit.para(w.text("review.keep")))
    story.append(Block(review, padding=s.look.body * 0.9, background=PALE_GREY, space_before=s.look.space * 2))
    return story


def goals_and_support(data: YellowFolderData, kit: FolderKit) -> list[Flowable]:
    s, w = kit.styles, kit.words
    story: list[Flowable] = []
    goals: list[Flowable] = [kit.para(w.text("goals.intro"))]
    for goal in data.goals:  # in the person's order; under each, what serves it
        status = w.optional_text(f"goals.status.{_key(goal.status)}") if goal.status else None
        text = f"**{goal.text}**" + (f" ({status})" if status else "")
        served: list[Flowable] = []
        if goal.what_i_will_do:
            served.append(kit.para(f"**{w.text('goals.i_will')}**", s.line))
            served += [kit.bullet(item) for item in goal.what_i_will_do]
        if goal.support:
            served.append(kit.para(f"**{w.text('goals.supported_by')}**", s.line))
            served += [_helper(helper, kit) for helper in goal.support]
        if served:  # beside a bar under its goal, so it reads as belonging to it
            goals.append(Block([kit.bullet(text), Block(served, padding=s.look.space, bar=NHS_BLUE, bar_width=3)],
                               space_after=s.look.space))
        else:
            goals.append(kit.bullet(text))
    if not data.goals:
        goals.append(kit.para(w.text("goals.none")))
    story += _section(kit, "goals.heading", goals)
    story += _section(kit, "what_i_will_do.heading", [kit.bullet(item) for item in data.what_i_will_do])
    story += _section(kit, "support.heading", [_helper(helper, kit) for helper in data.support])
    return story


def _helper(helper: SupportLine, kit: FolderKit) -> Flowable:
    s, w = kit.styles, kit.words
    parts: list[Flowable] = [kit.para(helper.name, s.subheading)]
    if helper.what:
        parts.append(kit.para(helper.what, s.line))
    if helper.contact:
        parts.append(kit.line(w.text("support.contact", contact=unbroken(helper.contact))))
    return Block(parts, space_after=s.look.space * 1.5)


def medicines_and_team(data: YellowFolderData, kit: FolderKit) -> list[Flowable]:
    s, w = kit.styles, kit.words
    medicines: list[Flowable] = []
    swatch_size = s.look.heading3 * 1.6
    for medicine in data.medicines:
        name = kit.para(f"**{medicine.name}**", s.subheading)
        parts: list[Flowable] = [Swatch(colour_from_word(medicine.colour), name, swatch_size)]
        if medicine.colour:
            parts.append(kit.line(w.text("medicines.colour", colour=medicine.colour)))
        for field in ("dose", "when", "purpose"):
            value = getattr(medicine, field)
            if value:
                parts.append(kit.line(w.text(f"medicines.{field}", **{field: value})))
        medicines.append(Block(parts, padding=s.look.body * 0.5, border=PALE_GREY, border_width=1.5,
                               space_after=s.look.space * 1.5))
    if not medicines:
        medicines = [kit.para(w.text("medicines.none"))]
    story = _section(kit, "medicines.heading", medicines)
    story += _section(kit, "equipment.heading", [kit.bullet(item) for item in data.equipment])

    team: list[Flowable] = []
    for member in data.care_team:
        name = w.text("care_team.lead", name=member.name) if member.is_lead else member.name
        parts = [kit.para(name, s.subheading)]
        if member.role:
            parts.append(kit.para(member.role, s.line))
        if member.phone:
            key = "care_team.practice_phone" if member.practice_number else "care_team.phone"
            parts.append(kit.line(w.text(key, phone=unbroken(member.phone))))
        team.append(Block(parts, space_after=s.look.space * 1.5))
    practice = data.practice_name.strip() and w.optional_text("care_team.practice", practice_name=data.practice_name)
    if practice:  # a practice's older copy of the wording may lack it
        parts = [kit.para(practice, s.subheading)]
        if data.practice_phone:
            parts.append(kit.line(w.text("care_team.practice_phone", phone=unbroken(data.practice_phone))))
        team.append(Block(parts, space_after=s.look.space * 1.5))
    story += _section(kit, "care_team.heading", team)

    appointments: list[Flowable] = []
    for appointment in sorted(data.appointments, key=lambda item: item.starts_at):
        place = w.optional_text(f"appointments.place.{_key(appointment.location)}") or appointment.location
        appointments.append(Block([kit.para(kit.when(appointment.starts_at), s.subheading),
                                   kit.line(w.text("appointments.with_whom", with_whom=appointment.with_whom)),
                                   kit.line(w.text("appointments.where", place=place))],
                                  space_after=s.look.space * 1.5))
    story += _section(kit, "appointments.heading", appointments)
    return story


def _result_blocks(results: Sequence[ResultLine], kit: FolderKit, *, talked_about: bool) -> list[Flowable]:
    """One block a result. Only results we talked about when agreeing the plan say so."""
    s, w = kit.styles, kit.words
    blocks: list[Flowable] = []
    for result in results:
        if s.look.easy_read:  # everyday names, numbers in words, a picture beside each idea
            blocks.append(easy_result(result, easy_words(), kit.common, s, voice="printout", talked_about=talked_about))
            continue
        name = w.optional_text(f"results.names.{result.code}") or sentence_case(result.plain_name)
        this_time, last_time, target, reading = result_lines(result, w, kit.common)
        if not talked_about:
            reading = w.text(f"readings_new.{result.reading}")
        blocks.append(Block([kit.para(name, s.subheading), kit.line(this_time), kit.line(last_time),
                             kit.line(target), kit.para(reading)],
                            bar=NHS_BLUE, padding=s.look.body * 0.35, space_after=s.look.space * 1.5))
    return blocks


def results_and_review(data: YellowFolderData, kit: FolderKit) -> list[Flowable]:
    """The results of the plan (a draft: the latest; an agreed version: as they stood when it was
    agreed), then on the current plan any taken since, in a dated part of their own; the review."""
    s, w = kit.styles, kit.words
    agreed = not data.is_draft
    results: list[Flowable] = [kit.para(w.text("results.intro" if agreed else "results.intro_draft")),
                               *_result_blocks(data.results, kit, talked_about=agreed)]
    if not data.results:
        results.append(kit.para(w.text("results.none")))
    heading = "results.heading_agreed" if agreed else "results.heading"
    story = [CondPageBreak(s.look.body * 12), *_section(kit, heading, results)]
    if agreed and data.latest_results:
        since = [kit.para(w.text("latest_results.intro", date=kit.common.date(data.agreed_on))),
                 *_result_blocks(data.latest_results, kit, talked_about=False)]
        story += [CondPageBreak(s.look.body * 12), *_section(kit, "latest_results.heading", since)]

    summary = data.review_summary
    if summary is not None:
        review: list[Flowable] = [kit.para(w.text("my_review.reviewed_on", date=kit.common.date(summary.reviewed_on)))]
        for line in summary.goal_progress:
            progress = w.optional_text(f"my_review.progress.{_key(line.progress)}") or line.progress
            parts: list[Flowable] = [kit.para(w.text("my_review.goal", goal=line.goal), s.line),
                                     kit.para(progress, s.line)]
            if line.note:
                parts.append(kit.para(w.text("my_review.note", note=line.note)))
            review.append(Block(parts, bar=NHS_BLUE, padding=s.look.body * 0.35, space_after=s.look.space * 1.5))
        if summary.next_review_date:
            review.append(kit.line(w.text("review.date", date=kit.common.date_with_weekday(summary.next_review_date)),
                                   s.body))
        story += [PageBreak(), *_section(kit, "my_review.heading", review)]
    return story
