"""Pictures beside ideas, for easy read: the pictograms shipped in ``resources/pictograms/``
(drawn for the project, CC0; see the LICENCE.txt there) and a row that puts one beside the lines
of one idea."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from careplan_desktop.domain.paths import resource_file

from .styles import markup

DEFAULT_PICTURE = "question"
# one sentence a line: split after . ? or ! and before a capital letter, but not after a title
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\bDr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bSt)([.?!])\s+(?=[A-Z\"'(])")


def one_idea_a_line(text: str) -> list[str]:
    """"It is on Monday. Please come." -> ["It is on Monday.", "Please come."]."""
    return [part.strip() for part in _SENTENCE_END.sub("\\1\n", text).split("\n") if part.strip()]


@lru_cache(maxsize=64)
def picture_path(name: str) -> str:
    """The file of a pictogram; the question mark when a wording file names one that is missing
    (a practice's copy may name a picture it does not ship)."""
    for candidate in (name, DEFAULT_PICTURE):
        try:
            path = resource_file(f"pictograms/{candidate}.png")
        except FileNotFoundError:
            continue
        if path.is_file():
            return str(path)
    raise FileNotFoundError("The easy-read pictures are missing from resources/pictograms.")


class PictureRow(Flowable):
    """A picture on the left and, beside it, the lines of one idea (each line its own paragraph).
    Kept whole on a page; the picture's top lines up with the first line."""

    def __init__(self, picture: str, lines: Sequence[str], style: ParagraphStyle, *,
                 first_style: ParagraphStyle | None = None, space_after: float = 0) -> None:
        super().__init__()
        self.picture = picture
        self.style = style
        self.size = round(style.fontSize * 2.8, 1)
        self.gap = style.fontSize * 0.9
        styles = [first_style or style, *([style] * (len(lines) - 1))]
        self.paras = [Paragraph(markup(line), line_style) for line, line_style in zip(lines, styles)]
        self.spaceAfter = space_after
        self.spaceBefore = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        text_width = avail_width - self.size - self.gap
        self._heights = [para.wrap(text_width, 1e6)[1] for para in self.paras]
        gaps = sum(para.style.spaceAfter for para in self.paras[:-1])
        self.width = avail_width
        self.height = max(self.size, sum(self._heights) + gaps)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.drawImage(picture_path(self.picture), 0, self.height - self.size, self.size, self.size, mask="auto")
        x = self.size + self.gap
        y = self.height
        for para, height in zip(self.paras, self._heights):
            y -= height
            para.drawOn(canv, x, y)
            y -= para.style.spaceAfter


def heading_with_picture(picture: str, text: str, style: ParagraphStyle) -> PictureRow:
    """A heading with its picture beside it (the easy-read printout's parts), keeping the
    heading's space above and below."""
    row = PictureRow(picture, [text], style, space_after=style.spaceAfter)
    row.spaceBefore = style.spaceBefore
    return row
