"""Lorna's consultation, from finding her in the register to agreeing her plan, with the
keyboard alone: every step is a key press or typing into whatever has the focus (no mouse, no
widget's method called). What was typed and agreed is read back from the vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.agreement import versions_of
from careplan_desktop.services.planning.versions import load_version
from careplan_desktop.store import Vault
from careplan_desktop.ui.announce import announcements
from careplan_desktop.ui.plan.agree_dialog import AgreeDialog

from .consultation_child import focused, press, type_text

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NEWS = "My knees are better since the physio, and I walk to the shop."
GOAL = "To walk to the post office and back on my own by the summer."


def test_lornas_consultation_and_agreement_with_the_keyboard_alone(qtbot, demo_vault_path: Path, make_context,
                                                                   open_window, demo_day) -> None:
    vault = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    with vault.reader() as session:
        lorna = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
    agreed_before = [v.number for v in versions_of(vault, lorna) if v.status == "agreed"]
    heard: list[tuple[str, str]] = []  # what a screen reader was told (accessible announcements)
    announcements.said.connect(lambda name, text: heard.append((name, text)))
    window = open_window(make_context(demo_vault_path, vault, today=demo_day))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    register = window.screen_for("register")
    qtbot.waitUntil(lambda: register.model.total_count > 0, timeout=10_000)

    # Ctrl+F, her NHS number, Enter: her overview opens
    QTest.keyClick(window, Qt.Key.Key_F, CTRL)
    assert focused() is register.search
    type_text("999 000 0018")
    qtbot.waitUntil(lambda: register.model.rowCount() == 1)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: register.overview.person is not None and register.overview.person.uuid == lorna)

    # Alt+C: Start consultation; Alt+A: start from her last agreed plan
    press(Qt.Key.Key_C, ALT)
    screen = window.screen_for("consultation")
    qtbot.waitUntil(lambda: window.current_screen() is screen and screen.ui.start.from_agreed.isVisible()
                    and screen.ui.start.from_agreed.hasFocus(), timeout=10_000)
    press(Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: screen.draft is not None, timeout=10_000)

    # About me: the cursor is in "What's new"; type over what was carried forward
    about = screen.pages["about_me"]
    qtbot.waitUntil(lambda: focused() is about.fields["story_new"])
    press(Qt.Key.Key_A, CTRL)
    type_text(NEWS)

    # Ctrl+Page Down, section by section, to My goals; Alt+N adds a goal in her words
    for _ in range(screen.ui.sections.count()):
        press(Qt.Key.Key_PageDown, CTRL)
        if screen.ui.sections.currentItem().text() == "My goals":
            break
    assert screen.ui.sections.currentItem().text() == "My goals"
    goals = screen.pages["goals"].goals
    before = len(goals.cards)
    press(Qt.Key.Key_N, ALT)
    assert len(goals.cards) == before + 1 and focused() is goals.cards[-1].editors["text"]
    type_text(GOAL)

    # Ctrl+S saves; Alt+P: Agree or print... opens her plan window
    press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not screen.autosave.is_dirty and not screen.autosave.is_saving, timeout=10_000)
    assert any(name == "autosave_status" and text.startswith("Saved") for name, text in heard)  # read aloud
    press(Qt.Key.Key_P, ALT)  # (a mnemonic presses its button a moment later, as a click would)
    qtbot.waitUntil(lambda: lorna in screen.plan_link.windows.windows)
    plan_window = screen.plan_link.windows.windows[lorna]
    qtbot.waitUntil(lambda: plan_window.isVisible() and plan_window.screen.state is not None
                    and plan_window.screen.state.draft is not None, timeout=10_000)
    plan_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is plan_window)

    # Alt+A in the plan window: Agree...; the dialog opens with the focus inside it
    QTest.keyClick(plan_window, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: bool(plan_window.screen.dialogs))
    dialog = plan_window.screen.dialogs[-1]
    assert isinstance(dialog, AgreeDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and QApplication.activeWindow() is dialog)
    qtbot.waitUntil(lambda: dialog.changes is None or dialog.changes.differences is not None, timeout=10_000)
    if dialog.missing_box.isVisible():  # a key element missing: say so on purpose, with the keyboard
        while focused() is not dialog.confirm_missing:
            press(Qt.Key.Key_Tab)
        press(Qt.Key.Key_Space)
    assert dialog.agree_button.isEnabled() and dialog.agree_button.isDefault()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        press(Qt.Key.Key_Return)  # Enter presses the default button: Agree

    # the vault: a new version, agreed, holding what was typed
    versions = versions_of(vault, lorna)
    agreed = [v for v in versions if v.status == "agreed"]
    assert len(agreed) == 1 and agreed[0].number == max(agreed_before) + 1
    version = load_version(vault, agreed[0].uuid)
    assert version.about_me.story_new == NEWS
    assert version.goals[-1].text == GOAL
    assert version.agreement.agreed_by_person == "Lorna Baxter"

    # Ctrl+L locks, and a screen reader is told so
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    heard.clear()
    QTest.keyClick(window, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: ("status_lock", "Locked") in heard)


def test_f1_lists_every_shortcut_from_the_menus(qtbot, vault, vault_path, make_context, open_window) -> None:
    window = open_window(make_context(vault_path, vault))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "shortcuts_dialog", None) is not None and window.shortcuts_dialog.isVisible())
    rows = {(keys, what) for keys, what, _where in window.shortcuts_dialog.rows}
    assert ("Ctrl+L", "Lock") in rows
    assert ("Ctrl++ or Ctrl+=", "Larger text") in rows and ("Ctrl+0", "Normal size (100%)") in rows
    assert ("F1", "Keyboard shortcuts") in rows
    assert any(keys == "Escape" for keys, _ in rows)
    QTest.keyClick(window.shortcuts_dialog, Qt.Key.Key_Escape)  # Escape closes it
    qtbot.waitUntil(lambda: not window.shortcuts_dialog.isVisible() if window.shortcuts_dialog else True)
