"""Reading and checking the rows of a practice-system search export (CSV) before anything is
written: which column holds what (`read_headers`, `guess_mapping`, `check_mapping`) and each
row as it would be stored, or the reason it cannot be (`validate_rows`). Nothing here touches
the vault; `register_import` previews and writes.

Row numbers are those a spreadsheet shows: the header is row 1, the first person row 2.
Reasons name the field and may quote that row's own value (an unknown condition), never
anyone else's details.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careplan_desktop.domain import nhs_number
from careplan_desktop.domain.csv_files import read_table
from careplan_desktop.services.register.person import normalise_postcode
from careplan_desktop.domain.reference import ReferenceData, load_reference_data
from careplan_desktop.domain.uk_dates import AMBIGUOUS_IN_FILE, check_date_of_birth, file_reads_month_first, read_uk_date

#: field -> (label for the screen, header names recognised, most specific first, "|" between them)
_FIELD_TABLE = {
    "nhs_number": ("NHS number", "nhs number|nhs no|nhsnumber|nhs num|nhs"),
    "title": ("Title", "title"),
    "given_name": ("Given name", "given name|given names|forename|forenames|first name|first names|firstname"),
    "family_name": ("Family name", "family name|surname|last name|lastname|familyname"),
    "preferred_name": ("Preferred name", "preferred name|known as|calling name"),
    "date_of_birth": ("Date of birth", "date of birth|dob|d o b|birth date|birthdate|dateofbirth"),
    "sex": ("Sex", "sex|gender"),
    "address": ("Address line 1", "address|address line 1|address 1|address1|house name flat number|usual address"),
    "address_2": ("Address line 2", "address line 2|address 2|address2|number road street|street"),
    "address_3": ("Address line 3", "address line 3|address 3|address3|locality|village"),
    "town": ("Town", "town|post town|town city|city"),
    "county": ("County", "county"),
    "postcode": ("Postcode", "postcode|post code|postal code"),
    "phone": ("Phone", "telephone|phone|telephone number|phone number|home telephone|home phone|tel|contact number"
                       "|mobile|mobile telephone|mobile number"),
    "gp_name": ("Usual GP", "usual gp|usual gp name|usual gp full name|registered gp|gp name|gp"),
    "conditions": ("Conditions", "conditions|problems|long term conditions|ltcs|ltc|diagnoses|active problems"
                                 "|condition"),
    "level_of_need": ("Level of need", "level of need|level|need level|care level"),
    "housebound": ("Housebound", "housebound|house bound"),
    "lead_professional": ("Lead professional", "lead professional|key worker|named lead"),
    "interpreter_language": ("Interpreter language", "interpreter language|interpreter"),
}
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    name: (label, tuple(names.split("|"))) for name, (label, names) in _FIELD_TABLE.items()}
REQUIRED = ("nhs_number", "family_name", "given_name", "date_of_birth")
_MISSING = {"nhs_number": "NHS number is missing.", "family_name": "Family name is missing.",
            "given_name": "Given name is missing.", "date_of_birth": "Date of birth is missing."}
_ADDRESS = ("address", "address_2", "address_3", "town", "county")
_TEXT = ("title", "given_name", "family_name", "preferred_name", "phone", "gp_name", "lead_professional",
         "interpreter_language")
_SEX = {"f": "female", "female": "female", "m": "male", "male": "male", "o": "other", "other": "other",
        "i": "other", "indeterminate": "other", "u": "unknown", "unknown": "unknown", "not known": "unknown"}
_YES = {"y", "yes", "true", "1", "x"}
_NO = {"n", "no", "false", "0"}

class ImportFileError(ValueError):
    """The file cannot be imported at all; `str(error)` says why (no patient data)."""


@dataclass(frozen=True)
class ImportedPerson:
    """One row as it will be stored: Patient attributes present in the row, and condition codes."""

    nhs_number: str
    values: dict[str, Any]
    condition_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckedRow:
    row_number: int
    person: ImportedPerson | None  # None when rejected
    problem: str | None = None
    nhs_number: str = ""  # the row's NHS number when it is valid, even if the row is rejected


# -- reading the file -----------------------------------------------------------------------------------
def _read_table(path: Path | str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    return read_table(path, ImportFileError)


def read_headers(path: Path | str) -> list[str]:
    return _read_table(path)[0]


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """field -> column for every field whose column can be recognised; each column used once."""
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(_key(header), header)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for name, (_label, synonyms) in FIELDS.items():
        for synonym in synonyms:
            header = by_key.get(synonym)
            if header is not None and header not in used:
                mapping[name] = header
                used.add(header)
                break
    return mapping


def check_mapping(headers: Sequence[str], mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping; an empty list means it can be used."""
    problems = [f"Choose the column for {FIELDS[name][0].lower()}." for name in REQUIRED if not mapping.get(name)]
    problems += [f"'{name}' is not something this app imports." for name in mapping if name not in FIELDS]
    problems += [f"There is no column called '{column}'." for column in mapping.values()
                 if column and column not in headers]
    return problems


