"""The printout store (`models.printouts`): the yellow-folder PDF of an agreed plan version, made
once, when the plan is agreed or first printed, and kept inside the encrypted vault, so an
export of a thousand plans lays none of them out again. Nothing is ever written outside the vault.

* `printout_key(data, fingerprint)` is a SHA-256 over exactly what the renderer reads: the
  printout's data (`YellowFolderData`: the plan as printed, the person's details, results and
  appointments, the print size and easy read), every wording and font file as this computer
  loads them (a practice's override first), and the renderer's own version (this release,
  reportlab, and the code of `documents/`). A stored PDF is used only while its key is the key
  of a fresh render; otherwise it is rendered again and the row replaced.
* `printouts_of(session, uuids)` gives the PDFs of many versions in one go, stored ones where
  still valid and fresh renders otherwise. It writes nothing: the caller stores the fresh ones
  with `keep` in its own transaction (the export does so in the transaction that marks the
  bundle as sent, so a failed export stores nothing).
* `remember_printout` is called when a plan is agreed; `printout_pdf` makes the printout for
  printing (the stored one when still valid) and keeps it.
Only fixed versions (agreed, or superseded for a reprint) are kept: a draft changes. When a
newer version is agreed the superseded versions' printouts are dropped. Logs name no one. No Qt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import io
import json
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from careplan_desktop.documents.plan_data import YellowFolderData
from careplan_desktop.documents.yellow_folder import render_yellow_folder
from careplan_desktop.models import PlanVersion, StoredPrintout, VersionStatus, utcnow
from careplan_desktop.domain.paths import bundled_resources_dir, override_resources_dir, resource_file
from careplan_desktop.services.practice.values import PracticeSettings
from careplan_desktop.store import Vault

from careplan_desktop.services.planning.printout import BATCH, folder_data

log = logging.getLogger(__name__)

#: resource folders the renderer reads (wording, fonts); every file in them counts
RESOURCE_FOLDERS = ("wording", "fonts")


@dataclass(frozen=True)
class Printout:
    version_id: int
    version_uuid: str
    large_print: bool
    inputs_key: str
    pdf: bytes
    fresh: bool  # rendered just now: not in the store yet


@functools.lru_cache(maxsize=1)
def renderer_version() -> str:
    """This release, reportlab's version and a digest of the renderer's code (`documents/`)."""
    import reportlab

    from careplan_desktop import __version__, documents

    code = hashlib.sha256()
    for path in sorted(Path(documents.__file__).parent.glob("*.py")):
        code.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"careplan {__version__}; reportlab {reportlab.Version}; documents {code.hexdigest()[:16]}"


_file_digests: dict[Path, tuple[tuple[int, int], str]] = {}
_digest_lock = threading.Lock()


def _file_digest(path: Path) -> str:
    """SHA-256 of a file's contents, remembered while its size and time stay the same."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _digest_lock:
        hit = _file_digests.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with _digest_lock:
        _file_digests[path] = (stamp, digest)
    return digest


def inputs_fingerprint() -> str:
    """The renderer's version and every wording and font file it may read, as loaded here."""
    parts = [renderer_version()]
    for folder in RESOURCE_FOLDERS:
        names = set()
        for root in (bundled_resources_dir() / folder, override_resources_dir() / folder):
            if root.is_dir():
                names.update(p.name for p in root.iterdir() if p.is_file())
        for name in sorted(names):
            parts.append(f"{folder}/{name}:{_file_digest(resource_file(f'{folder}/{name}'))}")
    return "\n".join(parts)


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _plain(value):
    """How the key sees what is inside the printout's data: fields of each part, dates as ISO text."""
    if dataclasses.is_dataclass(value):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} in the printout's data has no stable form for its key")


def printout_key(data: YellowFolderData, fingerprint: str) -> str:
    """SHA-256 (hex) of one render's inputs: equal keys, the same printout."""
    variant = "large print" if data.large_print else "standard"
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256(f"{fingerprint}\nvariant: {variant}\n{payload}".encode("utf-8")).hexdigest()


def render_pdf(data: YellowFolderData) -> bytes:
    out = io.BytesIO()
    render_yellow_folder(data, out)
    return out.getvalue()


