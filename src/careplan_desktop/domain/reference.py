"""Reference catalogues: long-term conditions and their results, from resources/reference/*.json.

Pure Python, no Qt. A practice may override either file: see careplan_desktop.domain.paths.resource_file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Iterable, Literal

from careplan_desktop.domain.paths import bundled_resources_dir, resource_file

CONDITIONS_FILE = "reference/conditions.json"
RESULTS_FILE = "reference/results.json"
KINDS = ("number", "choice", "blood_pressure")
FLAGS = frozenset({"gp_led", "site"})  # site: recorded with where in the body (cancer)
Range = tuple[float | None, float | None]  # (lowest, highest); None is open-ended
_NUMBER = re.compile(r"^([<>])?\s*(\d+(?:\.\d+)?|\.\d+)$")  # "53", "4.2", ">90", "<0.3"
_BP = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$")  # "138/82"
_CACHE: dict[tuple, ReferenceData] = {}  # (path, mtime) of both files -> loaded data


class ReferenceDataError(ValueError, LookupError):
    """A reference file is missing or unreadable, or an entry has a missing or bad field.

    Also a LookupError, like WordingError: its text names the file and the entry (never patient
    data), so a failed job shows it to the person instead of a generic message."""


@dataclass(frozen=True)
class ConditionType:
    code: str
    name: str  # nurse-facing
    snomed: str
    snomed_display: str
    plain: str  # what the person reads: "high blood pressure"
    flags: tuple[str, ...] = ()
    results: tuple[str, ...] = ()

    @property
    def gp_led(self) -> bool:
        return "gp_led" in self.flags

    @property
    def needs_site(self) -> bool:
        """Recorded with its site in the nurse's words ("bowel"), as cancer is."""
        return "site" in self.flags


@dataclass(frozen=True)
class Target:
    """A target in plain words, plus inclusive limits for comparison ("58 or below" is max 58).

    ``text`` says it for everyone (the nurse's screens); where the target depends on age,
    ``text_under_80`` and ``text_80_and_over`` say it for one person (letters and printouts:
    :func:`careplan_desktop.services.results.readings.target_text`)."""

    text: str
    text_under_80: str | None = None
    text_80_and_over: str | None = None
    min: float | None = None
    max: float | None = None
    systolic_max: float | None = None
    diastolic_max: float | None = None
    systolic_max_80_and_over: float | None = None
    diastolic_max_80_and_over: float | None = None


@dataclass(frozen=True)
class ResultType:
    code: str
    name: str
    plain_name: str
    unit: str
    kind: str  # "number" | "choice" | "blood_pressure"
    measures: str  # one plain sentence for letters
    target: Target | None = None
    snomed: str | None = None
    computed: bool = False  # bmi: worked out from height and weight
    choices: tuple[str, ...] = ()
    choice_plain: tuple[tuple[str, str], ...] = ()
    # One range for a number; (systolic, diastolic) ranges for blood pressure.
    plausible: tuple[Range, ...] = ()  # outside: impossible, refused
    usual: tuple[Range, ...] = ()  # outside: unusual, saved once the user confirms

    def plain_choice(self, value: str) -> str:
        """The plain-English wording of a choice value, or the value itself."""
        return dict(self.choice_plain).get(value, value)


@dataclass(frozen=True)
class ValueCheck:
    status: Literal["ok", "unusual", "impossible", "invalid"]
    message: str  # plain words for the person entering the value; empty when ok
    text: str = ""  # normalised value to store: "53", "138/82", "moderate"
    value: float | None = None
    systolic: int | None = None
    diastolic: int | None = None


