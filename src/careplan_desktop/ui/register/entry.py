"""The register screen's additions: "Add person" (Ctrl+N), "Edit" on the overview, "Import from
practice system...", and the filters. Owns the person form and the import wizard while they
are open, and carries their text across a lock for the register screen.

The register screen creates one, puts `bar` in its layout, passes its loaded rows through
`filter_rows`, shows them again on `filters_changed`, and passes its lock calls on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from careplan_desktop.services.register.listing import RegisterRow

from ..context import AppContext
from .filter_bar import RegisterFilterBar
from ..person.host import PersonForms

if TYPE_CHECKING:
    from ..register_import import ImportWizard

IMPORT_STASH_KEY = "register_import"


class RegisterEntry(QObject):
    filters_changed = Signal()

    def __init__(self, context: AppContext, screen: QWidget, *, open_person=None) -> None:
        super().__init__(screen)
        self.context = context
        self.screen = screen
        self.forms = PersonForms(context, screen, on_saved=open_person, on_open_existing=open_person)
        self.wizard: ImportWizard | None = None

        self.bar = QWidget(screen)
        self.bar.setObjectName("register_entry_bar")
        column = QVBoxLayout(self.bar)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.filters_button = QPushButton("Filters", self.bar)
        self.filters_button.setObjectName("show_filters")
        self.filters_button.setCheckable(True)
        self.filters_button.setToolTip("Narrow the register by condition, level, recall, offer, review or lead, or show people no longer on it")
        self.filters = RegisterFilterBar(context, self.bar)
        self.filters.hide()
        self.filters_button.toggled.connect(self.filters.setVisible)
        self.filters.changed.connect(self._filters_changed)
        column.addLayout(row)
        column.addWidget(self.filters)
        self.add_button = QPushButton("Add person…", self.bar)
        self.add_button.setObjectName("add_person")
        self.add_button.setToolTip("Add a person to the register (Ctrl+N)")
        self.import_button = QPushButton("Import from practice system…", self.bar)
        self.import_button.setObjectName("import_register")
        self.import_button.setToolTip("Import people from a CSV file exported by a practice system search")
        for button in (self.filters_button, self.add_button, self.import_button):
            button.setAutoDefault(False)
        row.addWidget(self.filters_button)
        row.addStretch(1)
        row.addWidget(self.add_button)
        row.addWidget(self.import_button)
        self.add_button.clicked.connect(self.add_person)
        self.import_button.clicked.connect(self.import_people)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), screen, self.add_person)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- filters ------------------------------------------------------------------------------------------
    def filter_rows(self, loaded: tuple[list[RegisterRow], dict[str, str]]) -> tuple[list[RegisterRow], dict]:
        rows, preferred = loaded
        return self.filters.filter_rows(rows), preferred

    def _filters_changed(self) -> None:
        active = self.filters.current().chosen_count
        self.filters_button.setText(f"Filters ({active} on)" if active else "Filters")
        self.filters_changed.emit()

    # -- adding, editing, importing --------------------------------------------------------------------
    def add_person(self) -> None:
        self.forms.open_new()

    def edit_person(self, uuid: str) -> None:
        self.forms.open_existing(uuid)

    def import_people(self) -> ImportWizard | None:
        if not self.context.is_unlocked:
            return None
        if self.wizard is None:
            from ..register_import import open_import_wizard  # when first used: start-up stays fast

            self.wizard = open_import_wizard(self.context, self.screen)
            self.wizard.finished.connect(lambda _result, w=self.wizard: self._wizard_closed(w))
        self.wizard.raise_()
        return self.wizard

    def _wizard_closed(self, wizard: ImportWizard) -> None:
        if self.wizard is wizard:
            self.wizard = None

    # -- the lock ------------------------------------------------------------------------------------
    def stash(self) -> dict[str, Any]:
        stash = self.forms.stash()
        if self.wizard is not None and self.wizard.stash():
            stash[IMPORT_STASH_KEY] = self.wizard.stash()
        return stash

    def clear(self) -> None:
        self.forms.clear()
        self.filters.forget()
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.close_now()

    def restore(self, stash: dict[str, Any]) -> None:
        if IMPORT_STASH_KEY in stash:
            wizard = self.import_people()
            if wizard is not None:
                wizard.resume(stash[IMPORT_STASH_KEY])
        self.forms.restore(stash)
