"""Issue 13 §1 and §5, headless: `practice` shows and sets the practice's details; `backup`
writes a checked backup; `restore` puts one back, and refuses a damaged one."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan_desktop.app import main
from careplan_desktop.models import Patient
from careplan_desktop.services.practice.details import read_practice
from careplan_desktop.store import Vault
from tests.conftest import TEST_PASSPHRASE


@pytest.fixture
def made(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", TEST_PASSPHRASE)
    path = tmp_path / "vault" / "practice.vault"
    Vault.create(path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Sam Okafor", user_role="administrator").lock()
    return path


def test_the_practice_command_shows_refuses_and_sets_the_details(made: Path, capsys) -> None:
    vault = str(made)
    assert main(["practice", "--vault", vault]) == 0
    assert "not set up yet" in capsys.readouterr().out
    assert main(["practice", "--vault", vault, "--name", "Holmside Medical Group", "--phone", "0191 496 0000"]) == 2
    assert "give --address, --ods too" in capsys.readouterr().err
    assert main(["practice", "--vault", vault, "--name", "Holmside Medical Group", "--address", "Holmside Lane, Newtown",
                 "--phone", "0191 496 0000", "--ods", "A8100"]) == 0  # 5 characters: the general ODS shape
    assert main(["practice", "--vault", vault, "--ods", "A81 0011"]) == 2
    assert "this one has 7" in capsys.readouterr().err
    assert main(["practice", "--vault", vault, "--ods", "a81001", "--review-months", "12,6,2", "--lock-minutes", "10",
                 "--clinic", "Tue=9am to 1pm", "--signed-by", "Dr Asha Patel, GP"]) == 0
    out = capsys.readouterr().out
    assert "ODS code: A81001" in out and "Review every: 12 months (level 1), 6 (level 2), 2 (level 3)" in out
    assert "Clinic days: Tuesday 9am to 1pm" in out and "Locks after: 10 minutes" in out
    opened = Vault.unlock(made, TEST_PASSPHRASE)
    kept = read_practice(opened)
    opened.lock()
    assert (kept.name, kept.ods_code, kept.lock_minutes, kept.letters_signed_by) == (
        "Holmside Medical Group", "A81001", 10, "Dr Asha Patel, GP")
    assert main(["practice", "--vault", vault, "--review-months", "12,6"]) == 2
    assert "three whole numbers" in capsys.readouterr().err


def test_backup_then_restore_headless_and_a_damaged_backup_is_refused(made: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["backup", "--vault", str(made), "--to", str(folder)]) == 0
    out = capsys.readouterr().out
    [backup] = [p for p in folder.iterdir() if p.suffix != ".keys"]
    assert (folder / f"{backup.name}.keys").exists()  # who can sign in to it, beside it
    assert f"Backed up to {backup}" in out and "opened again and checked" in out
    assert main(["backup", "--vault", str(made), "--to", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err

    opened = Vault.unlock(made, TEST_PASSPHRASE)
    with opened.transaction() as session:
        session.add(Patient(nhs_number="9434765919", given_name="Added", family_name="Later",
                            date_of_birth=__import__("datetime").date(1950, 1, 1), birth_month=1, sex="female"))
    opened.lock()
    damaged = tmp_path / "damaged.vault"
    data = bytearray(backup.read_bytes())
    data[300:340] = bytes(40)
    damaged.write_bytes(bytes(data))
    before = made.read_bytes()
    assert main(["restore", "--vault", str(made), str(damaged)]) == 2
    assert "cannot be opened with this vault's key" in capsys.readouterr().err
    assert made.read_bytes() == before

    assert main(["restore", "--vault", str(made), str(backup)]) == 0
    out = capsys.readouterr().out
    assert "Restored the backup made" in out and "0 people" in out and "kept at" in out
    reopened = Vault.unlock(made, TEST_PASSPHRASE)
    try:
        assert reopened.count(Patient) == 0
    finally:
        reopened.lock()
    assert list(made.parent.glob("practice.before-restore-*.vault"))
