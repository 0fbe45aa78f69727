"""Small platypus flowables shared by the letters and the yellow folder.

- :class:`Stamp`: text that is the same in every letter of a batch (headings, what a test
  measures, the prompts). Laid out once, drawn once per PDF as a form XObject, then reused.
- :class:`Block`: a few flowables kept together on one page (one result, one prompt, one
  contact), optionally on a tinted panel or with a coloured bar down the left.
- :class:`RuledLines`: lines to write on.
- :class:`Swatch`: a coloured square with a word beside it (medicine container colours).
"""

from __future__ import annotations

from typing import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from .styles import RULE_GREY, TEXT

_FORMS_ATTR = "_careplan_forms"


class Stamp(Flowable):
    """A paragraph drawn through a per-PDF form XObject: repeated text costs one layout."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.para = Paragraph(text, style)
        self.style = style
        self._sizes: dict[float, tuple[float, float]] = {}
        self._wrapped_at: float | None = None

    def _layout(self, avail_width: float) -> tuple[float, float]:
        size = self._sizes.get(avail_width)
        if size is None:
            size = self.para.wrap(avail_width, 1e6)
            self._sizes[avail_width] = size
            self._wrapped_at = avail_width
        return size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        self.width, self.height = self._layout(avail_width)
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # noqa: N802 - platypus name
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.spaceAfter

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:  # taller than a whole page: let the paragraph split
            return self.para.split(avail_width, avail_height)
        return []

    def draw(self) -> None:
        canv = self.canv
        forms = canv.__dict__.setdefault(_FORMS_ATTR, {})
        key = (id(self), self._avail)
        name = forms.get(key)
        if name is None:
            name = f"CP{len(forms)}"
            if self._wrapped_at != self._avail:
                self.para.wrap(self._avail, 1e6)
                self._wrapped_at = self._avail
            pad = self.style.fontSize
            canv.beginForm(name, -pad, -pad, self.width + pad, self.height + pad)
            self.para.drawOn(canv, 0, 0)
            canv.endForm()
            forms[key] = name
        canv.doForm(name)


class StampBook:
    """One Stamp per (text, style) for a whole batch, so identical text is laid out once."""

    def __init__(self) -> None:
        self._stamps: dict[tuple[str, str], Stamp] = {}

    def __call__(self, text: str, style: ParagraphStyle) -> Stamp:
        key = (text, style.name)
        stamp = self._stamps.get(key)
        if stamp is None:
            stamp = self._stamps[key] = Stamp(text, style)
        return stamp


class Block(Flowable):
    """Flowables kept together and drawn one under another; moves whole to the next page."""

    def __init__(
        self,
        parts: Sequence[Flowable],
        *,
        space_before: float = 0,
        space_after: float = 0,
        padding: float = 0,
        background: colors.Color | None = None,
        border: colors.Color | None = None,
        border_width: float = 1,
        bar: colors.Color | None = None,
        bar_width: float = 4,
    ) -> None:
        super().__init__()
        self.parts = list(parts)
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.padding = padding
        self.background = background
        self.border = border
        self.border_width = border_width
        self.bar = bar
        self.bar_width = bar_width if bar is not None else 0
        self._placed: list[tuple[Flowable, float]] = []

    def _inset(self) -> float:
        return self.padding + (self.bar_width + self.padding if self.bar is not None else 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = avail_width - self._inset() - self.padding
        y = self.padding
        placed = []
        last = len(self.parts) - 1
        for index, part in enumerate(self.parts):
            if index:
                y += part.getSpaceBefore()
            _, height = part.wrap(inner, 1e6)
            placed.append((part, y + height))
            y += height
            if index != last:
                y += part.getSpaceAfter()
        self._placed = placed
        self._inner = inner
        self.width = avail_width
        self.height = y + self.padding
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:  # bigger than a page: flow the parts instead
            return list(self.parts)
        return []

    def draw(self) -> None:
        canv = self.canv
        if self.background is not None or self.border is not None:
            canv.saveState()
            if self.background is not None:
                canv.setFillColor(self.background)
            if self.border is not None:
                canv.setStrokeColor(self.border)
                canv.setLineWidth(self.border_width)
            canv.roundRect(0, 0, self.width, self.height, 4, stroke=int(self.border is not None),
                           fill=int(self.background is not None))
            canv.restoreState()
        if self.bar is not None:
            canv.saveState()
            canv.setFillColor(self.bar)
            canv.rect(self.padding, self.padding, self.bar_width, self.height - 2 * self.padding, stroke=0, fill=1)
            canv.restoreState()
        x = self._inset()
        for part, bottom_from_top in self._placed:
            part.drawOn(canv, x, self.height - bottom_from_top)


class RuledLines(Flowable):
    """``count`` lines to write on, ``gap`` apart."""

    def __init__(self, count: int, gap: float, *, color: colors.Color = RULE_GREY) -> None:
        super().__init__()
        self.count = max(0, count)
        self.gap = gap
        self.color = color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.count * self.gap
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.color)
        canv.setLineWidth(0.8)
        for line in range(self.count):
            y = self.height - (line + 1) * self.gap + 1
            canv.line(0, y, self.width, y)
        canv.restoreState()


class Swatch(Flowable):
    """A coloured square (the colour of a medicine container) with a paragraph beside it."""

    def __init__(self, fill: colors.Color | None, para: Paragraph, size: float) -> None:
        super().__init__()
        self.fill = fill
        self.para = para
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        gap = self.size * 0.5
        _, height = self.para.wrap(avail_width - self.size - gap, avail_height)
        self.width = avail_width
        self.height = max(height, self.size)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(TEXT)
        canv.setLineWidth(1.2)
        top = self.height
        if self.fill is not None:
            canv.setFillColor(self.fill)
            canv.roundRect(0, top - self.size, self.size, self.size, 3, stroke=1, fill=1)
        else:  # no known colour: an empty outlined box, the word still says it
            canv.setDash(3, 2)
            canv.roundRect(0, top - self.size, self.size, self.size, 3, stroke=1, fill=0)
        canv.restoreState()
        self.para.drawOn(canv, self.size * 1.5, top - self.para.height)


def colour_from_word(word: str | None) -> colors.Color | None:
    """'light blue' -> a reportlab colour, or None when the word is not a colour we know."""
    if not word:
        return None
    key = "".join(word.lower().split())
    key = key.replace("grey", "gray")
    try:
        return colors.toColor(key)
    except ValueError:
        return None
