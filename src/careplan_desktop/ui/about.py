"""Help > About: the same facts as `careplan-desktop --version` (store.about), in a small
dialog whose text can be selected and copied for a support call. No patient data."""

from __future__ import annotations

from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from careplan_desktop import APP_NAME, __version__
from careplan_desktop.store.about import about_lines


def qt_version() -> str:
    return f"{qVersion()} (PySide6 {pyside_version})"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(f"About {APP_NAME}")
        column = QVBoxLayout(self)
        self.title = QLabel(f"<b>{escape(APP_NAME)} {escape(__version__)}</b>", self)
        column.addWidget(self.title)
        rows = "".join(f"<tr><td>{escape(label)}:&nbsp;</td><td>{escape(value)}</td></tr>"
                       for label, value in about_lines(qt_version())[1:])
        self.details = QLabel(f"<table>{rows}</table>", self)
        self.details.setObjectName("about_details")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.details.setWordWrap(True)
        column.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
