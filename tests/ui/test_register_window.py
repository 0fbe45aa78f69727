"""Unlock a demo vault, find Jack, open him; lock and unlock; idle lock."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Condition, Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS
from careplan_desktop.store import Vault
from careplan_desktop.ui.changes import person_key
from careplan_desktop.ui.main_window import MainWindow
from careplan_desktop.ui.register.layout import SEARCH_PLACEHOLDER
from careplan_desktop.ui.vault import UnlockDialog

from .helpers import enter, press_shortcut, wait_for_register

DEMO_PEOPLE = 53  # 50 made up, plus Lorna, Jack and James


def jack_in(vault: Vault) -> tuple[str, list[str]]:
    """Jack's uuid and his condition names, as the vault holds them."""
    with vault.reader() as session:
        jack = session.scalar(select(Patient).where(Patient.nhs_number == JACK_NHS))
        names = list(session.scalars(select(Condition.display).where(Condition.patient_id == jack.id)))
        return jack.uuid, names


def named_like(vault: Vault, *words: str) -> list[str]:
    """The uuids of people whose given or family name holds every word, as the vault holds them."""
    with vault.reader() as session:
        return [p.uuid for p in session.scalars(select(Patient)) if all(
            word in f"{p.given_name} {p.family_name} {p.preferred_name or ''}".lower() for word in words)]


def viewed_events(vault: Vault, uuid: str) -> int:
    with vault.reader() as session:
        return len(list(session.scalars(
            select(AuditEvent).where(AuditEvent.action == "viewed", AuditEvent.record_uuid == uuid)
        )))


def unlock_through(qtbot, dialog: UnlockDialog, passphrase: str = DEMO_PASSPHRASE) -> None:
    qtbot.keyClicks(dialog.passphrase, passphrase)
    enter(dialog.passphrase)


def open_jack(qtbot, window: MainWindow) -> str:
    register = window.screen_for("register")
    press_shortcut(window, "Ctrl+F")
    assert QApplication.focusWidget() is register.search
    qtbot.keyClicks(register.search, "morr")  # "Morris" is a made-up family name too
    assert register.model.rowCount() == len(named_like(window.context.vault, "morr")) >= 1
    qtbot.keyClicks(register.search, " ja")
    assert register.model.rowCount() == 1 == len(named_like(window.context.vault, "morr", "ja"))
    assert register.model.row_at(register.table.currentIndex().row()).nhs_number == JACK_NHS
    assert register.count_label.text() == f"1 of {DEMO_PEOPLE} people"
    enter(register.search)
    qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
    return register.overview.person.uuid


def test_unlock_find_jack_and_open_him(qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    context = make_context(demo_vault_path)
    dialog = UnlockDialog(demo_vault_path)
    qtbot.addWidget(dialog)
    dialog.show()
    unlock_through(qtbot, dialog, "not this one")
    assert "Wrong passphrase" in dialog.problem.text()
    assert dialog.isVisible()
    unlock_through(qtbot, dialog)
    assert dialog.vault is not None
    context.vault = dialog.vault

    window = open_window(context)
    assert window.windowTitle() == "CarePlan Desktop"
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())][:2] == ["Register", "Recall"]
    wait_for_register(qtbot, window, people=DEMO_PEOPLE)
    register = window.screen_for("register")
    assert register.search.placeholderText() == SEARCH_PLACEHOLDER
    assert register.count_label.text() == f"{DEMO_PEOPLE} people"
    assert window.lock_label.text() == "Unlocked"
    assert "Nora Hughes" in window.user_label.text()
    assert "Demo practice PC" in window.device_label.text()

    jack_uuid, conditions = jack_in(context.vault)
    assert viewed_events(context.vault, jack_uuid) == 0
    assert open_jack(qtbot, window) == jack_uuid

    shown = register.overview.shown_text()
    assert "Jack" in shown and "MORRISON" in shown
    assert "999 000 0026" in shown
    assert len(conditions) == 2
    for name in conditions:
        assert name in shown
    assert any("COPD" in name for name in conditions) and any("Depression" in name for name in conditions)
    assert viewed_events(context.vault, jack_uuid) == 1

    # a change to Jack elsewhere refreshes the overview on screen without another "viewed" event
    with context.vault.transaction() as session:
        session.scalar(select(Patient).where(Patient.uuid == jack_uuid)).phone = "01632 960 123"
    context.changes.notify(person_key(jack_uuid))
    qtbot.waitUntil(lambda: "01632 960 123" in register.overview.shown_text(), timeout=5000)
    assert viewed_events(context.vault, jack_uuid) == 1


