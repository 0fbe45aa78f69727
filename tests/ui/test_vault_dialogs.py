"""Creating and unlocking a vault through the dialogs, typed like a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlalchemy import select

from careplan_desktop.models import User
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store import Vault, VaultTooNewError, WrongPassphraseError
from careplan_desktop.ui.vault import CreateVaultDialog, UnlockDialog

from .helpers import enter

NEW_PASSPHRASE = "kettle on at half past three"


def retype(qtbot, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def test_create_a_vault_through_the_dialog(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "new" / "careplan.vault"
    dialog = CreateVaultDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.user_name, "Nora Hughes")
    retype(qtbot, dialog.device_name, "Room 3 PC")

    # too short: the store's message beside the fields, the hint counting live
    qtbot.keyClicks(dialog.passphrase, "short")
    assert "5 so far" in dialog.hint.text()
    qtbot.keyClicks(dialog.repeated, "short")
    enter(dialog.repeated)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert "The passphrase is too short" in dialog.problem.text()
    assert not path.exists()

    # long enough but easy to guess: the hint says so while typing, and Create refuses with the reason
    retype(qtbot, dialog.passphrase, "passwordpassword")
    assert dialog.hint.text().startswith("That passphrase is too easy to guess: it repeats the same letters or words.")
    retype(qtbot, dialog.repeated, "passwordpassword")
    enter(dialog.repeated)
    assert dialog.isVisible()
    assert dialog.problem.text().startswith("That passphrase is too easy to guess")
    assert "passwordpassword" not in dialog.problem.text()
    assert not path.exists()

    # long enough but not the same twice
    retype(qtbot, dialog.passphrase, NEW_PASSPHRASE)
    retype(qtbot, dialog.repeated, NEW_PASSPHRASE + "!")
    assert "does not match" in dialog.hint.text()
    enter(dialog.repeated)
    assert "The two passphrases do not match" in dialog.problem.text()
    assert not path.exists()

    # right: the dialog closes holding the open vault
    retype(qtbot, dialog.repeated, NEW_PASSPHRASE)
    assert "both boxes match" in dialog.hint.text()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vault is not None and dialog.vault.user_name == "Nora Hughes"
    assert dialog.passphrase.text() == "" and dialog.repeated.text() == ""
    dialog.vault.lock()

    assert path.is_file()
    reopened = Vault.unlock(path, NEW_PASSPHRASE)
    try:
        assert reopened.user_name == "Nora Hughes"
        assert reopened.device_name == "Room 3 PC"
        with reopened.reader() as session:
            assert session.scalar(select(User.role)) == "administrator"  # whoever creates the vault is its first administrator
    finally:
        reopened.lock()


def test_create_asks_for_a_name_first(qtbot, tmp_path: Path) -> None:
    dialog = CreateVaultDialog(tmp_path / "v.vault")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.repeated, NEW_PASSPHRASE)
    enter(dialog.repeated)
    assert "Enter your name" in dialog.problem.text()
    assert dialog.focusWidget() is dialog.user_name
    assert not (tmp_path / "v.vault").exists()


def test_unlock_shows_a_wrong_passphrase_and_keeps_the_dialog_open(qtbot, demo_vault_path: Path) -> None:
    dialog = UnlockDialog(demo_vault_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.passphrase.accessibleName() == "Passphrase"
    assert not dialog.demo_label.isVisible()

    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    enter(dialog.passphrase)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == str(WrongPassphraseError())
    assert dialog.passphrase.text() == ""
    assert dialog.focusWidget() is dialog.passphrase

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # no way round the lock
    assert dialog.isVisible()

    qtbot.keyClicks(dialog.passphrase, DEMO_PASSPHRASE)
    with qtbot.waitSignal(dialog.unlocked, timeout=5000):
        enter(dialog.passphrase)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.vault is not None and dialog.vault.is_open
    assert dialog.vault.user_name == "Nora Hughes"
    dialog.vault.lock()


def test_unlock_says_when_the_vault_is_too_new(qtbot, tmp_path: Path) -> None:
    def too_new(path: Path, passphrase: str) -> Vault:
        raise VaultTooNewError()

    (tmp_path / "v.vault").write_bytes(b"x" * 64)
    dialog = UnlockDialog(tmp_path / "v.vault", unlock=too_new)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "whatever it is")
    enter(dialog.passphrase)
    assert dialog.isVisible()
    assert "made by a newer version" in dialog.problem.text()


def test_demo_unlock_shows_the_passphrase(qtbot, demo_vault_path: Path) -> None:
    dialog = UnlockDialog(demo_vault_path, demo_passphrase=DEMO_PASSPHRASE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.demo_label.isVisible()
    assert DEMO_PASSPHRASE in dialog.demo_label.text()
    enter(dialog.passphrase)  # pre-filled
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.vault.lock()


def test_quit_rejects(qtbot, demo_vault_path: Path) -> None:
    dialog = UnlockDialog(demo_vault_path)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.vault is None


@pytest.mark.parametrize("points", [20.0])
def test_dialogs_fit_a_large_font(qtbot, qapp, tmp_path: Path, points: float) -> None:
    """With a 20 pt font every label still fits: the dialog grows instead of cutting text."""
    font = qapp.font()
    original = font.pointSizeF()
    font.setPointSizeF(points)
    qapp.setFont(font)
    try:
        dialog = CreateVaultDialog(tmp_path / "v.vault")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() >= dialog.minimumSizeHint().width()
        assert dialog.height() >= dialog.minimumSizeHint().height()
        for button in (dialog.create_button, dialog.quit_button):
            assert button.width() >= button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
    finally:
        font.setPointSizeF(original)
        qapp.setFont(font)
