"""Help > Keyboard shortcuts (F1): every shortcut, read from the main window's own menus (so
the page never disagrees with the keys), and the keys that work in every window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QMenu, QTableWidgetItem, QVBoxLayout, QWidget

from .screen_fit import fit_to_screen
from .widgets import heading, muted, read_only_table

#: keys that are not menu items but work the same everywhere
EVERYWHERE = (
    ("Tab / Shift+Tab", "Move to the next / previous control"),
    ("Enter", "Press the highlighted button (the one with the thicker border); in a list, open the chosen row"),
    ("Escape", "Close a dialog without saving what it would do (Cancel)"),
    ("Alt + underlined letter", "Go to that field or press that button"),
    ("Space", "Tick or untick a box; press a button"),
    ("Arrow keys", "Move within a list, a table or a group of choices"),
    ("Ctrl+Tab / Ctrl+Shift+Tab", "Next / previous tab"),
)

#: keys that belong to one screen (QShortcuts, not menu items)
ON_ONE_SCREEN = (
    ("Ctrl+N", "Add a person", "Register"),
    ("Ctrl+S", "Save now", "Consultation; a person's details"),
    ("Ctrl+Page Down / Ctrl+Page Up", "Next / previous section", "Consultation"),
    ("Ctrl+Enter or Alt+N", "Add one more (a goal, an action, a contact) to the list you are in", "Consultation"),
    ("Enter", "In the sections list: put the cursor in that section", "Consultation"),
    ("Ctrl+W", "Close the plan window", "Care plan window"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").strip()


def menu_shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(keys, what they do, where it is in the menus) for every menu item with a shortcut."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} > {_plain(action.text())}")
            elif not action.isSeparator() and action.shortcuts():
                keys = " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()[:2])
                rows.append((keys, _plain(action.text()), path))

    for action in window.menuBar().actions():
        if action.menu() is not None:
            walk(action.menu(), _plain(action.text()))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Keyboard shortcuts", self))
        layout.addWidget(muted("Everything in CarePlan Desktop can be done with the keyboard alone.", self,
                               factor=1.0, wrap=True))
        self.table = read_only_table(self, "shortcuts_table", "Keyboard shortcuts", ["Keys", "What they do", "Menu"])
        rows = [*menu_shortcuts(window), *ON_ONE_SCREEN, *((keys, what, "Every window") for keys, what in EVERYWHERE)]
        self.table.setRowCount(len(rows))
        for line, row in enumerate(rows):
            for column, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(line, column, item)
        self.table.setWordWrap(True)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        layout.addWidget(buttons)
        self.rows = rows
        metrics = self.fontMetrics()
        fit_to_screen(self, metrics.averageCharWidth() * 100, metrics.lineSpacing() * 30)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)



