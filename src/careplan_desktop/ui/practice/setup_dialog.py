"""First-run set-up: after a new vault is created, the practice's details (name, address,
phone, ODS code, clinic days and hours, review intervals, the idle lock, who signs letters).

Shown by the composition root (`application.open_first_vault`) after the create-vault dialog,
and at start-up for a vault whose practice is not set up yet. "Later" leaves them unset: letters
are then refused with a message pointing to Settings.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.practice.values import PracticeSettings

from ..screen_fit import fit_to_screen
from ..context import AppContext
from ..widgets import ProblemLabel, heading
from .form import PracticeForm
from .saving import save_form


class PracticeSetupDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.saved: PracticeSettings | None = None
        self.setWindowTitle("Set up your practice - CarePlan Desktop")
        self.setObjectName("practice_setup_dialog")
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading("Set up your practice", self))
        intro = QLabel("Letters and printouts carry these details, and review dates follow the intervals "
                       "below. They are kept inside the encrypted vault, the same for everyone who uses it. "
                       "You can change them later in Settings.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = PracticeForm(self)
        self.form.show_practice(context.practice)
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll, 1)
        self.problem = ProblemLabel("Problem with the practice's details", self)
        self.problem.setObjectName("setup_problem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton("&Save and continue", self)
        self.save_button.setDefault(True)
        self.later_button = QPushButton("Set up la&ter", self)
        self.later_button.setAutoDefault(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth() * 100
        fit_to_screen(self, width, self.fontMetrics().lineSpacing() * 40)
        self.form.name.setFocus()

    def save(self) -> None:
        if save_form(self.context, self.form, self.problem, by=self, on_saved=self._saved,
                     on_failed=lambda: self.save_button.setEnabled(True)):
            self.save_button.setEnabled(False)

    def _saved(self, practice: PracticeSettings) -> None:
        self.saved = practice
        self.accept()

    def done(self, result: int) -> None:
        self.save_button.setEnabled(True)
        super().done(result)
