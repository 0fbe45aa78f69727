"""Reading rendered PDFs back with pypdf: page text, and the size each piece of text is printed at."""

from __future__ import annotations

import io
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
WORDING = REPO / "resources" / "wording"


def reader(data: bytes | Path) -> PdfReader:
    return PdfReader(io.BytesIO(data) if isinstance(data, bytes) else str(data))


def flat(text: str) -> str:
    """Whitespace (line wraps, non-breaking spaces) folded to single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def page_texts(data: bytes | Path) -> list[str]:
    return [flat(page.extract_text()) for page in reader(data).pages]


def bundled_wording(name: str) -> dict:
    """The bundled wording file, read directly (the test's own view of the input)."""
    with (WORDING / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def plain(wording_text: str) -> str:
    """Wording text as printed: **bold** marks gone."""
    return wording_text.replace("**", "")


@dataclass(frozen=True)
class Span:
    text: str
    size: float  # effective size in points: font size x text matrix scale x current matrix scale


def text_spans(data: bytes | Path, page_number: int) -> list[Span]:
    page = reader(data).pages[page_number]
    spans: list[Span] = []

    def visit(text, cm, tm, font_dict, font_size):  # noqa: ANN001 - pypdf's visitor signature
        if not text or not text.strip():
            return
        # the text space y axis after both matrices: (tm x cm) applied to (0, 1)
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        spans.append(Span(flat(text), round(font_size * (c * c + d * d) ** 0.5, 2)))

    page.extract_text(visitor_text=visit)
    return spans


def large_print_body(data: bytes | Path, footer: set[str]) -> list[Span]:
    """Check every page is large print: the footer (the given texts and "Page n of m") at least
    12 pt, everything else at least 16 pt. Returns the body's spans."""
    body = []
    for number in range(len(reader(data).pages)):
        for span in text_spans(data, number):
            if span.text in footer or re.fullmatch(r"Page \d+ of \d+", span.text):
                assert span.size >= 12, span
            else:
                assert span.size >= 16, span
                body.append(span)
    return body
