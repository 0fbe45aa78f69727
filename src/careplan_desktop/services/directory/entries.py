"""The practice's local directory of services and "more than medicine" support (peer support,
befriending, exercise, cooking, welfare rights, volunteering, structured education, social
prescribing ...), for picking in the consultation.

Practice-wide data, not patient data. Entries are never deleted (a plan may name one):
an entry no longer offered is deactivated and drops out of the picker.
`import_directory_csv` reads a CSV with the headers name, kind, offers, contact, hours,
notes (name and kind required) in one transaction: an entry already in the directory
(same name and kind, ignoring case) is updated, bad rows are listed with the row number a
spreadsheet shows (header row 1). A sample lives in resources/reference/directory_sample.csv.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from careplan_desktop.models import DirectoryEntry
from careplan_desktop.domain.paths import resource_file
from careplan_desktop.store import Vault

from careplan_desktop.domain.csv_files import read_table

COLUMNS = ("name", "kind", "offers", "contact", "hours", "notes")
REQUIRED = ("name", "kind")
SAMPLE_FILE = "reference/directory_sample.csv"


class DirectoryError(ValueError):
    """A directory entry or file that cannot be saved; `str(error)` says what to do."""


@dataclass(frozen=True)
class DirectoryItem:
    uuid: str
    name: str
    kind: str
    offers: str = ""
    contact: str = ""
    hours: str = ""
    notes: str = ""
    active: bool = True


@dataclass(frozen=True)
class DirectoryForm:
    """What the nurse or administrator types for an entry. "" for blank."""

    name: str = ""
    kind: str = ""
    offers: str = ""
    contact: str = ""
    hours: str = ""
    notes: str = ""


@dataclass(frozen=True)
class BadRow:
    row_number: int  # as a spreadsheet shows it: the header is row 1
    reason: str


@dataclass(frozen=True)
class DirectoryImportReport:
    added: int
    updated: int
    unchanged: int
    bad_rows: tuple[BadRow, ...] = field(default=())


def _item(entry: DirectoryEntry) -> DirectoryItem:
    return DirectoryItem(entry.uuid, entry.name, entry.kind, entry.offers or "", entry.contact or "",
                         entry.hours or "", entry.notes or "", entry.active)


def _clean(form: DirectoryForm) -> dict[str, str | None]:
    values = {name: " ".join(getattr(form, name).split()) for name in COLUMNS}
    missing = [name for name in REQUIRED if not values[name]]
    if missing:
        raise DirectoryError(f"Give the service a {' and a '.join(missing)}.")
    return {name: value or None if name not in REQUIRED else value for name, value in values.items()}


def _key(name: str, kind: str) -> tuple[str, str]:
    return " ".join(name.casefold().split()), " ".join(kind.casefold().split())


# -- reading ---------------------------------------------------------------------------------------

def list_directory(vault: Vault, *, include_inactive: bool = False) -> list[DirectoryItem]:
    """Every entry by kind then name; deactivated ones only when asked for (to manage them)."""
    query = select(DirectoryEntry)
    if not include_inactive:
        query = query.where(DirectoryEntry.active.is_(True))
    with vault.reader() as session:
        items = [_item(entry) for entry in session.scalars(query)]
    return sorted(items, key=lambda i: (i.kind.casefold(), i.name.casefold()))


def directory_kinds(vault: Vault) -> list[str]:
    """The kinds in use among active entries, for a filter list."""
    return sorted({item.kind for item in list_directory(vault)}, key=str.casefold)


def search_directory(vault: Vault, text: str = "", *, kind: str | None = None) -> list[DirectoryItem]:
    """Active entries matching every word typed in their name, kind or what they offer;
    names starting with what was typed come first. `kind` narrows to one kind."""
    words = text.casefold().split()
    found = []
    for item in list_directory(vault):
        if kind and item.kind.casefold() != kind.casefold():
            continue
        haystack = f"{item.name} {item.kind} {item.offers}".casefold()
        if all(word in haystack for word in words):
            name = item.name.casefold()
            rank = 0 if words and name.startswith(text.casefold().strip()) else 1 if any(w in name for w in words) else 2
            found.append((rank, item))
    return [item for rank, item in sorted(found, key=lambda pair: pair[0])]


def get_entry(vault: Vault, uuid: str) -> DirectoryItem:
    with vault.reader() as session:
        return _item(_entry(session, uuid))


def _entry(session, uuid: str) -> DirectoryEntry:
    entry = session.scalar(select(DirectoryEntry).where(DirectoryEntry.uuid == uuid))
    if entry is None:
        raise DirectoryError("This service is no longer in the directory.")
    return entry


# -- changing ----------------------------------------------------------------------------------------

def add_entry(vault: Vault, form: DirectoryForm) -> DirectoryItem:
    values = _clean(form)
    with vault.transaction() as session:
        wanted = _key(values["name"] or "", values["kind"] or "")
        for entry in session.scalars(select(DirectoryEntry)):
            if _key(entry.name, entry.kind) == wanted:
                raise DirectoryError(
                    "This service is already in the directory. Edit it there"
                    + (", or make it active again." if not entry.active else ".")
                )
        entry = DirectoryEntry(**values)
        session.add(entry)
        session.flush()
        return _item(entry)


def edit_entry(vault: Vault, uuid: str, form: DirectoryForm) -> DirectoryItem:
    values = _clean(form)
    with vault.transaction() as session:
        entry = _entry(session, uuid)
        for name, value in values.items():
            if getattr(entry, name) != value:
                setattr(entry, name, value)
        session.flush()
        return _item(entry)


def set_entry_active(vault: Vault, uuid: str, active: bool) -> DirectoryItem:
    """Deactivate (no longer offered: it leaves the picker, plans that name it keep it) or
    make active again."""
    with vault.transaction() as session:
        entry = _entry(session, uuid)
        if entry.active != active:
            entry.active = active
        session.flush()
        return _item(entry)


def deactivate_entry(vault: Vault, uuid: str) -> DirectoryItem:
    return set_entry_active(vault, uuid, False)


# -- importing ---------------------------------------------------------------------------------------

def _read_csv(path: Path | str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    headers, rows = read_table(path, DirectoryError)
    return [h.casefold() for h in headers], rows


def import_directory_csv(vault: Vault, path: Path | str) -> DirectoryImportReport:
    """Add or update the directory from a CSV file; one transaction for the whole file."""
    headers, rows = _read_csv(path)
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise DirectoryError(
            f"The file needs the column{'s' if len(missing) > 1 else ''} {' and '.join(missing)} in its first row "
            f"(the columns are: {', '.join(COLUMNS)})."
        )
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        raise DirectoryError(f"The file has a column this app does not know: '{unknown[0]}'. "
                             f"The columns are: {', '.join(COLUMNS)}.")
    where = {name: headers.index(name) for name in COLUMNS if name in headers}
    bad: list[BadRow] = []
    forms: dict[tuple[str, str], tuple[int, dict[str, str | None]]] = {}
    for number, cells in rows:
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers):]):
            bad.append(BadRow(number, "This row has more cells than the file has columns: check for a stray comma."))
            continue
        form = DirectoryForm(**{name: cells[i] if i < len(cells) else "" for name, i in where.items()})
        try:
            values = _clean(form)
        except DirectoryError:
            bad.append(BadRow(number, "The name or the kind of service is missing."))
            continue
        key = _key(values["name"] or "", values["kind"] or "")
        if key in forms:
            bad.append(BadRow(number, f"The same service is already on row {forms[key][0]}."))
            continue
        forms[key] = (number, values)
    added = updated = unchanged = 0
    with vault.transaction() as session:
        existing = {_key(e.name, e.kind): e for e in session.scalars(select(DirectoryEntry))}
        for key, (_number, values) in forms.items():
            entry = existing.get(key)
            if entry is None:
                session.add(DirectoryEntry(**values))
                added += 1
                continue
            given = {name: value for name, value in values.items() if name in where}  # absent columns: kept
            changes = {name: value for name, value in given.items() if getattr(entry, name) != value}
            if not entry.active:
                changes["active"] = True
            for name, value in changes.items():
                setattr(entry, name, value)
            updated, unchanged = (updated + 1, unchanged) if changes else (updated, unchanged + 1)
    return DirectoryImportReport(added, updated, unchanged, tuple(bad))


def sample_directory_path() -> Path:
    """The sample directory shipped with the app (or the practice's override of it)."""
    return resource_file(SAMPLE_FILE)
