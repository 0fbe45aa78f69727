"""A short scripted tour that saves screenshots (CAREPLAN_SCREENSHOT=FOLDER), for the README
and for looking at the screens under Xvfb:

    CAREPLAN_SCREENSHOT=/tmp/shots xvfb-run -s "-screen 0 1440x900x24" careplan-desktop --demo

Saves unlock.png (or create.png), register.png (Jack's overview open) and locked.png, then
quits. CAREPLAN_SCREENSHOT_FONT_PT=20 first sets a large application font, to check that
nothing is cut off. Nothing here runs unless the variable is set.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

log = logging.getLogger(__name__)

FONT_ENV = "CAREPLAN_SCREENSHOT_FONT_PT"
STEP_MS = 400


def apply_tour_font(app: QApplication) -> None:
    points = os.environ.get(FONT_ENV)
    if points:
        font = app.font()
        font.setPointSizeF(float(points))
        app.setFont(font)


def _save(widget: QWidget, folder: Path, name: str, *, whole_screen: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if whole_screen:
        screen = QGuiApplication.primaryScreen()
        pixmap = screen.grabWindow(0)
    else:
        pixmap = widget.grab()
    pixmap.save(str(folder / name))
    log.info("saved %s", folder / name)


def _when(condition: Callable[[], bool], then: Callable[[], None], *, tries: int = 200) -> None:
    """Run `then` once `condition` holds (polling every 50 ms), or give up and quit."""
    if condition():
        QTimer.singleShot(STEP_MS, then)
    elif tries <= 0:
        log.error("screenshot tour: gave up waiting")
        QApplication.quit()
    else:
        QTimer.singleShot(50, lambda: _when(condition, then, tries=tries - 1))


def unlock_for_tour(dialog: QDialog, folder: Path) -> None:
    """Photograph the first dialog; unlock a demo vault, or leave the create dialog."""
    from .vault import CreateVaultDialog, UnlockDialog

    def shoot() -> None:
        if isinstance(dialog, UnlockDialog):
            _save(dialog, folder, "unlock.png")
            if dialog.passphrase.text():
                dialog.try_unlock()
                return
        elif isinstance(dialog, CreateVaultDialog):
            _save(dialog, folder, "create.png")
        dialog.reject()

    QTimer.singleShot(STEP_MS, shoot)


def run_tour(window, folder: Path) -> None:
    """Find Jack, open him, photograph the register, lock, photograph, quit."""
    from careplan_desktop.services.demo.case_studies import JACK_NHS

    register = window.show_area("register")

    def search() -> None:
        register.search.setFocus()
        register.search.setText("jac")
        _when(lambda: register.model.rowCount() > 0, open_jack)

    def open_jack() -> None:
        row = next((r for r in range(register.model.rowCount()) if register.model.row_at(r).nhs_number == JACK_NHS), 0)
        register.table.selectRow(row)
        register.open_selected()
        _when(lambda: register.overview.person is not None, shoot_register)

    def shoot_register() -> None:
        _save(window, folder, "register.png")
        window.lock()
        QTimer.singleShot(STEP_MS * 2, shoot_locked)

    def shoot_locked() -> None:
        _save(window, folder, "locked.png", whole_screen=True)
        window.close()  # run_gui quits when the window closes

    _when(lambda: register.model.total_count > 0, search)
