"""Driving the consultation workspace like a nurse: helpers shared by the UI tests, and a
script run as a real child process by the kill test.

    python tests/ui/consultation_child.py VAULT PASSPHRASE SEARCH

The script opens the main window (offscreen), finds the person in the register, opens their
consultation (starting a blank plan if there is no draft), types into "What's new", leaves the
field with Tab, types into "What's good", prints TYPED and keeps running, whether autosave has
happened or not, until it is killed. When the autosave has saved everything typed (its `saved`
signal with nothing left unsaved) it prints SAVED and the seconds since TYPED; no keystroke
or save is asked for after TYPED.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton, QWidget  # noqa: E402

Wait = Callable[..., None]  # wait(condition, timeout=ms)

STORY_NEW = "My knees are worse this winter and I had a fall in the kitchen."
STORY_GOOD = "Susan still comes every Sunday and I cook my own dinner."


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(text: str) -> None:
    """Type into whatever has the focus, as a person would."""
    QTest.keyClicks(focused(), text)


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifiers)


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     pos if pos is not None else widget.rect().center())


def tick_first_entry(open_menu) -> None:
    """A menu of ticks (a popup with its own event loop): once `open_menu` has opened it, Down
    and Enter tick its first entry."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMenu

    def tick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        QTest.keyClick(menu, Qt.Key.Key_Down)
        QTest.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(200, tick)
    open_menu()


def go_to_section(screen, title: str) -> None:
    """Click the section in the list with the mouse, then Enter puts the cursor in it."""
    sections = screen.ui.sections
    item = next(sections.item(i) for i in range(sections.count()) if sections.item(i).text() == title)
    click(sections.viewport(), sections.visualItemRect(item).center())
    assert sections.currentItem() is item
    QTest.keyClick(sections, Qt.Key.Key_Return)


def open_consultation(window, search: str, wait: Wait):
    """Ctrl+F, type the name, Enter, then click "Start consultation" on the overview."""
    register = window.show_area("register")
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    wait(lambda: register.model.total_count > 0, timeout=15_000)
    QTest.keyClicks(register.search, search)
    QTest.keyClick(register.search, Qt.Key.Key_Return)
    wait(lambda: register.overview.person is not None, timeout=10_000)
    button = register.overview.findChild(QPushButton, "overview_consultation")
    click(button)
    screen = window.screen_for("consultation")
    wait(lambda: screen.ui.states.currentWidget() is not screen.ui.placeholder and screen.ui.start.problem.text() == ""
         and (screen.draft is not None or screen.ui.start.blank.isVisible()), timeout=10_000)
    return screen


def start_plan(screen, wait: Wait, *, blank: bool) -> None:
    start = screen.ui.start
    click(start.blank if blank else start.from_agreed)
    wait(lambda: screen.draft is not None, timeout=10_000)


def main(argv: list[str]) -> int:
    vault_path, passphrase, search = argv[1], argv[2], argv[3]
    from pathlib import Path

    from careplan_desktop.store import Vault
    from careplan_desktop.ui.application import build_context, make_application
    from careplan_desktop.ui.main_window import MainWindow

    app = make_application()

    def wait(condition: Callable[[], bool], timeout: int = 10_000) -> None:
        end = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the consultation did not get there in time")
            app.processEvents()
            time.sleep(0.005)

    context = build_context(Path(vault_path))
    context.vault = Vault.unlock(Path(vault_path), passphrase)
    window = MainWindow(context)
    window.show()
    window.vault_opened()
    screen = open_consultation(window, search, wait)
    if screen.draft is None:
        start_plan(screen, wait, blank=True)
    wait(lambda: not screen.autosave.is_dirty and not screen.autosave.is_saving)  # the start itself is saved
    assert focused() is screen.pages["about_me"].fields["story_new"]
    type_text(STORY_NEW)
    press(Qt.Key.Key_Tab)  # leaving a field saves it
    type_text(STORY_GOOD)  # the cursor stays here: only the pause saves this

    typed_at = time.monotonic()

    def say_when_all_is_saved(_saved) -> None:
        if not screen.autosave.is_dirty and not screen.autosave.is_saving:
            print(f"SAVED {time.monotonic() - typed_at:.3f}", flush=True)

    screen.autosave.saved.connect(say_when_all_is_saved)
    print("TYPED", flush=True)
    return app.exec()  # carry on as the app would, until killed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
