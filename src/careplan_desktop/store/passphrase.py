"""Passphrase rules and key derivation.

The key is derived once per unlock exactly as SQLCipher 4 derives it (PBKDF2-HMAC-SHA512,
256,000 iterations, the 16-byte salt at the start of the file), and then handed to
SQLCipher as a raw key. Each new connection is then instant, the passphrase itself is not
kept in memory, and the file still opens with the passphrase in any SQLCipher 4 tool.
"""

from __future__ import annotations

import hashlib
import os

from .errors import PassphraseRejected

MIN_PASSPHRASE_LENGTH = 12
KDF_ITERATIONS = 256_000
SALT_BYTES = 16
KEY_BYTES = 32


def check_new_passphrase(passphrase: str, repeated: str) -> None:
    """Raise PassphraseRejected with a clear message when a new passphrase will not do."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseRejected(
            f"The passphrase is too short: use at least {MIN_PASSPHRASE_LENGTH} characters. "
            "A few ordinary words together are easy to remember and hard to guess."
        )
    if passphrase != repeated:
        raise PassphraseRejected("The two passphrases do not match. Type the same passphrase in both boxes.")


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)


def raw_key_pragma(key: bytes, salt: bytes) -> str:
    """The PRAGMA key statement for a raw key with explicit salt (hex only: nothing to escape)."""
    return f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\""