def test_register_columns_and_sorting(qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    model = register.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Name", "NHS number", "Date of birth", "Age", "Conditions", "Level", "Next review"]
    qtbot.keyClicks(register.search, "9990000026")
    assert model.rowCount() == 1
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[0] == "MORRISON, Jack"
    assert cells[1] == "999 000 0026"
    assert len(cells[2]) == 10 and cells[2][2] == "/" and cells[2][5] == "/"
    register.search.clear()

    header = register.table.horizontalHeader()
    for _ in range(2):  # a click sorts by age; a second click reverses the order
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 3))
        assert header.sortIndicatorSection() == 3
        ages = [int(model.index(r, 3).data()) for r in range(model.rowCount())]
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert ages == sorted(ages, reverse=descending)
        assert len(ages) == DEMO_PEOPLE
    orders = set()
    for _ in range(2):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 3))
        orders.add(header.sortIndicatorOrder())
    assert len(orders) == 2

    # a search keeps the chosen order
    qtbot.keyClicks(register.search, "a")
    ages = [int(model.index(r, 3).data()) for r in range(model.rowCount())]
    assert 0 < len(ages) < DEMO_PEOPLE
    assert ages == sorted(ages, reverse=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)


def _section_centre(header, section: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_up_and_down_in_the_search_move_the_selection(qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    press_shortcut(window, "Ctrl+F")
    qtbot.keyClick(register.search, Qt.Key.Key_Down)
    assert register.table.currentIndex().row() == 0
    qtbot.keyClick(register.search, Qt.Key.Key_Down)
    qtbot.keyClick(register.search, Qt.Key.Key_Down)
    assert register.table.currentIndex().row() == 2
    qtbot.keyClick(register.search, Qt.Key.Key_Up)
    assert register.table.currentIndex().row() == 1
    assert QApplication.focusWidget() is register.search
    chosen = register.model.row_at(1).uuid
    enter(register.search)
    qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
    assert register.overview.person.uuid == chosen


def test_double_click_opens_a_person(qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    index = register.model.index(4, 0)
    centre = register.table.visualRect(index).center()
    qtbot.mouseClick(register.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(register.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
    assert register.overview.person.uuid == register.model.row_at(4).uuid


def test_lock_clears_everything_and_unlock_restores_the_search(
    qtbot, demo_vault_path: Path, make_context, open_window
) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    open_jack(qtbot, window)
    qtbot.keyClicks(register.search, "ck")  # "morr jack": unsaved text to stash
    assert register.search.text() == "morr jack"

    press_shortcut(window, "Ctrl+L")
    assert context.vault is None
    assert register.model.rowCount() == 0 and register.model.total_count == 0
    assert register.overview.person is None
    assert "MORRISON" not in register.overview.shown_text() and "COPD" not in register.overview.shown_text()
    assert register.search.text() == ""
    assert not window.workspace.isVisible()
    assert window.lock_label.text() == "Locked"
    dialog = window.lock_flow.dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()

    unlock_through(qtbot, dialog, "wrong again, sorry")
    assert "Wrong passphrase" in dialog.problem.text()
    assert window.lock_flow.is_locked
    unlock_through(qtbot, dialog)
    wait_for_register(qtbot, window, people=DEMO_PEOPLE)
    assert window.lock_flow.dialog is None
    assert register.search.text() == "morr jack"
    assert register.model.rowCount() == 1
    assert window.workspace.isVisible()
    assert window.lock_label.text() == "Unlocked"


def test_idle_lock_fires_when_idle_but_not_while_typing(
    qtbot, demo_vault_path: Path, make_context, open_window
) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context, idle_interval_ms=400)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    register.search.setFocus()

    typing_until = time.monotonic() + 1.2  # three intervals of steady typing
    while time.monotonic() < typing_until:
        qtbot.keyClick(register.search, Qt.Key.Key_A)
        qtbot.wait(100)
        assert not window.lock_flow.is_locked, "locked while keys were being pressed"
    assert context.vault is not None

    stopped = time.monotonic()
    qtbot.waitUntil(lambda: window.lock_flow.is_locked, timeout=3000)
    assert time.monotonic() - stopped >= 0.3
    assert context.vault is None
    assert register.model.rowCount() == 0
    assert "without use" in window.lock_flow.dialog.reason_label.text()


def test_quit_from_the_lock_closes_the_window(qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    wait_for_register(qtbot, window)
    press_shortcut(window, "Ctrl+L")
    dialog = window.lock_flow.dialog
    with qtbot.waitSignal(window.closed, timeout=3000):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert context.vault is None


def test_ctrl_q_quits_and_locks(qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    vault = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    context = make_context(demo_vault_path, vault)
    window = open_window(context)
    wait_for_register(qtbot, window)
    with qtbot.waitSignal(window.closed, timeout=3000):
        press_shortcut(window, "Ctrl+Q")
    assert not window.isVisible()
    assert context.vault is None and not vault.is_open


def test_the_overview_fits_a_large_font(qtbot, qapp, demo_vault_path: Path, make_context, open_window) -> None:
    """At 20 pt the overview wraps instead of cutting text off at its right edge."""
    font = qapp.font()
    original = font.pointSizeF()
    font.setPointSizeF(20)
    qapp.setFont(font)
    try:
        context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
        window = open_window(context)
        wait_for_register(qtbot, window)
        open_jack(qtbot, window)
        overview = window.screen_for("register").overview
        qtbot.wait(50)  # let the layout settle
        content = overview.widget()
        assert content.minimumSizeHint().width() <= overview.viewport().width()
        assert content.width() <= overview.viewport().width()
    finally:
        font.setPointSizeF(original)
        qapp.setFont(font)
