"""`careplan-desktop import-register`, run as a script would run it, on tests/fixtures/register_50.csv.

The expected counts and reasons are the hand-computed ones of tests/services/test_register_import.py.
(That the command prints the same counts as the GUI wizard for the same file is shown in
tests/ui/test_register_import_ui.py, which needs the Qt fixtures.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from careplan_desktop.models import Patient
from careplan_desktop.services.register.person import PersonForm, save_person
from careplan_desktop.store import Vault

from .conftest import TEST_PASSPHRASE
from .services.test_register_import import EXPECTED_REJECTS, FIXTURE, LORNA_NHS, UNCLOSED, UNCLOSED_REASON


def run_cli(*args: str, data_dir: Path, passphrase: str = TEST_PASSPHRASE) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CAREPLAN_PASSPHRASE"}
    env.update(CAREPLAN_DATA_DIR=str(data_dir), CAREPLAN_PASSPHRASE=passphrase)
    return subprocess.run([sys.executable, "-m", "careplan_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=180, stdin=subprocess.DEVNULL)


@pytest.fixture
def vault_with_lorna(vault_path: Path) -> Path:
    vault = Vault.create(vault_path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Nurse", device_name="Test PC")
    form = PersonForm(nhs_number=LORNA_NHS, given_name="Lorna", family_name="Example",
                      date_of_birth=dt.date(1946, 9, 17), conditions=[("asthma", None)])
    assert save_person(vault, form).saved
    vault.lock()
    return vault_path


def test_import_register_prints_the_counts_and_the_rejects(vault_with_lorna: Path, data_dir: Path) -> None:
    done = run_cli("import-register", "--vault", str(vault_with_lorna), str(FIXTURE), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:4] == ["imported: 37", "updated: 1", "unchanged: 0", "rejected: 12"]
    assert lines[5:] == [f"  row {r.row_number}: {r.reason}" for r in EXPECTED_REJECTS]
    vault = Vault.unlock(vault_with_lorna, TEST_PASSPHRASE)
    try:
        assert vault.count(Patient) == 38
    finally:
        vault.lock()
    again = run_cli("import-register", "--vault", str(vault_with_lorna), str(FIXTURE), data_dir=data_dir)
    assert again.stdout.splitlines()[:4] == ["imported: 0", "updated: 0", "unchanged: 38", "rejected: 12"]


def test_a_mapping_file_chooses_the_columns(vault_with_lorna: Path, data_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    # only the required columns: the rows' conditions, level and so on are left out
    mapping.write_text(json.dumps({"nhs_number": "NHS Number", "family_name": "Surname", "given_name": "Forename",
                                   "date_of_birth": "Date of Birth"}))
    done = run_cli("import-register", "--vault", str(vault_with_lorna), str(FIXTURE), "--mapping", str(mapping),
                   data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    # without the Problems and Level columns, rows 24 (Gout) and 36 (level 5) are fine; Lorna is unchanged
    assert done.stdout.splitlines()[:4] == ["imported: 39", "updated: 0", "unchanged: 1", "rejected: 10"]


@pytest.mark.parametrize("problem, expected", [
    ("missing file", "The file could not be opened"),
    ("bad mapping", "Choose the column for date of birth."),
    ("mapping not json", "The mapping file is not valid JSON."),
])
def test_file_problems_exit_2_and_change_nothing(vault_with_lorna: Path, data_dir: Path, tmp_path: Path,
                                                problem: str, expected: str) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text("{not json" if problem == "mapping not json" else
                       json.dumps({"nhs_number": "NHS Number", "family_name": "Surname", "given_name": "Forename"}))
    args = ["import-register", "--vault", str(vault_with_lorna),
            str(tmp_path / "nowhere.csv") if problem == "missing file" else str(FIXTURE)]
    if problem != "missing file":
        args += ["--mapping", str(mapping)]
    before = vault_with_lorna.read_bytes()
    done = run_cli(*args, data_dir=data_dir)
    assert done.returncode == 2
    assert expected in done.stderr and done.stdout == ""
    assert vault_with_lorna.read_bytes() == before


def test_a_file_with_an_unclosed_quote_is_refused_naming_the_row(vault_with_lorna: Path, data_dir: Path) -> None:
    done = run_cli("import-register", "--vault", str(vault_with_lorna), str(UNCLOSED), data_dir=data_dir)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == UNCLOSED_REASON
    vault = Vault.unlock(vault_with_lorna, TEST_PASSPHRASE)
    try:
        assert vault.count(Patient) == 1  # Lorna, as before
    finally:
        vault.lock()
