"""After a vault is opened at start-up: an older install's practice details are copied into
the vault once, and a vault whose practice is not set up yet (a new one above all) goes on to
the set-up dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from careplan_desktop.services.practice.legacy import adopt_settings_file

from ..context import AppContext
from .setup_dialog import PracticeSetupDialog


def set_up_practice(context: AppContext, parent: QWidget | None = None) -> bool:
    """True when the practice is set up afterwards (it was, or it was set up now)."""
    adopt_settings_file(context.open_vault())
    if context.read_practice().is_set:
        return True
    dialog = PracticeSetupDialog(context, parent)
    dialog.exec()
    dialog.deleteLater()
    return context.read_practice().is_set
