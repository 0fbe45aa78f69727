"""Inbox folders (issue 8: "a configured inbox folder the app watches"): folders this computer
looks into for bundles from other computers. A shared folder the hub watches, or a USB stick's
folder; a destination folder can double as one.

`import_waiting(vault)` looks into every reachable inbox folder and imports each bundle waiting
there from another computer, one transaction per bundle, by the same path as importing a file by
hand (`inbox.open_bundle`, then `apply.apply_bundle`). Files are never moved or deleted. A file
not to be tried again is *set aside*, by name, size and modification time (a changed file is
tried afresh):

* refused (damaged, tampered with, another practice's key, a newer format...): its message is
  kept to show once, and an audit event says so. A file changed in the last few seconds may
  still be copying: it is tried again next time and set aside only once it has settled;
* made on this computer (a destination folder doubling as an inbox holds our own bundles);
* already imported under another file name.

`forget_refusals` ("Try again", or after installing a key) gives refused files another go.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select

from careplan_desktop.models import record_event, utcnow
from careplan_desktop.models.exchange import InboxFolder, SetAsideBundle

from .apply import ImportResult, apply_bundle
from .errors import ExchangeError, plain_reason
from .export import bundle_file_name
from .inbox import open_bundle, waiting_bundles
from .keys import current_key
from .outbox import check_folder_name, normal_folder

log = logging.getLogger(__name__)
REFUSED, MADE_HERE, IMPORTED = "refused", "made here", "imported"
SETTLE_SECONDS = 10.0


@dataclass(frozen=True)
class RefusedFile:
    """A bundle file that could not be read; the message is the core's own, for the person."""

    file_name: str
    message: str
    noted_at: dt.datetime


@dataclass(frozen=True)
class InboxFolderStatus:
    id: int
    name: str
    folder: str
    reachable: bool
    waiting: int  # bundles from other computers not imported yet
    last_import_at: dt.datetime | None
    refused: tuple[RefusedFile, ...]


@dataclass
class InboxRound:
    """What one look into the inbox folders did."""

    imported: list[ImportResult] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)  # set aside in this round
    no_key: bool = False  # bundles wait, but this computer has no practice key to open them
    problem: str | None = None  # the inbox folders could not be looked into this round


@dataclass(frozen=True)
class _Waiting:
    inbox_id: int
    path: Path
    size: int
    modified_ns: int


def folder_readable(folder: str | os.PathLike) -> bool:
    path = Path(folder)
    return path.is_dir() and os.access(path, os.R_OK | os.X_OK)


def add_inbox_folder(vault, folder: str | os.PathLike, name: str | None = None) -> int:
    """Watch a folder (or the one already watched there); returns its id."""
    path = Path(folder).expanduser()
    check_folder_name(path)
    if not path.is_dir():
        raise ExchangeError(f"The folder {path} cannot be found. Plug in the drive or check the path.")
    with vault.transaction() as session:
        existing = session.scalar(select(InboxFolder).where(InboxFolder.folder == normal_folder(path)))
        if existing is not None:
            return existing.id
        inbox = InboxFolder(folder=normal_folder(path), name=name or path.name or str(path))
        session.add(inbox)
        session.flush()
        return inbox.id


def remove_inbox_folder(vault, inbox_id: int) -> None:
    """Stop watching a folder (its files stay where they are)."""
    with vault.transaction() as session:
        inbox = session.get(InboxFolder, inbox_id)
        if inbox is None:
            raise ExchangeError("That inbox folder is no longer watched.")
        session.delete(inbox)


def forget_refusals(vault, inbox_id: int | None = None) -> int:
    """Try refused files again at the next look (all folders, or one)."""
    statement = delete(SetAsideBundle).where(SetAsideBundle.reason == REFUSED)
    if inbox_id is not None:
        statement = statement.where(SetAsideBundle.inbox_id == inbox_id)
    with vault.transaction() as session:
        return session.execute(statement).rowcount or 0


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:  # gone meanwhile
        return None
    return stat.st_size, stat.st_mtime_ns


def _own_prefix(vault) -> str:
    """The start of the names of bundles made here (`careplan-<device>-`)."""
    name = bundle_file_name(vault.actor.device_uuid or "unknown", utcnow())
    return "-".join(name.split("-")[:2]) + "-"


def _set_aside_now(vault) -> dict[tuple[int, str], SetAsideBundle]:
    with vault.reader() as session:
        return {(row.inbox_id, row.file_name): row for row in session.scalars(select(SetAsideBundle))}


