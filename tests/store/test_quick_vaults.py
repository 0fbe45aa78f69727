"""The suite's quicker vaults (tests/quick_vaults.py) are the app's vaults: a new vault given
the template's schema has exactly the tables, indexes, triggers, rows and settings the real
migration chain makes; a slot made at the tests' cheaper Argon2id cost differs only in that
cost (it records it, and still refuses a wrong passphrase); and the pragmas differ only in
SQLCipher's memory wiping, which the app keeps on."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from careplan_desktop.store import Vault, WrongPassphraseError, key_slots
from careplan_desktop.store.key_slots import slots_path
from tests import quick_vaults
from tests.conftest import TEST_PASSPHRASE


def _statement(sql: str | None) -> tuple[str, ...] | None:
    """A CREATE statement with its named constraints in a fixed order: the chain itself writes
    the constraints of a table it rebuilds (batch mode) in an order that varies run to run."""
    if sql is None:
        return None
    lines = [line.strip().rstrip(",") for line in sql.splitlines()]
    return (*[line for line in lines if not line.startswith("CONSTRAINT")],
            *sorted(line for line in lines if line.startswith("CONSTRAINT")))


def _described(vault: Vault) -> dict:
    with contextlib.closing(vault.engine.raw_connection()) as raw:
        conn = raw.driver_connection
        master = sorted(((kind, name, table, _statement(sql)) for kind, name, table, sql in
                         conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")), key=repr)
        tables = [row[1] for row in master if row[0] == "table"]
        return {
            "master": master,
            "rows": {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables},
            "revision": conn.execute("SELECT version_num FROM alembic_version").fetchall(),
            "pragmas": [conn.execute(f"PRAGMA {name}").fetchall() for name in
                        ("user_version", "application_id", "journal_mode", "foreign_keys", "page_size")],
            "problems": conn.execute("PRAGMA foreign_key_check").fetchall(),
        }


def _made(path: Path) -> dict:
    vault = Vault.create(path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Nurse", device_name="Test PC")
    try:
        return _described(vault)
    finally:
        vault.lock()


def test_a_vault_given_the_templates_schema_is_the_one_the_migration_chain_makes(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch):
    by_the_chain = _made(tmp_path / "chain" / "practice.vault")
    quick_vaults.install(monkeypatch, tmp_path)
    quick = _made(tmp_path / "quick" / "practice.vault")
    assert quick == by_the_chain
    assert len(quick["master"]) > 100 and quick["rows"]["user"] == 1 and quick["pragmas"][2] == [("wal",)]


def test_a_vault_given_the_templates_schema_keeps_an_agreed_plan_fixed_even_in_sql(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch):
    """The triggers the chain made work at once, on every connection (sqlcipher_export writes them
    straight into sqlite_master, which the connection that ran it does not read again)."""

    from sqlalchemy import text, update
    from sqlalchemy.exc import IntegrityError

    from careplan_desktop.models import PlanVersion
    from tests.models.test_fixed_plan_version import add_agreed_version

    quick_vaults.install(monkeypatch, tmp_path)
    vault = Vault.create(tmp_path / "quick" / "practice.vault", TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Nurse")
    try:
        with vault.transaction() as session:
            add_agreed_version(session)
        for _ in range(5):  # more than the pool holds at once: every connection it hands out
            with pytest.raises(IntegrityError, match="agreed and cannot be changed"):
                with vault.transaction() as session:
                    session.execute(update(PlanVersion).values(purpose="changed afterwards"))
            with pytest.raises(IntegrityError):
                with vault.transaction() as session:
                    session.execute(text("UPDATE goal SET text = 'changed afterwards'"))
    finally:
        vault.lock()


def test_a_slot_made_at_the_tests_cost_records_it_and_refuses_a_wrong_passphrase(vault_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch):
    assert key_slots.Kdf is quick_vaults.REAL_KDF  # here, in tests/store/, the app's own cost
    assert key_slots.Kdf(salt="c2FsdA==").memory_kib == key_slots.MEMORY_KIB >= 19_456
    quick_vaults.install(monkeypatch, vault_path.parent.parent)
    Vault.create(vault_path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Nurse").lock()
    kdf = json.loads(slots_path(vault_path).read_text())["slots"][0]["kdf"]
    assert (kdf["algorithm"], kdf["memory_kib"], kdf["iterations"]) == ("argon2id", quick_vaults.TEST_MEMORY_KIB, 1)
    quick_vaults.use_the_real_costs(monkeypatch)  # a slot's own recorded cost opens it
    Vault.unlock(vault_path, TEST_PASSPHRASE).lock()
    with pytest.raises(WrongPassphraseError):
        Vault.unlock(vault_path, "correct horse battery stable")


PRAGMAS_READ = ("cipher_memory_security", "journal_mode", "synchronous", "foreign_keys", "temp_store",
                "busy_timeout", "cache_size", "cipher_use_hmac")

#: in a fresh interpreter holding none of the tests' patches: the pragmas of a vault the app makes
THE_APPS_PRAGMAS = """
import json, sys
from pathlib import Path
from careplan_desktop.store import Vault
vault = Vault.create(Path(sys.argv[1]), sys.argv[2], sys.argv[2], user_name="Nora Nurse")
with vault.engine.connect() as conn:
    print(json.dumps({name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in sys.argv[3:]}))
vault.lock()
"""


def test_the_app_wipes_sqlciphers_memory_and_the_tests_differ_in_that_alone(vault: Vault, tmp_path: Path):
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)]),
                   "CAREPLAN_DATA_DIR": str(tmp_path)}
    made = subprocess.run([sys.executable, "-c", THE_APPS_PRAGMAS, str(tmp_path / "app" / "practice.vault"),
                           TEST_PASSPHRASE, *PRAGMAS_READ], env=environment, capture_output=True, text=True,
                          timeout=120)
    assert made.returncode == 0, made.stderr[-3000:]
    the_apps = json.loads(made.stdout.strip().splitlines()[-1])
    assert str(the_apps["cipher_memory_security"]) == "1"
    with vault.engine.connect() as conn:  # a vault the tests made
        quick = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in PRAGMAS_READ}
    assert str(quick["cipher_memory_security"]) == "0"
    assert {**quick, "cipher_memory_security": None} == {**the_apps, "cipher_memory_security": None}
