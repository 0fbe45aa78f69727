"""Schema changes go through Alembic; old vaults are upgraded after an encrypted backup,
vaults from a newer release are refused and left as they were."""

from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from careplan_desktop.models import Patient
from careplan_desktop.store import Vault, VaultTooNewError
from careplan_desktop.store import schema
from careplan_desktop.store.passphrase import derive_key, new_salt
from tests.conftest import TEST_PASSPHRASE

FIRST_SCHEMA = "0001"


def _vault_made_by_first_schema(path: Path) -> None:
    """What the first release wrote: schema 0001 and a person in it (raw SQL of that schema)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    salt = new_salt()
    old = Vault(path, derive_key(TEST_PASSPHRASE, salt), salt)
    schema.upgrade(old.engine, FIRST_SCHEMA)
    with old.engine.begin() as conn:
        assert "plan_version" not in inspect(conn).get_table_names()
        conn.execute(text(
            "INSERT INTO device (uuid, revision, changed_at, name, is_this_device, first_seen) "
            "VALUES ('d-1', 1, '2026-01-01 00:00:00', 'Old laptop', 1, '2026-01-01 00:00:00')"))
        conn.execute(text(
            "INSERT INTO user (uuid, revision, changed_at, name, role, active) "
            "VALUES ('u-1', 1, '2026-01-01 00:00:00', 'Andrea Clarke', 'community matron', 1)"))
        conn.execute(text(
            "INSERT INTO patient (uuid, revision, changed_at, nhs_number, given_name, family_name, date_of_birth, "
            "birth_month, sex, level_of_need, housebound, large_print, easy_read, bsl, braille, needs_companion, "
            "offer_status, care_status) VALUES ('p-1', 1, '2026-01-01 00:00:00', '9990000018', 'Lorna', 'Baxter', "
            "'1948-03-14', 3, 'female', 3, 1, 1, 0, 0, 0, 0, 'accepted', 'active')"))
    old.lock()


def test_a_first_schema_vault_is_upgraded_after_a_backup(vault_path: Path):
    _vault_made_by_first_schema(vault_path)
    vault = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        with vault.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == schema.head_revision()
            assert "plan_version" in inspect(conn).get_table_names()
        with vault.reader() as session:
            lorna = session.scalar(select(Patient))
            assert (lorna.given_name, lorna.nhs_number, lorna.housebound) == ("Lorna", "9990000018", True)
        assert vault.user_name == "Andrea Clarke" and vault.device_name == "Old laptop"
    finally:
        vault.lock()
    backups = list(vault_path.parent.glob("test.before-upgrade-0001-*.vault"))
    assert len(backups) == 1
    assert b"Lorna" not in backups[0].read_bytes()
    copy = Vault.unlock(backups[0], TEST_PASSPHRASE, upgrade=False)
    try:
        with copy.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == FIRST_SCHEMA
    finally:
        copy.lock()


def test_a_vault_from_a_newer_release_is_refused_untouched(vault: Vault, vault_path: Path):
    with vault.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    vault.lock()
    before = vault_path.read_bytes()
    with pytest.raises(VaultTooNewError, match="newer version of CarePlan Desktop"):
        Vault.unlock(vault_path, TEST_PASSPHRASE)
    assert vault_path.read_bytes() == before
    assert list(vault_path.parent.iterdir()) == [vault_path]


def test_revision_names_agree_with_alembic():
    """Unlocking reads revision ids from file names; they must be Alembic's, in order."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(schema.alembic_config())
    chain = [script.revision for script in scripts.walk_revisions()][::-1]
    assert schema.known_revisions() == chain
    assert schema.head_revision() == scripts.get_current_head()


def test_the_models_and_the_migrations_describe_the_same_schema():
    """A vault made by the migrations has every table, column and index the models declare, and
    no other: a column added to a model without its migration (or the reverse) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from careplan_desktop.models import Base

    engine = create_engine("sqlite://")
    schema.upgrade(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_an_appointment_booked_before_0006_has_nothing_recorded_as_arranged(vault_path: Path):
    """Upgrading keeps old appointments, with no arrangement claimed for them (NULL, not true)."""
    _vault_made_by_first_schema(vault_path)
    old = Vault.unlock(vault_path, TEST_PASSPHRASE, upgrade=False)
    try:
        schema.upgrade(old.engine, "0005")
        with old.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO appointment (uuid, revision, changed_at, patient_id, purpose, starts_at, length_minutes, "
                "location, status) VALUES ('a-1', 1, '2026-01-01 00:00:00', 1, 'review', '2026-12-03 10:30:00', 40, "
                "'surgery', 'booked')"))
    finally:
        old.lock()
    vault = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        with vault.engine.connect() as conn:
            row = conn.execute(text("SELECT interpreter_arranged, bsl_arranged, companion_arranged, length_minutes "
                                    "FROM appointment WHERE uuid = 'a-1'")).one()
        assert tuple(row) == (None, None, None, 40)
    finally:
        vault.lock()
