"""Importing the register from a practice-system search export (CSV).

The steps a screen walks through: `read_headers` -> `guess_mapping` (the person can change
it; both in `import_rows`, which reads and checks rows) -> `preview` (the first rows as they will be stored, each with its problem) ->
`import_register` (one transaction for the whole file) -> `save_rejects_csv` (the rows that
were not imported, with the reason, to fix and import again).

Row numbers are those a spreadsheet shows: the header is row 1, the first person row 2.
A row whose NHS number is already in the vault updates that person: only the fields the
file has for them, and conditions are added, never removed. Reasons name the field and may
quote that row's own value (an unknown condition), never anyone else's details.

With `full_list=True` (the file is the practice system's full register), the people on the
register in the vault whose NHS number is on no row of the file (imported or rejected) are
reported as `to_check`: they may have died, moved away or left the register. The import never
changes them; the person importing marks each (`register.status`) or leaves them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from careplan_desktop.models import Actor, AuditEvent, Condition, Patient, new_uuid, record_event, utcnow
from careplan_desktop.models.audit import audit_values
from careplan_desktop.store.private_files import write_private
from careplan_desktop.store import Vault

from careplan_desktop.domain import nhs_number
from careplan_desktop.domain.reference import ReferenceData, load_reference_data
from careplan_desktop.services.register.import_rows import _TEXT, ImportedPerson, _read_table, validate_rows
from careplan_desktop.domain.uk_dates import format_uk_date
from careplan_desktop.services.staff.roles import require

FLUSH_EVERY = 1000  # rows written between flushes (and progress reports)
_IN_CHUNK = 500  # ids per IN (...) query

REJECTS_COLUMNS = ("Original row", "Why it was not imported")


@dataclass(frozen=True)
class PreviewRow:
    row_number: int
    values: dict[str, str]  # field -> the value as it will be stored, written for people
    problem: str | None = None
    action: str = ""  # "new", "update" (when a vault was given) or "reject"


@dataclass(frozen=True)
class Reject:
    row_number: int
    reason: str


@dataclass(frozen=True)
class ToCheck:
    """Someone on the register in the vault but not on the practice system's full list."""

    patient_uuid: str
    name: str
    nhs_number: str
    date_of_birth: dt.date


@dataclass(frozen=True)
class ImportReport:
    imported: int
    updated: int
    rejected: list[Reject] = field(default_factory=list)
    unchanged: int = 0  # already in the vault, and the file said nothing new about them
    cancelled: bool = False  # stopped by the person: nothing was saved
    to_check: tuple[ToCheck, ...] = ()  # with a full list: on the register here, not in the file


class _Stopped(Exception):
    """should_stop() said yes: roll back."""


def preview(path: Path | str, mapping: dict[str, str], n: int = 10, *, vault: Vault | None = None,
            today: dt.date | None = None) -> list[PreviewRow]:
    """The first n rows as they will be stored. With a vault, says which rows update someone."""
    reference = load_reference_data()
    checked = validate_rows(path, mapping, today=today, reference=reference)[:n]
    existing: set[str] = set()
    if vault is not None:
        numbers = [c.person.nhs_number for c in checked if c.person]
        with vault.reader() as session:
            existing = set(session.scalars(select(Patient.nhs_number).where(Patient.nhs_number.in_(numbers))))
    out = []
    for row in checked:
        if row.person is None:
            out.append(PreviewRow(row.row_number, {}, row.problem, "reject"))
            continue
        shown = {name: format_uk_date(v) if isinstance(v, dt.date) else ("yes" if v else "no") if isinstance(v, bool)
                 else str(v) for name, v in row.person.values.items() if name != "birth_month"}
        shown["nhs_number"] = nhs_number.formatted(row.person.nhs_number)
        shown["conditions"] = "; ".join(reference.condition(code).name for code in row.person.condition_codes)
        action = ("update" if row.person.nhs_number in existing else "new") if vault is not None else ""
        out.append(PreviewRow(row.row_number, shown, None, action))
    return out


