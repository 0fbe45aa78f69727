"""The register status from the person's overview, by keyboard and clicks (issue 13 §4): Lorna is
marked as died (a date in the future is refused first), the vault holds it, the overview says so
plainly at the top, she leaves the register's default view and count and the register filter
shows her; then she is restored. Today is pinned (2 November 2026)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QFrame, QMessageBox, QPushButton
from shiboken6 import isValid
from sqlalchemy import select

from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS

from .helpers import enter, press_shortcut, wait_for_register

TODAY = dt.date(2026, 11, 2)
PEOPLE = 8  # Lorna, Jack, James and 5 made up


@pytest.fixture
def small_demo(tmp_path: Path, demo_vaults) -> Path:
    return demo_vaults.copy(tmp_path / "demo.vault", DEMO_PASSPHRASE, patients=5, today=TODAY)


def lorna_status(vault) -> tuple:
    with vault.reader() as session:
        p = session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS))
        return p.register_status, p.register_status_on


def open_lorna(qtbot, window):
    register = window.screen_for("register")
    press_shortcut(window, "Ctrl+F")
    qtbot.keyClicks(register.search, "lorna")
    enter(register.search)
    qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
    return register


def test_mark_lorna_as_died_from_her_overview_then_restore_her(qtbot, small_demo: Path, make_context, open_window):
    from careplan_desktop.store import Vault

    context = make_context(small_demo, Vault.unlock(small_demo, DEMO_PASSPHRASE), today=TODAY)
    window = open_window(context)
    wait_for_register(qtbot, window, people=PEOPLE)
    register = open_lorna(qtbot, window)
    overview = register.overview
    assert overview.findChild(QFrame, "overview_register_status") is None

    button = overview.findChild(QPushButton, "overview_register_status_button")
    assert button is not None and button.text() == "Register &status…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: register.status_dialog is not None and register.status_dialog.isVisible(), timeout=3000)
    dialog = register.status_dialog
    assert dialog.buttons["died"].isChecked()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date, timeout=3000)  # straight to the date

    qtbot.keyClicks(dialog.date, "03/11/2026")  # tomorrow: refused, nothing written
    enter(dialog.date)
    assert dialog.problem.text() == "The date cannot be in the future."
    assert dialog.isVisible() and lorna_status(context.vault) == ("active", None)

    dialog.date.selectAll()
    qtbot.keyClicks(dialog.date, "30/10/2026")
    enter(dialog.date)
    qtbot.waitUntil(lambda: lorna_status(context.vault) == ("died", dt.date(2026, 10, 30)), timeout=5000)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=3000)  # closed (and deleted)

    # the overview says so at the top, and offers to restore her
    qtbot.waitUntil(lambda: "Died 30 October 2026" in overview.shown_text(), timeout=5000)
    lines = overview.shown_text().splitlines()
    assert lines.index("Died 30 October 2026") < next(i for i, line in enumerate(lines) if "NHS number" in line)
    # a reprint of her results letter from the overview is refused, with the reason
    qtbot.mouseClick(overview.findChild(QPushButton, "overview_reprint_letter"), Qt.MouseButton.LeftButton)
    letters = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "LettersDialog" and w.isVisible())
    qtbot.waitUntil(lambda: "recorded as having died on 30 October 2026" in letters.problem.text(), timeout=5000)
    assert letters.problem.text().startswith("No results letter is made for this person")
    assert not letters.make_button.isEnabled()
    letters.close()
    # the register's default view and count leave her out; the register filter shows her
    qtbot.waitUntil(lambda: register.model.total_count == PEOPLE - 1, timeout=5000)
    assert register.model.rowCount() == 0  # "lorna" is still typed in the search
    assert register.count_label.text() == (f"No one matches “lorna” (of {PEOPLE - 1} people). People no longer on "
                                           "the register are not shown: choose them under Filters, Register.")
    register.search.clear()
    assert register.count_label.text() == f"{PEOPLE - 1} people"
    combo = register.entry.filters.combos["register"]
    combo.setCurrentIndex(combo.findData("died"))
    qtbot.waitUntil(lambda: register.model.total_count == 1, timeout=5000)
    assert register.model.row_at(0).nhs_number == LORNA_NHS

    restore = overview.findChild(QPushButton, "overview_restore")
    assert restore is not None
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(register.status_dialog, QMessageBox) and register.status_dialog.isVisible(),
                    timeout=3000)
    box = register.status_dialog
    assert "Died 30 October 2026" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lorna_status(context.vault) == ("active", None), timeout=5000)
    qtbot.waitUntil(lambda: "Died 30 October 2026" not in overview.shown_text(), timeout=5000)
    combo.setCurrentIndex(combo.findData("on_register"))
    qtbot.waitUntil(lambda: register.model.total_count == PEOPLE, timeout=5000)


def test_the_status_banner_and_dialog_fit_at_200_percent_text(qtbot, qapp, small_demo: Path, make_context,
                                                             open_window):
    """At twice the usual text size the died person's overview wraps instead of cutting text off,
    and the status dialog's choices and fields are all within it."""
    from careplan_desktop.services.register.status import DIED, set_register_status
    from careplan_desktop.store import Vault
    from careplan_desktop.ui.register.status_dialog import RegisterStatusDialog

    font = qapp.font()
    original = font.pointSizeF()
    font.setPointSizeF(original * 2)
    qapp.setFont(font)
    try:
        vault = Vault.unlock(small_demo, DEMO_PASSPHRASE)
        with vault.reader() as session:
            lorna = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
        set_register_status(vault, lorna, DIED, on=dt.date(2026, 11, 1), today=TODAY)
        context = make_context(small_demo, vault, today=TODAY)
        window = open_window(context)
        wait_for_register(qtbot, window, people=PEOPLE - 1)
        register = window.screen_for("register")
        register.open_person(lorna)
        qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
        overview = register.overview
        qtbot.wait(50)  # let the layout settle
        banner = overview.findChild(QFrame, "overview_register_status")
        assert banner is not None and "Died 1 November 2026" in overview.shown_text()
        assert overview.widget().minimumSizeHint().width() <= overview.viewport().width()
        assert banner.geometry().right() <= overview.viewport().width()

        dialog = RegisterStatusDialog(context, lorna, "Mrs Lorna Baxter", window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        for widget in (*dialog.buttons.values(), dialog.date, dialog.reason, dialog.record_button):
            assert dialog.rect().contains(QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size()))
        dialog.close()
    finally:
        font.setPointSizeF(original)
        qapp.setFont(font)
