"""Opens the person form over a screen, one at a time, and keeps what was typed across a lock.

The screen that owns a `PersonForms` passes its lock calls on:

    stash_unsaved    -> forms.stash()      (the form's text, kept in memory only)
    clear_patient_data -> forms.clear()    (the form closes without asking: nothing stays on screen)
    restore_unsaved  -> forms.restore(stash)  (the form opens again with the text typed)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from careplan_desktop.services.register.listing import PersonNotFound

from ..context import AppContext

if TYPE_CHECKING:
    from .dialog import PersonDialog

STASH_KEY = "person_form"


class PersonForms(QObject):
    def __init__(self, context: AppContext, parent: QWidget, *, on_saved: Callable[[str], None] | None = None,
                 on_open_existing: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._parent = parent
        self._on_saved = on_saved
        self._on_open_existing = on_open_existing
        self.dialog: PersonDialog | None = None
        self._saved_since_stash = False  # a save finished while locking: its stash is out of date

    def open_new(self) -> PersonDialog | None:
        return self._open(None)

    def open_existing(self, uuid: str) -> PersonDialog | None:
        return self._open(uuid)

    def _open(self, uuid: str | None) -> PersonDialog | None:
        if not self.context.is_unlocked:
            return None
        if self.dialog is not None:  # one form at a time: bring the open one forward
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        try:
            from .dialog import PersonDialog  # on first use: start-up need not load the form

            dialog = PersonDialog(self.context, uuid, self._parent)
        except PersonNotFound as error:
            self._tell(str(error))
            return None
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self._on_saved:
            dialog.saved.connect(self._on_saved)
        if self._on_open_existing:
            dialog.open_requested.connect(self._on_open_existing)
        dialog.saved.connect(self._note_saved)
        dialog.finished.connect(lambda _result, d=dialog: self._closed(d))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _note_saved(self, _uuid: str) -> None:
        self._saved_since_stash = True

    def _closed(self, dialog: PersonDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _tell(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "CarePlan Desktop", message,
                          QMessageBox.StandardButton.Ok, self._parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- the lock ------------------------------------------------------------------------------------
    def stash(self) -> dict[str, Any]:
        dialog = self.dialog
        self._saved_since_stash = False
        if dialog is None:
            return {}
        return {STASH_KEY: {"uuid": dialog.uuid, "raw": dialog.raw(), "dirty": dialog.is_dirty()}}

    def clear(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.discard()

    def restore(self, stash: dict[str, Any]) -> None:
        kept = stash.get(STASH_KEY)
        if not kept or self._saved_since_stash:  # saved while locking (writes finish first)
            return
        dialog = self._open(kept["uuid"])
        if dialog is not None:
            dialog.set_raw(kept["raw"])
            if not kept.get("dirty"):
                dialog.set_initial_raw(dialog.raw())
