"""Checks made on the vault's files themselves, before SQLite opens them.

Opening a WAL database read-write is not harmless: when the connection closes, SQLite copies
the -wal file into the main file and deletes it, whether or not the key was right, and it
copies a damaged frame as faithfully as a good one. So unlocking first proves the key and
checks the -wal frames by reading the bytes here, writing nothing:

* every SQLCipher 4 page ends with an HMAC-SHA512 of the page (after the salt on page 1)
  and its page number (4 bytes, little-endian), keyed with PBKDF2-HMAC-SHA512 of the raw key,
  2 iterations, over the salt with each byte XORed with 0x3a (SQLCipher's defaults);
* page 1 of the main file therefore proves the key (a wrong key cannot make its HMAC);
* each -wal frame that SQLite would use is checked the same way; one that fails means the
  vault is damaged, and SQLite is never given the chance to copy it into the main file.

The frames SQLite uses are those of the -wal file's current generation (their salts match
the header) up to the last commit: the last commit frame whose own page is intact, or, if a
-shm index from an unclean close is present and agrees, as far as that index says.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import VaultDamagedError, WrongPassphraseError

PAGE_SIZE = 4096
HMAC_BYTES = 64  # SHA-512
HMAC_SALT_MASK = 0x3A
FAST_KDF_ITERATIONS = 2
WAL_HEADER_BYTES = 32
WAL_FRAME_HEADER_BYTES = 24
WAL_MAGIC = (0x377F0682, 0x377F0683)
SHM_HEADER_BYTES = 48
WAL_ATTEMPTS = 3


def hmac_key(key: bytes, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", key, bytes(b ^ HMAC_SALT_MASK for b in salt), FAST_KDF_ITERATIONS, len(key))


def page_is_intact(page: bytes, page_number: int, mac_key: bytes) -> bool:
    if len(page) != PAGE_SIZE:
        return False
    start = 16 if page_number == 1 else 0  # page 1 begins with the salt, in the clear
    expected = hmac.new(mac_key, page[start : PAGE_SIZE - HMAC_BYTES] + page_number.to_bytes(4, "little"), "sha512")
    return hmac.compare_digest(expected.digest(), page[PAGE_SIZE - HMAC_BYTES :])


def check_key(path: Path, key: bytes, salt: bytes) -> None:
    """Raise WrongPassphraseError unless page 1 of the main file was written with this key."""
    with Path(path).open("rb") as handle:
        first = handle.read(PAGE_SIZE)
    if not page_is_intact(first, 1, hmac_key(key, salt)):
        raise WrongPassphraseError()


def check_wal(path: Path, key: bytes, salt: bytes) -> None:
    """Raise VaultDamagedError if a -wal frame SQLite would read fails its HMAC. Damage is
    looked for again before it is believed: another program may be writing the -wal (a frame
    read half-written looks damaged, and is whole a moment later)."""
    mac_key = hmac_key(key, salt)
    for attempt in range(WAL_ATTEMPTS):
        if not _wal_is_damaged(path, mac_key):
            return
        time.sleep(0.05 * (attempt + 1))
    raise VaultDamagedError()


def _wal_is_damaged(path: Path, mac_key: bytes) -> bool:
    indexed = _indexed_frames(path)  # first: frames it counts were whole before it counted them
    try:
        handle = Path(f"{path}-wal").open("rb")
    except FileNotFoundError:
        return False
    with handle:
        header = handle.read(WAL_HEADER_BYTES)
        if len(header) < WAL_HEADER_BYTES:
            return False  # SQLite ignores (and resets) a -wal without a whole header
        magic, _version, page_size = struct.unpack(">III", header[:12])
        if magic not in WAL_MAGIC or page_size != PAGE_SIZE:
            return False  # not a header SQLite accepts: it starts the -wal afresh, reading no frame
        wal_salts = header[16:24]
        frames = list(_frames(handle, wal_salts, mac_key))
    used = max((n for n, (commits, intact) in enumerate(frames, 1) if commits and intact), default=0)
    if indexed is not None and indexed[1] == wal_salts:
        used = max(used, min(indexed[0], len(frames)))
    return not all(intact for _, intact in frames[:used])


def _frames(handle: BinaryIO, wal_salts: bytes, mac_key: bytes) -> Iterator[tuple[bool, bool]]:
    """(commits, intact) for each whole frame of the -wal's current generation, in order."""
    while len(frame := handle.read(WAL_FRAME_HEADER_BYTES + PAGE_SIZE)) == WAL_FRAME_HEADER_BYTES + PAGE_SIZE:
        page_number, size_after_commit = struct.unpack(">II", frame[:8])
        if frame[8:16] != wal_salts or page_number == 0:
            return  # a frame left from an earlier generation: SQLite stops here too
        yield size_after_commit != 0, page_is_intact(frame[WAL_FRAME_HEADER_BYTES:], page_number, mac_key)


def _indexed_frames(path: Path) -> tuple[int, bytes] | None:
    """(frames, salts) that a -shm index left by an unclean close says are committed, if any."""
    try:
        with Path(f"{path}-shm").open("rb") as handle:
            header = handle.read(2 * SHM_HEADER_BYTES)
    except OSError:
        return None
    first, second = header[:SHM_HEADER_BYTES], header[SHM_HEADER_BYTES:]
    if len(header) < 2 * SHM_HEADER_BYTES or first != second or first[12] != 1:
        return None  # no usable index: SQLite rebuilds it from the -wal's checksums
    return int.from_bytes(first[16:20], sys.byteorder), first[32:40]  # mxFrame (machine byte order), salts
