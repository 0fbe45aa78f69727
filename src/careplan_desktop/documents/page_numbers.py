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
        Canvas.save(self)
