"""The patient-held "yellow folder" care plan: the person's own plan, printed for them to keep.

Page one is "my key actions this year" and my next review; then my goals, what I will do and who
supports me; "when I am unwell" on a page of its own (big and clear, for the fridge); my medicines
with their container colours; my equipment, care team and appointments; my latest results; and,
after a review, how my goals went. Every page carries my name, NHS number, the plan version and
"Page n of m"; a draft says DRAFT at the top and bottom of every page and never "agreed". No Qt; nothing written anywhere but ``out``.
"""

from __future__ import annotations

import os
from typing import IO, Union

from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate

from .folder_parts import FolderKit, goals_and_support, medicines_and_team, page_one, results_and_review
from .folder_person import about_me, future_care_page, health_budget, information_given, plan_title
from .page_numbers import GroupNumberingCanvas, draw_footer, page_label_drawer
from .plan_data import YellowFolderData
from .unwell import unwell_page
from .styles import MID_GREY, PAGE_SIZE, TEXT, fonts, nhs_number_spaced

Output = Union[str, "os.PathLike[str]", IO[bytes]]

__all__ = ["render_yellow_folder", "YellowFolderData"]


def render_yellow_folder(data: YellowFolderData, out: Output) -> None:
    """Write the yellow-folder printout for one plan version to ``out`` (a path or binary stream)."""
    kit = FolderKit.build(bool(data.large_print), bool(data.easy_read))
    look = kit.styles.look
    regular, bold = fonts()
    width = PAGE_SIZE[0]
    draft_header = kit.words.text("draft_header")
    footer_lines = [
        kit.common.wording.text("footer_name", full_name=data.full_name),
        kit.common.wording.text("footer_nhs_number", nhs_number=nhs_number_spaced(data.nhs_number))
        + "   " + kit.version_text(data),
    ]

    def on_page(canv: GroupNumberingCanvas, doc: BaseDocTemplate) -> None:
        x, y = draw_footer(canv, lines=footer_lines, font=regular, bold_font=bold, size=look.footer,
                           min_size=12 if look.large_print else 8, left=look.margin, right=width - look.margin,
                           bottom=10 * 72 / 25.4, rule_color=MID_GREY, text_color=TEXT, reuse_key="plan")
        canv.mark_page("plan", page_label_drawer(kit.common.page_of, bold, look.footer, x, y, TEXT))
        if data.is_draft:  # DRAFT at the top of every page too, above the page's own text
            canv.saveState()
            canv.setFillColor(TEXT)
            canv.setFont(bold, look.footer)
            canv.drawCentredString(width / 2, PAGE_SIZE[1] - look.top_margin + look.footer * 0.6, draft_header)
            canv.restoreState()

    frame_width, frame_height = kit.frame_size
    frame = Frame(look.margin, look.footer_height + 4, frame_width, frame_height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="plan-body")
    doc = BaseDocTemplate(
        out if hasattr(out, "write") else os.fspath(out),
        pagesize=PAGE_SIZE,
        pageTemplates=[PageTemplate(id="plan", frames=[frame], onPage=on_page, pagesize=PAGE_SIZE)],
        title=(kit.words.text("pdf_title_own_draft", title=plan_title(data, kit)) if data.is_draft else plan_title(data, kit))
        if data.plan_title.strip() else kit.words.text("pdf_title_draft" if data.is_draft else "pdf_title"),
        author="",
        subject="",
        creator="CarePlan Desktop",
    )
    story = [
        *page_one(data, kit),
        PageBreak(),
        *about_me(data, kit),
        *goals_and_support(data, kit),
        *information_given(data, kit),
        *health_budget(data, kit),
        *unwell_page(data, kit),
        *medicines_and_team(data, kit),
        *results_and_review(data, kit),
        *future_care_page(data, kit),
    ]
    doc.build(story, canvasmaker=GroupNumberingCanvas)
