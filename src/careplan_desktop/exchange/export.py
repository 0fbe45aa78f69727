"""Export: choose what goes, build the bundle, write it atomically, read it back, and only then
mark what it carried as sent.

Scope "changed" (the default) takes what is pending for the destination; "people" takes
everything about the chosen people; "all" takes everything. Whatever the scope, a bundle is
self-contained: every record comes with the records it points to (a goal with its plan version,
plan and person), and an agreed plan version always travels with all its parts, so bundles
can be applied in any order.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import uuid as uuid_module
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplan_desktop.models import AuditEvent, Destination, Patient, Tombstone, VersionStatus, record_event, utcnow
from careplan_desktop.models.exchange import Signer
from careplan_desktop.domain.nhs_number import InvalidNhsNumber, normalise

from careplan_desktop.store.private_files import write_private
from . import container
from .errors import ExchangeError
from .fhir import _reference_data, plan_document
from .inbox import check_bundle_bytes
from .keys import export_key
from .people_links import links_of
from .signing import SIGNATURE_ENTRY, ensure_own_key, signature_entry
from .outbox import (
    LOCAL_AUDIT_ENTITIES, ensure_destination, folder_reachable, pending_records_query, travelling_audit, upsert_sent,
)
from .records import ENTITIES, PLAN_PART_ENTITIES
from .snapshots import RecordReader, practice_records, printout_renderer, snapshots_from_records

log = logging.getLogger(__name__)
SCOPES = ("changed", "people", "all")
FIXED = (VersionStatus.AGREED.value, VersionStatus.SUPERSEDED.value)
#: fast deflate: level 6 makes a bundle of 1,000 plans with printouts 3% smaller for 30% more packing time
ZIP_LEVEL = 1


@dataclass
class ExportResult:
    path: Path | None
    bundle_id: str | None
    counts: dict[str, int] = field(default_factory=dict)
    fhir_documents: int = 0
    printouts: int = 0
    nothing_to_send: bool = False

    @property
    def records(self) -> int:
        return sum(n for name, n in self.counts.items() if name in ENTITIES)


@dataclass
class _Selection:
    rows: dict[str, dict[int, dict]]  # entity -> local id -> raw row
    tombstones: list[Tombstone]
    audit: list[AuditEvent]
    has_records: bool = True

    @property
    def empty(self) -> bool:
        return not self.has_records and not self.tombstones and not self.audit


def bundle_file_name(device_uuid: str, now: dt.datetime) -> str:
    return f"careplan-{device_uuid.replace('-', '')[:8]}-{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}{container.SUFFIX}"


def _select(session: Session, destination: Destination, scope: str, patient_ids: set[int]) -> _Selection:
    reader = RecordReader(session)
    rows: dict[str, dict[int, dict]] = {name: {} for name in ENTITIES}
    for name, entity in ENTITIES.items():
        if scope == "changed":
            found = session.execute(pending_records_query(name, destination.id)).mappings().all()
        elif scope == "all":
            found = reader.rows(entity)
        elif name == "patient":
            found = reader.rows(entity, "id", patient_ids)
        elif "patient_id" in entity.table.c:
            found = reader.rows(entity, "patient_id", patient_ids)
        elif entity.is_plan_part:
            found = reader.rows(entity, "plan_version_id", rows["plan_version"].keys())
        else:
            found = []
        rows[name].update({row["id"]: row for row in found})
    has_records = any(rows.values())
    device = ENTITIES["device"]  # every bundle names the computer it comes from, in full
    for row in reader.rows(device, "is_this_device", [True]):
        rows["device"][row["id"]] = row
    _close_over_references(reader, rows)
    tombstones = select(Tombstone).order_by(Tombstone.id)
    audit = select(AuditEvent).where(AuditEvent.entity.not_in(LOCAL_AUDIT_ENTITIES)).order_by(AuditEvent.id)
    if scope == "changed":
        tombstones = tombstones.where(Tombstone.id > destination.tombstone_watermark)
        audit = travelling_audit(select(AuditEvent), destination.audit_watermark).order_by(AuditEvent.id)
    elif scope == "people":
        uuids = [reader.uuid_of("patient")[i] for i in patient_ids]
        tombstones = tombstones.where(Tombstone.patient_uuid.in_(uuids))
        audit = audit.where(AuditEvent.patient_id.in_(patient_ids))
    return _Selection(rows, list(session.scalars(tombstones)), list(session.scalars(audit)), has_records)


def _close_over_references(reader: RecordReader, rows: dict[str, dict[int, dict]]) -> None:
    """Add what the chosen records point to, and all parts of every agreed version, until stable."""
    while True:
        wanted: dict[str, set[int]] = {}
        for name, entity in ENTITIES.items():
            for f in entity.refs:
                ids = {row[f.column] for row in rows[name].values() if row[f.column] is not None}
                wanted.setdefault(f.ref, set()).update(ids - rows[f.ref].keys())
        fixed = {i for i, row in rows["plan_version"].items() if row["status"] in FIXED}
        added = False
        for name, ids in wanted.items():
            for row in reader.rows(ENTITIES[name], "id", ids):
                rows[name][row["id"]] = row
                added = True
        for name in PLAN_PART_ENTITIES:
            for row in reader.rows(ENTITIES[name], "plan_version_id", fixed):
                if row["id"] not in rows[name]:
                    rows[name][row["id"]] = row
                    added = True
        if not added:
            return


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


@dataclass
class _Built:
    entries: list[tuple[str, bytes]]
    counts: dict[str, int]
    documents: int
    pdfs: int
    new_printouts: list = field(default_factory=list)  # rendered now: stored once the bundle is sent


def _printouts(session: Session, versions: list[dict]) -> dict:
    """The printouts of the agreed versions: from the vault's printout store where still valid,
    rendered otherwise (and stored only if the export succeeds)."""
    store = printout_renderer()
    agreed = [v["uuid"] for v in versions if v["status"] == VersionStatus.AGREED.value]
    if store is None or not agreed:
        return {}
    try:
        return store.printouts_of(session, agreed, skip_failed=True)
    except Exception as error:  # a printout problem must not stop the records travelling
        log.warning("yellow-folder printouts could not be made for a bundle (%s); sent without them", type(error).__name__)
        return {}


def _build(session: Session, selection: _Selection, vault, *, bundle_id: str, scope: str, printouts: bool,
           now: dt.datetime, key_id: str) -> _Built:
    reader = RecordReader(session)
    records = {name: reader.native(ENTITIES[name], selection.rows[name].values()) for name in ENTITIES}
    patient_uuid = reader.uuid_of("patient")
    entries: list[tuple[str, bytes]] = []
    counts: dict[str, int] = {}
    for name, items in records.items():
        if items:
            entries.append((f"records/{name}.json", _json(items)))
            counts[name] = len(items)
    if selection.tombstones:
        entries.append(("records/tombstone.json", _json([
            {"uuid": t.record_uuid, "entity": t.entity, "patient_uuid": t.patient_uuid, "clock": t.clock,
             "deleted_at": t.deleted_at.isoformat(), "deleted_by_device": t.deleted_by_device} for t in selection.tombstones])))
        counts["tombstone"] = len(selection.tombstones)
    if selection.audit:
        entries.append(("records/audit_event.json", _json([
            {"uuid": a.uuid, "at": a.at.isoformat(), "user_uuid": a.user_uuid, "user_role": a.user_role,
             "device_uuid": a.device_uuid,
             "action": a.action[:32], "entity": a.entity, "record_uuid": a.record_uuid,
             "patient_uuid": patient_uuid.get(a.patient_id) if a.patient_id else None, "details": a.details}
            for a in selection.audit])))
        counts["audit_event"] = len(selection.audit)
    versions = [v["uuid"] for v in records["plan_version"] if v["status"] in FIXED]
    complete = _complete_people(session, reader, records, versions)
    made = _printouts(session, records["plan_version"]) if printouts else {}
    reference = _reference_data()  # the results catalogue, read once for all the documents
    documents = pdfs = 0
    for snapshot in snapshots_from_records(complete, versions):
        uuid = snapshot.version["uuid"]
        if uuid in made:
            snapshot.pdf = made[uuid].pdf
            entries.append((f"printouts/{uuid}.pdf", snapshot.pdf))
            pdfs += 1
        entries.append((f"fhir/{uuid}.json", _json(plan_document(snapshot, reference))))
        documents += 1
    counts["fhir"], counts["printouts"] = documents, pdfs
    me = vault.actor.device_uuid
    manifest = {
        "format": "careplan-bundle", "format_version": container.FORMAT_VERSION, "bundle_id": bundle_id,
        "created": now.isoformat(), "scope": scope, "key_id": key_id,
        "source_device": {"uuid": me, "name": vault.device_name},
        "counts": counts, "entries": {name: hashlib.sha256(data).hexdigest() for name, data in entries},
        "person_links": links_of(session),
    }
    manifest_bytes = _json(manifest)
    signed = signature_entry(session.get(Signer, me), manifest_bytes)
    return _Built([("manifest.json", manifest_bytes), (SIGNATURE_ENTRY, signed), *entries], counts, documents, pdfs,
                  [p for p in made.values() if p.fresh])


def _complete_people(session, reader: RecordReader, records: dict[str, list[dict]], versions: list[str]) -> dict[str, list[dict]]:
    """The records the FHIR documents need (conditions, results, reviews of those people), read
    when the scope did not already carry them."""
    if not versions:
        return records
    wanted = {v["patient_uuid"] for v in records["plan_version"] if v["uuid"] in set(versions)}
    have = {name: {r["uuid"] for r in records[name]} for name in ("condition", "result", "review")}
    ids = [i for i, u in reader.uuid_of("patient").items() if u in wanted]
    out = dict(records)
    if not records.get("practice"):  # the documents' custodian, whether or not it travels this time
        out["practice"] = practice_records(reader)
    for name in ("condition", "result", "review"):
        extra = reader.native(ENTITIES[name], reader.rows(ENTITIES[name], "patient_id", ids))
        out[name] = records[name] + [r for r in extra if r["uuid"] not in have[name]]
    return out


def _write_atomically(folder: Path, name: str, data: bytes) -> Path:
    try:
        return write_private(folder / name, data, overwrite=False)
    except FileExistsError:
        raise ExchangeError("A bundle with the same name is already there.") from None


def _verify(path: Path, expected: bytes, keys: dict[str, bytes]) -> None:
    written = path.read_bytes()
    if written != expected:
        raise ExchangeError("The bundle read back from the folder differs from what was written.")
    check_bundle_bytes(written, keys)


def _mark_sent(session: Session, destination: Destination, selection: _Selection, scope: str, result: ExportResult) -> None:
    rows = [{"destination_id": destination.id, "record_uuid": row["uuid"], "entity": name, "revision": row["revision"],
             "changed_by_device": row["changed_by_device"]}
            for name, found in selection.rows.items() for row in found.values()]
    upsert_sent(session, rows)
    if scope != "people":
        if selection.audit:
            destination.audit_watermark = max(destination.audit_watermark, max(a.id for a in selection.audit))
        if selection.tombstones:
            destination.tombstone_watermark = max(destination.tombstone_watermark, max(t.id for t in selection.tombstones))
    destination.last_export_at = utcnow()
    destination.last_export_file = result.path.name if result.path else None
    destination.last_export_records = result.records
    destination.last_error = destination.last_error_at = None
    record_event(session, "bundle exported", "exchange_destination", destination.uuid,
                 details={"bundle": result.bundle_id, "file": destination.last_export_file, "counts": result.counts})


def export_bundle(vault, folder: str | os.PathLike, *, scope: str = "changed", nhs_numbers: tuple[str, ...] = (),
                  printouts: bool = True, destination_name: str | None = None) -> ExportResult:
    """Export to a destination folder (set up on first use). Raises ExchangeError on failure,
    leaving nothing under the final name and everything still pending."""
    if scope not in SCOPES:
        raise ExchangeError(f"Choose what to export: one of {', '.join(SCOPES)}.")
    folder = Path(folder)
    if not folder_reachable(folder):
        raise ExchangeError(f"The folder {folder} cannot be reached or written to. Plug in the drive or check the path.")
    with vault.transaction() as session:
        # a folder first met here (a headless `export --to`) is remembered for "changed since the
        # last export there", but is not exported to automatically until the nurse says so
        destination_id = ensure_destination(session, folder, destination_name, auto_export=False).id
        ensure_own_key(session, vault.actor.device_uuid, vault.device_name or "This computer")
    try:
        with vault.reader() as session:
            destination = session.get(Destination, destination_id)
            key_id, key = export_key(session)
            patient_ids = _patient_ids(session, nhs_numbers) if scope == "people" else set()
            selection = _select(session, destination, scope, patient_ids)
            if selection.empty:
                return ExportResult(None, None, nothing_to_send=True)
            now = utcnow()
            bundle_id = str(uuid_module.uuid4())
            built = _build(session, selection, vault, bundle_id=bundle_id, scope=scope, printouts=printouts, now=now,
                           key_id=key_id)
        sealed = container.seal(container.build_zip(built.entries, compresslevel=ZIP_LEVEL), key, key_id)
        name = bundle_file_name(vault.actor.device_uuid or "unknown", now)
        result = ExportResult(None, bundle_id, built.counts, built.documents, built.pdfs)
        path = _write_atomically(folder, name, sealed)
        try:
            _verify(path, sealed, {key_id: key})
        except Exception:
            path.unlink(missing_ok=True)
            raise
        result.path = path
        with vault.transaction() as session:  # the printouts made for it are kept with the sending
            _mark_sent(session, session.get(Destination, destination_id), selection, scope, result)
            if built.new_printouts:
                printout_renderer().keep(session, built.new_printouts)
        return result
    except ExchangeError as error:
        _note_failure(vault, destination_id, str(error))
        raise
    except OSError as error:
        message = f"The export to {folder} did not finish ({error.strerror or error}). Nothing was marked as sent; it will be tried again."
        _note_failure(vault, destination_id, message)
        raise ExchangeError(message) from None


def _note_failure(vault, destination_id: int, message: str) -> None:
    with contextlib.suppress(Exception), vault.transaction() as session:
        destination = session.get(Destination, destination_id)
        destination.last_error, destination.last_error_at = message, utcnow()


def _patient_ids(session: Session, nhs_numbers: tuple[str, ...]) -> set[int]:
    try:
        numbers = {normalise(n) for n in nhs_numbers if n.strip()}
    except InvalidNhsNumber as error:
        raise ExchangeError(str(error)) from None
    if not numbers:
        raise ExchangeError("Name at least one person by NHS number.")
    found = dict(session.execute(select(Patient.nhs_number, Patient.id).where(Patient.nhs_number.in_(numbers))).all())
    missing = len(numbers - found.keys())
    if missing:
        raise ExchangeError(f"{missing} of those NHS numbers {'is' if missing == 1 else 'are'} not on the register.")
    return set(found.values())
