"""Schema changes go through Alembic; old vaults are upgraded after an encrypted backup,
vaults from a newer release are refused and left as they were.

The upgrade is tried on a vault the released 0.1.0 wrote (tests/fixtures/vault-0.1.0.vault),
not on one made by today's migration code: every row that release wrote must still be there,
unchanged, after the upgrade (a later migration that means to rewrite old data says so here).
Once a release adds a migration, the encrypted backup beside the vault is checked too."""

import shutil
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_studies import JACK_NHS, JAMES_NHS, LORNA_NHS
from careplan_desktop.services.planning.versions import draft_in_progress, last_agreed_version, load_version
from careplan_desktop.store import Vault, VaultTooNewError
from careplan_desktop.store import schema
from careplan_desktop.store.passphrase import derive_key, new_salt
from tests.conftest import TEST_PASSPHRASE

# a demo vault written by the released 0.1.0 (see tests/fixtures/README.md)
RELEASED_0_1_0 = Path(__file__).parents[1] / "fixtures" / "vault-0.1.0.vault"
RELEASED_0_1_0_PASSPHRASE = "harbour lantern 0.1.0 fixture"
RELEASED_0_1_0_SCHEMA = "0005"


def _vault_made_by_first_schema(path: Path) -> tuple[bytes, bytes]:
    """Schema 0001 made by today's migration code, with a person in it (raw SQL of that schema):
    for a test of one migration's own rule on rows it must meet. The upgrade test itself uses
    the vault the released 0.1.0 wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    salt = new_salt()
    key = derive_key(TEST_PASSPHRASE, salt)
    old = Vault(path, key, salt)
    schema.upgrade(old.engine, "0001")
    with old.engine.begin() as conn:
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
    return key, salt  # to open it again at the same schema


def _revision(conn) -> str:
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _rows(conn, table: str, columns: list[str]) -> Counter:
    listed = ", ".join(f'"{c}"' for c in columns)
    return Counter(tuple(row) for row in conn.execute(text(f'SELECT {listed} FROM "{table}"')))


def _everything(conn) -> dict[str, tuple[list[str], Counter]]:
    """Every row of every table, with the columns the table has now."""
    tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
    columns = {t: [c["name"] for c in inspect(conn).get_columns(t)] for t in tables}
    return {t: (columns[t], _rows(conn, t, columns[t])) for t in tables}


def _agreed(session, nhs_number: str):
    person = session.scalar(select(Patient).where(Patient.nhs_number == nhs_number))
    return person, last_agreed_version(session, person.id), draft_in_progress(session, person.id)


def test_a_vault_made_by_the_released_0_1_0_is_upgraded_after_a_backup_with_everyone_intact(tmp_path: Path):
    path = tmp_path / "practice.vault"
    shutil.copy(RELEASED_0_1_0, path)
    released = Vault.unlock(path, RELEASED_0_1_0_PASSPHRASE, upgrade=False)
    try:
        with released.engine.connect() as conn:
            assert _revision(conn) == RELEASED_0_1_0_SCHEMA
            before = _everything(conn)
    finally:
        released.lock()
    assert before["patient"][1] and before["plan_version"][1]

    vault = Vault.unlock(path, RELEASED_0_1_0_PASSPHRASE)  # upgraded here
    try:
        with vault.engine.connect() as conn:
            assert _revision(conn) == schema.head_revision()
            for table, (columns, rows) in before.items():  # no row of 0.1.0's lost or changed
                assert not rows - _rows(conn, table, columns), table
        with vault.reader() as session:
            lorna, lorna_plan, _ = _agreed(session, LORNA_NHS)
            jack, jack_plan, jack_draft = _agreed(session, JACK_NHS)
            james, james_plan, _ = _agreed(session, JAMES_NHS)
            names = [(p.given_name, p.family_name) for p in (lorna, jack, james)]
            lorna_uuid, james_uuid = lorna_plan.uuid, james_plan.uuid
            assert jack_plan is None and jack_draft is not None  # Jack's plan is still a draft
        assert names == [("Lorna", "Baxter"), ("Jack", "Morrison"), ("James", "Okafor")]
        lorna_v1, james_v1 = load_version(vault, lorna_uuid), load_version(vault, james_uuid)
        assert (lorna_v1.number, lorna_v1.status, lorna_v1.agreement.agreed_by_person) == (1, "agreed", "Lorna Baxter")
        assert any("bingo" in goal.text for goal in lorna_v1.goals)
        assert len(lorna_v1.medicines) == 4 and all(m.colour for m in lorna_v1.medicines)  # her colour-coded boxes
        assert (james_v1.number, james_v1.status, james_v1.agreement.agreed_by_person) == (1, "agreed", "James Okafor")
        assert any("12-14 hours per day in my wheelchair" in goal.text for goal in james_v1.goals)
        assert james_v1.budget is not None and james_v1.budget.lines  # his personal health budget
    finally:
        vault.lock()

    backups = list(tmp_path.glob("practice.before-upgrade-*.vault"))
    if schema.head_revision() == RELEASED_0_1_0_SCHEMA:  # nothing to upgrade: nothing copied
        assert backups == []
        return
    [backup] = backups
    assert backup.name.startswith(f"practice.before-upgrade-{RELEASED_0_1_0_SCHEMA}-")
    assert not any(secret in backup.read_bytes() for secret in (b"Lorna", b"Baxter", LORNA_NHS.encode()))
    copy = Vault.unlock(backup, RELEASED_0_1_0_PASSPHRASE, upgrade=False)
    try:
        with copy.engine.connect() as conn:
            assert _revision(conn) == RELEASED_0_1_0_SCHEMA
            assert {table: rows for table, (_, rows) in _everything(conn).items()} == \
                {table: rows for table, (_, rows) in before.items()}
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
    assert sorted(vault_path.parent.iterdir()) == [vault_path, vault_path.with_name(vault_path.name + ".keys")]


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
