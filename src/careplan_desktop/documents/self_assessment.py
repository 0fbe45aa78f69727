"""The practice self-assessment as a PDF for the practice meeting (data in, PDF out): the date,
who started, completed and took part, each section's questions with the answer (and last
time's, where it changed), the evidence written down, the figures from the records beside the
questions they inform, the action agreed, who and by when; then every figure and a table of
the actions. A draft says DRAFT under the title and on every page. Words from
resources/wording/self_assessment.toml; styles from `documents.styles`."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from careplan_desktop.domain.wording import load_wording

from .page_numbers import GroupNumberingCanvas, page_label_drawer
from .styles import PAGE_SIZE, PALE_GREY, RULE_GREY, TEXT, fonts, markup, plain, styles_for
from .words import CommonWords


@dataclass(frozen=True)
class PrintedAnswer:
    number: int
    section_title: str
    question: str
    rating: str | None  # yes, partly, no; None: not answered
    previous: str | None  # last time's answer, printed only when it differs
    notes: str
    action: str
    action_by: str
    action_due: dt.date | None
    figures: Sequence[str]  # the sentences of the figures that inform this question


@dataclass(frozen=True)
class PrintedAssessment:
    practice_name: str
    assessed_on: dt.date
    completed: bool
    started_by: str
    completed_by: str | None
    completed_by_role: str | None
    completed_on: dt.date | None
    taking_part: str
    started_from_date: dt.date | None
    answers: Sequence[PrintedAnswer]
    figures: Sequence[str]  # every figure's sentence
    figures_on: dt.date  # the day they were counted
    printed_on: dt.date


def _blocks(data: PrintedAssessment, words, common: CommonWords, styles) -> list:
    story: list = []
    section = None
    rating_word = words.raw("ratings")
    for answer in data.answers:
        section_heading = []
        if answer.section_title != section:
            section = answer.section_title
            section_heading = [Paragraph(markup(section), styles.heading)]  # kept with its first question
        rating = rating_word.get(answer.rating, "") if answer.rating else words.text("not_answered")
        if answer.previous and answer.previous != answer.rating:
            line = words.text("answer_changed", rating=rating, previous=rating_word.get(answer.previous, ""))
        else:
            line = words.text("answer", rating=rating)
        block = [Paragraph(markup(f"{answer.number}. {answer.question}"), styles.subheading),
                 Paragraph(markup(line), styles.line)]
        if answer.notes:
            block.append(Paragraph(markup(words.text("notes", notes=answer.notes)), styles.line))
        if answer.figures:
            block.append(Paragraph(markup(words.text("figures_here", figures=" ".join(answer.figures))), styles.line))
        if answer.action:
            block.append(Paragraph(markup(words.text("action", action=answer.action)), styles.line))
        if answer.action_by:
            block.append(Paragraph(markup(words.text("action_who", who=answer.action_by)), styles.line))
        if answer.action_due:
            block.append(Paragraph(markup(words.text("action_when", date=common.date(answer.action_due))), styles.line))
        block.append(Spacer(1, 2 * mm))
        story.append(KeepTogether(section_heading + block))
    return story


def _actions_table(data: PrintedAssessment, words, common: CommonWords, styles) -> list:
    title = Paragraph(markup(words.text("actions_heading")),
                      ParagraphStyle("self-assessment-heading", parent=styles.heading, keepWithNext=1))
    agreed = [a for a in data.answers if a.action]
    if not agreed:
        return [KeepTogether([title, Paragraph(markup(words.text("actions_none")), styles.body)])]
    cell = styles.line
    rows = [[Paragraph(f"<b>{markup(h)}</b>", cell) for h in words.texts("actions_columns")]]
    rows += [[Paragraph(markup(str(a.number)), cell), Paragraph(markup(a.action), cell),
              Paragraph(markup(a.action_by), cell),
              Paragraph(markup(common.date(a.action_due) if a.action_due else ""), cell)] for a in agreed]
    width = PAGE_SIZE[0] - 40 * mm
    table = LongTable(rows, repeatRows=1, colWidths=[0.16 * width, 0.40 * width, 0.22 * width, 0.22 * width])
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), PALE_GREY),
                               ("GRID", (0, 0), (-1, -1), 0.4, RULE_GREY), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [title, table]


def render_self_assessment(data: PrintedAssessment) -> bytes:
    words = load_wording("self_assessment")
    common = CommonWords.load("standard")
    styles = styles_for(False, False)
    title = words.text("pdf_title")
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE_SIZE, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=15 * mm,
                            bottomMargin=18 * mm, title=title, author=data.practice_name)
    story: list = [Paragraph(markup(words.text("title")), styles.title)]
    if data.practice_name:
        story.append(Paragraph(markup(data.practice_name), styles.strong))
    if not data.completed:
        story.append(Paragraph(markup(words.text("draft_notice")), styles.body))
    story.append(Paragraph(markup(words.text("assessed_on", date=common.date(data.assessed_on))), styles.line))
    if data.completed and data.completed_on is not None:
        story.append(Paragraph(markup(words.text("completed_by", name=data.completed_by or "",
                                                 role=data.completed_by_role or "",
                                                 date=common.date(data.completed_on))), styles.line))
    else:
        story.append(Paragraph(markup(words.text("draft_by", name=data.started_by)), styles.line))
    if data.taking_part:
        story.append(Paragraph(markup(words.text("taking_part", names=data.taking_part)), styles.line))
    if data.started_from_date is not None:
        story.append(Paragraph(markup(words.text("started_from", date=common.date(data.started_from_date))),
                               styles.line))
        changed = sum(1 for a in data.answers if a.previous and a.previous != a.rating)
        key = "changed_one" if changed == 1 else "changed_summary"
        story.append(Paragraph(markup(words.text(key, count=changed, date=common.date(data.started_from_date))),
                               styles.line))
    else:
        story.append(Paragraph(markup(words.text("first_one")), styles.line))
    count = {r: sum(1 for a in data.answers if a.rating == r) for r in ("yes", "partly", "no", None)}
    story.append(Paragraph(markup(words.text("summary", yes=count["yes"], partly=count["partly"], no=count["no"],
                                             unanswered=count[None])), styles.body))
    story.append(Paragraph(markup(words.text("source")), styles.line))
    story.append(Paragraph(markup(words.text("printed", date=common.date(data.printed_on))), styles.line))

    story += _blocks(data, words, common, styles)

    intro = "evidence_intro" if data.completed else "evidence_intro_draft"
    figures = [Paragraph(markup(figure), styles.bullet, bulletText="\u2022") for figure in data.figures]
    story.append(KeepTogether([Paragraph(markup(words.text("evidence_heading")), styles.heading),
                               Paragraph(markup(words.text(intro, date=common.date(data.figures_on))), styles.body),
                               *figures[:2]]))
    story += figures[2:]
    story += _actions_table(data, words, common, styles)

    draft = plain(words.text("draft_notice")) if not data.completed else ""
    regular, bold = fonts()

    def on_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFillColor(TEXT)
        canvas.setFont(regular, styles.look.footer)
        canvas.drawString(20 * mm, 10 * mm, f"{title}, {common.date(data.assessed_on)}")
        canvas.mark_page("assessment", page_label_drawer(common.page_of, bold, styles.look.footer,
                                                         PAGE_SIZE[0] - 20 * mm, 10 * mm, TEXT))
        if draft:
            canvas.setFont(bold, styles.look.footer)
            canvas.drawString(20 * mm, PAGE_SIZE[1] - 9 * mm, draft)
        canvas.restoreState()

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=GroupNumberingCanvas)
    return out.getvalue()
