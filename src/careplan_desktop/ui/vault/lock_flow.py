"""Locking and unlocking while the app runs (Ctrl+L, or idle).

Lock: every screen stashes its unsaved text (kept here, in memory only), reading jobs are
cancelled and writes allowed to finish, every screen clears its patient data, the vault is locked, and the
unlock dialog opens window-modal over the main window (whose patient widgets the window hides
on `locked`). Unlock: the screens reload from the new vault and get their text back.
Quit in the unlock dialog emits `quit_requested`.

The dialog is a sign-in (`UnlockDialog`): after an idle lock it offers the person who was signed
in; **Switch user** (`switch_user`) offers the list from the top. Unsaved text goes back only to
the person who typed it: someone else signing in starts clean (the text is dropped, never saved
under their name).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from ..context import AppContext
from ..screen import AreaScreen
from .unlock_dialog import UnlockDialog


class LockFlow(QObject):
    locked = Signal()
    unlocked = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        context: AppContext,
        screens: Callable[[], Sequence[AreaScreen]],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.context = context
        self._screens = screens
        self._window = window
        self._stash: dict[int, dict[str, Any]] = {}
        self.dialog: UnlockDialog | None = None
        self._who: str | None = None  # the staff uuid signed in when the lock came

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def lock(self, reason: str = "", *, switching: bool = False) -> None:
        if self.dialog is not None:
            return
        screens = list(self._screens())
        self._stash = {id(screen): dict(screen.stash_unsaved() or {}) for screen in screens}
        tasks = self.context.tasks
        tasks.cancel_reads()
        tasks.wait_for_done()  # writes finish (their results arrive now), then nothing runs
        for screen in screens:
            screen.clear_patient_data()
        vault = self.context.vault
        self.context.vault = None
        self._who = vault.actor.user_uuid if vault is not None else None
        if vault is not None:
            with contextlib.suppress(Exception):  # locking must never fail half-way
                vault.lock()
        self.locked.emit()
        if switching:
            self._open_dialog(reason or "Choose your name and type your passphrase.", None)
        else:
            self._open_dialog(reason or "CarePlan Desktop is locked. Type your passphrase to carry on.", self._who)

    def _open_dialog(self, reason: str, user: str | None) -> None:
        dialog = UnlockDialog(
            self.context.vault_path, reason=reason, demo_passphrase=self.context.demo_passphrase, user=user,
            parent=self._window,
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog))
        dialog.rejected.connect(self._dialog_rejected)
        self.dialog = dialog
        dialog.open()

    def _dialog_accepted(self, dialog: UnlockDialog) -> None:
        self.dialog = None
        dialog.deleteLater()
        self.context.vault = dialog.vault
        if dialog.vault is None or dialog.vault.actor.user_uuid != self._who:
            self._stash.clear()  # someone else: another person's unsaved text is not theirs to keep
        self.unlocked.emit()
        for screen in self._screens():
            screen.vault_unlocked()
            stash = self._stash.pop(id(screen), {})
            if stash:
                screen.restore_unsaved(stash)
        self._stash.clear()

    def _dialog_rejected(self) -> None:
        dialog, self.dialog = self.dialog, None
        self._stash.clear()  # quitting while locked: unsaved text is lost, never written
        if dialog is not None:
            dialog.deleteLater()
        self.quit_requested.emit()

    def close_dialog(self) -> None:
        """The window is closing while locked: drop the dialog without signalling."""
        dialog, self.dialog = self.dialog, None
        self._stash.clear()
        if dialog is not None:
            dialog.blockSignals(True)
            dialog.close()
            dialog.deleteLater()
