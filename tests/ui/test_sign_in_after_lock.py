"""After a lock (Ctrl+L or idle) the sign-in offers the person who was signed in, and their
typed text comes back to them; if someone else signs in, it is dropped, never kept or saved
under the other person's name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store import Vault

from .test_person_form import open_new_form, type_into, window_on


def sign_in(qtbot, window, name: str | None = None) -> None:
    dialog = window.lock_flow.dialog
    if name is not None:
        dialog.who.setFocus()
        qtbot.keyClicks(dialog.who, name)
    qtbot.keyClicks(dialog.passphrase, DEMO_PASSPHRASE)
    QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.context.is_unlocked, timeout=10_000)


def test_the_lock_offers_the_same_person_and_another_person_does_not_get_their_typing(
        qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    vault = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE, user="Nora Hughes")
    people = vault.count(Patient)
    window = window_on(qtbot, make_context, open_window, demo_vault_path, vault)
    register = window.screen_for("register")
    dialog = open_new_form(qtbot, window)
    type_into(qtbot, dialog.ui.texts["given_name"], "Mary")

    window.lock()
    assert window.lock_flow.dialog.who.currentText() == "Nora Hughes"  # offered back to her
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: register.entry.forms.dialog is not None, timeout=10_000)
    assert register.entry.forms.dialog.ui.texts["given_name"].text() == "Mary"

    window.lock()
    sign_in(qtbot, window, "Dev Mistry")  # someone else at the computer
    assert window.context.vault.user_name == "Dev Mistry"
    qtbot.waitUntil(lambda: register._loaded, timeout=10_000)  # the screens reloaded for him
    assert register.entry.forms.dialog is None  # restore_unsaved is given nothing (LockFlow)
    with window.context.vault.reader() as session:
        assert session.scalar(select(func.count()).select_from(Patient)) == people
