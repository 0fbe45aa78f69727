"""Export with a choice of what goes (issue 8): the pending changes (the default, what "Export
now" sends), chosen people (found by searching the register), or everything; to one of the
destinations or to another folder. The dialog only asks: `chosen` hands an ExportChoice to the
Exchange screen, which runs the export on the write worker (jobs.export_chosen)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..screen_fit import fit_to_screen
from ..context import AppContext
from ..widgets import ProblemLabel, muted
from .people_picker import PeoplePicker

SCOPES = {  # scope -> (button text, what it means)
    "changed": ("&Pending changes (the default)",
                "What changed since the last export to the destination."),
    "people": ("&Chosen people",
               "Everything about the people you choose, whether it changed or not."),
    "all": ("&Everything",
            "Every person and plan in this vault: for a new laptop, or to start a shared folder again."),
}
ANOTHER_FOLDER = "Another folder..."


@dataclass(frozen=True)
class ExportChoice:
    scope: str  # "changed", "people" or "all" (exchange.export.SCOPES)
    folder: str
    nhs_numbers: tuple[str, ...] = ()


class ExportDialog(QDialog):
    chosen = Signal(object)  # ExportChoice

    def __init__(self, context: AppContext, destinations: list, scope: str = "changed",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export a bundle")
        layout = QVBoxLayout(self)
        what = QGroupBox("What goes", self)
        column = QVBoxLayout(what)
        self.scope_buttons = QButtonGroup(self)
        self.scope_radio: dict[str, QRadioButton] = {}
        for key, (text, meaning) in SCOPES.items():
            radio = QRadioButton(text, what)
            radio.setObjectName(f"scope_{key}")
            radio.setToolTip(meaning)
            self.scope_buttons.addButton(radio)
            self.scope_radio[key] = radio
            row = QHBoxLayout()
            row.addWidget(radio)
            row.addWidget(muted(meaning, what, wrap=True), 1)
            column.addLayout(row)
        self.picker = PeoplePicker(context, what)
        column.addWidget(self.picker, 1)
        layout.addWidget(what, 1)

        where = QGroupBox("Where to", self)
        row = QHBoxLayout(where)
        self.folder_box = QComboBox(where)
        self.folder_box.setObjectName("export_folder")
        self.folder_box.setAccessibleName("Destination or folder")
        for d in destinations:
            self.folder_box.addItem(f"{d.name}   ({d.folder})", d.folder)
        self.folder_box.addItem(ANOTHER_FOLDER, None)
        self.folder_box.activated.connect(self._folder_activated)
        label = QLabel("&Send to:", where)
        label.setBuddy(self.folder_box)
        row.addWidget(label)
        row.addWidget(self.folder_box, 1)
        layout.addWidget(where)
        layout.addWidget(muted("The bundle is encrypted with the practice key. Another folder is used once: it "
                               "does not become a destination.", self, wrap=True))
        self.problem = ProblemLabel("Export problem", self)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export_chosen")
        self.export_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept_choice)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.scope_buttons.buttonToggled.connect(lambda *_: self._scope_changed())
        self.picker.changed.connect(self._update)
        self.scope_radio.get(scope, self.scope_radio["changed"]).setChecked(True)
        self._scope_changed()
        fit_to_screen(self, self.sizeHint().width(), self.fontMetrics().height() * 30)

    # -- choosing ------------------------------------------------------------------------------
    def scope(self) -> str:
        return next(key for key, radio in self.scope_radio.items() if radio.isChecked())

    def folder(self) -> str | None:
        return self.folder_box.currentData()

    def _scope_changed(self) -> None:
        people = self.scope() == "people"
        self.picker.setEnabled(people)
        if people:
            self.picker.load()
            self.picker.search.setFocus()
        self._update()

    def _folder_activated(self, index: int) -> None:
        if self.folder_box.itemData(index) is not None:
            self._update()
            return
        folder = self.ask_folder("Choose the folder to export to")
        if folder:
            self.set_folder(folder)
        else:
            self.folder_box.setCurrentIndex(0)
        self._update()

    def set_folder(self, folder: str) -> None:
        """Choose a folder: one of the destinations if it is one, else another folder."""
        for index in range(self.folder_box.count()):
            if self.folder_box.itemData(index) == folder:
                self.folder_box.setCurrentIndex(index)
                return
        self.folder_box.insertItem(self.folder_box.count() - 1, folder, folder)
        self.folder_box.setCurrentIndex(self.folder_box.count() - 2)

    def _update(self) -> None:
        self.problem.clear_problem()
        ready = self.folder() is not None and (self.scope() != "people" or bool(self.picker.chosen_numbers()))
        self.export_button.setEnabled(ready)

    def accept_choice(self) -> None:
        scope, folder = self.scope(), self.folder()
        if folder is None:
            self.problem.show_problem("Choose where the bundle goes.")
            return
        numbers = self.picker.chosen_numbers() if scope == "people" else ()
        if scope == "people" and not numbers:
            self.problem.show_problem("Choose at least one person: find them by name, NHS number or date of birth.")
            return
        self.chosen.emit(ExportChoice(scope, folder, numbers))
        self.accept()

    def clear(self) -> None:
        """Locking: the names found or chosen are forgotten, and the dialog closes."""
        self.picker.clear()
        self.reject()

    # -- asking (tests replace this) ----------------------------------------------------------------
    def ask_folder(self, title: str) -> str:
        return QFileDialog.getExistingDirectory(self, title)
