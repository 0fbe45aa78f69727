"""A full disk, a damaged page, a damaged or leftover -wal file: each gets a message that says
what happened and what to do, and a failed unlock leaves every file byte-for-byte as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from careplan_desktop import models
from careplan_desktop.store import DiskFullError, Vault, VaultBusyError, VaultDamagedError, WrongPassphraseError
from tests.conftest import TEST_PASSPHRASE

from .trouble import (
    copy_while_open,
    damage_page,
    damage_wal_frame,
    fill,
    fingerprints,
    inject_full_disk,
    page_count,
    root_page,
    small_disk,
    wal_frames,
)


def add_users(vault: Vault, how_many: int, *, start: int = 0) -> None:
    with vault.transaction() as session:
        session.add_all(models.User(name=f"Nurse {n:05d} " + "x" * 200, role="practice nurse")
                        for n in range(start, start + how_many))


def user_count(vault: Vault) -> int:
    with vault.reader() as session:
        return session.scalar(select(func.count()).select_from(models.User))


# -- 1. a full disk ---------------------------------------------------------------------------------
def test_a_full_disk_while_saving_says_so_and_where_and_keeps_what_was_saved(vault, vault_path, monkeypatch):
    add_users(vault, 3)
    inject_full_disk(monkeypatch, vault, pages=page_count(vault))
    with pytest.raises(DiskFullError) as raised:
        add_users(vault, 500, start=100)
    message = str(raised.value)
    assert message.startswith("The disk is full")
    assert str(vault_path.parent) in message
    assert "Nothing saved before it has been lost" in message
    assert "Wrong passphrase" not in message and "backup" not in message
    assert user_count(vault) == 4  # Nora and the three saved before the disk filled


def test_a_disk_with_no_space_at_all_says_so_at_unlock_not_wrong_passphrase(tmp_path):
    with small_disk(tmp_path / "small", "4m") as folder:
        path = folder / "careplan.vault"
        Vault.create(path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Nurse").lock()
        fill(folder)
        main = fingerprints(path)["main"]
        with pytest.raises(DiskFullError) as raised:
            Vault.unlock(path, TEST_PASSPHRASE)
        assert str(raised.value).startswith("The disk is full")
        assert str(folder) in str(raised.value)
        assert "cannot be opened. Nothing in it has been lost or changed." in str(raised.value)
        assert fingerprints(path)["main"] == main
        with pytest.raises(WrongPassphraseError):  # the key check needs no space: still told apart
            Vault.unlock(path, "not the right passphrase at all")
        (folder / "filler").unlink()
        Vault.unlock(path, TEST_PASSPHRASE).lock()  # space made: it opens, nothing lost


# -- 2. a damaged page -------------------------------------------------------------------------------
def test_a_damaged_page_in_the_middle_is_reported_as_damage(vault, vault_path):
    add_users(vault, 40)
    page = root_page(vault, "audit_event")
    vault.lock()
    assert 1 < page < vault_path.stat().st_size // 4096
    damage_page(vault_path, page)
    opened = Vault.unlock(vault_path, TEST_PASSPHRASE)  # page 1 and the tables read at unlock are fine
    try:
        with pytest.raises(VaultDamagedError, match="The vault file is damaged") as raised:
            opened.integrity_problems()
        assert "Restore the vault from your latest backup" in str(raised.value)
        with pytest.raises(VaultDamagedError), opened.reader() as session:
            session.scalars(select(models.AuditEvent)).all()
    finally:
        opened.lock()


# -- 3. a failed unlock changes nothing --------------------------------------------------------------
@pytest.fixture
def left_open(vault: Vault, tmp_path: Path) -> Path:
    """A vault's files as an unclean close leaves them: recent changes only in -wal and -shm."""
    add_users(vault, 30)
    copy = copy_while_open(vault, tmp_path / "copy")
    assert wal_frames(copy) >= 3 and Path(f"{copy}-shm").exists()
    return copy


def test_a_wrong_passphrase_with_a_wal_file_changes_no_byte(left_open: Path):
    before = fingerprints(left_open)
    with pytest.raises(WrongPassphraseError):
        Vault.unlock(left_open, "not the right passphrase at all")
    assert fingerprints(left_open) == before  # main, -wal and -shm: not checkpointed, not deleted
    opened = Vault.unlock(left_open, TEST_PASSPHRASE)  # and the changes in the -wal are all there
    try:
        assert user_count(opened) == 31
    finally:
        opened.lock()


@pytest.mark.parametrize("with_index", [True, False], ids=["with -shm", "without -shm"])
def test_a_damaged_wal_frame_is_reported_and_never_copied_into_the_vault(left_open: Path, with_index: bool):
    if not with_index:
        Path(f"{left_open}-shm").unlink()
    damage_wal_frame(left_open, 2)
    before = fingerprints(left_open)
    with pytest.raises(VaultDamagedError, match="The vault file is damaged"):
        Vault.unlock(left_open, TEST_PASSPHRASE)
    assert fingerprints(left_open) == before
    with pytest.raises(WrongPassphraseError):  # a wrong passphrase is still a wrong passphrase
        Vault.unlock(left_open, "not the right passphrase at all")
    assert fingerprints(left_open) == before
    Path(f"{left_open}-wal").unlink()  # the main file was kept readable: without the -wal it opens
    Path(f"{left_open}-shm").unlink(missing_ok=True)
    Vault.unlock(left_open, TEST_PASSPHRASE).lock()


def test_a_frame_torn_by_a_crash_after_the_last_commit_is_not_damage(left_open: Path):
    """A half-written frame after the last commit is one SQLite itself ignores: it opens."""
    frames = wal_frames(left_open)
    Path(f"{left_open}-shm").unlink()
    with Path(f"{left_open}-wal").open("r+b") as handle:  # a copy of the header of the last frame
        handle.seek(32 + (frames - 1) * (24 + 4096))
        header = handle.read(24)
        handle.seek(0, 2)
        handle.write(header + b"\0" * 4096)
    opened = Vault.unlock(left_open, TEST_PASSPHRASE)
    try:
        assert user_count(opened) == 31
    finally:
        opened.lock()


def test_a_vault_held_by_another_program_is_busy_not_a_wrong_passphrase(vault, vault_path):
    import sqlcipher3.dbapi2 as sqlcipher

    key, salt = vault._key, vault._salt
    vault.lock()
    other = sqlcipher.connect(str(vault_path))  # another program, holding the file for itself
    try:
        other.execute(f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\"")
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(VaultBusyError, match="The vault is busy"):
            Vault.unlock(vault_path, TEST_PASSPHRASE)
        with pytest.raises(WrongPassphraseError):
            Vault.unlock(vault_path, "not the right passphrase at all")
    finally:
        other.close()
    Vault.unlock(vault_path, TEST_PASSPHRASE).lock()
