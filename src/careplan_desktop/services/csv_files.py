"""Reading a spreadsheet export (a practice-system search, a directory of services)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

Table = tuple[list[str], list[tuple[int, list[str]]]]


def read_table(path: Path | str, error: type[Exception]) -> Table:
    """The headers (stripped) and the non-blank rows numbered as a spreadsheet shows them
    (header = row 1). UTF-8 with or without BOM, else Windows-1252 (older practice systems);
    comma, tab, semicolon or bar separated. Problems raise `error` with a message for the user."""
    try:
        raw = Path(path).read_bytes()
    except OSError as problem:
        raise error(f"The file could not be opened ({problem.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max(",\t;|", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter if first_line.count(delimiter) else ",")
    try:
        headers = [h.strip() for h in next(reader)]
        rows = [(number, cells) for number, cells in enumerate(reader, start=2) if any(c.strip() for c in cells)]
    except StopIteration:
        raise error("The file is empty.") from None
    except csv.Error:
        raise error("The file is not a CSV file this app can read.") from None
    return headers, rows