def printouts_of(session: Session, version_uuids: list[str], *, large_print: bool | None = None,
                 today: dt.date | None = None, practice: PracticeSettings | None = None,
                 skip_failed: bool = False) -> dict[str, Printout]:
    """The printouts of these versions (by uuid): stored where still valid, rendered otherwise.
    Print size: `large_print`, or each person's own need. With `skip_failed` a version whose
    printout cannot be made is left out (logged without naming anyone); otherwise it raises."""
    data = folder_data(session, version_uuids, large_print=large_print, today=today, practice=practice)
    fingerprint = inputs_fingerprint()
    out: dict[str, Printout] = {}
    uuids = list(data)
    for start in range(0, len(uuids), BATCH):
        batch = uuids[start:start + BATCH]
        ids = dict(session.execute(select(PlanVersion.uuid, PlanVersion.id).where(PlanVersion.uuid.in_(batch))).all())
        stored = {(row.plan_version_id, row.large_print): row for row in session.execute(
            select(StoredPrintout.plan_version_id, StoredPrintout.large_print, StoredPrintout.inputs_key,
                   StoredPrintout.pdf).where(StoredPrintout.plan_version_id.in_(ids.values())))}
        for uuid in batch:
            version_id, wanted = ids[uuid], data[uuid]
            key = printout_key(wanted, fingerprint)
            row = stored.get((version_id, wanted.large_print))
            if row is not None and row.inputs_key == key:
                out[uuid] = Printout(version_id, uuid, wanted.large_print, key, row.pdf, fresh=False)
                continue
            try:
                pdf = render_pdf(wanted)
            except Exception as error:
                if not skip_failed:
                    raise
                log.warning("a yellow-folder printout could not be made (%s); left out", type(error).__name__)
                continue
            out[uuid] = Printout(version_id, uuid, wanted.large_print, key, pdf, fresh=True)
    return out


def keep(session: Session, printouts: Iterable[Printout]) -> int:
    """Store fresh printouts (replacing a stale one of the same version and size); returns how many."""
    rows = [{"plan_version_id": p.version_id, "large_print": p.large_print, "inputs_key": p.inputs_key,
             "pdf": p.pdf, "made_at": utcnow()}
            for p in printouts if p.fresh]
    if rows:
        statement = insert(StoredPrintout)
        session.execute(statement.on_conflict_do_update(
            index_elements=["plan_version_id", "large_print"],
            set_={name: statement.excluded[name] for name in ("inputs_key", "pdf", "made_at")}), rows)
    return len(rows)


def _fixed(session: Session, version_uuid: str) -> bool:
    status = session.scalar(select(PlanVersion.status).where(PlanVersion.uuid == version_uuid))
    return status is not None and status != VersionStatus.DRAFT.value


def printout_pdf(vault: Vault, version_uuid: str, *, large_print: bool | None = None, today: dt.date | None = None,
                 practice: PracticeSettings | None = None) -> bytes:
    """The printout of one version for printing (or saving): the stored PDF when still valid,
    otherwise a fresh render, kept for next time when the version is fixed (a draft is not kept).
    May write to the vault: call it where the app's writes are made one at a time."""
    with vault.reader() as session:
        made = printouts_of(session, [version_uuid], large_print=large_print, today=today, practice=practice)
        printout = made[version_uuid]
        fixed = printout.fresh and _fixed(session, version_uuid)
    if fixed:
        with vault.transaction() as session:
            keep(session, [printout])
    return printout.pdf


def remember_printout(vault: Vault, version_uuid: str, *, practice: PracticeSettings | None = None) -> bool:
    """Make and keep the printout of a just-agreed version (in the person's own print size) and
    drop the printouts of their superseded versions. Never raises: a printout problem must not
    undo or hold up an agreed plan (export renders it later). True when one was kept."""
    try:
        with vault.reader() as session:
            printout = printouts_of(session, [version_uuid], practice=practice)[version_uuid]
        with vault.transaction() as session:
            patient_id = session.scalar(select(PlanVersion.patient_id).where(PlanVersion.uuid == version_uuid))
            superseded = select(PlanVersion.id).where(PlanVersion.patient_id == patient_id,
                                                      PlanVersion.status == VersionStatus.SUPERSEDED.value)
            session.execute(delete(StoredPrintout).where(StoredPrintout.plan_version_id.in_(superseded)))
            return keep(session, [printout]) > 0
    except Exception as error:  # noqa: BLE001 - logged without patient data; the export makes it later
        log.warning("the printout of an agreed plan was not kept (%s); it will be made when needed",
                    type(error).__name__)
        return False
