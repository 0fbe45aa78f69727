"""Patient data stays inside the vault: the vault, its -wal and -shm, and every file the app
writes in its data folder hold none of the demo people's names or NHS numbers in the clear."""

from pathlib import Path

from careplan_desktop.app import main
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import DEMO_NHS_NUMBERS
from careplan_desktop.domain.nhs_number import formatted
from careplan_desktop.services.register.listing import load_register, open_person
from careplan_desktop.store import Vault

SECRETS = [b"Lorna", b"Baxter", b"Morrison", b"Okafor", b"Susan", b"bingo"]
SECRETS += [n.encode() for n in DEMO_NHS_NUMBERS] + [formatted(n).encode() for n in DEMO_NHS_NUMBERS]


def _leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.name}: {s.decode()}" for s in SECRETS if s in data or s.lower() in data.lower()]
    return found


def test_demo_vault_and_data_folder_hold_no_plaintext(data_dir: Path, monkeypatch):
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["demo", "--patients", "40"]) == 0  # into the default vault in the data folder
    vault_file = data_dir / "careplan.vault"
    assert vault_file.exists()
    vault = Vault.unlock(vault_file, DEMO_PASSPHRASE)
    try:
        rows, _ = load_register(vault)
        for row in rows[:10]:
            open_person(vault, row.uuid)  # writes audit events: the WAL now holds fresh pages
        assert Path(f"{vault_file}-wal").exists()
        assert _leaks(data_dir) == []  # vault, -wal, -shm, logs, settings: while open
    finally:
        vault.lock()
    assert main(["check"]) == 0
    assert _leaks(data_dir) == []
    assert any(p.suffix == ".log" for p in data_dir.rglob("*"))  # the log was written, and scanned
