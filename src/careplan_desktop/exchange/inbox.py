"""Opening a bundle: every check is made before anything in the vault changes.

In order: size, header (magic, format version, key id), authentication (AES-GCM tag), zip
limits and entry names (container.py), the manifest and the hash of every entry, then the
schema of every record, deletion and audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from careplan_desktop.models import AppliedBundle

from . import container
from .errors import BundleRefused
from .keys import keyring
from .signing import SIGNATURE_ENTRY, UnconfirmedComputer, check_signature, known_signers, note_waiting
from .records import AUDIT_FIELDS, ENTITIES, TOMBSTONE_FIELDS, check_clock, check_fields, check_record

MANIFEST_FIELDS = {"format": str, "format_version": int, "bundle_id": str, "created": str, "scope": str,
                   "key_id": str, "source_device": dict, "counts": dict, "entries": dict}
EXTRA_ENTRIES = ("tombstone", "audit_event")
AUDIT_OPTIONAL = frozenset({"user_role"})  # since issue 13: the staff member's role when they acted


@dataclass
class CheckedBundle:
    """A bundle that passed every check: ready to apply."""

    file_name: str
    manifest: dict
    records: dict[str, list[dict]] = field(default_factory=dict)
    tombstones: list[dict] = field(default_factory=list)
    audit_events: list[dict] = field(default_factory=list)
    fhir_documents: int = 0
    printouts: int = 0
    already_applied: bool = False
    folder: str | None = None  # where the file was found: what it brings is already there

    @property
    def bundle_id(self) -> str:
        return self.manifest["bundle_id"]

    @property
    def source_device(self) -> tuple[str, str]:
        source = self.manifest["source_device"]
        return source["uuid"], source.get("name") or ""


def _schema_refusal(what: str, index: int, total: int, problems: list[str]) -> BundleRefused:
    detail = "; ".join(problems[:3])
    return BundleRefused(f"This bundle holds a record that fails its checks ({what} {index + 1} of {total}: {detail}).")


def _parse_json(name: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BundleRefused(f"This bundle is damaged: its entry '{name}' is not readable JSON.") from None


def _check_manifest(manifest: Any, header: container.Header, entries: dict[str, bytes]) -> dict:
    if not isinstance(manifest, dict) or manifest.get("format") != "careplan-bundle":
        raise BundleRefused("This bundle's manifest is missing or is not a CarePlan manifest.")
    for name, kind in MANIFEST_FIELDS.items():
        if not isinstance(manifest.get(name), kind) or isinstance(manifest.get(name), bool):
            raise BundleRefused(f"This bundle's manifest is damaged (its '{name}' is missing or wrong).")
    if manifest["format_version"] != header.version:
        raise BundleRefused("This bundle's manifest does not match its header: the file was tampered with.")
    container.check_version(manifest["format_version"])
    if manifest["key_id"] != header.key_id:
        raise BundleRefused("This bundle's manifest names another key than its header: the file was tampered with.")
    source = manifest["source_device"]
    if not isinstance(source.get("uuid"), str) or not 0 < len(source["uuid"]) <= 36 or not isinstance(source.get("name", ""), str):
        raise BundleRefused("This bundle does not say which computer made it.")
    if len(manifest["bundle_id"]) > 36 or not manifest["bundle_id"]:
        raise BundleRefused("This bundle's manifest is damaged (its bundle id is wrong).")
    try:
        dt.datetime.fromisoformat(manifest["created"])
    except ValueError:
        raise BundleRefused("This bundle's manifest is damaged (its creation time is wrong).") from None
    listed = manifest["entries"]
    present = set(entries) - {"manifest.json", SIGNATURE_ENTRY}
    if set(listed) != present:
        raise BundleRefused("This bundle's entries do not match its manifest: something was added or removed.")
    for name in sorted(present):
        if not isinstance(listed[name], str) or hashlib.sha256(entries[name]).hexdigest() != listed[name]:
            raise BundleRefused(f"This bundle's entry '{name}' does not match its manifest hash: the file was changed.")
    return manifest


def _check_records(name: str, items: Any, counts: dict) -> list[dict]:
    if not isinstance(items, list):
        raise BundleRefused(f"This bundle is damaged: its entry 'records/{name}.json' is not a list of records.")
    if counts.get(name) != len(items):
        raise BundleRefused(f"This bundle's record count for {name} does not match its manifest.")
    seen: set[str] = set()
    for index, record in enumerate(items):
        if name == "tombstone":
            problems = check_fields(TOMBSTONE_FIELDS, record)
            if not problems and (record["entity"] not in ENTITIES or not check_clock(record["clock"])):
                problems = ["names an unknown kind of record or a wrong history clock"]
        elif name == "audit_event":
            problems = check_fields(AUDIT_FIELDS, record, AUDIT_OPTIONAL)
            if not problems and not isinstance(record.get("user_role") or "", str):
                problems = ["has a role that is not text"]
        else:
            problems = check_record(ENTITIES[name], record)
        if problems:
            raise _schema_refusal(name.replace("_", " "), index, len(items), problems)
        if record["uuid"] in seen:
            raise BundleRefused(f"This bundle holds the same {name.replace('_', ' ')} twice.")
        seen.add(record["uuid"])
    return items


def check_bundle_bytes(data: bytes, keys: dict[str, bytes], limits: container.Limits = container.DEFAULT_LIMITS,
                       file_name: str = "", applied: Callable[[str], bool] | None = None,
                       signers: dict | None = None) -> CheckedBundle:
    """Every check, in order. A bundle already applied here (`applied`) stops after the
    authenticated manifest: nothing would change, so its records need no reading."""
    header, plain = container.unseal(data, keys, limits)
    entries = container.read_entries(plain, limits)
    if "manifest.json" not in entries:
        raise BundleRefused("This bundle has no manifest.")
    manifest = _check_manifest(_parse_json("manifest.json", entries["manifest.json"]), header, entries)
    if signers is not None:  # None: this computer's own bundle, read back after writing it
        check_signature(entries, manifest, signers)
    bundle = CheckedBundle(file_name, manifest)
    if applied is not None and applied(manifest["bundle_id"]):
        bundle.already_applied = True
        return bundle
    counts = manifest["counts"]
    for name, data_ in entries.items():
        if name.startswith("records/"):
            kind = name[len("records/"):-len(".json")]
            if kind not in ENTITIES and kind not in EXTRA_ENTRIES:
                raise BundleRefused(f"This bundle holds a kind of record this version does not know ({kind[:40]}).")
            items = _check_records(kind, _parse_json(name, data_), counts)
            if kind == "tombstone":
                bundle.tombstones = items
            elif kind == "audit_event":
                bundle.audit_events = items
            else:
                bundle.records[kind] = items
        elif name.startswith("fhir/"):
            document = _parse_json(name, data_)
            if not isinstance(document, dict) or document.get("resourceType") != "Bundle" or document.get("type") != "document":
                raise BundleRefused(f"This bundle's entry '{name}' is not a FHIR document.")
            bundle.fhir_documents += 1
        elif name.startswith("printouts/"):
            if not data_.startswith(b"%PDF-"):
                raise BundleRefused(f"This bundle's entry '{name}' is not a PDF.")
            bundle.printouts += 1
    return bundle


def open_bundle(vault, path: str | os.PathLike, limits: container.Limits = container.DEFAULT_LIMITS) -> CheckedBundle:
    """Read and check a bundle file completely. Raises BundleRefused with a clear message."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise BundleRefused("This bundle is larger than CarePlan Desktop accepts.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BundleRefused(f"{path.name} was not found.") from None
    except IsADirectoryError:
        raise BundleRefused(f"{path.name} is a folder, not a bundle file.") from None
    except OSError as error:
        raise BundleRefused(f"{path.name} cannot be read ({error.strerror or error}).") from None
    with vault.reader() as session:
        keys = keyring(session)
        done = set(session.scalars(select(AppliedBundle.bundle_id)))
        signers = known_signers(session)
    try:
        bundle = check_bundle_bytes(data, keys, limits, path.name, done.__contains__, signers)
        bundle.folder = str(path.parent)
        return bundle
    except UnconfirmedComputer as waiting:
        note_waiting(vault, waiting)
        raise


def waiting_bundles(vault, folder: str | os.PathLike) -> list[Path]:
    """Bundle files in an inbox folder not yet imported here (by file name; a renamed copy is
    still recognised at import by its bundle id). Half-copied `.partial` files are skipped."""
    path = Path(folder)
    if not path.is_dir():
        return []
    with vault.reader() as session:
        done = set(session.scalars(select(AppliedBundle.file_name)))
    return sorted(p for p in path.glob(f"*{container.SUFFIX}") if p.is_file() and p.name not in done)
