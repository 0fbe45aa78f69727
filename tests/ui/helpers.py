"""Small helpers for driving the windows like a person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from careplan_desktop.ui.main_window import MainWindow


def wait_for_register(qtbot, window: MainWindow, *, people: int | None = None) -> None:
    register = window.screen_for("register")
    qtbot.waitUntil(lambda: register.model.total_count > 0 and register.count_label.text() != "", timeout=10_000)
    if people is not None:
        assert register.model.total_count == people


def press_shortcut(widget: QWidget, sequence: str) -> None:
    """Press a key sequence such as "Ctrl+L" as a person would (shortcuts included)."""
    from PySide6.QtGui import QKeySequence

    combination = QKeySequence(sequence)[0]
    QTest.keyClick(widget, combination.key(), combination.keyboardModifiers())


def enter(widget: QWidget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Return)