# -- writing --------------------------------------------------------------------------------------------
# Speed: through the ORM, 10,000 new people took 31 s (SQLite cannot batch an INSERT whose key the database
# chooses, and ~58,000 ORM objects cost more than the writing). So new people, their conditions and their
# "created" audit events go in as Core executemany batches with ids taken here (after the transaction holds
# SQLite's write lock), carrying what `models.rules` writes for a created record (a test compares the two).
# People already in the vault are updated through the ORM, so the rules record which fields changed.
class _Ids:
    """The next free primary key of each table, within a transaction that holds the write lock."""

    def __init__(self, session: Session, *models: type) -> None:
        self._next = {m: (session.scalar(select(func.max(m.id))) or 0) + 1 for m in models}

    def take(self, model: type) -> int:
        number = self._next[model]
        self._next[model] = number + 1
        return number

    def number_audit_events(self, session: Session, _context: Any, _instances: Any) -> None:
        """Runs after the class-wide audit hook (instance listeners follow class listeners)."""
        for obj in session.new:
            if isinstance(obj, AuditEvent) and obj.id is None:
                obj.id = self.take(AuditEvent)


_CREATE_DEFAULTS = {name: None for name in (*_TEXT, "address", "postcode")}
_CREATE_DEFAULTS.update(sex="unknown", level_of_need=1, housebound=False)


@dataclass
class _Batch:
    """Rows for one executemany per table, stamped as the flush rules stamp a new record."""

    session: Session
    actor: Actor
    details: dict
    now: dt.datetime = field(default_factory=utcnow)
    patients: list[dict] = field(default_factory=list)
    conditions: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    def record(self, rows: list[dict], entity: str, values: dict, ids: _Ids, patient_id: int) -> None:
        values.update(uuid=new_uuid(), revision=1, changed_by_device=self.actor.device_uuid, changed_at=self.now)
        rows.append(values)
        self.events.append({"id": ids.take(AuditEvent), **audit_values(
            self.session, "created", entity, values["uuid"], patient_id=patient_id, details=self.details, at=self.now)})

    def write(self, session: Session) -> None:
        for model, rows in ((Patient, self.patients), (Condition, self.conditions), (AuditEvent, self.events)):
            if rows:
                session.execute(insert(model.__table__), rows)
            rows.clear()


def _condition_row(code: str, patient_id: int, ids: _Ids, reference: ReferenceData) -> dict:
    kind = reference.condition(code)
    return {"id": ids.take(Condition), "patient_id": patient_id, "code": code, "snomed_id": kind.snomed,
            "display": kind.name, "diagnosed_on": None}


def _new_patient(person: ImportedPerson, ids: _Ids, reference: ReferenceData, batch: _Batch) -> None:
    """Add the person, their conditions and the audit events for all of them to the batch."""
    patient_id = ids.take(Patient)
    values = {"id": patient_id, "nhs_number": person.nhs_number, **_CREATE_DEFAULTS, **person.values}
    batch.record(batch.patients, "patient", values, ids, patient_id)
    for code in person.condition_codes:
        batch.record(batch.conditions, "condition", _condition_row(code, patient_id, ids, reference), ids, patient_id)


def _update_patient(patient: Patient, person: ImportedPerson, ids: _Ids, reference: ReferenceData,
                    have: set[str]) -> list[Condition] | None:
    """Apply the row's fields; the conditions to add. None when nothing changed at all."""
    changed = False
    for name, value in person.values.items():
        if getattr(patient, name) != value:
            setattr(patient, name, value)
            changed = True
    added = [Condition(**_condition_row(code, patient.id, ids, reference))
             for code in person.condition_codes if code not in have]
    return added if changed or added else None