def _waiting(vault, inboxes: list[InboxFolder], set_aside: dict[tuple[int, str], SetAsideBundle]) -> list[_Waiting]:
    own = _own_prefix(vault)
    found = []
    for inbox in inboxes:
        if not folder_readable(inbox.folder):
            continue
        for path in waiting_bundles(vault, inbox.folder):
            signature = _signature(path)
            noted = set_aside.get((inbox.id, path.name))
            if path.name.startswith(own) or signature is None or (
                    noted is not None and (noted.size, noted.modified_ns) == signature):
                continue
            found.append(_Waiting(inbox.id, path, *signature))
    return found


def _inboxes(vault) -> list[InboxFolder]:
    with vault.reader() as session:
        inboxes = list(session.scalars(select(InboxFolder).order_by(InboxFolder.name, InboxFolder.id)))
        session.expunge_all()  # plain detached rows: read after the session
        return inboxes


def check_inbox_folders(vault) -> list[InboxFolderStatus]:
    """Every inbox folder: reachable now, how many bundles wait there, and the refused files
    still there as they were refused."""
    inboxes = _inboxes(vault)
    set_aside = _set_aside_now(vault)
    waiting = _waiting(vault, inboxes, set_aside)
    out = []
    for inbox in inboxes:
        reachable = folder_readable(inbox.folder)
        refused = tuple(
            RefusedFile(row.file_name, row.message or "", row.noted_at)
            for (inbox_id, name), row in sorted(set_aside.items(), key=lambda item: item[1].noted_at)
            if inbox_id == inbox.id and row.reason == REFUSED and reachable
            and _signature(Path(inbox.folder) / name) == (row.size, row.modified_ns))
        out.append(InboxFolderStatus(inbox.id, inbox.name, inbox.folder, reachable,
                                     sum(1 for w in waiting if w.inbox_id == inbox.id), inbox.last_import_at, refused))
    return out


def _set_aside(vault, item: _Waiting, reason: str, message: str | None = None) -> RefusedFile:
    with vault.transaction() as session:
        session.execute(delete(SetAsideBundle).where(SetAsideBundle.inbox_id == item.inbox_id,
                                                     SetAsideBundle.file_name == item.path.name))
        row = SetAsideBundle(inbox_id=item.inbox_id, file_name=item.path.name, size=item.size,
                             modified_ns=item.modified_ns, reason=reason, message=message)
        session.add(row)
        if reason == REFUSED:
            inbox = session.get(InboxFolder, item.inbox_id)
            record_event(session, "bundle refused", "exchange_bundle", None,
                         details={"file": item.path.name, "inbox": inbox.uuid if inbox else None, "reason": message})
        session.flush()
        return RefusedFile(row.file_name, message or "", row.noted_at)


def import_waiting(vault, *, settle_seconds: float = SETTLE_SECONDS,
                   clock: Callable[[], float] = time.time) -> InboxRound:
    """Import every bundle waiting in the reachable inbox folders, one transaction each. A bundle
    that cannot be imported, for any reason, is set aside with its reason and the round goes on:
    no exception leaves the round (issue 14: an inbox that never jams)."""
    round_ = InboxRound()
    try:
        waiting = _waiting(vault, _inboxes(vault), _set_aside_now(vault))
        if waiting and current_key(vault) is None:
            round_.no_key = True
            return round_
    except Exception as error:  # the vault could not be read: nothing to do this round
        log.warning("inbox folders could not be looked into (%s)", type(error).__name__)
        round_.problem = plain_reason(error)
        return round_
    for item in waiting:
        try:
            _import_one(vault, item, round_, settle_seconds, clock)
        except Exception as error:  # even setting it aside failed: said this round, tried next round
            log.warning("a waiting bundle could not be set aside (%s)", type(error).__name__)
            round_.refused.append(RefusedFile(item.path.name, plain_reason(error), utcnow()))
    return round_


def _import_one(vault, item: _Waiting, round_: InboxRound, settle_seconds: float, clock: Callable[[], float]) -> None:
    try:
        bundle = open_bundle(vault, item.path)
        if bundle.source_device[0] == vault.actor.device_uuid:
            _set_aside(vault, item, MADE_HERE)
            return
        result = apply_bundle(vault, bundle)
    except ExchangeError as error:  # BundleRefused: nothing changed
        if clock() - item.modified_ns / 1e9 < settle_seconds:
            return  # perhaps still being copied: next time
        round_.refused.append(_set_aside(vault, item, REFUSED, str(error)))
        return
    except Exception as error:  # anything else: its transaction rolled back, nothing changed
        log.warning("a bundle could not be imported (%s)", type(error).__name__)
        round_.refused.append(_set_aside(vault, item, REFUSED, plain_reason(error)))
        return
    if result.already_applied:
        _set_aside(vault, item, IMPORTED)
        return
    with vault.transaction() as session:
        inbox = session.get(InboxFolder, item.inbox_id)
        if inbox is not None:
            inbox.last_import_at = utcnow()
    round_.imported.append(result)
