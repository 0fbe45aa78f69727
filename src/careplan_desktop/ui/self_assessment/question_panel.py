"""One question of the self-assessment, as the practice answers it: the toolkit's words and what
they mean, the figures from the records that inform it, last time's answer, then Yes / Partly /
No, the evidence, and the action agreed with who will do it and by when. Plain values in and out
(`show`, `values`); the screen keeps every question's values."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QRadioButton, QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.self_assessment.assessments import RATINGS, Answer, AnswerInput

from ..person.fields import DateField
from ..widgets import heading, muted

RATING_LABELS = {"yes": "&Yes", "partly": "&Partly", "no": "&No"}
RATING_WORDS = {"yes": "Yes", "partly": "Partly", "no": "No"}


class QuestionPanel(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("question_panel")
        self.answer: Answer | None = None
        layout = QVBoxLayout(self)
        self.section = muted("", self, factor=1.0, wrap=True)
        self.section.setObjectName("question_section")
        self.question = heading("", self, factor=1.15)
        self.question.setObjectName("question_text")
        self.meaning = muted("", self, factor=1.0, wrap=True)
        self.figures = QLabel(self)
        self.figures.setObjectName("question_figures")
        self.figures.setWordWrap(True)
        self.previous = muted("", self, factor=1.0, wrap=True)
        self.previous.setObjectName("question_previous")
        for label in (self.section, self.question, self.meaning, self.figures, self.previous):
            layout.addWidget(label)

        self.rating_box = QGroupBox("Achieved?", self)
        self.rating_box.setAccessibleName("Achieved? Yes, partly or no")
        row = QHBoxLayout(self.rating_box)
        self.ratings = QButtonGroup(self)
        self.rating_buttons: dict[str, QRadioButton] = {}
        for rating in RATINGS:
            button = QRadioButton(RATING_LABELS[rating], self.rating_box)
            button.setObjectName(f"rating_{rating}")
            button.setAccessibleName(RATING_WORDS[rating])
            self.ratings.addButton(button)
            self.rating_buttons[rating] = button
            row.addWidget(button)
        row.addStretch(1)
        self.ratings.buttonToggled.connect(lambda *_: self.edited.emit())
        layout.addWidget(self.rating_box)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("answer_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName("Evidence: what shows it")
        self.notes.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.action = QLineEdit(self)
        self.action.setObjectName("answer_action")
        self.action.setAccessibleName("Action agreed")
        self.action_by = QLineEdit(self)
        self.action_by.setObjectName("answer_action_by")
        self.action_by.setAccessibleName("Who will do it")
        self.action_due = DateField(self)
        self.action_due.setObjectName("answer_action_due")
        self.action_due.setAccessibleName("By when")
        form.addRow("&Evidence (what shows it)", self.notes)
        form.addRow("&Action agreed", self.action)
        form.addRow("&Who will do it", self.action_by)
        form.addRow("&By when", self.action_due)
        layout.addLayout(form)
        for field in (self.action, self.action_by, self.action_due):
            field.textEdited.connect(lambda *_: self.edited.emit())
        self.notes.textChanged.connect(self._notes_changed)
        self._showing = False

    def _notes_changed(self) -> None:
        if not self._showing:
            self.edited.emit()

    def show_answer(self, answer: Answer, values: AnswerInput, figures: list[str], *, editable: bool) -> None:
        """Show one question with the values on screen for it (saved or typed)."""
        self._showing = True
        try:
            self.answer = answer
            self.section.setText(answer.section_title)
            self.question.setText(f"{answer.position}. {answer.question_text}")
            self.question.setAccessibleName(self.question.text())
            self.meaning.setText(answer.meaning)
            self.meaning.setVisible(bool(answer.meaning))
            self.figures.setText("From the records: " + " ".join(figures) if figures else "")
            self.figures.setVisible(bool(figures))
            self.previous.setText(f"Last time: {RATING_WORDS[answer.previous]}" if answer.previous else "")
            self.previous.setVisible(bool(answer.previous))
            self.ratings.blockSignals(True)
            self.ratings.setExclusive(False)
            for rating, button in self.rating_buttons.items():
                button.setChecked(values.rating == rating)
                button.setEnabled(editable)
            self.ratings.setExclusive(True)
            self.ratings.blockSignals(False)
            self.notes.setPlainText(values.notes)
            self.action.setText(values.action)
            self.action_by.setText(values.action_by)
            self.action_due.set_date(values.action_due)
            for field in (self.notes, self.action, self.action_by, self.action_due):
                field.setReadOnly(not editable)
        finally:
            self._showing = False

    def date_problem(self) -> str | None:
        problem = self.action_due.problem()
        return f"By when, question {self.answer.position}: {problem}" if problem and self.answer else None

    def values(self) -> AnswerInput | None:
        """What is on screen for the question shown (the date only if it reads as one)."""
        if self.answer is None:
            return None
        rating = next((r for r, button in self.rating_buttons.items() if button.isChecked()), None)
        due = self.action_due.date() if not self.action_due.problem() else None
        return dataclasses.replace(self.answer.as_input(), rating=rating, notes=self.notes.toPlainText().strip(),
                                   action=self.action.text().strip(), action_by=self.action_by.text().strip(),
                                   action_due=due)

    def clear(self) -> None:
        self.answer = None
        self._showing = True
        for label in (self.section, self.question, self.meaning, self.figures, self.previous):
            label.setText("")
        self.ratings.setExclusive(False)
        for button in self.rating_buttons.values():
            button.setChecked(False)
        self.ratings.setExclusive(True)
        for field in (self.notes, self.action, self.action_by, self.action_due):
            field.clear()
        self._showing = False