def import_register(
    vault: Vault,
    path: Path | str,
    mapping: dict[str, str],
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    today: dt.date | None = None,
    full_list: bool = False,
) -> ImportReport:
    """Import every acceptable row in one transaction. An unexpected error rolls everything back
    and propagates; `should_stop()` answering True does the same and reports `cancelled`.
    `full_list`: the file is the whole register; report who in the vault is missing from it."""
    require(vault, "keep the register")
    reference = load_reference_data()
    checked = validate_rows(path, mapping, today=today, reference=reference)
    rejects = [Reject(row.row_number, row.problem or "") for row in checked if row.person is None]
    people = [row.person for row in checked if row.person is not None]
    counts = {"imported": 0, "updated": 0, "unchanged": 0, "rejected": len(rejects)}
    done = 0

    def step(session: Session, batch: _Batch) -> None:
        nonlocal done
        done += 1
        if done % FLUSH_EVERY == 0 or done == len(people):
            session.flush()
            batch.write(session)
            if progress:
                progress(done, len(people))
            if should_stop and should_stop():
                raise _Stopped()

    try:
        with vault.transaction() as session:
            summary = record_event(session, "register imported", "patient")
            session.flush()  # the first write takes SQLite's write lock until commit
            ids = _Ids(session, Patient, Condition, AuditEvent)
            event.listen(session, "before_flush", ids.number_audit_events)
            session.info["audit_context"] = {"source": "register import"}
            batch = _Batch(session, session.info["actor"] or Actor(None, None), session.info["audit_context"])
            existing: dict[str, int] = {n: i for n, i in session.execute(select(Patient.nhs_number, Patient.id))}
            updates = {existing[p.nhs_number]: p for p in people if p.nhs_number in existing}
            keys = list(updates)
            for start in range(0, len(keys), _IN_CHUNK):
                chunk = keys[start:start + _IN_CHUNK]
                have: dict[int, set[str]] = {}
                for patient_id, code in session.execute(select(Condition.patient_id, Condition.code)
                                                        .where(Condition.patient_id.in_(chunk))):
                    have.setdefault(patient_id, set()).add(code)
                for patient in session.scalars(select(Patient).where(Patient.id.in_(chunk))):
                    added = _update_patient(patient, updates[patient.id], ids, reference, have.get(patient.id, set()))
                    counts["unchanged" if added is None else "updated"] += 1
                    session.add_all(added or ())
                    step(session, batch)
            for person in people:
                if person.nhs_number not in existing:
                    _new_patient(person, ids, reference, batch)
                    counts["imported"] += 1
                    step(session, batch)
            to_check = _not_on_the_list(session, {row.nhs_number for row in checked if row.nhs_number}) \
                if full_list else ()
            if full_list:
                counts["to_check"] = len(to_check)
            summary.details = counts
    except _Stopped:
        return ImportReport(0, 0, rejects, cancelled=True)
    return ImportReport(counts["imported"], counts["updated"], rejects, counts["unchanged"], to_check=to_check)


def _not_on_the_list(session: Session, listed: set[str]) -> tuple[ToCheck, ...]:
    """Everyone on the register here whose NHS number the full list does not hold (read only)."""
    found = session.execute(select(Patient.uuid, Patient.given_name, Patient.family_name, Patient.nhs_number,
                                   Patient.date_of_birth).where(Patient.on_register)
                            .order_by(Patient.family_name, Patient.given_name, Patient.id)).all()
    return tuple(ToCheck(uuid, f"{given} {family}", number, born)
                 for uuid, given, family, number, born in found if number not in listed)


def save_rejects_csv(rejects: Sequence[Reject], original_path: Path | str, out_path: Path | str) -> Path:
    """The rejected rows as they were in the file, plus the original row number and the reason.
    Fix them in a spreadsheet and import this file again (the extra columns are ignored)."""
    headers, rows = _read_table(original_path)
    by_number = dict(rows)
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([*headers, *REJECTS_COLUMNS])
    for reject in sorted(rejects, key=lambda r: r.row_number):
        cells = by_number.get(reject.row_number, [])
        writer.writerow([*cells, *[""] * (len(headers) - len(cells)), reject.row_number, reject.reason])
    return write_private(out_path, text.getvalue().encode("utf-8-sig"))  # people's details: owner only
