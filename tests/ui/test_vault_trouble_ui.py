"""The GUI on a vault in trouble: the unlock dialog and a draft's autosave say what happened
(a damaged file, a full disk), never "Wrong passphrase" or "Something went wrong"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from careplan_desktop.models import User
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.planning.versions import current_draft
from careplan_desktop.store import Vault
from careplan_desktop.ui.vault import UnlockDialog
from tests.conftest import TEST_PASSPHRASE
from tests.store.trouble import (
    copy_while_open,
    damage_page,
    damage_wal_frame,
    fill,
    fingerprints,
    inject_full_disk,
    page_count,
    root_page,
    small_disk,
)

from .consultation_child import click, open_consultation, press
from .helpers import enter

@pytest.fixture
def window(demo_vault_path: Path, make_context, open_window):
    return open_window(make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)))


def unlock_with(qtbot, path: Path, passphrase: str) -> UnlockDialog:
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, passphrase)
    enter(dialog.passphrase)
    return dialog


def test_unlocking_a_vault_with_a_damaged_wal_frame_says_it_is_damaged(qtbot, vault, tmp_path) -> None:
    with vault.transaction() as session:
        session.add_all(User(name=f"Nurse {n}", role="practice nurse") for n in range(30))
    copy = copy_while_open(vault, tmp_path / "copy")
    damage_wal_frame(copy, 2)
    before = fingerprints(copy)
    dialog = unlock_with(qtbot, copy, TEST_PASSPHRASE)
    assert dialog.isVisible() and dialog.vault is None
    assert dialog.problem.text().startswith("The vault file is damaged")
    assert "Restore the vault from your latest backup" in dialog.problem.text()
    assert dialog.passphrase.text() == TEST_PASSPHRASE  # nothing to retype: the passphrase was right
    assert fingerprints(copy) == before


def test_unlocking_on_a_disk_with_no_space_says_the_disk_is_full(qtbot, tmp_path) -> None:
    with small_disk(tmp_path / "small") as folder:
        path = folder / "careplan.vault"
        Vault.create(path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Nurse").lock()
        fill(folder)
        dialog = unlock_with(qtbot, path, TEST_PASSPHRASE)
        assert dialog.isVisible() and dialog.vault is None
        assert dialog.problem.text().startswith(f"The disk is full: there is no space left in the folder {folder},")
        assert "Wrong passphrase" not in dialog.problem.text()
        dialog.close()


def test_a_draft_saved_to_a_full_disk_says_so_and_keeps_the_text(qtbot, window, monkeypatch) -> None:
    vault = window.context.vault
    screen = open_consultation(window, "morrison", qtbot.waitUntil)  # Jack: a draft in progress
    jack = screen.draft.patient_uuid
    inject_full_disk(monkeypatch, vault, pages=page_count(vault))
    field = screen.pages["about_me"].fields["story_new"]
    click(field)
    with vault.plain_connection() as conn:  # more text than the free pages inside the file can hold
        free_pages = conn.execute("PRAGMA freelist_count").fetchone()[0]
    line = "Jack's daughter wrote down how his breathing has been this month. "
    pasted = line * ((free_pages + 8) * 4096 // len(line) + 1)
    QApplication.clipboard().setText(pasted)
    press(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    screen.autosave.save_now()
    qtbot.waitUntil(lambda: "The disk is full" in screen.ui.status.text(), timeout=15_000)
    status = screen.ui.status.text()
    assert f"in the folder {vault.path.parent}," in status
    assert "Nothing saved before it has been lost" in status
    assert "Something went wrong" not in status and "OperationalError" not in status
    assert pasted in field.toPlainText()  # the text stays on screen
    assert pasted not in (current_draft(vault, jack).about_me.story_new or "")
    # room again: the next try saves it (and nothing is left unsaved to ask about at closing)
    monkeypatch.undo()
    vault._engine.dispose()
    screen.autosave.save_now()
    qtbot.waitUntil(lambda: pasted in (current_draft(vault, jack).about_me.story_new or ""), timeout=15_000)


def test_a_damaged_page_found_while_working_is_shown_as_damage(qtbot, demo_vault_path, make_context, open_window):
    opened = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    page = root_page(opened, "patient")
    opened.lock()
    damage_page(demo_vault_path, page)
    window = open_window(make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)))
    window.show_area("register")  # reading the register meets the damaged page

    def shown() -> list[str]:
        return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]

    qtbot.waitUntil(lambda: any(text.startswith("The vault file is damaged") for text in shown()), timeout=15_000)
    assert not any("Something went wrong" in text or "malformed" in text for text in shown())
    assert any("Restore the vault from your latest backup" in text for text in shown())
