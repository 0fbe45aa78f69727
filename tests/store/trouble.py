"""Vaults in trouble, made for tests: a damaged page, a -wal file left by an unclean close,
a full disk (a real small tmpfs, for root), a full disk injected with PRAGMA max_page_count."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from careplan_desktop.store import Vault
from careplan_desktop.store import vault as vault_module

PAGE = 4096
SUFFIXES = ("", "-wal", "-shm", ".keys")


def fingerprints(path: Path) -> dict[str, str | None]:
    """The SHA-256 of the vault file and its -wal and -shm (None when absent)."""
    found = {}
    for suffix in SUFFIXES:
        file = Path(f"{path}{suffix}")
        found[suffix or "main"] = hashlib.sha256(file.read_bytes()).hexdigest() if file.exists() else None
    return found


def root_page(vault: Vault, table: str) -> int:
    with vault.plain_connection() as conn:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]


def damage_page(path: Path, page_number: int, *, offset_in_page: int = 1000) -> None:
    """Overwrite 16 bytes inside one page of the main file (SQLCipher's page HMAC then fails)."""
    with Path(path).open("r+b") as handle:
        handle.seek((page_number - 1) * PAGE + offset_in_page)
        handle.write(b"\xa5" * 16)


def copy_while_open(vault: Vault, folder: Path) -> Path:
    """The vault's files copied while it is open: what an unclean close (a crash, a pulled plug)
    leaves behind, with the recent changes only in the -wal file and its -shm index."""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in SUFFIXES:
        source = Path(f"{vault.path}{suffix}")
        if source.exists():
            shutil.copyfile(source, folder / source.name)
    return folder / vault.path.name


def wal_frames(path: Path) -> int:
    size = Path(f"{path}-wal").stat().st_size
    return max(0, (size - 32) // (24 + PAGE))


def damage_wal_frame(path: Path, frame: int) -> None:
    """Overwrite 16 bytes in the page data of one -wal frame (numbered from 1)."""
    with Path(f"{path}-wal").open("r+b") as handle:
        handle.seek(32 + (frame - 1) * (24 + PAGE) + 24 + 1000)
        handle.write(b"\x5a" * 16)


def inject_full_disk(monkeypatch: pytest.MonkeyPatch, vault: Vault | None = None, *, pages: int) -> None:
    """Every new connection may hold at most `pages` pages: SQLite then answers SQLITE_FULL,
    "database or disk is full", exactly as on a full disk. Pooled connections are closed first."""
    monkeypatch.setattr(vault_module, "PRAGMAS", (*vault_module.PRAGMAS, f"PRAGMA max_page_count = {int(pages)}"))
    if vault is not None and vault._engine is not None:
        vault._engine.dispose()


def page_count(vault: Vault) -> int:
    with vault.plain_connection() as conn:
        return conn.execute("PRAGMA page_count").fetchone()[0]


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "4m") -> Iterator[Path]:
    """A real, tiny filesystem (tmpfs) mounted at `folder`; needs root."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:  # a container may refuse even root; the injected-full-disk tests still run
        pytest.skip(f"this machine refused to mount a small filesystem: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Write zeros until the disk holding `folder` has no space left at all."""
    with (folder / "filler").open("wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * size)
    assert shutil.disk_usage(folder).free == 0
