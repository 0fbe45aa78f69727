"""The "when I am unwell" page of the yellow folder: big and clear, for the fridge.

The page is never empty: with no warning signs written down it says so, and with no warning
signs or no number to call it gives the practice's number.
My warning signs and who to call (names, numbers, hours) are always on the same page: they are
kept together, in that order, right under the page title. What I do and what others can do follow;
when they do not fit, they go on to the next page under "When I am unwell (continued)". In large
print the page is first set roomy; if the part kept together would not fit on a page it is set
again more tightly (less space, card lines at body size; never below the large-print body size).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from .flowables import Block, unbroken
from .folder_parts import FolderKit
from .plan_data import ContactLine, YellowFolderData
from .sections import AtTopOnly
from .styles import NHS_BLUE, WARM_YELLOW


@dataclass(frozen=True)
class _Look:
    """Styles and spacing for one setting of the page: roomy, or tight."""

    title: ParagraphStyle
    intro: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    name: ParagraphStyle
    phone: ParagraphStyle
    card_line: ParagraphStyle
    space: float  # between the parts of the page
    padding: float  # inside the title panel
    card_padding: float


def _looks(kit: FolderKit) -> list[_Look]:
    s = kit.styles
    look = s.look
    roomy = _Look(s.unwell_title, s.unwell_body, s.box_heading, s.unwell_body, s.big_name, s.big, s.unwell_line,
                  space=look.space * 2, padding=look.body, card_padding=look.body * 0.6)
    body_size = max(look.body, 16) if look.large_print else look.body

    def tight(style: ParagraphStyle, size: float | None = None, after: float | None = None) -> ParagraphStyle:
        size = size or style.fontSize
        return ParagraphStyle(f"{style.name}-tight", parent=style, fontSize=size,
                              leading=round(size * 1.25, 1),
                              spaceAfter=style.spaceAfter / 2 if after is None else after)

    compact = _Look(tight(s.unwell_title), tight(s.unwell_body, body_size), tight(s.box_heading),
                    tight(s.unwell_body, body_size), tight(s.big_name), tight(s.big), tight(s.unwell_line, body_size),
                    space=look.space, padding=look.body * 0.6, card_padding=look.body * 0.4)
    return [roomy, compact]


def _kept_together(data: YellowFolderData, kit: FolderKit, lk: _Look) -> list[Flowable]:
    """The title panel, my warning signs and who to call: never parted."""
    w = kit.words
    parts: list[Flowable] = [
        Block([kit.para(w.text("unwell.heading"), lk.title), kit.para(w.text("unwell.intro"), lk.intro)],
              padding=lk.padding, background=WARM_YELLOW, space_after=lk.space),
    ]
    signs = data.warning_signs.strip() if data.warning_signs else ""
    parts.append(Block([kit.para(w.text("unwell.warning_signs"), lk.heading),
                        kit.para(signs or w.text("unwell.no_warning_signs"), lk.body)], space_after=lk.space))
    parts += [kit.para(w.text("unwell.who_to_call"), lk.heading), kit.para(w.text("unwell.emergency"), lk.body)]
    for contact in _who_to_call(data, kit):
        card: list[Flowable] = [kit.para(contact.name, lk.name)]
        if contact.phone:
            card.append(kit.para(unbroken(contact.phone), lk.phone))
        if contact.hours:
            card.append(kit.line(w.text("unwell.hours", hours=contact.hours), lk.card_line))
        if contact.when_to_call:
            card.append(kit.para(w.text("unwell.when_to_call", when_to_call=contact.when_to_call), lk.card_line))
        parts.append(Block(card, border=NHS_BLUE, border_width=2, padding=lk.card_padding,
                           space_after=lk.space / 2))
    return parts


def _who_to_call(data: YellowFolderData, kit: FolderKit) -> list[ContactLine]:
    """The plan's contacts, and the practice's number when no warning signs or no number to call
    are written down (and the practice's number is not among them already)."""
    contacts = list(data.who_to_call)
    numbers = {"".join(c.phone.split()) for c in contacts if c.phone}
    practice = "".join(data.practice_phone.split())
    blank = not (data.warning_signs and data.warning_signs.strip()) or not numbers
    if blank and practice and practice not in numbers:
        name = kit.words.text("unwell.practice", practice_name=data.practice_name) if data.practice_name else ""
        contacts.append(ContactLine(name or data.practice_phone, data.practice_phone))
    return contacts


def _what_we_do(data: YellowFolderData, kit: FolderKit, lk: _Look) -> list[Flowable]:
    w = kit.words
    parts: list[Flowable] = []
    for key, text in (("unwell.what_i_do", data.what_i_do), ("unwell.what_others_do", data.what_others_do)):
        if text and text.strip():
            parts.append(Block([kit.para(w.text(key), lk.heading), kit.para(text.strip(), lk.body)],
                               space_before=lk.space, space_after=lk.space))
    return parts


def unwell_page(data: YellowFolderData, kit: FolderKit) -> list[Flowable]:
    """Its own page (or two), starting on a new page and followed by a page break."""
    width, height = kit.frame_size
    for lk in _looks(kit):
        together = Block(_kept_together(data, kit, lk), space_after=lk.space)
        if together.wrap(width, 1e6)[1] <= height:
            break
    story: list[Flowable] = [PageBreak(), together]
    rest = _what_we_do(data, kit, lk)
    if rest:
        needed = Block(rest).wrap(width, 1e6)[1] + lk.space
        story += [CondPageBreak(needed), AtTopOnly(kit.continued("unwell.heading", lk.heading)), *rest]
    story.append(PageBreak())
    return story
