from pathlib import Path

import pytest

from careplan_desktop.store import PassphraseRejected, Vault, VaultExistsError, WrongPassphraseError
from tests.conftest import TEST_PASSPHRASE


def test_too_short_and_not_matching_are_refused(vault_path: Path):
    with pytest.raises(PassphraseRejected, match="too short"):
        Vault.create(vault_path, "short", "short", user_name="N")
    with pytest.raises(PassphraseRejected, match="do not match"):
        Vault.create(vault_path, "a long passphrase", "a long passphrasf", user_name="N")
    assert not vault_path.exists()


def test_wrong_passphrase_leaves_bytes_unchanged(vault: Vault, vault_path: Path):
    vault.lock()
    before = vault_path.read_bytes()
    with pytest.raises(WrongPassphraseError, match="Wrong passphrase, or the vault file is damaged"):
        Vault.unlock(vault_path, "not the right passphrase")
    assert vault_path.read_bytes() == before
    assert not Path(f"{vault_path}-wal").exists()


def test_creating_over_an_existing_vault_is_refused(vault: Vault, vault_path: Path):
    with pytest.raises(VaultExistsError):
        Vault.create(vault_path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="N")


def test_pragmas_are_in_force(vault: Vault):
    with vault.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # MEMORY
        assert conn.exec_driver_sql("PRAGMA cipher_use_hmac").scalar() in (1, "1")


def test_opens_with_the_passphrase_in_plain_sqlcipher(vault: Vault, vault_path: Path):
    """The key is random and a staff passphrase opens it by way of the person's key slot: any
    SQLCipher tool opens the vault with the raw key the slot gives up for the passphrase, and
    nothing is readable without it (the passphrase itself is not the key)."""
    import sqlcipher3.dbapi2 as sqlcipher

    from careplan_desktop.store.key_slots import read_slots
    from careplan_desktop.store.vault import read_salt

    vault.lock()
    salt = read_salt(vault_path)
    key = read_slots(vault_path).for_user("Nora Nurse").open(TEST_PASSPHRASE, salt)
    conn = sqlcipher.connect(str(vault_path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\"")
    assert conn.execute("SELECT count(*) FROM user").fetchone()[0] == 1
    conn.close()
    conn = sqlcipher.connect(str(vault_path))
    conn.execute(f"PRAGMA key = '{TEST_PASSPHRASE}'")
    with pytest.raises(sqlcipher.DatabaseError):
        conn.execute("SELECT count(*) FROM user").fetchone()
    conn.close()


def test_backup_is_encrypted_and_opens(vault: Vault, tmp_path: Path):
    backup = vault.backup_to(tmp_path / "copy.vault")
    assert b"SQLite format 3" not in backup.read_bytes()[:100]
    assert b"Nora Nurse" not in backup.read_bytes()
    copy = Vault.unlock(backup, TEST_PASSPHRASE)
    assert copy.user_name == "Nora Nurse"
    copy.lock()


@pytest.mark.parametrize(
    ("weak", "why"),
    [(" " * 12, "it repeats the same letters or words"), ("passwordpassword", "it repeats the same letters or words"),
     ("aaaaaaaaaaaa", "it repeats the same letters or words"), ("123456789012", "a password many people use")],
    ids=["twelve spaces", "passwordpassword", "aaaaaaaaaaaa", "123456789012"],
)
def test_a_passphrase_that_is_easy_to_guess_is_refused_with_the_reason(vault_path: Path, weak: str, why: str):
    with pytest.raises(PassphraseRejected) as raised:
        Vault.create(vault_path, weak, weak, user_name="Nora Nurse")
    message = str(raised.value)
    assert message.startswith("That passphrase is too easy to guess: ")
    assert why in message
    assert "Use three or four ordinary words" in message
    assert weak not in message  # the passphrase is never repeated back
    assert not vault_path.exists()


def test_your_own_name_is_not_a_passphrase(vault_path: Path):
    with pytest.raises(PassphraseRejected, match="it uses your name or this computer's name"):
        Vault.create(vault_path, "Nora Hughes 2026", "Nora Hughes 2026", user_name="Nora Hughes")


@pytest.mark.parametrize("words", ["bramble teapot lighthouse", TEST_PASSPHRASE, "demo passphrase for testing"])
def test_a_few_ordinary_words_make_a_passphrase(vault_path: Path, words: str):
    Vault.create(vault_path, words, words, user_name="Nora Nurse").lock()
    Vault.unlock(vault_path, words).lock()
