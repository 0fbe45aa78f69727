"""Encrypted copies of the vault: checking one, and putting one in the vault's place.

A copy is opened with the open vault's own key material (the raw key and salt `Vault.backup_to`
wrote it with), never by deriving a key from a passphrase again: so a copy opens for exactly
the vault it was made from, however people sign in to it. Checking reads it read-only in
spirit (a plain keyed connection; a copy has no -wal) and runs SQLite's and SQLCipher's
checks, then counts the rows of every table. Nothing here names a patient.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .errors import VaultDamagedError, VaultError, WrongPassphraseError
from .pages import check_key


class CopyUnreadable(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "This backup cannot be opened with this vault's key: it is damaged, or it was made from "
            "another vault. Nothing has been changed. Choose another backup.")


@dataclass(frozen=True)
class CopyCheck:
    """What checking a copy found: problems (empty when all is well), rows by table, revision."""

    problems: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    revision: str | None = None

    @property
    def sound(self) -> bool:
        return not self.problems


def table_names(conn) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def row_counts(conn) -> dict[str, int]:
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in table_names(conn)}


def check_copy(path: Path, key: bytes, salt: bytes) -> CopyCheck:
    """Open the copy at `path` with this key and check it. CopyUnreadable when it will not
    open with the key (damaged at its start, or another vault's); a copy that opens but fails
    a check comes back with its problems."""
    from .vault import open_keyed_connection

    path = Path(path)
    if not path.is_file():
        raise CopyUnreadable()
    try:
        check_key(path, key, salt)
        conn = open_keyed_connection(path, key, salt)
    except (WrongPassphraseError, VaultDamagedError):
        raise CopyUnreadable() from None
    with contextlib.closing(conn):
        try:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check") if row[0] != "ok"]
            problems += [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
            if problems:
                return CopyCheck(tuple(problems))
            state = schema.inspect_revision(conn)
            return CopyCheck((), row_counts(conn), state.current)
        except VaultError:
            raise
        except Exception as error:  # a page that fails its HMAC part-way through a read
            return CopyCheck((f"{type(error).__name__}",))


def move_aside(path: Path, aside: Path) -> None:
    """Move the vault file and its -wal/-shm to `aside` (same folder: a rename, never a copy)."""
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            os.replace(extra, Path(f"{aside}{suffix}"))
