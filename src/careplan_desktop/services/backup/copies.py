"""Backups of the vault: Back up now, the daily backup, and restoring one.

A backup is an encrypted copy made with the open vault's own key (`Vault.backup_to`). It is
called a backup only once it has been opened again with that key and checked (SQLite's and
SQLCipher's checks) and its rows in every table equal the vault's: until then it has a name
ending ".checking", and a copy that fails is deleted. Restoring checks the backup the same
way, copies it beside the vault and checks that copy, and only then moves the current vault
aside (kept, never deleted) and puts the copy in its place.

File names carry the local time the backup was made and nothing else (no patient data).
Every failure is a BackupError whose message says what happened, that the vault itself is
untouched, and what to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from careplan_desktop.store import DiskFullError, Vault, VaultError
from careplan_desktop.store.copies import CopyUnreadable
from careplan_desktop.store.key_slots import slots_path

PREFIX = "careplan-backup-"
SUFFIX = ".vault"
STAMP = "%Y-%m-%d-%H%M%S"
NAME = re.compile(r"^careplan-backup-(\d{4}-\d{2}-\d{2}-\d{6})(?:-\d+)?\.vault$")
KEEP_DAILY = 14
UNTOUCHED = "The vault itself has not been changed."


class BackupError(VaultError):
    """A backup or restore that did not happen; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    made_at: dt.datetime  # local time, from the file's name (its modification time otherwise)
    counts: dict[str, int]

    @property
    def people(self) -> int:
        return self.counts.get("patient", 0)

    @property
    def plans(self) -> int:
        return self.counts.get("plan_version", 0)

    @property
    def results(self) -> int:
        return self.counts.get("result", 0)

    def describe(self) -> str:
        return (f"made {self.made_at.day} {self.made_at:%B %Y at %H:%M}: {self.people:,} people, {self.plans:,} plan versions, "
                f"{self.results:,} results")


def made_at(path: Path) -> dt.datetime:
    match = NAME.match(path.name)
    if match:
        return dt.datetime.strptime(match.group(1), STAMP)
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def backups_in(folder: Path) -> list[Path]:
    """The backups in a folder, oldest first (by the time in their names)."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if NAME.match(p.name) and p.is_file()), key=lambda p: (made_at(p), p.name))


def last_backup(folder: Path) -> dt.datetime | None:
    found = backups_in(folder)
    return made_at(found[-1]) if found else None


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise BackupError(f"The folder {folder} does not exist (or is not a folder). Choose another folder. {UNTOUCHED}")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".careplan-write-test-"):
            pass
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _full(folder) from None
        raise BackupError(f"CarePlan Desktop cannot save files in the folder {folder}. Choose a folder you can "
                          f"save files in (for example on the practice's backup drive). {UNTOUCHED}") from None


def _full(folder: Path) -> BackupError:
    return BackupError(f"The disk is full: there is no space in the folder {folder}, so the backup was not made. "
                       f"{UNTOUCHED} Make some space there, or choose another folder, then try again.")


def _free_name(folder: Path, when: dt.datetime) -> Path:
    base = f"{PREFIX}{when:{STAMP}}"
    path, n = folder / f"{base}{SUFFIX}", 1
    while path.exists() or Path(f"{path}.checking").exists():
        n += 1
        path = folder / f"{base}-{n}{SUFFIX}"
    return path


def back_up(vault: Vault, folder: Path | str, *, now: dt.datetime | None = None) -> BackupSummary:
    """Write a checked encrypted backup of `vault` into `folder`."""
    folder = Path(folder)
    _check_folder(folder)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    final = _free_name(folder, now)
    checking = final.with_name(final.name + ".checking")
    try:
        expected = vault.row_counts()
        vault.backup_to(checking)
        check = vault.check_copy(checking)
        if not check.sound:
            raise BackupError("The backup was written but failed its check when opened again, so it was deleted. "
                              f"{UNTOUCHED} Try again, or choose another folder or disk.")
        if check.counts != expected:
            raise BackupError("The backup, opened again, does not hold the same records as the vault, so it was "
                              f"deleted. {UNTOUCHED} Try again.")
        os.replace(checking, final)
        if slots_path(checking).exists():  # who can sign in travels with the copy
            os.replace(slots_path(checking), slots_path(final))
    except DiskFullError:
        _remove(checking)
        raise _full(folder) from None
    except OSError as error:
        _remove(checking)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _full(folder) from None
        raise BackupError(f"The backup could not be written in the folder {folder}. {UNTOUCHED} "
                          "Check the disk is connected and has space, then try again.") from None
    except BaseException:
        _remove(checking)
        raise
    summary = BackupSummary(final, now, check.counts)
    _audit(vault, "backup made", {"file": final.name, "people": summary.people})
    return summary


def _remove(copy: Path) -> None:
    """A copy and the key slots written beside it."""
    copy.unlink(missing_ok=True)
    slots_path(copy).unlink(missing_ok=True)


def _audit(vault: Vault, action: str, details: dict) -> None:
    """The audit row, naming the file (a date and time only) and the computer."""
    from careplan_desktop.models import record_event

    with vault.transaction() as session:
        record_event(session, action, "device", vault.actor.device_uuid, details=details)


def daily_backup(vault: Vault, folder: Path | str, *, now: dt.datetime | None = None,
                 keep: int = KEEP_DAILY) -> BackupSummary | None:
    """On the first start of the day: a backup into `folder` unless one was made there today,
    then only the newest `keep` kept. None when today's backup already exists."""
    folder = Path(folder)
    now = now or dt.datetime.now()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    latest = last_backup(folder)
    made = None
    if latest is None or latest.date() != now.date():
        made = back_up(vault, folder, now=now)
    for old in backups_in(folder)[:-keep] if keep > 0 else []:
        with contextlib.suppress(OSError):
            _remove(old)
    return made


