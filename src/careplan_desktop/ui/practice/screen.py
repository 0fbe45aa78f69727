"""Settings: the practice's details (kept in the vault) and its backups.

Whether the person signed in may change them is decided in one place
(`services.practice.details.settings_refusal`); when they may not, the boxes are read-only and
the reason is shown. A change made elsewhere (another screen, an imported bundle) is shown at
once unless someone is part-way through typing here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from careplan_desktop.services.practice.values import PracticeSettings

from ..changes import PRACTICE
from ..context import AppContext
from ..screen import AreaScreen
from ..widgets import ProblemLabel, heading, muted
from .form import PracticeForm
from .saving import refusal, save_form


class SettingsScreen(AreaScreen):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("settings_screen")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget(scroll)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading("Settings", page))
        layout.addWidget(heading("The practice", page, factor=1.15))
        intro = QLabel("On every letter and printout, and in plans sent to other services. Kept in the "
                       "vault: the same for everyone who uses it.", page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = PracticeForm(page)
        layout.addWidget(self.form)
        self.problem = ProblemLabel("Problem with the practice's details", page)
        self.problem.setObjectName("settings_problem")
        layout.addWidget(self.problem)
        row = QHBoxLayout()
        self.save_button = QPushButton("&Save the practice's details", page)
        self.save_button.setObjectName("save_practice")
        self.save_button.clicked.connect(self.save)
        self.status = muted("", page, wrap=True)
        self.status.setObjectName("settings_status")
        row.addWidget(self.save_button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.backups = self._backup_panel(page)
        if self.backups is not None:
            layout.addSpacing(12)
            layout.addWidget(self.backups)
        layout.addStretch(1)
        scroll.setWidget(page)
        outer.addWidget(scroll)
        self._shown = PracticeSettings()
        context.changes.changed.connect(self._data_changed)

    def _backup_panel(self, parent: QWidget) -> QWidget | None:
        from ..backup.panel import BackupPanel

        return BackupPanel(self.context, parent)

    # -- showing -------------------------------------------------------------------------------
    def vault_unlocked(self) -> None:
        self.show_practice(self.context.read_practice())
        why_not = refusal(self.context)
        self.form.set_editable(why_not is None)
        self.save_button.setEnabled(why_not is None)
        self.status.setText(why_not or "")
        if self.backups is not None:
            self.backups.vault_unlocked()

    def show_practice(self, practice: PracticeSettings) -> None:
        self.form.show_practice(practice)
        self._shown = self.form.values()  # as the form gives it back, to tell typing apart

    def _typing(self) -> bool:
        return self.form.values() != self._shown

    def _data_changed(self, what: Any) -> None:
        if PRACTICE in what and getattr(what, "by", None) is not self and self.context.is_unlocked \
                and not self._typing():
            self.show_practice(self.context.read_practice())

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        self.status.setText("")
        if save_form(self.context, self.form, self.problem, by=self, on_saved=self._saved,
                     on_failed=lambda: self.save_button.setEnabled(True)):
            self.save_button.setEnabled(False)
            self.status.setText("Saving…")

    def _saved(self, practice: PracticeSettings) -> None:
        self.show_practice(practice)
        self.save_button.setEnabled(True)
        self.status.setText("Saved. The next letters and printouts use these details.")

    # -- locking ---------------------------------------------------------------------------------
    def stash_unsaved(self) -> dict[str, Any]:
        return {"practice": self.form.values()} if self._typing() else {}

    def restore_unsaved(self, stash: dict[str, Any]) -> None:
        if "practice" in stash:
            self.form.show_practice(stash["practice"])

    def shutdown(self) -> None:
        if self.backups is not None:
            self.backups.shutdown()