def compute_bmi(weight_kg: float, height_cm: float) -> float:
    """Body mass index in kg/m², rounded half-up to one decimal place."""
    if weight_kg <= 0 or height_cm <= 0:
        raise ValueError("Weight and height must both be more than zero")
    bmi = Decimal(repr(weight_kg / (height_cm / 100) ** 2))
    return float(bmi.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _outside(value: float, low: float | None, high: float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


class ReferenceData:
    """Both catalogues in file order, with lookups and value checks."""

    compute_bmi = staticmethod(compute_bmi)

    def __init__(self, conditions: Iterable[ConditionType], results: Iterable[ResultType]) -> None:
        self.conditions: tuple[ConditionType, ...] = tuple(conditions)
        self.results: tuple[ResultType, ...] = tuple(results)
        self._conditions = {c.code: c for c in self.conditions}
        self._by_snomed = {c.snomed: c for c in self.conditions}
        self._results = {r.code: r for r in self.results}

    def condition(self, code: str) -> ConditionType:  # KeyError if unknown
        return self._conditions[code]

    def condition_by_snomed(self, snomed: str) -> ConditionType | None:
        return self._by_snomed.get(str(snomed).strip())

    def result(self, code: str) -> ResultType:  # KeyError if unknown
        return self._results[code]

    def search_conditions(self, text: str) -> list[ConditionType]:
        """Case-insensitive match on name, plain name, code or SNOMED id prefix; name-prefix hits first."""
        needle = " ".join(text.lower().split())
        if not needle:
            return list(self.conditions)
        ranked = []
        for index, c in enumerate(self.conditions):
            name, plain = c.name.lower(), c.plain.lower()
            words = re.split(r"[^a-z0-9]+", f"{name} {plain} {c.code}")
            hits = (name.startswith(needle), any(word.startswith(needle) for word in words),
                    needle in name or needle in plain or needle in c.code, c.snomed.startswith(needle))
            if any(hits):
                ranked.append((hits.index(True), index, c))
        return [c for _, _, c in sorted(ranked, key=lambda item: item[:2])]

    def results_for_conditions(self, condition_codes: Iterable[str]) -> list[ResultType]:
        """The union of the conditions' results in catalogue order; unknown codes are skipped."""
        wanted = {r for code in condition_codes if code in self._conditions for r in self._conditions[code].results}
        if "weight" in wanted:
            wanted.add("bmi")
        return [r for r in self.results if r.code in wanted]

    def check_value(self, code: str, raw_text: str) -> ValueCheck:
        """Parse and check a typed value: "impossible" and "invalid" are refused, "unusual" needs a confirm."""
        result = self.result(code)
        text, name = " ".join((raw_text or "").split()), result.name
        if not text:
            return ValueCheck("invalid", f"Please enter a value for {name}.")
        if result.kind == "choice":
            chosen = [choice for choice in result.choices if choice.lower() == text.lower()]
            if chosen:
                return ValueCheck("ok", "", text=chosen[0])
            return ValueCheck("invalid", f"{name} must be one of: {', '.join(result.choices)}.")
        unit, is_bp = (f" {result.unit}" if result.unit else ""), result.kind == "blood_pressure"
        match = (_BP if is_bp else _NUMBER).match(text)
        if not match:
            wanted = f"a number{unit and ' in' + unit}"
            wanted = "two whole numbers, top over bottom, like 138/82" if is_bp else wanted
            return ValueCheck("invalid", f"{name} must be {wanted}.")
        parts: list[float] = [int(match[1]), int(match[2])] if is_bp else [float(match[2])]
        stored = f"{parts[0]}/{parts[1]}" if is_bp else (match[1] or "") + f"{parts[0]:.10g}"
        found = {"systolic": parts[0], "diastolic": parts[1]} if is_bp else {"value": parts[0]}
        if any(_outside(v, *limits) for v, limits in zip(parts, result.plausible)):
            (low, high), *rest = [(f"{a:g}", f"{b:g}") for a, b in result.plausible]
            if rest:
                bottom = f"between {rest[0][0]} and {rest[0][1]}{unit} for the bottom number"
                unit = f"{unit} for the top number and {bottom}"
            return ValueCheck("impossible", f"{name} must be between {low} and {high}{unit}.")
        if is_bp and parts[0] <= parts[1]:
            return ValueCheck("impossible", "The top number of a blood pressure must be higher than the bottom one.")
        if any(_outside(v, *limits) for v, limits in zip(parts, result.usual)):
            message = f"{name} of {stored}{unit} is unusual. Please check it before saving."
            return ValueCheck("unusual", message, text=stored, **found)  # type: ignore[arg-type]
        return ValueCheck("ok", "", text=stored, **found)  # type: ignore[arg-type]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) and x.strip() for x in value)


def _is_bp(value: Any) -> bool:
    pairs = [value.get(k) for k in ("systolic", "diastolic")] if isinstance(value, dict) else [None]
    return all(isinstance(p, list) and len(p) == 2 and all(map(_is_number, p)) for p in pairs)


# check -> (test, what the field must be, convert(value, where)); "?" after a check: optional field.
_CHECKS: dict[str, tuple[Any, str, Any]] = {
    "text": (lambda v: isinstance(v, str) and v.strip(), "non-empty text", lambda v, w: v.strip()),
    "unit": (lambda v: isinstance(v, str), "text (it may be empty)", lambda v, w: v.strip()),
    "kind": (lambda v: v in KINDS, f"one of {', '.join(KINDS)}", lambda v, w: v),
    "number": (_is_number, "a number", lambda v, w: float(v)),
    "bool": (lambda v: isinstance(v, bool), "true or false", lambda v, w: v),
    "snomed": (lambda v: isinstance(v, str) and v.isdigit(), "a SNOMED CT id of digits, as text", lambda v, w: v),
    "list": (_is_texts, "a list of text", lambda v, w: tuple(x.strip() for x in v)),
    "choices": (lambda v: _is_texts(v) and v, "a non-empty list of text", lambda v, w: tuple(x.strip() for x in v)),
    "flags": (lambda v: _is_texts(v) and set(v) <= FLAGS, f"a list from: {', '.join(sorted(FLAGS))}",
              lambda v, w: tuple(v)),
    "plain": (lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
              "an object of choice: plain words", lambda v, w: tuple(v.items())),
    "bp": (_is_bp, 'like {"systolic": [60, 260], "diastolic": [30, 160]}',
           lambda v, w: tuple((float(v[k][0]), float(v[k][1])) for k in ("systolic", "diastolic"))),
    "target": (lambda v: isinstance(v, dict), "an object or null",
               lambda v, w: Target(**_fields(v, f"{w} target", _TARGET_FIELDS))),
}
_TARGET_TEXTS = ("text_under_80", "text_80_and_over")
_TARGET_FIELDS = {"text": "text", **{name: "text?" for name in _TARGET_TEXTS},
                  **{name: "number?" for name in Target.__dataclass_fields__ if name not in ("text", *_TARGET_TEXTS)}}
_CONDITION_FIELDS = {"code": "text", "name": "text", "snomed": "snomed", "snomed_display": "text",
                     "plain": "text", "flags": "flags", "results": "list"}
_RESULT_FIELDS = {"code": "text", "name": "text", "plain_name": "text", "unit": "unit", "kind": "kind",
                  "measures": "text", "target": "target?", "snomed": "snomed?", "computed": "bool?"}
_KIND_FIELDS = {"number": {"plausible_min": "number", "plausible_max": "number", "usual_min": "number?",
                           "usual_max": "number?"},
                "blood_pressure": {"plausible": "bp", "usual": "bp?"},
                "choice": {"choices": "choices", "choice_plain": "plain?"}}


def _fields(raw: dict, where: str, spec: dict[str, str]) -> dict[str, Any]:
    """Checked, converted values for the fields in ``spec``; missing optional fields are left out."""
    out = {}
    for key, check in spec.items():
        if raw.get(key) is None:
            if check.endswith("?"):
                continue
            raise ReferenceDataError(f"{where} is missing the field '{key}'")
        test, wanted, convert = _CHECKS[check.rstrip("?")]
        if not test(raw[key]):
            raise ReferenceDataError(f"{where}: the field '{key}' must be {wanted}")
        out[key] = convert(raw[key], where)
    return out


def _parse_result(raw: dict, where: str) -> ResultType:
    values = _fields(raw, where, _RESULT_FIELDS)
    values.update(_fields(raw, where, _KIND_FIELDS[values["kind"]]))
    if values["kind"] == "number":
        values["plausible"] = ((values.pop("plausible_min"), values.pop("plausible_max")),)
        values["usual"] = ((values.pop("usual_min", None), values.pop("usual_max", None)),)
    if any(low > high for low, high in values.get("plausible", ())):
        raise ReferenceDataError(f"{where}: a 'plausible' lowest value is more than its highest")
    if not set(dict(values.get("choice_plain", ()))) <= set(values.get("choices", ())):
        raise ReferenceDataError(f"{where}: every key in 'choice_plain' must be one of the 'choices'")
    return ResultType(**values)


def _entries(path: Path, list_key: str) -> list[tuple[dict, str]]:
    """The raw entries of a file, each with a label like "<path>: result entry 3 ('egfr')"."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceDataError(f"{path}: cannot be read ({exc})") from exc
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get(list_key), list):
        raise ReferenceDataError(f'{path}: expected {{"version": 1, "{list_key}": [...]}}')
    out = []
    for number, raw in enumerate(data[list_key], start=1):
        where = f"{path}: {list_key[:-1]} entry {number}"
        if not isinstance(raw, dict):
            raise ReferenceDataError(f"{where} is not an object")
        out.append((raw, where + (f" ('{raw['code']}')" if isinstance(raw.get("code"), str) else "")))
    return out


def read_reference_data(conditions_path: Path, results_path: Path) -> ReferenceData:
    """Read and validate both files (no caching)."""
    conditions_path, results_path = Path(conditions_path), Path(results_path)
    results = [_parse_result(raw, where) for raw, where in _entries(results_path, "results")]
    conditions = [ConditionType(**_fields(raw, where, _CONDITION_FIELDS))
                  for raw, where in _entries(conditions_path, "conditions")]
    for items, attr, path in ((results, "code", results_path), (conditions, "code", conditions_path),
                              (conditions, "snomed", conditions_path)):
        values = [getattr(item, attr) for item in items]
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise ReferenceDataError(f"{path}: the {attr} '{repeated[0]}' is used by more than one entry")
    known = {r.code for r in results}
    missing = [(c.code, code) for c in conditions for code in c.results if code not in known]
    if missing:
        raise ReferenceDataError(f"{conditions_path}: condition '{missing[0][0]}' lists the result "
                                 f"'{missing[0][1]}', which is not in {results_path}")
    return ReferenceData(conditions, results)


def reference_data_for_choosing() -> ReferenceData:
    """The catalogues in use, or the bundled ones while the practice's copy is broken: for lists a
    screen offers to choose from, so a broken override (reported when the app starts) does not stop
    the app opening. Never for what a letter or printout says."""
    try:
        return load_reference_data()
    except ReferenceDataError:
        bundled = bundled_resources_dir()
        return read_reference_data(bundled / CONDITIONS_FILE, bundled / RESULTS_FILE)


def load_reference_data() -> ReferenceData:
    """The catalogues in use (a practice override wins); re-read only when a path or mtime changes."""
    try:
        paths = resource_file(CONDITIONS_FILE), resource_file(RESULTS_FILE)
        key = tuple((str(p), p.stat().st_mtime_ns) for p in paths)
    except OSError as exc:
        raise ReferenceDataError(f"Reference data file not found: {exc}") from exc
    if key not in _CACHE:
        _CACHE.clear()  # keep only the files in use now
        _CACHE[key] = read_reference_data(*paths)
    return _CACHE[key]