def inspect_backup(vault: Vault, path: Path | str) -> BackupSummary:
    """Open a backup with the vault's key and check it; its date and counts, or BackupError."""
    path = Path(path)
    try:
        check = vault.check_copy(path)
    except CopyUnreadable as error:
        raise BackupError(str(error)) from None
    if not check.sound:
        raise BackupError("This backup is damaged: it failed its check. Nothing has been changed. "
                          "Choose another backup (an older one, or one from another disk).")
    return BackupSummary(path, made_at(path), check.counts)


def restore(vault: Vault, path: Path | str, *, now: dt.datetime | None = None) -> tuple[BackupSummary, Path]:
    """Put a backup in the place of `vault` (which stays open, now holding the backup). Returns
    the backup's summary and where the vault as it was has been kept."""
    from careplan_desktop.services.practice.details import settings_refusal

    refusal = settings_refusal(vault)  # restoring is the practice's setting up, with the same permission
    if refusal:
        raise BackupError(refusal)
    summary = inspect_backup(vault, path)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    target = vault.path
    copy = target.with_name(f".{target.name}.restoring")
    aside = target.with_name(f"{target.stem}.before-restore-{now:{STAMP}}{target.suffix}")
    copy.unlink(missing_ok=True)
    try:
        shutil.copyfile(summary.path, copy)
        with contextlib.suppress(OSError):
            os.chmod(copy, 0o600)
        again = vault.check_copy(copy)
        if not again.sound or again.counts != summary.counts:
            raise BackupError("The backup copied beside the vault did not check out, so nothing was restored. "
                              f"{UNTOUCHED} Try again.")
        vault.replace_with(copy, aside)
    except OSError as error:
        copy.unlink(missing_ok=True)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise BackupError(f"The disk is full: there is no space in the folder {target.parent} for the restored "
                              f"vault. {UNTOUCHED} Make some space there, then try again.") from None
        raise BackupError(f"The backup could not be copied into the folder {target.parent}. {UNTOUCHED}") from None
    except DiskFullError:
        copy.unlink(missing_ok=True)
        raise BackupError(f"The disk is full: there is no space in the folder {target.parent} for the restored "
                          f"vault. {UNTOUCHED} Make some space there, then try again.") from None
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    _audit(vault, "restored from backup", {"file": summary.path.name, "made_at": summary.made_at.isoformat(),
                                           "kept_aside": aside.name})
    return summary, aside
