"""The results-entry dialog's widgets and their arrangement (behaviour lives in dialog.py).

    Lorna Baxter
    NHS number · born · conditions
    Next appointment: ...
    Tests done on [22/11/2026]
    | Test | This time | Last time | Usual target | Trend |   (rows.py, in a scroll area)
    Nothing saved: 1 value needs correcting            [Save results] [Close]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout,
)

from ..widgets import ProblemLabel, heading, muted
from ..screen_fit import fit_to_screen

if TYPE_CHECKING:
    from .dialog import ResultsEntryDialog


def build(dialog: "ResultsEntryDialog") -> None:
    """Create the dialog's fixed widgets as attributes of ``dialog``."""
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(16, 12, 16, 12)
    dialog.title = heading("Loading…", dialog, factor=1.35)
    dialog.title.setObjectName("results_person")
    dialog.identity = muted("", dialog, factor=1.0)
    dialog.identity.setTextFormat(Qt.TextFormat.PlainText)
    dialog.identity.setWordWrap(True)
    dialog.appointment = QLabel(dialog)
    dialog.appointment.setTextFormat(Qt.TextFormat.PlainText)
    dialog.appointment.setWordWrap(True)
    outer.addWidget(dialog.title)
    outer.addWidget(dialog.identity)
    outer.addWidget(dialog.appointment)

    date_row = QHBoxLayout()
    dialog.taken_on = QDateEdit(dialog)
    dialog.taken_on.setObjectName("results_taken_on")
    dialog.taken_on.setDisplayFormat("dd/MM/yyyy")
    dialog.taken_on.setCalendarPopup(True)
    dialog.taken_on.setAccessibleName("Tests done on")
    date_label = QLabel("Tests &done on", dialog)
    date_label.setBuddy(dialog.taken_on)
    dialog.date_problem = ProblemLabel("Date problem", dialog)
    date_row.addWidget(date_label)
    date_row.addWidget(dialog.taken_on)
    date_row.addSpacing(12)
    date_row.addWidget(dialog.date_problem, 1)
    date_row.addStretch(0)
    dialog.taken_on.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    outer.addLayout(date_row)

    dialog.scroll = QScrollArea(dialog)
    dialog.scroll.setWidgetResizable(True)
    dialog.scroll.setFrameShape(QFrame.Shape.NoFrame)
    dialog.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the target column wraps
    outer.addWidget(dialog.scroll, 1)

    dialog.banner = ProblemLabel("Why nothing was saved", dialog)
    dialog.banner.setObjectName("results_banner")
    outer.addWidget(dialog.banner)
    buttons = QDialogButtonBox(dialog)
    dialog.save_button = QPushButton("&Save results", dialog)
    dialog.save_button.setObjectName("results_save")
    dialog.save_button.setDefault(True)
    dialog.close_button = QPushButton("Close", dialog)
    buttons.addButton(dialog.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(dialog.close_button, QDialogButtonBox.ButtonRole.RejectRole)
    dialog.save_button.clicked.connect(dialog.save)
    dialog.close_button.clicked.connect(dialog.reject)
    outer.addWidget(buttons)
    dialog.taken_on.dateChanged.connect(lambda _: dialog.date_problem.clear_problem())
    dialog._show_placeholder("Loading…")
    fit_to_screen(dialog, dialog.fontMetrics().averageCharWidth() * 165, dialog.fontMetrics().height() * 46)
