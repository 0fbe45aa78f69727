"""Pre-consultation results letters: a whole recall batch in one PDF, one letter after another.

Each letter starts on a new page and numbers its own pages ("Page 1 of 3"); every page carries
the person's name and NHS number in the footer. Large print and easy read are honoured per letter.

One layout pass: styles, wording and fonts are prepared once per batch; text that is the same in
every letter (headings, what a test measures, the prompts page) is laid out once and placed as a
PDF form; per-letter page counts are filled in when the PDF is saved
(:mod:`careplan_desktop.documents.page_numbers`). No Qt, no logging of patient data, nothing
written anywhere but ``out``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Callable, Sequence, Union

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .flowables import StampBook
from .letter_data import PracticeDetails, ResultsLetterData
from .letter_parts import LetterKit, letter_story
from .page_numbers import GroupNumberingCanvas, draw_footer, page_label_drawer
from .styles import MID_GREY, PAGE_SIZE, TEXT, Look, fonts, look_for, nhs_number_spaced

Output = Union[str, "os.PathLike[str]", IO[bytes]]
Progress = Callable[[int, int], None]

__all__ = ["render_results_letters", "PracticeDetails", "ResultsLetterData"]


class _LetterStart(Flowable):
    """Where a letter begins: the doc template lays the letter out from here, lazily, so a
    stopped batch does no work for the letters it never reaches. Never drawn."""

    def __init__(self, index: int, letter: ResultsLetterData, kit: "LetterKit") -> None:
        super().__init__()
        self.index = index
        self.letter = letter
        self.kit = kit


class _LetterEnd(Flowable):
    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


@dataclass(frozen=True)
class _LetterState:
    """What the page furniture needs to know about the letter being laid out."""

    index: int  # which letter: its pages are numbered together
    kit: LetterKit
    footer_lines: tuple[str, ...]


class _LetterBatch(BaseDocTemplate):
    def __init__(self, out: Output, *, total: int, progress: Progress | None,
                 should_stop: Callable[[], bool] | None, title: str) -> None:
        self._progress = progress
        self._should_stop = should_stop
        self._total = total
        self.done = 0
        self.current: _LetterState | None = None
        templates = [self._template("standard", look_for(False, False)), self._template("large", look_for(True, False))]
        super().__init__(
            out if hasattr(out, "write") else os.fspath(out),
            pagesize=PAGE_SIZE,
            pageTemplates=templates,
            title=title,
            author="",
            subject="",
            creator="CarePlan Desktop",
            allowSplitting=1,
        )

    def _template(self, name: str, look: Look) -> PageTemplate:
        width, height = PAGE_SIZE
        frame = Frame(look.margin, look.footer_height + 4, width - 2 * look.margin,
                      height - look.top_margin - look.footer_height - 4,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"{name}-body")
        return PageTemplate(id=name, frames=[frame], onPage=self._on_page, pagesize=PAGE_SIZE)

    def _on_page(self, canv: GroupNumberingCanvas, doc: "_LetterBatch") -> None:
        state = self.current
        if state is None:  # pragma: no cover - every page belongs to a letter
            return
        look = state.kit.styles.look
        regular, bold = fonts()
        width, _ = PAGE_SIZE
        right = width - look.margin
        x, y = draw_footer(canv, lines=list(state.footer_lines), font=regular, bold_font=bold,
                           size=look.footer, min_size=12 if look.large_print else 8, left=look.margin,
                           right=right, bottom=10 * 72 / 25.4, rule_color=MID_GREY, text_color=TEXT,
                           reuse_key=state.index)
        canv.mark_page(state.index, page_label_drawer(state.kit.common.page_of, bold, look.footer, x, y, TEXT))

    def handle_flowable(self, flowables: list[Flowable]) -> None:  # noqa: D401 - platypus hook
        first = flowables[0]
        if isinstance(first, _LetterStart):
            del flowables[0]
            if self._should_stop is not None and self._should_stop():
                del flowables[:]
                return
            # Platypus begins a page before it handles each flowable, so the first page has begun
            # already (set up for letter 0 before the build); every later letter starts by ending
            # the previous letter's last page, which always holds something.
            if first.index > 0:
                self.handle_nextPageTemplate(_template_id(first.kit))
                self.handle_pageBreak()
                self.current = _letter_state(first)
            flowables[0:0] = [*letter_story(first.letter, first.kit), _LetterEnd(first.index)]
            return
        if isinstance(first, _LetterEnd):
            del flowables[0]
            self.done += 1
            if self._progress is not None:
                self._progress(self.done, self._total)
            return
        super().handle_flowable(flowables)


def render_results_letters(
    letters: Sequence[ResultsLetterData],
    practice: PracticeDetails,
    out: Output,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Write ``letters`` into one PDF at ``out`` (a path or a binary stream); return how many.

    ``progress(done, total)`` is called after each letter is laid out. When ``should_stop()``
    turns true the batch stops cleanly before the next letter: the PDF holds the letters done so
    far and that count is returned. Nothing is written when there are no letters or the batch is
    stopped before the first one.
    """
    letters = list(letters)
    if not letters or (should_stop is not None and should_stop()):
        return 0
    stamps = StampBook()
    kits: dict[tuple[bool, bool], LetterKit] = {}
    markers: list[Flowable] = []
    for index, letter in enumerate(letters):
        key = (bool(letter.large_print), bool(letter.easy_read))
        kit = kits.get(key)
        if kit is None:
            kit = kits[key] = LetterKit.build(*key, practice=practice, stamps=stamps)
        markers.append(_LetterStart(index, letter, kit))
    title = next(iter(kits.values())).words.text("pdf_title")
    doc = _LetterBatch(out, total=len(letters), progress=progress, should_stop=should_stop, title=title)
    first = markers[0]
    doc.current = _letter_state(first)
    doc._firstPageTemplateIndex = 1 if _template_id(first.kit) == "large" else 0
    doc.build(markers, canvasmaker=GroupNumberingCanvas)
    return doc.done


def _template_id(kit: LetterKit) -> str:
    return "large" if kit.styles.look.large_print else "standard"


def _letter_state(start: _LetterStart) -> _LetterState:
    common, letter = start.kit.common.wording, start.letter
    footer = (
        common.text("footer_name", full_name=letter.full_name),
        common.text("footer_nhs_number", nhs_number=nhs_number_spaced(letter.nhs_number)),
    )
    return _LetterState(start.index, start.kit, footer)

