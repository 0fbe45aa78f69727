"""Fonts, sizes and paragraph styles for letters and printouts, built once per process.

Two axes: large print (body 17 pt, reflowed, never scaled) and easy read (a little larger than
standard, more space). Sizes follow the RNIB clear print guidance: standard 12 pt, large print
16 to 18 pt; headings are bigger and bold; nothing a person reads is below 10 pt (14 pt in large
print, footers included).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from careplan_desktop.domain.paths import resource_file

PAGE_SIZE = A4
NHS_BLUE = colors.HexColor("#005EB8")
NHS_DARK_BLUE = colors.HexColor("#003087")
PALE_GREY = colors.HexColor("#E8EDEE")
MID_GREY = colors.HexColor("#768692")
RULE_GREY = colors.HexColor("#AEB7BD")
WARM_YELLOW = colors.HexColor("#FFEB3B")
TEXT = colors.HexColor("#212B32")

_font_lock = threading.Lock()
_fonts: tuple[str, str] | None = None


def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered once: bundled DejaVu Sans, else Helvetica."""
    global _fonts
    with _font_lock:
        if _fonts is None:
            try:
                regular = resource_file("fonts/DejaVuSans.ttf")
                bold = resource_file("fonts/DejaVuSans-Bold.ttf")
                if "CarePlanSans" not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont("CarePlanSans", str(regular)))
                    pdfmetrics.registerFont(TTFont("CarePlanSans-Bold", str(bold)))
                    pdfmetrics.registerFontFamily(
                        "CarePlanSans",
                        normal="CarePlanSans",
                        bold="CarePlanSans-Bold",
                        italic="CarePlanSans",
                        boldItalic="CarePlanSans-Bold",
                    )
                _fonts = ("CarePlanSans", "CarePlanSans-Bold")
            except (OSError, FileNotFoundError):  # pragma: no cover - fonts missing from an install
                _fonts = ("Helvetica", "Helvetica-Bold")
        return _fonts


@dataclass(frozen=True)
class Look:
    """Sizes in points for one print variant."""

    large_print: bool
    easy_read: bool
    body: float
    heading1: float
    heading2: float
    heading3: float
    footer: float
    big: float  # phone numbers on the "when I am unwell" page
    line_gap: float  # leading / font size
    space: float  # between paragraphs
    margin: float = 20 * mm
    top_margin: float = 15 * mm
    footer_height: float = 18 * mm

    @property
    def leading(self) -> float:
        return round(self.body * self.line_gap, 1)

    @property
    def writing_line_gap(self) -> float:
        """Space between ruled writing lines: roomy for an unsteady hand."""
        return 11 * mm if self.large_print else 8.5 * mm


def look_for(large_print: bool, easy_read: bool) -> Look:
    if large_print:
        return Look(True, easy_read, body=18 if easy_read else 17, heading1=26, heading2=22, heading3=19,
                    footer=14, big=30, line_gap=1.4, space=9, footer_height=22 * mm)
    if easy_read:
        return Look(False, True, body=14, heading1=21, heading2=18, heading3=15.5,
                    footer=11, big=24, line_gap=1.45, space=7)
    return Look(False, False, body=12, heading1=18, heading2=15, heading3=13,
                footer=10, big=22, line_gap=1.35, space=6)


@dataclass(frozen=True)
class Styles:
    look: Look
    body: ParagraphStyle
    line: ParagraphStyle  # a label-and-value line inside a block: less space after
    body_right: ParagraphStyle
    address: ParagraphStyle  # lines of an address: no space after, a little tighter
    strong: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    box_heading: ParagraphStyle
    footer: ParagraphStyle
    bullet: ParagraphStyle
    big: ParagraphStyle
    big_name: ParagraphStyle
    unwell_title: ParagraphStyle
    unwell_body: ParagraphStyle
    unwell_line: ParagraphStyle  # a line inside a "who to call" card


