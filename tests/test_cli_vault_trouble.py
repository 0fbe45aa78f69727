"""The headless commands on a vault in trouble: a plain message, a non-zero exit, no traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careplan_desktop.app import main
from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_mix import create_demo_vault
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.store import Vault

from .conftest import TEST_PASSPHRASE
from .services.test_register_import import FIXTURE
from .store.trouble import damage_page, fill, fingerprints, inject_full_disk, page_count, root_page, small_disk
from .test_cli import PASS, run


def test_check_and_printout_on_a_vault_with_a_damaged_page(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "damaged.vault"
    vault = create_demo_vault(path, PASS, patients=40, today=dt.date(2026, 12, 2))
    page = root_page(vault, "patient")
    vault.lock()
    assert 1 < page < path.stat().st_size // 4096  # in the middle of the file
    damage_page(path, page)
    before = fingerprints(path)

    checked = run("check", "--vault", str(path), data_dir=data_dir)
    printed = run("printout", "--vault", str(path), "--nhs-number", LORNA_NHS, "--out", str(tmp_path / "p.pdf"),
                  data_dir=data_dir)
    for done in (checked, printed):
        assert done.returncode == 2
        assert done.stderr.startswith("The vault file is damaged")
        assert "Restore the vault from your latest backup" in done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert "malformed" not in done.stderr
    assert not (tmp_path / "p.pdf").exists()
    assert fingerprints(path) == before


def test_import_register_on_a_full_disk_says_so_and_imports_nobody(vault_path: Path, monkeypatch, capsys) -> None:
    vault = Vault.create(vault_path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Nurse")
    pages = page_count(vault)
    vault.lock()
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", TEST_PASSPHRASE)
    inject_full_disk(monkeypatch, pages=pages + 2)  # room to open, not to import 49 people

    status = main(["import-register", "--vault", str(vault_path), str(FIXTURE)])

    out = capsys.readouterr()
    assert status == 2
    assert out.err.startswith("The disk is full")
    assert f"in the folder {vault_path.parent}," in out.err
    assert "Nothing saved before it has been lost" in out.err
    assert "Traceback" not in out.err and "imported:" not in out.out
    reopened = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        assert reopened.count(Patient) == 0
    finally:
        reopened.lock()


def test_a_printout_to_a_full_disk_says_so_and_where(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "demo.vault"
    create_demo_vault(path, PASS, patients=0, today=dt.date(2026, 12, 2)).lock()
    with small_disk(tmp_path / "stick") as stick:
        fill(stick)
        printed = run("printout", "--vault", str(path), "--nhs-number", LORNA_NHS, "--out", str(stick / "lorna.pdf"),
                      data_dir=data_dir)
    assert printed.returncode == 2
    assert printed.stderr.startswith(f"The disk is full: there is no space left in the folder {stick}, "
                                     "so the file could not be written.")
    assert "Traceback" not in printed.stderr
