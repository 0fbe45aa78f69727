"""An exception raised in a slot (a button's click here) is logged without patient data, shown
as a plain message, and the app carries on."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store import Vault
from careplan_desktop.ui.unexpected import UnexpectedErrors

LEFT = Qt.MouseButton.LeftButton
PATIENT_DATA = "Lorna Baxter 999 000 0018"


@pytest.mark.qt_no_exception_capture
def test_a_slot_that_raises_is_logged_without_data_and_shown(qtbot, caplog, demo_vault_path, make_context,
                                                               open_window) -> None:
    window = open_window(make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)))
    guard = UnexpectedErrors(window)
    guard.install()
    try:
        def broken() -> None:
            raise ValueError(f"could not read {PATIENT_DATA}")

        button = QPushButton("Broken", window)
        button.clicked.connect(broken)
        button.show()
        with caplog.at_level(logging.ERROR, logger="careplan_desktop"):
            qtbot.mouseClick(button, LEFT)
            qtbot.waitUntil(lambda: guard.box is not None and guard.box.isVisible(), timeout=5000)
        assert guard.count == 1
        box = guard.box
        assert isinstance(box, QMessageBox) and "Something went wrong in CarePlan Desktop (ValueError)" in box.text()
        assert PATIENT_DATA not in box.text()
        lines = [r.getMessage() for r in caplog.records if r.name == "careplan_desktop.ui.unexpected"]
        assert len(lines) == 1 and lines[0].startswith("unexpected ValueError at ")
        assert "test_unexpected_errors.py:broken:" in lines[0]
        assert "Lorna" not in caplog.text and "999 000 0018" not in caplog.text

        # the app carries on: the message closes, and the window still works
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), LEFT)
        qtbot.waitUntil(lambda: guard.box is None, timeout=5000)
        recall = window.show_area("recall")
        assert window.current_screen() is recall
        qtbot.waitUntil(lambda: recall.cohort is not None, timeout=10_000)
        qtbot.mouseClick(button, LEFT)  # and a second error is shown again
        qtbot.waitUntil(lambda: guard.box is not None and guard.box.isVisible(), timeout=5000)
        assert guard.count == 2
        guard.box.close()
    finally:
        guard.uninstall()
