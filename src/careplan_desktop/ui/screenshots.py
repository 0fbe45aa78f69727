"""The screenshot tour (CAREPLAN_SCREENSHOT=FOLDER): every area and every dialog of
`ui/every_window.WINDOWS`, photographed at its real size, for the README and for looking at
the screens under Xvfb:

    CAREPLAN_SCREENSHOT=docs/screenshots xvfb-run -s "-screen 0 1440x900x24" careplan-desktop --demo
    CAREPLAN_SCREENSHOT=docs/screenshots/large xvfb-run -s "-screen 0 1366x768x24" \
        careplan-desktop --demo --text-size 200
    CAREPLAN_SCREENSHOT=docs/screenshots/dark CAREPLAN_SCREENSHOT_PALETTE=dark xvfb-run ... --demo

Saves unlock.png (or create.png), a PNG for each window (its key in WINDOWS) and locked.png,
then quits. CAREPLAN_SCREENSHOT_PALETTE=dark first gives the app a dark system palette (as a
desktop in dark mode does). Nothing here runs unless CAREPLAN_SCREENSHOT is set.
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

PALETTE_ENV = "CAREPLAN_SCREENSHOT_PALETTE"
STEP_MS = 400


def apply_tour_palette(app: QApplication) -> None:
    """CAREPLAN_SCREENSHOT_PALETTE=dark: the palette a desktop in dark mode gives the app."""
    if os.environ.get(PALETTE_ENV) == "dark":
        from .palette import dark_palette

        app.setPalette(dark_palette())


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
    """Open and photograph every area and dialog, lock, photograph the locked window, quit."""
    from .every_window import Walk, visit_every_window

    register = window.show_area("register")

    def photograph_everything() -> None:
        walk = Walk(window, folder)  # (the create dialog only names a path there: nothing is written)
        try:
            visit_every_window(walk, lambda shown, widget: _save(widget, folder, f"{shown.key}.png"))
        except Exception:  # noqa: BLE001 (a tour that cannot finish says so and quits)
            log.exception("screenshot tour: could not open every window")
        window.lock()
        QTimer.singleShot(STEP_MS * 2, shoot_locked)

    def shoot_locked() -> None:
        _save(window, folder, "locked.png", whole_screen=True)
        window.close()  # run_gui quits when the window closes

    _when(lambda: register.model.total_count > 0, photograph_everything)
