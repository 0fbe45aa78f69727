"""Reading a spreadsheet export (a practice-system search, a directory of services)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

Table = tuple[list[str], list[tuple[int, list[str]]]]

#: ten digits as an NHS number is written (943 476 5919): on a line of its own inside a value, a sign that
#: the value ran on into the next person's row
_NHS_NUMBER_LIKE = re.compile(r"(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9])")


def read_table(path: Path | str, error: type[Exception]) -> Table:
    """The headers (stripped) and the non-blank rows numbered as a spreadsheet shows them
    (header = row 1). UTF-8 with or without BOM, else Windows-1252 (older practice systems);
    comma, tab, semicolon or bar separated. Problems raise `error` with a message for the user.

    A value may hold a line break when it is quoted (an address on two lines), but not one that
    runs on over what looks like other rows (another row's worth of separators, or an NHS
    number): that is a quote mark opened and never closed, which would put the next rows'
    text inside this row. Such a file is refused, naming the row, its column and the lines."""
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
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
        rows = []
        last_line = reader.line_num
        for number, cells in enumerate(reader, start=2):
            first, last_line = last_line + 1, reader.line_num
            if any(c.strip() for c in cells):
                if last_line > first:
                    _check_run_on(cells, headers, delimiter, number, first, last_line, error)
                rows.append((number, cells))
    except StopIteration:
        raise error("The file is empty.") from None
    except csv.Error:
        raise error("The file is not a CSV file this app can read.") from None
    return headers, rows


def _check_run_on(cells: list[str], headers: list[str], delimiter: str, number: int, first: int, last: int,
                  error: type[Exception]) -> None:
    """Refuse a row (spread over lines `first` to `last` of the file) one of whose values runs on
    over what looks like other rows."""
    enough = max(1, (len(headers) - 1) // 2)  # half a row's separators
    for index, cell in enumerate(cells):
        following = cell.splitlines()[1:]
        if any(line.count(delimiter) >= enough or _NHS_NUMBER_LIKE.search(line) for line in following):
            column = f"'{headers[index]}'" if index < len(headers) and headers[index] else f"number {index + 1}"
            where = "" if first == number else f" (line {first} of the file)"
            lines = f"line {first + 1}" if last == first + 1 else f"lines {first + 1} to {last}"
            raise error(
                f"Row {number}{where} cannot be read: its value in column {column} starts with a quote mark (\") "
                f"that is never closed, so the file's next {'line' if last == first + 1 else 'lines'} ({lines}) "
                "would be read into it as part of that value. Nothing has been imported. Open the file in a text "
                f"editor such as Notepad, go to line {first}, add the missing closing quote mark or remove the "
                "stray one, save the file and choose it again.")
