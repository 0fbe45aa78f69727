"""How the Self-assessment area is laid out (its behaviour is in `screen`): the heading, the
chooser and the start buttons, the date and who took part, the questions beside the chosen
question's answer, and Save / Complete / Print. All inside one scroll area, so at 200% text on a
1366x768 screen the page scrolls instead of cutting anything off; no fixed widths for text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

from ..person.fields import DateField
from ..widgets import ProblemLabel, heading, muted
from .question_panel import QuestionPanel

if TYPE_CHECKING:
    from .screen import SelfAssessmentScreen

INTRO = ("How well does the practice do care planning? Answer each question of the toolkit Yes, Partly or No, write "
         "down what shows it, and agree what to do next, who will do it and by when.")


def build_layout(screen: SelfAssessmentScreen) -> None:
    outer = QVBoxLayout(screen)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(screen)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    outer.addWidget(scroll)
    page = QWidget(scroll)
    scroll.setWidget(page)
    screen.scroll = scroll
    layout = QVBoxLayout(page)
    layout.addWidget(heading("Practice self-assessment", page))
    layout.addWidget(muted(INTRO, page, wrap=True))

    chooser = QFormLayout()
    chooser.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    screen.chooser = QComboBox(page)
    screen.chooser.setObjectName("assessment_chooser")
    screen.chooser.setAccessibleName("Assessment")
    screen.chooser.activated.connect(screen.assessment_chosen)
    chooser.addRow("Assess&ment", screen.chooser)
    layout.addLayout(chooser)
    starts = QHBoxLayout()
    screen.start_last = QPushButton("Start again from the &last", page)
    screen.start_last.setObjectName("start_from_last")
    screen.start_last.clicked.connect(lambda: screen.start(from_last=True))
    screen.start_blank = QPushButton("Start a blan&k one", page)
    screen.start_blank.setObjectName("start_blank")
    screen.start_blank.clicked.connect(lambda: screen.start(from_last=False))
    screen.throw_away = QPushButton("Thr&ow away this draft", page)
    screen.throw_away.setObjectName("throw_away_draft")
    screen.throw_away.clicked.connect(screen.throw_away_draft)
    for button in (screen.start_last, screen.start_blank, screen.throw_away):
        starts.addWidget(button)
    starts.addStretch(1)
    layout.addLayout(starts)
    screen.status = QLabel(page)
    screen.status.setObjectName("assessment_status")
    screen.status.setWordWrap(True)
    layout.addWidget(screen.status)

    details = QFormLayout()
    details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    screen.assessed_on = DateField(page)
    screen.assessed_on.setObjectName("assessed_on")
    screen.assessed_on.setAccessibleName("Date of the assessment")
    screen.taking_part = QLineEdit(page)
    screen.taking_part.setObjectName("taking_part")
    screen.taking_part.setAccessibleName("Who took part")
    details.addRow("&Date of the assessment", screen.assessed_on)
    details.addRow("Who took par&t", screen.taking_part)
    layout.addLayout(details)

    body = QHBoxLayout()
    column = QVBoxLayout()
    list_label = QLabel("&Questions", page)
    screen.questions = QListWidget(page)
    screen.questions.setObjectName("questions")
    screen.questions.setAccessibleName("Questions")
    screen.questions.setWordWrap(True)
    screen.questions.setMinimumHeight(screen.fontMetrics().lineSpacing() * 8)
    list_label.setBuddy(screen.questions)
    screen.questions.currentRowChanged.connect(screen.question_chosen)
    column.addWidget(list_label)
    column.addWidget(screen.questions, 1)
    body.addLayout(column, 2)
    screen.panel = QuestionPanel(page)
    screen.panel.edited.connect(screen.answer_edited)
    right = QVBoxLayout()
    right.addWidget(screen.panel)
    steps = QHBoxLayout()
    screen.previous_button = QPushButton("P&revious question", page)
    screen.previous_button.clicked.connect(lambda: screen.go(screen.current - 1))
    screen.next_button = QPushButton("Ne&xt question", page)
    screen.next_button.setObjectName("next_question")
    screen.next_button.clicked.connect(lambda: screen.go(screen.current + 1))
    steps.addWidget(screen.previous_button)
    steps.addWidget(screen.next_button)
    steps.addStretch(1)
    right.addLayout(steps)
    right.addStretch(1)
    body.addLayout(right, 3)
    layout.addLayout(body, 1)

    actions = QHBoxLayout()
    screen.save_button = QPushButton("&Save", page)
    screen.save_button.setObjectName("save_assessment")
    screen.save_button.clicked.connect(lambda: screen.save())
    screen.complete_button = QPushButton("&Complete…", page)
    screen.complete_button.setObjectName("complete_assessment")
    screen.complete_button.clicked.connect(screen.complete)
    screen.print_button = QPushButton("Pr&int…", page)
    screen.print_button.setObjectName("print_assessment")
    screen.print_button.clicked.connect(screen.choose_and_print)
    for button in (screen.save_button, screen.complete_button, screen.print_button):
        actions.addWidget(button)
    actions.addStretch(1)
    layout.addLayout(actions)
    screen.problem = ProblemLabel("Self-assessment problem", page)
    screen.problem.setObjectName("self_assessment_problem")
    layout.addWidget(screen.problem)
    screen.done_label = muted("", page, wrap=True)
    screen.done_label.setObjectName("self_assessment_done")
    layout.addWidget(screen.done_label)
    QShortcut(QKeySequence("Ctrl+S"), screen, lambda: screen.save(),
              context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
    screen.assessed_on.textEdited.connect(screen.answer_edited)
    screen.taking_part.textEdited.connect(screen.answer_edited)
    screen.show_controls()
