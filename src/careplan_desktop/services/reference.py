"""Reference catalogues: the long-term conditions and the results (tests and checks) that go with them.

Pure Python, no Qt. The catalogues are the editable files ``resources/reference/conditions.json``
and ``resources/reference/results.json``; a practice may override either one by putting a file at
the same relative path under the user data folder (see :func:`careplan_desktop.paths.resource_file`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Iterable, Literal

from careplan_desktop.paths import resource_file

CONDITIONS_FILE = "reference/conditions.json"
RESULTS_FILE = "reference/results.json"
KINDS = ("number", "choice", "blood_pressure")
_TARGET_NUMBERS = ("min", "max", "systolic_max", "diastolic_max", "systolic_max_80_and_over", "diastolic_max_80_and_over")
FLAGS = frozenset({"gp_led"})
Status = Literal["ok", "unusual", "impossible", "invalid"]


class ReferenceDataError(ValueError):
    """A reference file is missing, unreadable, or has an entry with a missing or bad field."""


@dataclass(frozen=True)
class ConditionType:
    code: str
    name: str  # nurse-facing
    snomed: str
    snomed_display: str
    plain: str  # what the person reads ("high blood pressure")
    flags: tuple[str, ...] = ()
    results: tuple[str, ...] = ()

    @property
    def gp_led(self) -> bool:
        return "gp_led" in self.flags


@dataclass(frozen=True)
class Target:
    """A target in plain words plus numbers for comparison. Limits are inclusive ("58 or below")."""

    text: str
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
    computed: bool = False
    choices: tuple[str, ...] = ()
    choice_plain: tuple[tuple[str, str], ...] = ()
    plausible_min: float | None = None
    plausible_max: float | None = None
    usual_min: float | None = None
    usual_max: float | None = None
    systolic_plausible: tuple[float, float] | None = None
    diastolic_plausible: tuple[float, float] | None = None
    systolic_usual: tuple[float, float] | None = None
    diastolic_usual: tuple[float, float] | None = None

    def plain_choice(self, value: str) -> str:
        """The plain-English wording of a choice value, or the value itself."""
        return dict(self.choice_plain).get(value, value)


@dataclass(frozen=True)
class ValueCheck:
    status: Status
    message: str  # plain, for the person entering the value; empty when ok
    text: str = ""  # normalised value to store: "53", "138/82", "moderate"
    value: float | None = None
    systolic: int | None = None
    diastolic: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _fmt(number: float) -> str:
    return f"{number:g}"


def compute_bmi(weight_kg: float, height_cm: float) -> float:
    """Body mass index, kg/m², rounded half-up to one decimal place."""
    if weight_kg <= 0 or height_cm <= 0:
        raise ValueError("Weight and height must both be more than zero")
    raw = weight_kg / (height_cm / 100) ** 2
    return float(Decimal(repr(raw)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


_NUMBER = re.compile(r"^([<>])?\s*(\d+(?:\.\d+)?|\.\d+)$")
_BP = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$")


class ReferenceData:
    """Both catalogues, in file order, with lookups and value checking."""

    compute_bmi = staticmethod(compute_bmi)

    def __init__(self, conditions: Iterable[ConditionType], results: Iterable[ResultType]) -> None:
        self.conditions: tuple[ConditionType, ...] = tuple(conditions)
        self.results: tuple[ResultType, ...] = tuple(results)
        self._conditions = {c.code: c for c in self.conditions}
        self._by_snomed = {c.snomed: c for c in self.conditions}
        self._results = {r.code: r for r in self.results}

    def condition(self, code: str) -> ConditionType:
        """Raises KeyError for an unknown code."""
        return self._conditions[code]

    def condition_by_snomed(self, snomed: str) -> ConditionType | None:
        return self._by_snomed.get(str(snomed).strip())

    def result(self, code: str) -> ResultType:
        """Raises KeyError for an unknown code."""
        return self._results[code]

    def search_conditions(self, text: str) -> list[ConditionType]:
        """Case-insensitive search on name, plain name, code or SNOMED id prefix; name-prefix hits first."""
        needle = " ".join(text.lower().split())
        if not needle:
            return list(self.conditions)
        ranked = []
        for index, c in enumerate(self.conditions):
            name, plain = c.name.lower(), c.plain.lower()
            words = re.split(r"[^a-z0-9]+", f"{name} {plain} {c.code}")
            if name.startswith(needle):
                rank = 0
            elif any(word.startswith(needle) for word in words):
                rank = 1
            elif needle in name or needle in plain or needle in c.code:
                rank = 2
            elif c.snomed.startswith(needle):
                rank = 3
            else:
                continue
            ranked.append((rank, index, c))
        return [c for _, _, c in sorted(ranked, key=lambda item: item[:2])]

    def results_for_conditions(self, condition_codes: Iterable[str]) -> list[ResultType]:
        """The union of results for these conditions in catalogue order; unknown codes are skipped."""
        wanted: set[str] = set()
        for code in condition_codes:
            if code in self._conditions:
                wanted.update(self._conditions[code].results)
        if "weight" in wanted:
            wanted.add("bmi")
        return [r for r in self.results if r.code in wanted]

    def check_value(self, code: str, raw_text: str) -> ValueCheck:
        result = self.result(code)
        text = " ".join((raw_text or "").split())
        if not text:
            return ValueCheck("invalid", f"Please enter a value for {result.name}.")
        if result.kind == "choice":
            return _check_choice(result, text)
        if result.kind == "blood_pressure":
            return _check_bp(result, text)
        return _check_number(result, text)


def _check_choice(result: ResultType, text: str) -> ValueCheck:
    for choice in result.choices:
        if choice.lower() == text.lower():
            return ValueCheck("ok", "", text=choice)
    return ValueCheck("invalid", f"{result.name} must be one of: {', '.join(result.choices)}.")


def _check_number(result: ResultType, text: str) -> ValueCheck:
    unit = f" {result.unit}" if result.unit else ""
    match = _NUMBER.match(text)
    if not match:
        return ValueCheck("invalid", f"{result.name} must be a number{' in' + unit if unit else ''}.")
    value = float(match.group(2))
    lo, hi = result.plausible_min, result.plausible_max
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return ValueCheck("impossible", f"{result.name} must be between {_fmt(lo)} and {_fmt(hi)}{unit}.")
    stored = (match.group(1) or "") + _fmt(value)
    ulo, uhi = result.usual_min, result.usual_max
    if (ulo is not None and value < ulo) or (uhi is not None and value > uhi):
        message = f"{result.name} of {stored}{unit} is unusual. Please check it before saving."
        return ValueCheck("unusual", message, text=stored, value=value)
    return ValueCheck("ok", "", text=stored, value=value)


def _check_bp(result: ResultType, text: str) -> ValueCheck:
    match = _BP.match(text)
    if not match:
        return ValueCheck("invalid", f"{result.name} must be two numbers, top over bottom, like 138/82.")
    systolic, diastolic = int(match.group(1)), int(match.group(2))
    (slo, shi), (dlo, dhi) = result.systolic_plausible or (0, 999), result.diastolic_plausible or (0, 999)
    if not (slo <= systolic <= shi and dlo <= diastolic <= dhi):
        return ValueCheck("impossible", f"{result.name} must be between {_fmt(slo)} and {_fmt(shi)} for the top "
                          f"number and between {_fmt(dlo)} and {_fmt(dhi)} for the bottom number ({result.unit}).")
    if systolic <= diastolic:
        return ValueCheck("impossible", "The top number of a blood pressure must be higher than the bottom number.")
    stored, values = f"{systolic}/{diastolic}", {"systolic": systolic, "diastolic": diastolic}
    (sulo, suhi), (dulo, duhi) = result.systolic_usual or (slo, shi), result.diastolic_usual or (dlo, dhi)
    if not (sulo <= systolic <= suhi and dulo <= diastolic <= duhi):
        message = f"{result.name} of {stored} {result.unit} is unusual. Please check it before saving."
        return ValueCheck("unusual", message, text=stored, **values)
    return ValueCheck("ok", "", text=stored, **values)


# --- loading and validation -------------------------------------------------------------------

_CHECKS = {
    "text": (lambda v: isinstance(v, str) and bool(v.strip()), "non-empty text"),
    "text?": (lambda v: isinstance(v, str), "text (it may be empty)"),
    "number": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    "list": (lambda v: isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v), "a list of text"),
    "snomed": (lambda v: isinstance(v, str) and v.isdigit(), "a SNOMED CT id made of digits, as text"),
    "object": (lambda v: isinstance(v, dict), "an object"),
}


def _field(raw: dict, key: str, where: str, check: str = "text", *, optional: bool = False) -> Any:
    """The value of ``key``, checked; a missing or null optional field gives None."""
    value = raw.get(key)
    if value is None:
        if optional:
            return None
        raise ReferenceDataError(f"{where} is missing the field '{key}'")
    test, wanted = _CHECKS[check]
    if not test(value):
        raise ReferenceDataError(f"{where}: the field '{key}' must be {wanted}")
    return value.strip() if isinstance(value, str) else value


def _ranges(raw: dict, key: str, where: str, *, optional: bool) -> tuple[Any, Any]:
    block = _field(raw, key, where, "object", optional=optional) or {}
    if not block:
        return None, None
    pairs = [block.get("systolic"), block.get("diastolic")]
    if not all(isinstance(p, list) and len(p) == 2 and all(_CHECKS["number"][0](n) for n in p) for p in pairs):
        raise ReferenceDataError(f"{where}: '{key}' needs systolic and diastolic as [lowest, highest]")
    return tuple(map(float, pairs[0])), tuple(map(float, pairs[1]))


def _parse_result(raw: dict, where: str) -> ResultType:
    kind = _field(raw, "kind", where)
    if kind not in KINDS:
        raise ReferenceDataError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    extra: dict[str, Any] = {}
    if kind == "number":
        for key in ("plausible_min", "plausible_max", "usual_min", "usual_max"):
            value = _field(raw, key, where, "number", optional=key.startswith("usual"))
            extra[key] = None if value is None else float(value)
        if extra["plausible_min"] > extra["plausible_max"]:
            raise ReferenceDataError(f"{where}: 'plausible_min' is more than 'plausible_max'")
    elif kind == "blood_pressure":
        extra["systolic_plausible"], extra["diastolic_plausible"] = _ranges(raw, "plausible", where, optional=False)
        extra["systolic_usual"], extra["diastolic_usual"] = _ranges(raw, "usual", where, optional=True)
    else:
        extra["choices"] = tuple(_field(raw, "choices", where, "list"))
        plain = _field(raw, "choice_plain", where, "object", optional=True) or {}
        if not extra["choices"] or not set(plain) <= set(extra["choices"]):
            raise ReferenceDataError(f"{where}: needs a non-empty 'choices' list; 'choice_plain' keys must be choices")
        extra["choice_plain"] = tuple((k, str(v)) for k, v in plain.items())
    target = _field(raw, "target", where, "object", optional=True)
    if target is not None:
        numbers = {k: _field(target, k, f"{where} target", "number", optional=True) for k in _TARGET_NUMBERS}
        target = Target(text=_field(target, "text", f"{where} target"), **numbers)
    return ResultType(
        code=_field(raw, "code", where), name=_field(raw, "name", where), plain_name=_field(raw, "plain_name", where),
        unit=_field(raw, "unit", where, "text?"), kind=kind, measures=_field(raw, "measures", where), target=target,
        snomed=_field(raw, "snomed", where, "snomed", optional=True), computed=raw.get("computed") is True, **extra,
    )


def _parse_condition(raw: dict, where: str) -> ConditionType:
    flags = tuple(_field(raw, "flags", where, "list"))
    if set(flags) - FLAGS:
        raise ReferenceDataError(f"{where}: unknown flag(s) {', '.join(sorted(set(flags) - FLAGS))}")
    return ConditionType(
        code=_field(raw, "code", where), name=_field(raw, "name", where), snomed=_field(raw, "snomed", where, "snomed"),
        snomed_display=_field(raw, "snomed_display", where), plain=_field(raw, "plain", where),
        flags=flags, results=tuple(_field(raw, "results", where, "list")),
    )


def _entries(path: Path, list_key: str) -> list[tuple[dict, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceDataError(f"{path}: cannot be read ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get(list_key), list):
        raise ReferenceDataError(f"{path}: expected an object with a '{list_key}' list")
    if data.get("version") != 1:
        raise ReferenceDataError(f"{path}: unsupported version {data.get('version')!r} (expected 1)")
    out = []
    for number, raw in enumerate(data[list_key], start=1):
        where = f"{path}: {list_key[:-1]} entry {number}"
        if not isinstance(raw, dict):
            raise ReferenceDataError(f"{where} is not an object")
        if isinstance(raw.get("code"), str):
            where += f" ('{raw['code']}')"
        out.append((raw, where))
    return out


def _unique(items: Iterable[Any], attr: str, path: Path) -> None:
    seen: set[str] = set()
    for item in items:
        value = getattr(item, attr)
        if value in seen:
            raise ReferenceDataError(f"{path}: the {attr} '{value}' is used by more than one entry")
        seen.add(value)


def read_reference_data(conditions_path: Path, results_path: Path) -> ReferenceData:
    """Read and validate the two files (no caching)."""
    results = [_parse_result(raw, where) for raw, where in _entries(Path(results_path), "results")]
    conditions = [_parse_condition(raw, where) for raw, where in _entries(Path(conditions_path), "conditions")]
    _unique(results, "code", results_path)
    _unique(conditions, "code", conditions_path)
    _unique(conditions, "snomed", conditions_path)
    known = {r.code for r in results}
    for c in conditions:
        for code in c.results:
            if code not in known:
                raise ReferenceDataError(f"{conditions_path}: condition '{c.code}' lists the result '{code}', "
                                         f"which is not in {results_path}")
    return ReferenceData(conditions, results)


_CACHE: dict[tuple, ReferenceData] = {}


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError as exc:
        raise ReferenceDataError(f"{path}: file not found") from exc


def load_reference_data() -> ReferenceData:
    """The catalogues in use (practice override first), re-read only when a file's path or mtime changes."""
    try:
        cpath, rpath = resource_file(CONDITIONS_FILE), resource_file(RESULTS_FILE)
    except FileNotFoundError as exc:
        raise ReferenceDataError(str(exc)) from exc
    key = (str(cpath), _stamp(cpath), str(rpath), _stamp(rpath))
    if key not in _CACHE:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = read_reference_data(cpath, rpath)
    return _CACHE[key]
