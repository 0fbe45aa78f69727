"""Costs that every vault the suite makes would pay again and again, paid once per run or not at all.

Tests only: installed by the session fixture `quicker_vaults` in tests/conftest.py, for the
test process alone (never through an environment variable or a setting: the app, and every
child process a test starts, such as the command-line tests, still pays every one in full).

* **Key slots' Argon2id cost.** A slot made during the run costs 1 MiB of memory instead of
  46 MiB (about 1 ms instead of about 0.1 to 0.2 s a derivation; a demo vault makes five slots
  and every unlock derives one). Only the cost of *new* slots changes: each slot still records
  the parameters it was made with, and unlocking still derives its key with them, wraps and
  unwraps with AES-GCM and refuses a wrong passphrase exactly as before. The slot code is the
  app's own: `key_slots.Kdf` is swapped for a subclass whose only difference is the default
  memory cost.
* **The migration chain for a new, empty vault.** `schema.upgrade(engine)` to the head, on a
  vault that holds nothing yet, copies the schema from a template vault that the real migration
  chain (0001 to the head, on the vault's own keyed connection and pragmas) made once at the
  start of the run, with SQLCipher's own `sqlcipher_export`: the same tables, indexes, triggers
  and rows, in about 0.1 s instead of about 1.5 s. Every other upgrade (an older vault opened,
  a revision named, a plain SQLite engine) runs the real chain. A broken migration still fails
  the whole run: the template is made with it.

* **SQLCipher's memory wiping.** Connections are made with `PRAGMA cipher_memory_security = OFF`
  instead of ON: SQLCipher then does not lock its memory and wipe it on every free (which spends
  most of its time in system calls: a quarter or more of the CPU time of a test that imports
  plan bundles). What is written, read, encrypted and checked is the same; only freed memory is
  not overwritten in the test process. Every other pragma is the app's. SQLCipher keeps wiping
  on for the whole process once any connection has turned it on, so it stays off for the whole
  run, tests/store/ included; the app's own setting is checked in a process of its own.

The tests about the vault itself (tests/store/) use the app's real Argon2id cost and migration
chain (tests/store/conftest.py puts both back), and tests/store/test_quick_vaults.py checks that a
vault made the quick way has exactly the schema the chain makes and the app's other pragmas, and
that the app, in a process of its own, wipes SQLCipher's memory. The hazard (a test passing while
the app's cost, chain or pragmas are wrong) is in docs/safety/incoming/cispeed.md.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from careplan_desktop.store import key_slots, schema
from careplan_desktop.store import vault as vault_module
from careplan_desktop.store.passphrase import new_salt, raw_key_pragma
from careplan_desktop.store.vault import Vault

#: what the app ships; tests/store/ puts these back
REAL_KDF = key_slots.Kdf
REAL_UPGRADE = schema.upgrade
REAL_PRAGMAS = vault_module.PRAGMAS
MEMORY_WIPING = "PRAGMA cipher_memory_security = ON"
#: the app's pragmas with SQLCipher's memory wiping off (tests only)
QUICK_PRAGMAS = tuple("PRAGMA cipher_memory_security = OFF" if pragma == MEMORY_WIPING else pragma
                      for pragma in REAL_PRAGMAS)

#: Argon2id memory for slots made during the run (KiB): still Argon2id, 1 MiB, one pass
TEST_MEMORY_KIB = 1024


@dataclasses.dataclass(frozen=True)
class QuickKdf(REAL_KDF):
    """The app's Kdf with a smaller default memory cost (for new slots only)."""

    memory_kib: int = TEST_MEMORY_KIB


class MigratedTemplate:
    """An empty vault at the head revision, made once by the real migration chain."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "migrated.vault"
        self.key, self.salt = key_slots.new_vault_key(), new_salt()
        made = Vault(self.path, self.key, self.salt)  # as Vault.create makes one, before any row
        try:
            REAL_UPGRADE(made.engine)
        finally:
            made.lock()

    def attach_sql(self) -> str:
        quoted = str(self.path).replace("'", "''")
        key = raw_key_pragma(self.key, self.salt).split("=", 1)[1].strip()  # "x'<key><salt>'"
        return f"ATTACH DATABASE '{quoted}' AS migrated KEY {key}"

    def upgrade(self, engine, revision: str = "head") -> None:
        """`schema.upgrade`, with a new empty vault given the template's schema at once."""
        if revision != "head" or engine.dialect.dbapi is not sqlcipher:
            REAL_UPGRADE(engine, revision)
            return
        raw = engine.raw_connection()
        empty = False
        try:
            connection = raw.driver_connection
            empty = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
            if empty:
                connection.commit()
                connection.execute(self.attach_sql())
                try:
                    connection.execute("SELECT sqlcipher_export('main', 'migrated')").fetchall()
                    connection.commit()
                finally:
                    connection.execute("DETACH DATABASE migrated")
        finally:
            if empty:
                # sqlcipher_export writes the triggers (and views) straight into sqlite_master, as
                # VACUUM does: the connection that ran it does not know them until it reads its
                # schema again. It is closed, never used again; the next one reads the schema whole.
                raw.invalidate()
            raw.close()
        if not empty:
            REAL_UPGRADE(engine, revision)


def install(monkeypatch: pytest.MonkeyPatch, folder: Path) -> MigratedTemplate:
    monkeypatch.setattr(vault_module, "PRAGMAS", QUICK_PRAGMAS)  # first: no connection may turn wiping on
    template = MigratedTemplate(folder)
    monkeypatch.setattr(key_slots, "Kdf", QuickKdf)
    monkeypatch.setattr(schema, "upgrade", template.upgrade)
    return template


def use_the_real_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own Argon2id cost and migration chain (for the tests about the vault itself). Memory
    wiping stays off: turned on once, SQLCipher would keep it on for the rest of the run."""
    monkeypatch.setattr(key_slots, "Kdf", REAL_KDF)
    monkeypatch.setattr(schema, "upgrade", REAL_UPGRADE)