# -- checking rows --------------------------------------------------------------------------------------
def condition_aliases(reference: ReferenceData) -> dict[str, str]:
    """Every way an export may name a catalogue condition -> its code (clashing names dropped)."""
    aliases: dict[str, str] = {}
    clashes: set[str] = set()
    for c in reference.conditions:
        names = {c.code, c.name, c.snomed, c.snomed_display, c.plain}
        bracketed = re.fullmatch(r"(.*?)\s*\((.*)\)", c.name)
        if bracketed:
            names.update(bracketed.groups())
        for key in filter(None, map(_key, names)):
            if aliases.get(key, c.code) != c.code:
                clashes.add(key)
            aliases[key] = c.code
    for key in clashes:
        del aliases[key]
    return aliases


def _conditions(cell: str, aliases: dict[str, str]) -> tuple[tuple[str, ...], str | None]:
    items = [i.strip() for i in re.split(r"[;|]" if re.search(r"[;|]", cell) else ",", cell) if i.strip()]
    codes, unknown = [], []
    for item in items:
        code = aliases.get(_key(item))
        if code is None:
            unknown.append(item)
        elif code not in codes:
            codes.append(code)
    if unknown:
        noun = "condition" if len(unknown) == 1 else "conditions"
        return (), f"Unknown {noun}: {', '.join(unknown)} (not in the condition catalogue)."
    return tuple(codes), None


def _check_row(cells: dict[str, str], today: dt.date, aliases: dict[str, str],
               month_first_file: bool) -> tuple[ImportedPerson | None, list[str], str]:
    """The row as it will be stored (or None), its problems, and its NHS number if that is valid."""
    problems = [_MISSING[name] for name in REQUIRED if not cells.get(name)]
    values: dict[str, Any] = {}
    digits = ""
    if cells.get("nhs_number"):
        try:
            digits = nhs_number.normalise(cells["nhs_number"])
        except nhs_number.InvalidNhsNumber as error:
            problems.append(str(error))
    if cells.get("date_of_birth"):
        reading = read_uk_date(cells["date_of_birth"])
        ambiguous = month_first_file and reading.could_be_month_first
        unreadable = reading.problem or (AMBIGUOUS_IN_FILE if ambiguous else None)
        implausible = None if unreadable else check_date_of_birth(reading.value, today)  # type: ignore[arg-type]
        if unreadable:
            problems.append(f"Date of birth: {unreadable[0].lower()}{unreadable[1:]}")
        elif implausible:
            problems.append(implausible)  # already names the date of birth
        else:
            values["date_of_birth"] = reading.value
            values["birth_month"] = reading.value.month  # type: ignore[union-attr]
    for name in _TEXT:
        if cells.get(name):
            values[name] = cells[name]
    address = ", ".join(cells[name] for name in _ADDRESS if cells.get(name))
    if address:
        values["address"] = address
    if cells.get("postcode"):
        values["postcode"] = normalise_postcode(cells["postcode"])
    if cells.get("sex"):
        sex = _SEX.get(cells["sex"].lower())
        if sex is None:
            problems.append("Sex is not recognised: use female, male, other or unknown.")
        values["sex"] = sex
    if cells.get("level_of_need"):
        level = re.fullmatch(r"(?:level\s*|l)?([123])", cells["level_of_need"].lower())
        if level is None:
            problems.append("Level of need must be 1, 2 or 3.")
        else:
            values["level_of_need"] = int(level.group(1))
    if cells.get("housebound"):
        answer = cells["housebound"].lower()
        if answer not in _YES | _NO:
            problems.append("Housebound must be yes or no.")
        values["housebound"] = answer in _YES
    codes: tuple[str, ...] = ()
    if cells.get("conditions"):
        codes, problem = _conditions(cells["conditions"], aliases)
        if problem:
            problems.append(problem)
    if problems:
        return None, problems, digits
    return ImportedPerson(digits, values, codes), [], digits


def _check_table(headers: list[str], rows: list[tuple[int, list[str]]], mapping: dict[str, str],
                 today: dt.date, reference: ReferenceData) -> list[CheckedRow]:
    columns = {name: headers.index(column) for name, column in mapping.items() if column in headers}

    def cell(cells: list[str], index: int) -> str:
        return " ".join(cells[index].split()) if index < len(cells) else ""

    month_first_file = "date_of_birth" in columns and file_reads_month_first(
        cell(cells, columns["date_of_birth"]) for _, cells in rows)
    aliases = condition_aliases(reference)
    first_row_of: dict[str, int] = {}
    checked = []
    for number, cells in rows:
        values = {name: cell(cells, index) for name, index in columns.items()}
        person, problems, key = _check_row(values, today, aliases, month_first_file)
        if any(c.strip() for c in cells[len(headers):]):  # the values after a stray separator are in wrong columns
            problems.insert(0, f"This row has more values than the file has columns ({len(cells)}, not "
                               f"{len(headers)}): a value holding the separator (a comma, say) needs quote marks "
                               "around it, or the values after it land in the wrong columns.")
            person = None
        if key and key in first_row_of:
            problems.insert(0, f"Duplicate of row {first_row_of[key]} (same NHS number).")
            person = None
        elif key:
            first_row_of[key] = number
        checked.append(CheckedRow(number, person, " ".join(problems) or None, key))
    return checked


def validate_rows(path: Path | str, mapping: dict[str, str], *, today: dt.date | None = None,
                  reference: ReferenceData | None = None) -> list[CheckedRow]:
    """Every row of the file, checked; nothing is written."""
    headers, rows = _read_table(path)
    problems = check_mapping(headers, mapping)
    if problems:
        raise ImportFileError(" ".join(problems))
    return _check_table(headers, rows, mapping, today or dt.date.today(), reference or load_reference_data())
