"""The clinical safety hazard log cannot drift from the code: every test it names as
`tests/...py::test_name` exists, every risk rating agrees with the DCB0129 matrix, the summary
table and the safety case count the same ratings, each hazard names a test for its controls
(or is marked open), and no `TODO-LEAD` placeholder is left in it."""

from __future__ import annotations

import ast
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "docs" / "safety" / "hazard-log.md"
CASE = ROOT / "docs" / "safety" / "safety-case.md"

SEVERITIES = ("minor", "significant", "considerable", "major", "catastrophic")
LIKELIHOODS = ("very low", "low", "medium", "high", "very high")
MATRIX = {  # DCB0129: likelihood -> the risk for each severity, minor to catastrophic
    "very high": (3, 4, 4, 5, 5),
    "high": (2, 3, 3, 4, 5),
    "medium": (2, 2, 3, 3, 4),
    "low": (1, 2, 2, 3, 4),
    "very low": (1, 1, 2, 2, 3),
}
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::([\w:]+)(\[[^\]`]*\])?`")
RATING = re.compile(r"\*\*(Initial|Residual) risk:\*\* severity (\w+), likelihood ([\w ]+?) → \*\*(\d)\*\*")
HAZARD = re.compile(r"^### (H-\d{3}) ", re.MULTILINE)


def log_text() -> str:
    return LOG.read_text(encoding="utf-8")


def hazards() -> dict[str, str]:
    """Each hazard's section of the log, by id."""
    text = log_text()
    starts = [(m.group(1), m.start()) for m in HAZARD.finditer(text)]
    ends = [start for _, start in starts[1:]] + [len(text)]
    return {hazard: text[start:end] for (hazard, start), end in zip(starts, ends)}


@cache
def functions_in(path: str) -> frozenset[str]:
    """Names of the functions a test file defines, at module level or in a class."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return frozenset(node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))


REFERENCES = sorted({(m.group(1), m.group(2)) for m in REFERENCE.finditer(log_text())})


def test_the_log_names_tests() -> None:
    assert len(REFERENCES) > 50


@pytest.mark.parametrize(("path", "name"), REFERENCES, ids=[f"{p}::{n}" for p, n in REFERENCES])
def test_every_named_test_exists(path: str, name: str) -> None:
    assert (ROOT / path).is_file(), f"{path} named in the hazard log does not exist"
    function = name.split("::")[-1]  # Class::test_name names the method; [params] were left out
    assert function.startswith("test"), f"{path}::{name} is not a test"
    assert function in functions_in(path), f"{path} has no test {function} (named in the hazard log)"


def test_no_placeholder_is_left_for_the_lead() -> None:
    left = [line.strip() for line in log_text().splitlines() if "TODO-LEAD" in line]
    assert left == [], f"{len(left)} tests still to be named in the hazard log:\n" + "\n".join(left)


def ratings() -> dict[str, dict[str, int]]:
    """{hazard: {"Initial": risk, "Residual": risk}} as the sections state them, each checked
    against the matrix."""
    found: dict[str, dict[str, int]] = {}
    for hazard, section in hazards().items():
        for when, severity, likelihood, risk in RATING.findall(section):
            assert severity in SEVERITIES and likelihood in LIKELIHOODS, f"{hazard}: {severity}, {likelihood}"
            expected = MATRIX[likelihood][SEVERITIES.index(severity)]
            assert int(risk) == expected, f"{hazard} {when}: {severity} and {likelihood} give {expected}, not {risk}"
            found.setdefault(hazard, {})[when] = int(risk)
    return found


def test_every_hazard_is_rated_on_the_matrix_before_and_after_its_controls() -> None:
    rated = ratings()
    assert len(rated) >= 25
    assert {hazard: sorted(r) for hazard, r in rated.items()} == {hazard: ["Initial", "Residual"] for hazard in rated}
    assert sorted(rated) == sorted(hazards())
    assert [f"H-{n:03d}" for n in range(1, len(rated) + 1)] == list(hazards()), "ids run H-001, H-002, ... in order"


def test_the_summary_table_agrees_with_the_sections() -> None:
    rows = re.findall(r"^\| (H-\d{3}) \| [^|]+ \| (\d) \| (\d) \|", log_text(), re.MULTILINE)
    assert {hazard: {"Initial": int(a), "Residual": int(b)} for hazard, a, b in rows} == ratings()


def test_each_hazard_names_a_test_or_is_open() -> None:
    for hazard, section in hazards().items():
        tests = section.split("**Tests:**", 1)[-1].split("**Residual risk:**", 1)[0]
        status = section.split("**Status:**", 1)[-1]
        assert "**Tests:**" in section and "**Controls:**" in section, hazard
        assert REFERENCE.search(tests) or "TODO-LEAD" in tests or "open" in status, f"{hazard} names no test"
        assert "open:" not in tests or "open" in status, f"{hazard} has an open control but is not marked open"


def test_the_safety_case_counts_the_same_ratings() -> None:
    rated = ratings()
    counted = {when: Counter(r[when] for r in rated.values()) for when in ("Initial", "Residual")}
    text = CASE.read_text(encoding="utf-8")
    assert f"({len(rated)} hazards)" in text
    table = {int(risk): (int(a), int(b)) for risk, a, b in re.findall(r"^\| ([1-5]) \| (\d+) \| (\d+) \|", text, re.MULTILINE)}
    assert table == {risk: (counted["Initial"][risk], counted["Residual"][risk]) for risk in range(1, 6)}
