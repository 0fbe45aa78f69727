"""Help > About shows the version, the SQLCipher and Qt versions and where the vault lives."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialogButtonBox

import careplan_desktop
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store import Vault


def test_help_about_by_keyboard_shows_the_versions_and_the_vault(
        qtbot, demo_vault_path: Path, make_context, open_window, monkeypatch) -> None:
    monkeypatch.setenv("CAREPLAN_VAULT", str(demo_vault_path))
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    help_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Help")
    window.menuBar().setFocus()
    qtbot.keyClick(window.menuBar(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(help_menu.isVisible)
    qtbot.keyClick(help_menu, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: getattr(window, "about_dialog", None) is not None and window.about_dialog.isVisible())
    dialog = window.about_dialog
    text = dialog.details.text()
    assert f"CarePlan Desktop {careplan_desktop.__version__}" in dialog.title.text()
    assert "SQLCipher" in text and "4." in text.split("SQLCipher", 1)[1]
    assert f"Qt:&nbsp;</td><td>{qVersion()}" in text
    assert str(demo_vault_path) in text
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
