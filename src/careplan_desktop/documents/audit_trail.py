"""An audit trail as a PDF (data in, PDF out): a title, the dates covered, who exported it, and
one row per event. Words from resources/wording/audit_trail.toml."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from careplan_desktop.domain.wording import load_wording

from .styles import PALE_GREY, RULE_GREY, styles_for


@dataclass(frozen=True)
class AuditTrailData:
    subject: str
    dates: str  # the dates line, already worded
    made: str  # the "exported on ... by ..." line, already worded
    rows: Sequence[Sequence[str]]  # when, who, role, computer, action, what[, person]
    with_person: bool


def dates_line(date_from: str | None, date_to: str | None) -> str:
    words = load_wording("audit_trail")
    if date_from and date_to:
        return words.text("dates_between", date_from=date_from, date_to=date_to)
    if date_from:
        return words.text("dates_from", date_from=date_from)
    if date_to:
        return words.text("dates_to", date_to=date_to)
    return words.text("dates_all")


def render_audit_trail(data: AuditTrailData) -> bytes:
    words = load_wording("audit_trail")
    styles = styles_for(False, False)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=words.text("title", subject=data.subject))
    story = [Paragraph(escape(words.text("title", subject=data.subject)), styles.title),
             Paragraph(escape(data.dates), styles.body), Paragraph(escape(data.made), styles.body), Spacer(1, 4 * mm)]
    header = list(words.texts("columns")) + ([words.text("person_column")] if data.with_person else [])
    cell = styles.line
    rows = [[Paragraph(f"<b>{escape(h)}</b>", cell) for h in header]]
    rows += [[Paragraph(escape(str(value)), cell) for value in row] for row in data.rows]
    if not data.rows:
        story.append(Paragraph(escape(words.text("none")), styles.body))
    else:
        table = LongTable(rows, repeatRows=1)
        table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), PALE_GREY),
                                   ("GRID", (0, 0), (-1, -1), 0.4, RULE_GREY), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    doc.build(story)
    return out.getvalue()
