""""Page n of m" counted within each letter, in one build pass.

A batch PDF holds many letters; each letter numbers its own pages. Platypus only knows how many
pages a letter has once it has laid the next one out, so :class:`GroupNumberingCanvas` holds each
finished page (its content stream, a few kilobytes) until ``save()``, then writes every page with
its number and its letter's page count. One layout pass, no second build.

Each page says which group (letter) it belongs to and how to draw its number by calling
:meth:`GroupNumberingCanvas.mark_page` from the page template's ``onPage`` hook.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

DrawNumber = Callable[[Canvas, int, int], None]


class GroupNumberingCanvas(Canvas):
    """A canvas that numbers pages within groups (letters) once the whole document is laid out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._page_group: Hashable = None
        self._page_drawer: DrawNumber | None = None

    def mark_page(self, group: Hashable, draw_number: DrawNumber) -> None:
        """Say that the current page belongs to ``group``; ``draw_number(canv, n, m)`` numbers it."""
        self._page_group = group
        self._page_drawer = draw_number

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held_pages.append(dict(self.__dict__))
        self._page_group = None
        self._page_drawer = None
        self._startPage()

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        totals: dict[Hashable, int] = {}
        for state in self._held_pages:
            group = state["_page_group"]
            totals[group] = totals.get(group, 0) + 1
        seen: dict[Hashable, int] = {}
        held, self._held_pages = self._held_pages, []
        for state in held:
            self.__dict__.update(state)
            group = state["_page_group"]
            seen[group] = seen.get(group, 0) + 1
            drawer = state["_page_drawer"]
            if drawer is not None:
                drawer(self, seen[group], totals[group])
            Canvas.showPage(self)
        held.clear()
        # Binary (zlib only) streams: ASCII85 on top makes the file 25% bigger and costs ~10% of
        # a batch's time in pure Python. reportlab only reads this global while saving.
        saved_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            Canvas.save(self)
        finally:
            rl_config.useA85 = saved_a85


def draw_footer(
    canv: Canvas,
    *,
    lines: list[str],
    font: str,
    bold_font: str,
    size: float,
    min_size: float,
    left: float,
    right: float,
    bottom: float,
    rule_color: Any,
    text_color: Any,
    reuse_key: Hashable = None,
) -> tuple[float, float]:
    """Footer lines (first one bold) from ``bottom`` up, with a rule above; returns where the page
    number goes (x right edge, baseline of the first line). Long lines shrink to fit, never below
    ``min_size``. With ``reuse_key`` the footer is drawn once into a form and placed on every
    page with the same key (all the pages of one letter)."""
    leading = size * 1.3
    top_baseline = bottom + leading * (len(lines) - 1)
    forms = canv.__dict__.setdefault("_careplan_footers", {})
    name = forms.get(reuse_key) if reuse_key is not None else None
    if name is None:
        if reuse_key is not None:
            name = forms[reuse_key] = f"CPFooter{len(forms)}"
            canv.beginForm(name)
        _draw_footer_lines(canv, lines, font, bold_font, size, min_size, left, right, top_baseline, leading,
                           rule_color, text_color)
        if reuse_key is not None:
            canv.endForm()
    if name is not None:
        canv.doForm(name)
    return right, top_baseline


def _draw_footer_lines(canv: Canvas, lines: list[str], font: str, bold_font: str, size: float, min_size: float,
                       left: float, right: float, top_baseline: float, leading: float, rule_color: Any,
                       text_color: Any) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = right - left
    page_label_room = size * 7  # "Page 12 of 12"
    canv.saveState()
    canv.setFillColor(text_color)
    for index, text in enumerate(lines):
        face = bold_font if index == 0 else font
        room = width - (page_label_room if index == 0 else 0)
        fitted = size
        while fitted > min_size and stringWidth(text, face, fitted) > room:
            fitted -= 0.5
        if stringWidth(text, face, fitted) > room:  # still too long: never run into the page number
            while len(text) > 1 and stringWidth(text + "\u2026", face, fitted) > room:
                text = text[:-1]
            text = text.rstrip() + "\u2026"
        canv.setFont(face, fitted)
        canv.drawString(left, top_baseline - index * leading, text)
    canv.setStrokeColor(rule_color)
    canv.setLineWidth(0.75)
    rule_y = top_baseline + size * 1.1
    canv.line(left, rule_y, right, rule_y)
    canv.restoreState()


def page_label_drawer(text_for: Callable[[int, int], str], font: str, size: float, x: float, y: float,
                      color: Any) -> DrawNumber:
    """A ``draw_number`` for :meth:`GroupNumberingCanvas.mark_page`: right-aligned at (x, y)."""

    def draw(canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        canv.setFillColor(color)
        canv.setFont(font, size)
        canv.drawRightString(x, y, text_for(page, pages))
        canv.restoreState()

    return draw
