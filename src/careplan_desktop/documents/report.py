"""The report for commissioners as a PDF (data in, PDF out): the practice's letterhead, the
period and who is counted, then every figure with a bar chart where it helps and a plain
sentence of what it means, and a page on the quality of care planning. Counts only: the rows
come already worded (and with small numbers hidden when asked) from `services.reports.export`.
Words from resources/wording/report.toml."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, PolyLine, Rect, String
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from careplan_desktop.domain.dates import uk
from careplan_desktop.domain.wording import load_wording

from .styles import NHS_BLUE, PALE_GREY, RULE_GREY, fonts, styles_for

QUALITY_SECTION = "Quality of care planning"
WIDTH = A4[0] - 36 * mm


def bar_chart(rows: Sequence, width: float = WIDTH) -> Drawing | None:
    """Horizontal bars, one per row with a number to draw; the label and the number beside each."""
    drawn = [row for row in rows if row.bar is not None]
    if len(rows) < 2 or not any(row.bar for row in drawn):
        return None
    regular, _bold = fonts()
    size, gap = 9, 15
    label_width = min(width * 0.45, max(40.0, max(len(row.breakdown) for row in rows) * size * 0.5))
    most = max(row.bar or 0 for row in drawn) or 1
    bar_room = width - label_width - 40
    drawing = Drawing(width, gap * len(rows) + 4)
    for index, row in enumerate(rows):
        y = drawing.height - gap * (index + 1)
        label = row.breakdown if len(row.breakdown) <= 48 else row.breakdown[:47] + "…"
        drawing.add(String(label_width - 4, y + 3, label, fontName=regular, fontSize=size, textAnchor="end"))
        length = bar_room * (row.bar or 0) / most
        if row.bar is not None and length > 0:
            drawing.add(Rect(label_width, y + 1, length, gap - 5, fillColor=NHS_BLUE, strokeColor=None))
        drawing.add(String(label_width + length + 4, y + 3, row.count, fontName=regular, fontSize=size))
    return drawing


def month_chart(rows: Sequence, width: float = WIDTH) -> Drawing | None:
    """A line over the months (rows whose breakdown is YYYY-MM), the number above each month;
    a hidden number ("<5" or "hidden") is written but not drawn; no chart when every one is hidden."""
    if len(rows) < 2 or all(row.bar is None for row in rows):
        return None
    regular, _bold = fonts()
    size, height = 8, 90
    drawing = Drawing(width, height)
    most = max((row.bar or 0 for row in rows), default=0) or 1
    step = (width - 30) / (len(rows) - 1)
    points = []
    for index, row in enumerate(rows):
        x = 15 + step * index
        y = 18 + (height - 36) * (row.bar or 0) / most
        if row.bar is not None:
            points.append((x, y))
            drawing.add(Circle(x, y, 2, fillColor=NHS_BLUE, strokeColor=None))
        drawing.add(String(x, y + 5, row.count, fontName=regular, fontSize=size, textAnchor="middle"))
        if index % max(1, len(rows) // 12) == 0:
            label = dt.date.fromisoformat(row.breakdown + "-01").strftime("%b %y")
            drawing.add(String(x, 2, label, fontName=regular, fontSize=size, textAnchor="middle"))
    for start, end in zip(points, points[1:]):
        drawing.add(PolyLine([*start, *end], strokeColor=NHS_BLUE, strokeWidth=1.5))
    return drawing


def _table(rows: Sequence, styles) -> Table:
    cell = styles.line
    data = [[Paragraph("<b>What</b>", cell), Paragraph("<b>Number</b>", cell), Paragraph("<b>Out of</b>", cell)]]
    data += [[Paragraph(escape(row.breakdown), cell), Paragraph(row.count, cell), Paragraph(row.denominator, cell)]
             for row in rows]
    table = Table(data, colWidths=[WIDTH * 0.6, WIDTH * 0.2, WIDTH * 0.2], repeatRows=1)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), PALE_GREY), ("GRID", (0, 0), (-1, -1), 0.4, RULE_GREY),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def render_report(report, rows: Sequence, suppress: bool, practice, *, made_on: dt.date | None = None) -> bytes:
    """`report`: services.reports.figures.Report; `rows`: its TableRows as shown."""
    words = load_wording("report")
    styles = styles_for(False, False)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=words.text("title"), author=practice.name or "CarePlan Desktop")
    filters = report.filters
    story = []
    head = [line for line in (practice.name, *practice.address_lines, practice.phone) if line]
    if head:
        story.append(Paragraph("<br/>".join(escape(line) for line in head), styles.body_right))
    story += [Paragraph(escape(words.text("title")), styles.title),
              Paragraph(escape(words.text("period", period=filters.period.label)), styles.strong)]
    who = words.text("everyone")
    if filters.condition:
        who = words.text("condition", condition=report.condition_name or filters.condition)
    if filters.lead:
        who += "; " + words.text("lead", lead=filters.lead)
    story.append(Paragraph(escape(words.text("filters", who=who)), styles.body))
    story.append(Paragraph(escape(words.text("suppressed" if suppress else "not_suppressed")), styles.body))
    if suppress:  # what each mark means, in the same sentences as the CSV's notes
        story.append(Paragraph(escape(words.text("mark_small") + " " + words.text("mark_hidden")), styles.body))
    story.append(Paragraph(escape(words.text("made", day=uk(made_on or report.made_on))), styles.body))
    by_figure: dict[str, list] = {}
    for row in rows:
        by_figure.setdefault(row.figure, []).append(row)
    section = None
    for figure in report.figures:
        parts = []
        if figure.section != section:  # the heading stays with the section's first figure
            section = figure.section
            if section == QUALITY_SECTION:
                story.append(PageBreak())
                parts += [Paragraph(escape(words.text("quality_heading")), styles.title),
                          Paragraph(escape(words.text("quality_intro")), styles.body)]
            else:
                parts.append(Paragraph(escape(section), styles.heading))
        shown = by_figure.get(figure.key, [])
        total = shown[0].count if shown else "0"
        total_words = ("Fewer than 5" if total == "<5" else words.text("total_hidden") if shown and shown[0].hidden
                       else f"About {total}" if shown and shown[0].rounded else total)
        parts += [Paragraph(escape(figure.title), styles.subheading),
                 Paragraph(escape(figure.sentence.replace("{total}", total_words)
                                  .replace("{end}", uk(filters.period.end))), styles.body)]
        if not any(row.count not in ("0", "") for row in shown):
            parts.append(Paragraph(escape(words.text("no_rows")), styles.line))
        else:
            chart = bar_chart(shown) if figure.chart == "bar" else month_chart(shown) if figure.chart == "line" else None
            if chart is not None:
                parts.append(chart)
                parts.append(Spacer(1, 2 * mm))
            parts.append(_table(shown, styles))
        story.append(KeepTogether(parts + [Spacer(1, 4 * mm)]))
        if figure.key == "plans_agreed":
            story.append(Paragraph(escape(_median_line(report, by_figure, words)), styles.body))
    doc.build(story)
    return out.getvalue()


def _median_line(report, by_figure, words) -> str:
    row = by_figure.get("letter_to_plan_days", [None])[0]
    if report.letter_to_plan.plans == 0 or row is None:
        return words.text("median_none")
    if not row.count:
        return words.text("median_hidden")
    return words.text("median_days", days=row.count, plans=row.denominator)
