"""The headless commands, run as a nurse or a script would run them."""

import os
import subprocess
import sys
from pathlib import Path

from careplan_desktop.models import Patient, PlanVersion
from careplan_desktop.services.demo.case_studies import JACK_NHS, JAMES_NHS, LORNA_NHS
from careplan_desktop.store import Vault

PASS = "a demo passphrase for tests"


def run(*args: str, passphrase: str | None = PASS, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CAREPLAN_PASSPHRASE"}
    env["CAREPLAN_DATA_DIR"] = str(data_dir)
    if passphrase is not None:
        env["CAREPLAN_PASSPHRASE"] = passphrase
    return subprocess.run([sys.executable, "-m", "careplan_desktop", *args], capture_output=True, text=True,
                          env=env, timeout=180, stdin=subprocess.DEVNULL)


def test_demo_then_check(tmp_path: Path, data_dir: Path):
    vault_file = tmp_path / "demo.vault"
    made = run("demo", "--vault", str(vault_file), "--patients", "30", "--seed", "7", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    checked = run("check", "--vault", str(vault_file), data_dir=data_dir)
    assert checked.returncode == 0, checked.stderr
    assert "people: 33" in checked.stdout  # Lorna, Jack, James + 30
    assert "plan versions: 3" in checked.stdout
    assert "integrity: ok" in checked.stdout
    vault = Vault.unlock(vault_file, PASS)
    try:
        with vault.reader() as session:
            numbers = {p.nhs_number: p.given_name for p in session.query(Patient)}
            statuses = {(v.patient_id, v.status) for v in session.query(PlanVersion)}
        assert numbers[LORNA_NHS] == "Lorna" and numbers[JACK_NHS] == "Jack" and numbers[JAMES_NHS] == "James"
        assert sorted(s for _, s in statuses) == ["agreed", "agreed", "draft"]
        assert all(n.startswith("999") for n in numbers)
    finally:
        vault.lock()


def test_check_with_a_wrong_passphrase(tmp_path: Path, data_dir: Path):
    vault_file = tmp_path / "v.vault"
    assert run("init", "--vault", str(vault_file), data_dir=data_dir).returncode == 0
    before = vault_file.read_bytes()
    checked = run("check", "--vault", str(vault_file), passphrase="not the passphrase", data_dir=data_dir)
    assert checked.returncode != 0
    assert checked.stderr.strip().startswith("Wrong passphrase, or the vault file is damaged")
    assert len(checked.stderr.strip().splitlines()) == 1
    assert vault_file.read_bytes() == before


def test_passphrase_file_and_no_passphrase(tmp_path: Path, data_dir: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text(PASS + "\n")
    vault_file = tmp_path / "v.vault"
    made = run("init", "--vault", str(vault_file), "--passphrase-file", str(secret), passphrase=None, data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    Vault.unlock(vault_file, PASS).lock()
    missing = run("check", "--vault", str(vault_file), passphrase=None, data_dir=data_dir)
    assert missing.returncode == 2
    assert "CAREPLAN_PASSPHRASE" in missing.stderr


def test_short_passphrase_is_refused_headless(tmp_path: Path, data_dir: Path):
    made = run("init", "--vault", str(tmp_path / "v.vault"), passphrase="too short", data_dir=data_dir)
    assert made.returncode == 2
    assert "too short" in made.stderr
    assert not (tmp_path / "v.vault").exists()


def test_nhs_numbers_in_look_alike_digits_are_refused_by_every_command(tmp_path: Path, data_dir: Path):
    """Full-width digits (what some keyboard layouts type) are refused with the keys to use: exit 2,
    one plain line, no traceback."""
    vault_file = tmp_path / "v.vault"
    assert run("init", "--vault", str(vault_file), data_dir=data_dir).returncode == 0
    wide = "９９９ ０００ ００１８"
    out = tmp_path / "out"
    out.mkdir()
    commands = [
        ("printout", "--nhs-number", wide, "--out", str(out / "p.pdf")),
        ("export-fhir", "--nhs-number", wide, "--out", str(out / "p.json"), "--yes"),
        ("export", "--to", str(out), "--people", f"9434765919,{wide}"),
        ("letters", "--month", "2026-12", "--people", wide, "--out", str(out / "l.pdf")),
    ]
    for command in commands:
        done = run(command[0], "--vault", str(vault_file), *command[1:], data_dir=data_dir)
        assert done.returncode == 2, (command[0], done.stderr)
        option = command[command.index(wide) - 1] if wide in command else "--people"
        assert done.stderr.strip().startswith(f"{option}: Type the NHS number with the ordinary number keys 0-9"), \
            (command[0], done.stderr)
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert list(out.iterdir()) == []
