"""The native, full-fidelity form of every travelling record, and its schema.

A record travels as a JSON object: every column of its table except the local integer id, with
each foreign key written as the uuid of the record it points to (`patient_id` becomes
`patient_uuid`), dates and times in ISO 8601, and its history `clock`. Local-only columns
(which device is "this" one, its key) never travel. The schema of every entity is derived from
its table, so a new column travels without extra code, and every incoming record is checked
against it (names, required fields, types, lengths, allowed values) before anything changes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String

from careplan_desktop.models import (
    PLAN_PART_CLASSES, Appointment, CarePlan, Carer, Condition, Device, DirectoryEntry, LetterLog,
    Patient, PlanVersion, Practice, PrintLog, Recall, Result, Review, User, VersionStatus,
)
from careplan_desktop.models.codes import RegisterStatus
from careplan_desktop.domain import nhs_number

BOOKKEEPING = ("revision", "changed_by_device", "changed_at")
LOCAL_ONLY = {"device": {"is_this_device", "exchange_key_id"}}
LOCAL_DEFAULTS = {"device": {"is_this_device": False, "exchange_key_id": None}}
UUID_TEXT = re.compile(r"^[0-9A-Za-z-]{1,36}$")
PATIENT_FIELD = "patient_uuid"
#: the longest text a bundle may bring in any field without a length of its own (issue 14: a 5 MB
#: name was accepted); a plan's longest free text is a few thousand characters
MAX_TEXT = 20_000
MAX_JSON_CHARS = 200_000


@dataclass(frozen=True)
class Field:
    name: str  # as it travels
    column: str  # as it is stored
    kind: str  # str, int, float, bool, date, datetime, json
    nullable: bool
    max_length: int | None = None
    ref: str | None = None  # the entity a foreign key points to


@dataclass(frozen=True)
class Entity:
    name: str
    model: type
    fields: tuple[Field, ...]

    @property
    def table(self):
        return self.model.__table__

    @cached_property
    def refs(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.ref)

    @cached_property
    def is_plan_part(self) -> bool:
        return any(f.name == "plan_version_uuid" and f.ref for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _kind(column) -> str:
    for sql_type, kind in ((Boolean, "bool"), (Integer, "int"), (Float, "float"), (DateTime, "datetime"),
                           (Date, "date"), (JSON, "json"), (String, "str")):
        if isinstance(column.type, sql_type):
            return kind
    raise TypeError(f"no travelling form for {column}")


def _entity(model: type) -> Entity:
    table = model.__table__
    fields = []
    for column in table.columns:
        if column.name == "id" or column.name in LOCAL_ONLY.get(table.name, ()):
            continue
        ref = None
        name = column.name
        if column.foreign_keys:
            ref = next(iter(column.foreign_keys)).column.table.name
            name = column.name.removesuffix("_id") + "_uuid"
        length = getattr(column.type, "length", None) or (MAX_TEXT if _kind(column) == "str" else None)
        fields.append(Field(name, column.name, _kind(column), bool(column.nullable), length, ref))
    names = [f.name for f in fields]
    assert len(names) == len(set(names)), f"{table.name}: a foreign key clashes with a column"
    return Entity(table.name, model, tuple(fields))


#: in the order they are applied: whatever a record points to comes before it
ENTITIES: dict[str, Entity] = {
    e.name: e for e in map(_entity, (
        User, Device, DirectoryEntry, Practice, Patient, Condition, Carer, Appointment, Recall, Result, CarePlan,
        PlanVersion, *PLAN_PART_CLASSES, Review, LetterLog, PrintLog,
    ))
}
PLAN_PART_ENTITIES = tuple(name for name, e in ENTITIES.items() if e.is_plan_part)

#: what else travels: deletions and the audit trail (append-only, by uuid)
TOMBSTONE_FIELDS = (Field("uuid", "record_uuid", "str", False, 36), Field("entity", "entity", "str", False, 48),
                    Field("patient_uuid", "patient_uuid", "str", True, 36), Field("clock", "clock", "json", False),
                    Field("deleted_at", "deleted_at", "datetime", False),
                    Field("deleted_by_device", "deleted_by_device", "str", True, 36))
AUDIT_FIELDS = (Field("uuid", "uuid", "str", False, 36), Field("at", "at", "datetime", False),
                Field("user_uuid", "user_uuid", "str", True, 36), Field("device_uuid", "device_uuid", "str", True, 36),
                Field("action", "action", "str", False, 32), Field("entity", "entity", "str", False, 48),
                Field("record_uuid", "record_uuid", "str", True, 36), Field("patient_uuid", "patient_id", "str", True, 36),
                Field("details", "details", "json", True))

_ALLOWED = {("plan_version", "status"): {s.value for s in VersionStatus},
            ("patient", "register_status"): {s.value for s in RegisterStatus}}


# -- to and from the travelling form -------------------------------------------------------
def _out(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return value.isoformat()
    if kind == "datetime":
        return value.isoformat(timespec="microseconds" if value.microsecond else "seconds")
    return value


def _in(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "float":
        return float(value)
    return value


def to_native(entity: Entity, row: Any, uuid_of: dict[str, dict[int, str]], clock: dict[str, int]) -> dict:
    """A database row (mapping of columns) in its travelling form."""
    out: dict[str, Any] = {}
    for f in entity.fields:
        value = row[f.column]
        out[f.name] = uuid_of[f.ref].get(value) if f.ref and value is not None else _out(f.kind, value)
    out["clock"] = clock
    return out


def to_columns(entity: Entity, record: dict, id_of: dict[str, dict[str, int]]) -> dict:
    """A checked travelling record as column values; foreign keys must already exist here."""
    out: dict[str, Any] = {}
    for f in entity.fields:
        value = record.get(f.name)
        out[f.column] = id_of[f.ref][value] if f.ref and value is not None else _in(f.kind, value)
    return out


def missing_refs(entity: Entity, record: dict, id_of: dict[str, dict[str, int]]) -> list[str]:
    """The records this one points to that this vault does not hold."""
    return [record[f.name] for f in entity.refs if record.get(f.name) is not None and record[f.name] not in id_of[f.ref]]


def content(entity: Entity, record: dict | None) -> dict | None:
    """What a person recorded, without the bookkeeping: equal contents mean the same record."""
    if record is None:
        return None
    return {f.name: record.get(f.name) for f in entity.fields if f.name not in BOOKKEEPING}


def patient_uuid_of(entity: Entity, record: dict, version_patients: dict[str, str]) -> str | None:
    if entity.name == "patient":
        return record["uuid"]
    if PATIENT_FIELD in record:
        return record[PATIENT_FIELD]
    if entity.is_plan_part:
        return version_patients.get(record.get("plan_version_uuid"))
    return None


# -- schema ----------------------------------------------------------------------------------
def _type_problem(f: Field, value: Any) -> str | None:
    if value is None:
        return None if f.nullable else "is missing a value"
    if f.ref or f.name == "uuid" or f.name.endswith("_uuid"):
        return None if isinstance(value, str) and UUID_TEXT.match(value) else "is not a record id"
    checks = {
        "str": lambda v: isinstance(v, str) and (f.max_length is None or len(v) <= f.max_length),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**62,
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) < 1e300,
        "bool": lambda v: isinstance(v, bool),
        "json": lambda v: isinstance(v, (list, dict)),
    }
    if f.kind == "str" and isinstance(value, str) and f.max_length and len(value) > f.max_length:
        return f"is longer than {f.max_length:,} characters"
    if f.kind in checks:
        return None if checks[f.kind](value) else f"is not {'short ' if f.max_length else ''}{_WORDS[f.kind]}"
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError
        _in(f.kind, value)
    except ValueError:
        return f"is not {_WORDS[f.kind]}"
    return None


_WORDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false", "json": "a list or object",
          "date": "a date (YYYY-MM-DD)", "datetime": "a date and time"}


def check_clock(value: Any) -> bool:
    return isinstance(value, dict) and 0 < len(value) <= 10_000 and all(
        isinstance(k, str) and len(k) <= 36 and isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2**62
        for k, v in value.items()
    )


_FAST = {
    "str": lambda f: (lambda v: type(v) is str and (f.max_length is None or len(v) <= f.max_length)),
    "int": lambda f: (lambda v: type(v) is int and abs(v) < 2**62),
    "bool": lambda f: (lambda v: type(v) is bool),
    "json": lambda f: (lambda v: type(v) in (list, dict)),
}
_KNOWN: dict[tuple, tuple[frozenset, list]] = {}


def _fast_check(f: Field):
    """A quick test that passes the common, sound values; anything else gets the full check."""
    if f.ref or f.name == "uuid" or f.name.endswith("_uuid"):
        return lambda v: type(v) is str and UUID_TEXT.match(v) is not None
    if f.kind in _FAST:
        return _FAST[f.kind](f)
    return lambda v: False


def check_fields(fields: tuple[Field, ...], record: Any, extra: frozenset[str] = frozenset()) -> list[str]:
    if not isinstance(record, dict):
        return ["is not an object"]
    key = (fields, extra)
    if key not in _KNOWN:
        _KNOWN[key] = (frozenset(f.name for f in fields) | extra, [(f, _fast_check(f)) for f in fields])
    known, checks = _KNOWN[key]
    problems = [f"has an unknown field '{name[:40]}'" for name in record if name not in known]
    for f, quick in checks:
        if f.name not in record:
            problems.append(f"lacks the field '{f.name}'")
            continue
        value = record[f.name]
        if (value is None and f.nullable) or quick(value):
            continue
        problem = _type_problem(f, value)
        if problem:
            problems.append(f"field '{f.name}' {problem}")
    return problems


def nhs_number_problem(value: Any) -> str | None:
    """What is wrong with an NHS number as a bundle carries it (exactly ten ASCII digits, a valid
    NHS number), or None. Never quotes the number."""
    if nhs_number.is_stored_form(value) and len(set(value)) > 1:
        return None
    if isinstance(value, str) and re.fullmatch(r"([0-9])\1{9}", value):
        return "is not a valid NHS number (ten of the same digit)"
    if isinstance(value, str) and nhs_number.has_other_digits(value):
        return "holds characters that look like digits but are not the digits 0-9"
    if isinstance(value, str) and re.fullmatch(r"[0-9]{10}", value):
        return "is not a valid NHS number (its check digit or first digits are wrong)"
    return "is not ten digits"


def check_record(entity: Entity, record: Any) -> list[str]:
    """Everything wrong with one incoming record (an empty list when it is sound)."""
    problems = check_fields(entity.fields, record, frozenset({"clock"}))
    if problems:
        return problems
    if not check_clock(record.get("clock")):
        problems.append("field 'clock' is not a history clock")
    if record["revision"] < 1:
        problems.append("field 'revision' is below 1")
    for f in entity.fields:
        if f.kind == "json" and record[f.name] is not None and len(json.dumps(record[f.name])) > MAX_JSON_CHARS:
            problems.append(f"field '{f.name}' is too long")
    for (name, field), allowed in _ALLOWED.items():
        if name == entity.name and record[field] not in allowed:
            problems.append(f"field '{field}' is not one of {', '.join(sorted(allowed))}")
    if entity.name == "patient":
        problem = nhs_number_problem(record["nhs_number"])
        if problem:
            problems.append(f"field 'nhs_number' {problem}")
        if record["level_of_need"] not in (1, 2, 3):
            problems.append("field 'level_of_need' is not 1, 2 or 3")
    return problems
