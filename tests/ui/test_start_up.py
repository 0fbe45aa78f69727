"""Start-up shows the register first; what it leaves out (the mapped classes, the exchange
core, the status bar's exchange label) arrives by itself soon after, on a worker."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store import Vault
from careplan_desktop.ui.main_window import MainWindow


def test_the_exchange_label_joins_the_status_bar_after_the_register_has_loaded(
        qtbot, make_context, open_window, demo_vault_path) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    assert window._exchange_status is None  # not before the register's first read
    register = window.screens["register"]
    qtbot.waitUntil(lambda: register.model.rowCount() == 53, timeout=10_000)
    qtbot.waitUntil(lambda: window._exchange_status is not None, timeout=10_000)
    label = window._exchange_status
    assert label in window.statusBar().findChildren(QLabel)
    qtbot.waitUntil(lambda: label.isVisible() and label.text().startswith("To send: "), timeout=10_000)
    assert "Exported: " in label.text() and "Imported: " in label.text()


def test_locked_before_the_warm_up_ends_adds_no_label(
        qtbot, make_context, open_window, demo_vault_path, monkeypatch) -> None:
    warm_ups: list[MainWindow] = []
    real_warm_up = MainWindow._warm_up

    def recorded_warm_up(self) -> None:
        real_warm_up(self)
        warm_ups.append(self)

    monkeypatch.setattr(MainWindow, "_warm_up", recorded_warm_up)
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    window.lock()  # at once: the register's read is still running
    # the warm-up's turn has come (after the read), and whatever it started has ended
    qtbot.waitUntil(lambda: window in warm_ups and not context.tasks.is_busy, timeout=10_000)
    assert window._exchange_status is None
    assert window.screens["register"].model.rowCount() == 0


def test_the_warm_up_waits_while_someone_types(qtbot, make_context, open_window, demo_vault_path) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    register = window.screens["register"]
    qtbot.waitUntil(lambda: register.model.rowCount() == 53, timeout=10_000)
    started = []
    context.tasks.busy_changed.connect(lambda busy: started.append(busy))
    for letter in "jackmorrisonjack":  # a key every 0.2 s for over 3 s: nothing heavy starts meanwhile
        qtbot.keyClick(register.search, letter)
        qtbot.wait(200)
    assert window._exchange_status is None and True not in started
    qtbot.waitUntil(lambda: window._exchange_status is not None, timeout=10_000)  # once the keys stop
