"""Logical dumps of a vault, edits, and crafted bundles."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from sqlalchemy import select, text

from careplan_desktop.exchange import container
from careplan_desktop.exchange.records import ENTITIES
from careplan_desktop.exchange.snapshots import RecordReader
from careplan_desktop.models import Base, Conflict, Patient, PlanVersion, Tombstone
from careplan_desktop.services.demo.case_studies import JACK_NHS, JAMES_NHS, LORNA_NHS

SECRETS = [b"Lorna", b"Baxter", b"Morrison", b"Okafor", b"Susan", b"bingo", b"Andrea", LORNA_NHS.encode(),
           JACK_NHS.encode(), JAMES_NHS.encode()]


def full_dump(vault) -> dict:
    """Every row of every table, as stored: nothing excluded."""
    out = {}
    with vault.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(text(f'SELECT * FROM "{table.name}" ORDER BY 1')).all()
            out[table.name] = [tuple(row) for row in rows]
    return out


def logical_dump(vault) -> dict:
    """The records (by uuid, references as uuids, with history clocks), the open conflicts and
    the deletions: what must be equal whatever order bundles arrived in. Left out: local ids and
    clearly local bookkeeping (audit rows written by the import itself, times of application)."""
    out: dict = {}
    with vault.reader() as session:
        reader = RecordReader(session)
        for name, entity in ENTITIES.items():
            rows = reader.native(entity, reader.rows(entity))
            if name == "device":
                rows = [{k: v for k, v in r.items() if k not in ("first_seen",)} for r in rows]
            out[name] = {r["uuid"]: r for r in rows}
        out["conflicts"] = sorted(
            (c.kind, c.entity, c.record_uuid, json.dumps(c.local_snapshot, sort_keys=True),
             json.dumps(c.incoming_snapshot, sort_keys=True), json.dumps(c.incoming_clock, sort_keys=True))
            for c in session.scalars(select(Conflict).where(Conflict.resolved_at.is_(None))))
        out["tombstones"] = sorted({(t.record_uuid, json.dumps(t.clock, sort_keys=True)) for t in session.scalars(select(Tombstone))})
    return out


def person(session, nhs: str) -> Patient:
    return session.scalar(select(Patient).where(Patient.nhs_number == nhs))


def versions(session, nhs: str) -> list[PlanVersion]:
    patient = person(session, nhs)
    return list(session.scalars(select(PlanVersion).where(PlanVersion.patient_id == patient.id).order_by(PlanVersion.number)))


def unseal_bundle(path: Path, key_file: Path) -> tuple[dict[str, bytes], bytes, str]:
    from careplan_desktop.exchange.keys import read_key_file

    info, key, _ = read_key_file(key_file)
    _, plain = container.unseal(path.read_bytes(), {info.key_id: key})
    return container.read_entries(plain), key, info.key_id


def reseal(entries: dict[str, bytes], key: bytes, key_id: str, *, fix_manifest: bool = True, raw=None,
           version: int = container.FORMAT_VERSION, signer=None) -> bytes:
    """A bundle made with the real encryption from (possibly crafted) entries. `raw(zipfile)`
    may add entries with special names or attributes. `signer`: the vault whose signing key
    signs the crafted manifest (a forger holding a confirmed computer's key)."""
    import io
    import zipfile

    entries = dict(entries)
    if fix_manifest:
        manifest = json.loads(entries["manifest.json"])
        manifest["entries"] = {n: hashlib.sha256(d).hexdigest() for n, d in entries.items()
                               if n not in ("manifest.json", "signature.json")}
        manifest["format_version"] = version
        if raw is not None:
            manifest["entries"].update(raw.hashes)
        entries["manifest.json"] = json.dumps(manifest).encode()
    if signer is not None:
        from careplan_desktop.exchange.signing import signature_entry
        from careplan_desktop.models.exchange import Signer

        with signer.reader() as session:
            entries["signature.json"] = signature_entry(session.get(Signer, signer.actor.device_uuid), entries["manifest.json"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if raw is not None:
            raw(archive)
    return container.seal(buffer.getvalue(), key, key_id, version=version)


def today() -> dt.date:
    return dt.date.today()


def introduce(*vaults) -> None:
    """Each computer's signing key confirmed on each of the others (as a nurse does once, comparing
    fingerprints, or as installed with the practice key)."""
    from careplan_desktop.exchange.signing import own_key, trust_computer

    owned = [own_key(v) for v in vaults]
    for vault in vaults:
        for uuid, name, public in owned:
            if uuid != vault.actor.device_uuid:
                trust_computer(vault, uuid, name, public)
