"""Passphrase rules and key derivation.

A new passphrase must be at least 12 characters and hard to guess: the `zxcvbn` strength
estimator (a kept library) must score it at least 3 of 4. A refusal says why in plain words,
never repeating the passphrase.

The key is derived once per unlock exactly as SQLCipher 4 derives it (PBKDF2-HMAC-SHA512,
256,000 iterations, the 16-byte salt at the start of the file), and then handed to
SQLCipher as a raw key. Each new connection is then instant, the passphrase itself is not
kept in memory, and the file still opens with the passphrase in any SQLCipher 4 tool.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

from .errors import PassphraseRejected

MIN_PASSPHRASE_LENGTH = 12
MIN_STRENGTH = 3  # zxcvbn's score, 0 (guessed at once) to 4; 3 and up resist a determined attacker
KDF_ITERATIONS = 256_000
SALT_BYTES = 16
KEY_BYTES = 32


#: zxcvbn's warning (by a word in it) -> why, in plain words
WHY_WEAK = (
    ("repeat", "it repeats the same letters or words"),
    ("sequence", "it is a run like abc or 1234"),
    ("keyboard", "it follows keys that are next to each other on the keyboard"),
    ("rows of keys", "it follows keys that are next to each other on the keyboard"),
    ("common", "it is, or is close to, a password many people use"),
    ("date", "it is built on a date or a year"),
    ("year", "it is built on a date or a year"),
    ("word by itself", "a single word on its own is easy to guess"),
    ("name", "a name on its own is easy to guess"),
    ("personal", "it uses your name or this computer's name"),
)
HOW_TO_CHOOSE = "Use three or four ordinary words that do not usually go together."


def passphrase_weakness(passphrase: str, personal: Iterable[str] = ()) -> str | None:
    """Why a passphrase of the right length is too easy to guess, in plain words; None when it
    will do. `personal` are words a guesser would try first (your name, this computer's name)."""
    from zxcvbn import zxcvbn  # about 0.2 s to import: only when a passphrase is being chosen

    estimate = zxcvbn(passphrase, user_inputs=[word for word in personal if word])
    if estimate["score"] >= MIN_STRENGTH:
        return None
    warning = (estimate["feedback"].get("warning") or "").lower()
    if any(match.get("dictionary_name") == "user_inputs" for match in estimate["sequence"]):
        warning = warning or "personal"
    why = next((reason for word, reason in WHY_WEAK if word in warning), "a computer could guess it quickly")
    return f"That passphrase is too easy to guess: {why}. {HOW_TO_CHOOSE}"


def check_new_passphrase(passphrase: str, repeated: str, *, personal: Iterable[str] = ()) -> None:
    """Raise PassphraseRejected with a clear message when a new passphrase will not do."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseRejected(
            f"The passphrase is too short: use at least {MIN_PASSPHRASE_LENGTH} characters. "
            "A few ordinary words together are easy to remember and hard to guess."
        )
    weakness = passphrase_weakness(passphrase, personal)
    if weakness:
        raise PassphraseRejected(weakness)
    if passphrase != repeated:
        raise PassphraseRejected("The two passphrases do not match. Type the same passphrase in both boxes.")


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)


def raw_key_pragma(key: bytes, salt: bytes) -> str:
    """The PRAGMA key statement for a raw key with explicit salt (hex only: nothing to escape)."""
    return f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\""
