"""Ask before a write the nurse cannot take back with one click: a question, window-modal and not
blocking (the caller keeps the box to test or close), whose yes button says what it does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_then(parent: QWidget, title: str, question: str, yes_text: str, name: str, on_yes: Callable[[], None], *,
                 yes_is_default: bool = False) -> QMessageBox:
    """Open the question; `on_yes` runs when the nurse says yes (Escape or Cancel does nothing)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(name)
    box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.setDefaultButton(QMessageBox.StandardButton.Yes if yes_is_default else QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(
        lambda button: on_yes() if box.standardButton(button) == QMessageBox.StandardButton.Yes else None)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
