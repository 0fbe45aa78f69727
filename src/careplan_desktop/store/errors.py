"""What can go wrong with a vault, each with a message that says what to do.

Messages never contain the passphrase, the path's contents or any patient data.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path


class VaultError(Exception):
    """Base class; `str(error)` is fit to show to the user."""


class WrongPassphraseError(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "Wrong passphrase, or the vault file is damaged. Check the passphrase "
            "(capitals count) and try again. If it still will not open, restore the vault "
            "from your latest backup."
        )


class VaultTooNewError(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "This vault was made by a newer version of CarePlan Desktop. It has not been "
            "changed. Install the latest version of CarePlan Desktop to open it."
        )


class VaultMissingError(VaultError):
    def __init__(self) -> None:
        super().__init__("There is no vault at this location. Create a new vault, or choose the right file.")


class VaultExistsError(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "A vault already exists at this location. Unlock it, or choose another place for the new vault."
        )


class PassphraseRejected(VaultError):
    """A new passphrase that is too short, too easy to guess, or not typed the same twice."""


class VaultDamagedError(VaultError):
    """The key is right but a page of the vault (or of its -wal file) fails its check."""

    def __init__(self) -> None:
        super().__init__(
            "The vault file is damaged, so CarePlan Desktop cannot read it. CarePlan Desktop has "
            "not changed it. Restore the vault from your latest backup, or ask your IT support for help."
        )


class DiskFullError(VaultError):
    """No space left on a disk. Names the folder, never a file's name or contents."""

    CONSEQUENCES = {
        "saving": "so the last change was not saved. Nothing saved before it has been lost.",
        "opening": "so the vault cannot be opened. Nothing in it has been lost or changed.",
        "writing": "so the file could not be written. Nothing in the vault has been lost.",
    }

    def __init__(self, folder: Path | str | None, *, doing: str = "saving") -> None:
        self.folder = Path(folder) if folder is not None else None
        where = f"in the folder {self.folder}" if self.folder is not None else "on the disk"
        what = self.CONSEQUENCES[doing]
        super().__init__(
            f"The disk is full: there is no space left {where}, {what} "
            "Make some space on that disk (empty the recycle bin, or move or delete files you no "
            "longer need), then try again."
        )


class VaultDiskError(VaultError):
    """The disk itself failed (a USB stick pulled out, a network drive gone)."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        super().__init__(
            f"The vault could not be read or written in the folder {self.folder}: the disk did not "
            "answer. Nothing saved before has been lost. Check that the disk is connected and "
            "working, then try again."
        )


class VaultBusyError(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "The vault is busy: another program (perhaps CarePlan Desktop on another account, or a "
            "backup program) is using it. Nothing was changed. Wait a minute, then try again."
        )


# SQLite's primary result codes (the low byte of an extended code)
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = (
    5, 6, 10, 11, 13, 14, 26)
#: below this much free space an I/O failure is taken to be a full disk (SQLite reports a -shm
#: file it cannot grow as a plain I/O error, not as "disk is full")
LOW_SPACE_BYTES = 1024 * 1024


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def file_error_for(error: BaseException, folder: Path | str | None = None) -> DiskFullError | None:
    """A DiskFullError when writing a file (a PDF, a bundle) found no space, naming the folder
    the error names, else `folder` (where the file was being written) if known."""
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(Path(os.fsdecode(error.filename)).parent if error.filename else folder, doing="writing")
    return None


def vault_error_for(error: BaseException, folder: Path | str, *, opening: bool = False) -> VaultError | None:
    """The VaultError that explains a database failure of the vault in `folder`, or None when
    it is not about the disk or the file (a programming error stays what it is).

    Works on sqlcipher3 errors and on SQLAlchemy's wrappers of them (`.orig`). An OSError is
    left alone: it comes from another file (a PDF, a bundle), see `file_error_for`."""
    folder = Path(folder)
    cause = getattr(error, "orig", None) or error
    code = getattr(cause, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    code &= 0xFF
    if code == SQLITE_FULL:
        return DiskFullError(folder, doing="opening" if opening else "saving")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return VaultDamagedError()
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return VaultBusyError()
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN):
        free = _free_bytes(folder)
        if free is not None and free < LOW_SPACE_BYTES:
            return DiskFullError(folder, doing="opening" if opening else "saving")
        return VaultDiskError(folder)
    return None
