"""Page-break rules for the yellow folder, as platypus flowables.

- :class:`Section`: a heading and its items (goals, medicines, results...). The heading never
  stands without at least its first two items (a letter's results: the first one), a page never
  starts with an item and no heading (the heading comes back as "... (continued)"), and the last
  item never sits alone on a page, unless what follows the section (a letter's prompts, kept
  whole) shares that page with it.
- :class:`AtTopOnly`: a heading drawn only when it lands at the top of a page ("When I am unwell
  (continued)"), and nothing at all otherwise.
"""

from __future__ import annotations

from typing import Callable, Sequence

from reportlab.platypus import Flowable

from .flowables import Block

KEEP_FIRST = 2  # the heading travels with at least this many items
KEEP_LAST = 2  # and the items at the end of a section are never left fewer than this on a page


class Section(Block):
    """A heading and items, kept whole when it fits; otherwise split between items by the rules
    above. ``continued`` makes the heading for the part on the next page."""

    def __init__(self, heading: Flowable, items: Sequence[Flowable], continued: Callable[[], Flowable], *,
                 space_before: float = 0, keep_first: int = KEEP_FIRST, keep_last: int = KEEP_LAST,
                 followed_by: Flowable | None = None) -> None:
        self.heading = heading
        self.items = list(items)
        self.continued = continued
        self.keep_first = keep_first
        self.keep_last = keep_last
        self.followed_by = followed_by  # kept whole after the section: a short tail may share its page
        super().__init__([heading, *self.items], space_before=space_before,
                         space_after=self.items[-1].getSpaceAfter() if self.items else 0)

    def _fits(self, count: int, avail_width: float, avail_height: float) -> bool:
        part = Block([self.heading, *self.items[:count]])
        return part.wrap(avail_width, 1e6)[1] <= avail_height + 1e-6

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        total = len(self.items)
        count = 0
        while count < total and self._fits(count + 1, avail_width, avail_height):
            count += 1
        if count == total:
            return [self]
        if total - count < self.keep_last and not self._tail_shares_a_page(count, avail_width):
            count = total - self.keep_last  # leave at least two items for the next page
        at_top = bool(getattr(getattr(self, "_frame", None), "_atTop", False))
        if count < min(self.keep_first, total) or count <= 0:
            if not at_top:
                return []  # the whole section starts on the next page
            # at the top of a page and still too tall: place what fits, at least one item
            count = 0
            while count < total and self._fits(count + 1, avail_width, avail_height):
                count += 1
            if count == 0:
                return [self.heading, *self.items]  # one item taller than a page: let it flow
            if count == total:
                return [self]
        first = Block([self.heading, *self.items[:count]], space_before=self.spaceBefore,
                      space_after=self.items[count - 1].getSpaceAfter())
        return [first, Section(self.continued(), self.items[count:], self.continued, keep_first=self.keep_first,
                               keep_last=self.keep_last, followed_by=self.followed_by)]

    def _tail_shares_a_page(self, count: int, avail_width: float) -> bool:
        """Whether the items left over, under their continued heading, and what follows the section
        fit on one fresh page together (so the tail is not alone on its page)."""
        frame = getattr(self, "_frame", None)
        if self.followed_by is None or frame is None:
            return False
        page = frame._height - frame._topPadding - frame._bottomPadding
        tail = Block([self.continued(), *self.items[count:]]).wrap(avail_width, 1e6)[1]
        follows = self.followed_by.leading() if isinstance(self.followed_by, Section) else self.followed_by
        after = follows.wrap(avail_width, 1e6)[1] + self.followed_by.getSpaceBefore()
        return tail + after <= page + 1e-6

    def leading(self) -> Flowable:
        """The least of this section that may start a page: the heading and its first items."""
        return Block([self.heading, *self.items[:self.keep_first]])


class AtTopOnly(Flowable):
    """A flowable shown only at the top of a page; elsewhere it takes no room."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner
        self._show = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._show = bool(getattr(getattr(self, "_frame", None), "_atTop", False))
        if not self._show:
            self.width, self.height = avail_width, 0
            return avail_width, 0
        self.width, self.height = self.inner.wrap(avail_width, avail_height)
        return self.width, self.height

    def getSpaceAfter(self) -> float:  # noqa: N802 - platypus name
        return self.inner.getSpaceAfter() if self._show else 0

    def draw(self) -> None:
        if self._show:
            self.inner.drawOn(self.canv, 0, 0)
