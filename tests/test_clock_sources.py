""""Now" comes from Python only: no module in src/ asks Qt or SQLite for the date or time.

A moved clock (tests/clock/sitecustomize.py) moves Python's clock alone, and a practice's computer
has one clock the nurse can see; a date taken from Qt or from SQLite's `'now'` would go its own way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"

FORBIDDEN = (
    # Qt's clocks: QDate.currentDate(), QDateTime.currentDateTime(), QTime.currentTime() ...
    ("Qt's clock", re.compile(
        r"\bcurrent(Date|DateTime|DateTimeUtc|Time|MSecsSinceEpoch|SecsSinceEpoch)\s*\(")),
    # SQLite's clock: date('now'), datetime('now', 'localtime'), strftime('%s','now'), julianday('now')
    ("SQLite's 'now'", re.compile(r"""\b(date|datetime|time|julianday|unixepoch|strftime)\s*\([^)]*[\\'"]now[\\'"]""",
                                  re.IGNORECASE)),
    ("SQL's current time", re.compile(r"\bCURRENT_(TIMESTAMP|DATE|TIME)\b", re.IGNORECASE)),
    ("SQL's now()", re.compile(r"\bfunc\s*\.\s*(now|current_timestamp|current_date|current_time|localtimestamp)\b",
                               re.IGNORECASE)),
)


def offences(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for what, pattern in FORBIDDEN:
            if pattern.search(line):
                found.append((number, what))
    return found


@pytest.mark.parametrize("line", [
    "today = QDate.currentDate()",
    "stamp = QDateTime.currentDateTime().toString()",
    "QTime.currentTime()",
    "when = QDateTime.currentMSecsSinceEpoch()",
    "SELECT * FROM recall WHERE due < date('now')",
    "select datetime( 'now' , 'localtime')",
    "select strftime('%s','now')",
    'connection.execute("SELECT DATE(\\"now\\")")',
    "created = Column(DateTime, server_default=text('CURRENT_TIMESTAMP'))",
    "WHERE taken_on <= current_date",
    "changed_at = mapped_column(server_default=func.now())",
])
def test_the_check_finds_each_way_of_asking_qt_or_sqlite(line: str) -> None:
    assert offences(line), line


@pytest.mark.parametrize("line", [
    "now = dt.datetime.now()",
    "today = today or dt.date.today()",
    "self.date_edit.setDate(QDate(today.year, today.month, today.day))",
    "# the current date comes from Python",
    "label = 'Saved just now'",
])
def test_the_check_leaves_python_clocks_alone(line: str) -> None:
    assert not offences(line), line


def test_no_module_takes_now_from_qt_or_sqlite() -> None:
    files = sorted(p for p in SOURCE.rglob("*") if p.suffix in {".py", ".sql"})
    assert len(files) > 50
    found = [f"{path.relative_to(SOURCE)}:{number}: {what}"
             for path in files for number, what in offences(path.read_text(encoding="utf-8"))]
    assert found == [], "take 'now' from Python (datetime), not from Qt or SQLite:\n" + "\n".join(found)
