"""Issue 13 §5 in the GUI: Back up now writes a checked backup to the chosen folder and says so;
Restore shows the backup's date and counts, asks, restores, and locks so every screen reads
the restored vault; a damaged backup is refused with the vault untouched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from careplan_desktop.models import Patient
from careplan_desktop.services.backup.copies import backups_in
from careplan_desktop.store import Vault
from tests.conftest import TEST_PASSPHRASE


@pytest.fixture
def vault(administrator_vault):
    """The practice's settings and backups are an administrator's."""
    return administrator_vault


def add_person(vault: Vault) -> None:
    with vault.transaction() as session:
        session.add(Patient(nhs_number="9434765919", given_name="Added", family_name="Later",
                            date_of_birth=dt.date(1950, 1, 1), birth_month=1, sex="female"))


def test_back_up_now_then_restore_from_the_settings_screen(qtbot, tmp_path: Path, vault_path: Path, vault: Vault,
                                                           make_context, open_window) -> None:
    window = open_window(make_context(vault_path, vault))
    panel = window.show_area("settings").backups
    qtbot.waitUntil(lambda: panel.last.text().startswith("No backup"))
    folder = tmp_path / "backups"
    folder.mkdir()
    panel.choose_folder = lambda: str(folder)
    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Backed up and checked"))
    [made] = backups_in(folder)
    assert made.name in panel.status.text() and panel.last.text().startswith("Last backup: ")
    assert window.context.settings.last_backup_folder == str(folder)

    add_person(vault)  # recorded after the backup: the restore takes it away
    asked = []
    panel.choose_file = lambda: str(made)
    panel.confirm = lambda summary: asked.append(summary) or True
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lock_flow.is_locked)
    assert [s.people for s in asked] == [0] and asked[0].path == made
    assert list(vault_path.parent.glob("test.before-restore-*.vault"))
    reopened = Vault.unlock(vault_path, TEST_PASSPHRASE)
    try:
        assert reopened.count(Patient) == 0  # as the backup holds it
    finally:
        reopened.lock()


def test_a_damaged_backup_is_refused_on_screen_and_the_vault_is_untouched(qtbot, tmp_path: Path, vault_path: Path,
                                                                          vault: Vault, make_context, open_window):
    bad = tmp_path / "careplan-backup-2026-12-01-090000.vault"
    bad.write_bytes(b"\x00" * 8192)
    add_person(vault)
    window = open_window(make_context(vault_path, vault))
    panel = window.show_area("settings").backups
    panel.choose_file = lambda: str(bad)
    panel.confirm = lambda summary: (_ for _ in ()).throw(AssertionError("asked to restore a damaged backup"))
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.problem.isVisible())
    assert "cannot be opened with this vault's key" in panel.problem.text()
    assert not window.lock_flow.is_locked and vault.count(Patient) == 1
    assert not list(vault_path.parent.glob("*.before-restore-*"))
