"""Issue 13 §5: backups are checked copies made with the vault's own key; a restore puts every
table back as the backup holds it; a damaged backup is refused and the vault is left as it was."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from careplan_desktop.models import Patient, Result
from careplan_desktop.services.backup.copies import (
    BackupError,
    back_up,
    backups_in,
    daily_backup,
    inspect_backup,
    last_backup,
    restore,
)
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store import Vault, VaultDamagedError
from careplan_desktop.store.copies import table_names
from careplan_desktop.store.vault import open_keyed_connection

from ..signing_in import sign_in_as

NOW = dt.datetime(2026, 12, 2, 9, 15)


@pytest.fixture
def demo(tmp_path: Path, demo_vaults):
    vault = demo_vaults.open(tmp_path / "vault" / "demo.vault", DEMO_PASSPHRASE, patients=20,
                             today=dt.date(2026, 11, 2))
    sign_in_as(vault, "Sam Porter")  # restoring is for an administrator
    yield vault
    vault.lock()


def contents(path: Path, vault: Vault) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order, read with the vault's key."""
    with contextlib.closing(open_keyed_connection(path, vault._key, vault._salt)) as conn:
        return {name: sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"'))) for name in table_names(conn)}


def damaged_problems(vault: Vault) -> list[str]:
    """The integrity checks' findings: SQLite either raises (VaultDamagedError) or lists them,
    depending on which page the damage hit (the schema's tables move the middle page)."""
    try:
        return vault.integrity_problems()
    except VaultDamagedError as error:
        return [str(error)]


def damage(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + 64):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_backup_is_checked_and_a_restore_puts_every_table_back_as_the_backup_holds_it(demo: Vault, tmp_path: Path):
    folder = tmp_path / "backups"
    folder.mkdir()
    made = back_up(demo, folder, now=NOW)
    assert made.path.name == "careplan-backup-2026-12-02-091500.vault"  # a time, never a name
    assert made.people == 23 and made.counts["practice"] == 1
    # nothing left ".checking"; who can sign in is kept beside the copy
    assert sorted(p.name for p in folder.iterdir()) == [made.path.name, made.path.name + ".keys"]
    kept = contents(made.path, demo)
    # the vault goes wrong after the backup: records lost and changed, then a page damaged
    with demo.transaction() as session:
        session.execute(delete(Result))
        session.execute(update(Patient).values(phone="00000"))
    demo.lock()
    pages = demo.path.stat().st_size // 4096
    damage(demo.path, 4096 * (pages // 2) + 100)
    vault = Vault.unlock(demo.path, DEMO_PASSPHRASE, user="Sam Porter")  # page 1 is intact: it opens, with a damaged page
    assert damaged_problems(vault)

    summary, aside = restore(vault, made.path, now=NOW + dt.timedelta(hours=1))
    assert summary.made_at == NOW and aside.exists() and aside.name == "demo.before-restore-2026-12-02-101500.vault"
    assert vault.integrity_problems() == []
    restored = contents(vault.path, vault)
    audit = restored.pop("audit_event")
    backup_audit = kept.pop("audit_event")
    assert restored == kept  # every other table exactly as in the backup
    assert set(backup_audit) < set(audit) and len(audit) == len(backup_audit) + 1  # plus "restored from backup"
    with vault.reader() as session:
        assert session.scalar(select(Result.id).limit(1)) is not None
    vault.lock()
    assert Vault.unlock(demo.path, DEMO_PASSPHRASE).count(Patient) == 23  # the passphrase still opens it


@pytest.mark.parametrize("where", ["first page", "middle page"])
def test_a_damaged_backup_is_refused_and_the_vault_is_untouched(demo: Vault, tmp_path: Path, where: str):
    made = back_up(demo, tmp_path, now=NOW)
    offset = 200 if where == "first page" else 4096 * (made.path.stat().st_size // 8192) + 100
    damage(made.path, offset)
    demo.lock()
    before = {p.name: p.read_bytes() for p in demo.path.parent.iterdir()}
    vault = Vault.unlock(demo.path, DEMO_PASSPHRASE, user="Sam Porter")
    with pytest.raises(BackupError) as refused:
        restore(vault, made.path)
    assert "Nothing has been changed" in str(refused.value)
    assert ("damaged" in str(refused.value))
    vault.lock()
    assert {p.name: p.read_bytes() for p in demo.path.parent.iterdir()} == before


def test_a_backup_from_another_vault_is_refused(demo: Vault, tmp_path: Path):
    other = Vault.create(tmp_path / "other.vault", "another long passphrase here", "another long passphrase here",
                         user_name="Someone")
    elsewhere = back_up(other, tmp_path, now=NOW)
    other.lock()
    with pytest.raises(BackupError, match="another vault"):
        inspect_backup(demo, elsewhere.path)


def test_a_backup_to_a_folder_that_is_not_there_or_not_writable_says_so_and_writes_nothing(demo: Vault, tmp_path: Path):
    with pytest.raises(BackupError, match="does not exist"):
        back_up(demo, tmp_path / "missing")
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "read-only"
        locked.mkdir(mode=0o500)
        with pytest.raises(BackupError, match="cannot save files"):
            back_up(demo, locked)


def test_a_full_disk_during_the_backup_leaves_no_file_and_says_the_vault_is_untouched(demo: Vault, tmp_path, monkeypatch):
    import errno

    def full(self, destination):
        Path(f"{destination}").write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Vault, "backup_to", full)
    with pytest.raises(BackupError, match="disk is full") as refused:
        back_up(demo, tmp_path, now=NOW)
    assert "vault itself has not been changed" in str(refused.value)
    assert backups_in(tmp_path) == [] and not list(tmp_path.glob("*.checking"))


def test_the_daily_backup_is_made_once_a_day_and_keeps_the_newest(demo: Vault, tmp_path: Path):
    folder = tmp_path / "daily"
    first = daily_backup(demo, folder, now=NOW, keep=3)
    assert first is not None and daily_backup(demo, folder, now=NOW + dt.timedelta(hours=3), keep=3) is None
    for day in range(1, 5):
        assert daily_backup(demo, folder, now=NOW + dt.timedelta(days=day), keep=3) is not None
    assert [p.name[16:26] for p in backups_in(folder)] == ["2026-12-04", "2026-12-05", "2026-12-06"]
    assert last_backup(folder) == NOW + dt.timedelta(days=4)