@lru_cache(maxsize=8)
def styles_for(large_print: bool, easy_read: bool) -> Styles:
    """Paragraph styles for a variant; cached, so a batch builds them once."""
    look = look_for(large_print, easy_read)
    regular, bold = fonts()

    def style(name: str, size: float, *, font: str = regular, color=TEXT, before: float = 0,
              after: float | None = None, align=TA_LEFT, gap: float | None = None) -> ParagraphStyle:
        return ParagraphStyle(
            f"{name}-{'lp' if large_print else 'sp'}-{'er' if easy_read else 'std'}",
            fontName=font,
            fontSize=size,
            leading=round(size * (gap or look.line_gap), 1),
            textColor=color,
            spaceBefore=before,
            spaceAfter=look.space if after is None else after,
            alignment=align,
            allowWidows=0,
            allowOrphans=0,
        )

    return Styles(
        look=look,
        body=style("body", look.body),
        line=style("line", look.body, after=look.space / 3),
        body_right=style("body-right", look.body, align=TA_RIGHT, after=0, gap=1.25),
        address=style("address", look.body, after=0, gap=1.25),
        strong=style("strong", look.body, font=bold, after=look.space / 2),
        title=style("title", look.heading1, font=bold, color=NHS_DARK_BLUE, after=look.space * 1.5, gap=1.2),
        heading=style("heading", look.heading2, font=bold, color=NHS_DARK_BLUE, before=look.space * 2,
                      after=look.space, gap=1.2),
        subheading=style("subheading", look.heading3, font=bold, after=look.space / 2, gap=1.25),
        box_heading=style("box-heading", look.heading2, font=bold, color=NHS_DARK_BLUE, after=look.space,
                          gap=1.2),
        footer=style("footer", look.footer, color=TEXT, after=0, gap=1.2),
        bullet=ParagraphStyle(f"bullet-{look.body}-{easy_read}", parent=None, fontName=regular, fontSize=look.body,
                              leading=look.leading, textColor=TEXT, spaceAfter=look.space / 2,
                              leftIndent=look.body * 1.3, bulletIndent=look.body * 0.2, bulletFontName=bold,
                              bulletFontSize=look.body, allowWidows=0, allowOrphans=0),
        big=style("big", look.big, font=bold, after=look.space / 2, gap=1.2),
        big_name=style("big-name", look.heading2, font=bold, after=2, gap=1.2),
        unwell_title=style("unwell-title", look.heading1 * 1.35, font=bold, color=colors.black,
                           after=look.space, gap=1.15),
        unwell_body=style("unwell-body", round(look.body * 1.2, 1), after=look.space * 1.5),
        unwell_line=style("unwell-line", round(look.body * 1.2, 1), after=look.space / 3, gap=1.3),
    )


_BOLD = re.compile(r"\*\*(.+?)\*\*")
NBSP = "\u00a0"
# a UK postcode ("BS1 4DJ", "ZZ99 1AG") and a number with its unit ("58 mmol/mol", "40 minutes")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ([0-9][A-Z]{2})\b")
_UNIT = re.compile(r"(\d) (mmol/mol|mmol/L|mmHg|mL/min/1\.73m²|mg/mmol|kg/m²|kg|cm|litres|grade|minutes|mins|"
                   r"am|pm|noon|days|weeks|years)\b")


def keep_together(text: str) -> str:
    """Postcodes and numbers with short units joined by non-breaking spaces, so a line never
    ends between "ZZ99" and "1AG", or between "58" and "mmol/mol"."""
    return _UNIT.sub(rf"\1{NBSP}\2", _POSTCODE.sub(rf"\1{NBSP}\2", text))


def markup(text: str) -> str:
    """Wording or data text as safe Paragraph markup: XML escaped, ``**bold**`` honoured,
    postcodes and short units unbroken (:func:`keep_together`)."""
    return _BOLD.sub(r"<b>\1</b>", escape(keep_together(text))).replace("\r\n", "\n").replace("\n", "<br/>")


def plain(text: str) -> str:
    """Text for direct canvas drawing: the ``**`` marks removed."""
    return _BOLD.sub(r"\1", text)


def sentence_case(text: str) -> str:
    """First letter capitalised, the rest untouched ("your weight" -> "Your weight")."""
    return text[:1].upper() + text[1:] if text else text


def nhs_number_spaced(digits: str) -> str:
    """'9434765919' -> '943 476 5919' (anything else is printed as given)."""
    clean = re.sub(r"\s", "", digits or "")
    return f"{clean[:3]} {clean[3:6]} {clean[6:]}" if len(clean) == 10 and clean.isdigit() else digits
