"""The Self-assessment area: the practice's care planning self-assessment (seed 004 appendix 2).

Choose an assessment (the draft being filled in, or a completed one to read), or start one: again
from the last completed one's answers, or blank. Questions are listed on the left with their
answers; the chosen one is answered on the right (Yes / Partly / No, the evidence, the action
agreed, who and by when), with the figures from the records beside it. Ctrl+S (or Save) keeps the
answers in one transaction; Complete keeps them with today's figures, and from then on the
assessment cannot change; Print writes the PDF for the practice meeting.

Answers typed and not saved stay on screen through the idle lock (in memory only) and are asked
about (save, discard or stay) when choosing another assessment, quitting or switching user. Who
may answer is decided by `services.staff.roles` ("assess the practice"); others read only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
    QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from careplan_desktop.services.self_assessment.assessments import AnswerInput, Assessment
from careplan_desktop.services.staff.roles import MAY, may

from ..context import AppContext
from ..dates import uk_date
from ..person.fields import DateField
from ..screen import AreaScreen
from ..widgets import DISCARD, SAVE, ProblemLabel, ask_save_or_discard, heading, muted
from .question_panel import RATING_WORDS, QuestionPanel

INTRO = ("How well does the practice do care planning? Answer each question of the toolkit Yes, Partly or No, write "
         "down what shows it, and agree what to do next, who will do it and by when.")
COMPLETE_QUESTION = ("Complete this self-assessment now? Today's figures from the records are kept with it, and "
                     "its answers can no longer be changed. The next one can start from them.")


def _load(vault, uuid: str | None, today: dt.date):
    """Everything the screen shows: the list, the assessment to show (the one asked for, else the
    draft, else the latest completed) and the figures beside its questions."""
    from careplan_desktop.services.self_assessment.assessments import (
        latest_completed, list_assessments, load_assessment, open_draft,
    )
    from careplan_desktop.services.self_assessment.evidence import evidence_today

    past = list_assessments(vault)
    if uuid is not None and any(p.uuid == uuid for p in past):
        shown = load_assessment(vault, uuid)
    else:
        shown = open_draft(vault) or latest_completed(vault)
    figures = shown.evidence if shown is not None and shown.is_completed else tuple(evidence_today(vault, today))
    return past, shown, figures


class SelfAssessmentScreen(AreaScreen):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("self_assessment_screen")
        self.past: list = []
        self.assessment: Assessment | None = None
        self.figures: dict[str, str] = {}
        self.values: dict[str, AnswerInput] = {}  # on screen, by question key
        self.saved: dict[str, AnswerInput] = {}  # as the vault holds them
        self.current = -1
        self._pending_stash: dict[str, Any] | None = None
        self._build()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        page = QWidget(scroll)
        scroll.setWidget(page)
        self.scroll = scroll
        layout = QVBoxLayout(page)
        layout.addWidget(heading("Practice self-assessment", page))
        layout.addWidget(muted(INTRO, page, wrap=True))

        chooser = QFormLayout()
        chooser.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.chooser = QComboBox(page)
        self.chooser.setObjectName("assessment_chooser")
        self.chooser.setAccessibleName("Assessment")
        self.chooser.activated.connect(self._chosen)
        chooser.addRow("Assess&ment", self.chooser)
        layout.addLayout(chooser)
        starts = QHBoxLayout()
        self.start_last = QPushButton("Start again from the &last", page)
        self.start_last.setObjectName("start_from_last")
        self.start_last.clicked.connect(lambda: self.start(from_last=True))
        self.start_blank = QPushButton("Start a blan&k one", page)
        self.start_blank.setObjectName("start_blank")
        self.start_blank.clicked.connect(lambda: self.start(from_last=False))
        for button in (self.start_last, self.start_blank):
            starts.addWidget(button)
        starts.addStretch(1)
        layout.addLayout(starts)
        self.status = QLabel(page)
        self.status.setObjectName("assessment_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        details = QFormLayout()
        details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.assessed_on = DateField(page)
        self.assessed_on.setObjectName("assessed_on")
        self.assessed_on.setAccessibleName("Date of the assessment")
        self.taking_part = QLineEdit(page)
        self.taking_part.setObjectName("taking_part")
        self.taking_part.setAccessibleName("Who took part")
        details.addRow("&Date of the assessment", self.assessed_on)
        details.addRow("Who took par&t", self.taking_part)
        layout.addLayout(details)

        body = QHBoxLayout()
        column = QVBoxLayout()
        list_label = QLabel("&Questions", page)
        self.questions = QListWidget(page)
        self.questions.setObjectName("questions")
        self.questions.setAccessibleName("Questions")
        self.questions.setWordWrap(True)
        self.questions.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        list_label.setBuddy(self.questions)
        self.questions.currentRowChanged.connect(self._question_chosen)
        column.addWidget(list_label)
        column.addWidget(self.questions, 1)
        body.addLayout(column, 2)
        self.panel = QuestionPanel(page)
        self.panel.edited.connect(self._edited)
        right = QVBoxLayout()
        right.addWidget(self.panel)
        steps = QHBoxLayout()
        self.previous_button = QPushButton("P&revious question", page)
        self.previous_button.clicked.connect(lambda: self.go(self.current - 1))
        self.next_button = QPushButton("Ne&xt question", page)
        self.next_button.setObjectName("next_question")
        self.next_button.clicked.connect(lambda: self.go(self.current + 1))
        steps.addWidget(self.previous_button)
        steps.addWidget(self.next_button)
        steps.addStretch(1)
        right.addLayout(steps)
        right.addStretch(1)
        body.addLayout(right, 3)
        layout.addLayout(body, 1)

        actions = QHBoxLayout()
        self.save_button = QPushButton("&Save", page)
        self.save_button.setObjectName("save_assessment")
        self.save_button.clicked.connect(lambda: self.save())
        self.complete_button = QPushButton("&Complete…", page)
        self.complete_button.setObjectName("complete_assessment")
        self.complete_button.clicked.connect(self.complete)
        self.print_button = QPushButton("Pr&int…", page)
        self.print_button.setObjectName("print_assessment")
        self.print_button.clicked.connect(self._choose_print_file)
        for button in (self.save_button, self.complete_button, self.print_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.problem = ProblemLabel("Self-assessment problem", page)
        self.problem.setObjectName("self_assessment_problem")
        layout.addWidget(self.problem)
        self.done_label = muted("", page, wrap=True)
        self.done_label.setObjectName("self_assessment_done")
        layout.addWidget(self.done_label)
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.save(),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.assessed_on.textEdited.connect(self._edited)
        self.taking_part.textEdited.connect(self._edited)
        self._show_controls()

    # -- state ---------------------------------------------------------------------------------
    @property
    def may_assess(self) -> bool:
        vault = self.context.vault
        return vault is not None and may(vault.user_role, "assess the practice")

    @property
    def editable(self) -> bool:
        return self.assessment is not None and not self.assessment.is_completed and self.may_assess

    def _keep_panel(self) -> None:
        values = self.panel.values()
        if values is not None:
            self.values[values.question_key] = values

    def is_dirty(self) -> bool:
        if not self.editable:
            return False
        self._keep_panel()
        return (self.values != self.saved or self.taking_part.text().strip() != self.assessment.taking_part
                or self.assessed_on.date() != self.assessment.assessed_on)

    def _show_controls(self) -> None:
        shown, editable = self.assessment, self.editable
        has_draft = any(p.status == "draft" for p in self.past)
        self.start_last.setEnabled(self.may_assess and not has_draft and any(p.status == "completed" for p in self.past))
        self.start_blank.setEnabled(self.may_assess and not has_draft)
        for widget in (self.save_button, self.complete_button):
            widget.setEnabled(editable)
        self.print_button.setEnabled(shown is not None)
        self.assessed_on.setReadOnly(not editable)
        self.taking_part.setReadOnly(not editable)
        self.previous_button.setEnabled(shown is not None and self.current > 0)
        self.next_button.setEnabled(shown is not None and self.current < len(shown.answers) - 1)
        if shown is None:
            text = "No self-assessment has been started yet." + (
                " Start one below." if self.may_assess else "")
        elif shown.is_completed:
            text = (f"Completed on {uk_date(shown.evidence_on)} by {shown.completed_by}. A completed assessment "
                    "cannot be changed; start again from the last to make a new one.")
        else:
            text = f"Draft started by {shown.started_by}: not completed yet."
            if not self.may_assess:
                text += " " + MAY["assess the practice"][1]
        if shown is not None and shown.started_from_date is not None:
            changed = sum(1 for a in shown.answers if a.previous and self.values.get(a.question_key)
                          and self.values[a.question_key].rating != a.previous)
            text += (f" Started from the assessment completed on {uk_date(shown.started_from_date)}: "
                     f"{changed} answer{'s' if changed != 1 else ''} changed since.")
        self.status.setText(text)

    def _item_text(self, position: int, key: str, question: str) -> str:
        rating = self.values.get(key).rating if key in self.values else None
        return f"{position}. {question} [{RATING_WORDS[rating] if rating else 'not answered'}]"

    # -- lock-aware ----------------------------------------------------------------------------
    def vault_unlocked(self) -> None:
        self.refresh()

    def clear_patient_data(self) -> None:
        """The assessment holds no one's details, but a locked screen shows nothing."""
        self.assessment, self.past, self.values, self.saved, self.figures = None, [], {}, {}, {}
        self.current = -1
        self.chooser.clear()
        self.questions.blockSignals(True)
        self.questions.clear()
        self.questions.blockSignals(False)
        self.panel.clear()
        self.assessed_on.clear()
        self.taking_part.clear()
        self.problem.clear_problem()
        self.done_label.setText("")
        self._show_controls()

    def stash_unsaved(self) -> dict[str, Any]:
        if not self.is_dirty():
            return {}
        return {"uuid": self.assessment.uuid, "values": dict(self.values), "current": self.current,
                "taking_part": self.taking_part.text(), "assessed_on": self.assessed_on.text()}

    def restore_unsaved(self, stash: dict[str, Any]) -> None:
        self._pending_stash = stash
        self._apply_stash()

    def _apply_stash(self) -> None:
        stash = self._pending_stash
        if not stash or self.assessment is None or self.assessment.uuid != stash["uuid"]:
            return
        self._pending_stash = None
        self.values.update(stash["values"])
        self.taking_part.setText(stash["taking_part"])
        self.assessed_on.setText(stash["assessed_on"])
        self._fill_questions(stash["current"])
        self._show_controls()

    def may_close(self) -> bool:
        """Quitting or switching user with answers not saved: save, discard, or stay."""
        return self.may_leave()

    def may_leave(self) -> bool:
        if not self.context.is_unlocked or not self.is_dirty():
            return True
        answer = ask_save_or_discard(self, "Some answers of the self-assessment are not saved. Save them now?")
        if answer == SAVE:
            return self.save()
        if answer == DISCARD:
            self.values = dict(self.saved)
            self.taking_part.setText(self.assessment.taking_part)
            self.assessed_on.set_date(self.assessment.assessed_on)
            self._fill_questions(self.current)
            return True
        return False

    # -- reading -------------------------------------------------------------------------------
    def refresh(self, uuid: str | None = None) -> None:
        if not self.context.is_unlocked:
            return
        vault, today = self.context.open_vault(), self.context.today()
        self.context.tasks.read(lambda control: _load(vault, uuid, today), on_finished=self._loaded,
                                on_failed=self.problem.show_problem, name="self-assessment")

    def _loaded(self, result) -> None:
        past, shown, figures = result
        same = self.assessment is not None and shown is not None and self.assessment.uuid == shown.uuid
        row = self.current if same else 0
        self.past = list(past)
        self.assessment = shown
        self.figures = {figure.key: figure.text for figure in figures}
        self.saved = {a.question_key: a.as_input() for a in shown.answers} if shown else {}
        self.values = dict(self.saved)
        self.chooser.clear()
        for item in self.past:
            state = "completed" if item.status == "completed" else "draft, not completed"
            self.chooser.addItem(f"{uk_date(item.assessed_on)} ({state})", item.uuid)
        if shown is not None:
            self.chooser.setCurrentIndex(self.chooser.findData(shown.uuid))
            self.assessed_on.set_date(shown.assessed_on)
            self.taking_part.setText(shown.taking_part)
        else:
            self.assessed_on.clear()
            self.taking_part.clear()
        self._fill_questions(row)
        self._show_controls()
        self._apply_stash()

    def _fill_questions(self, row: int) -> None:
        self.questions.blockSignals(True)
        self.questions.clear()
        for answer in self.assessment.answers if self.assessment else ():
            QListWidgetItem(self._item_text(answer.position, answer.question_key, answer.question_text),
                            self.questions)
        self.questions.blockSignals(False)
        self.current = -1
        if self.assessment is not None and self.assessment.answers:
            self.go(max(0, min(row, len(self.assessment.answers) - 1)))
        else:
            self.panel.clear()

    # -- answering -----------------------------------------------------------------------------
    def go(self, row: int) -> None:
        """Show question `row` (0-based), keeping what is on screen for the one left."""
        if self.assessment is None or not 0 <= row < len(self.assessment.answers):
            return
        if self.current >= 0:
            problem = self.panel.date_problem()
            if problem and self.editable:
                self.problem.show_problem(problem)
                self.questions.blockSignals(True)
                self.questions.setCurrentRow(self.current)
                self.questions.blockSignals(False)
                return
            self._keep_panel()
        self.current = row
        answer = self.assessment.answers[row]
        self.panel.show_answer(answer, self.values.get(answer.question_key, answer.as_input()),
                               [self.figures[key] for key in answer.evidence if key in self.figures],
                               editable=self.editable)
        self.questions.blockSignals(True)
        self.questions.setCurrentRow(row)
        self.questions.blockSignals(False)
        self._show_controls()

    def _question_chosen(self, row: int) -> None:
        self.go(row)

    def _edited(self, *_: Any) -> None:
        self._keep_panel()
        if self.assessment is not None and 0 <= self.current < len(self.assessment.answers):
            answer = self.assessment.answers[self.current]
            item = self.questions.item(self.current)
            if item is not None:
                item.setText(self._item_text(answer.position, answer.question_key, answer.question_text))
        self.done_label.setText("")
        self._show_controls()

    def _chosen(self, index: int) -> None:
        uuid = self.chooser.itemData(index)
        if self.assessment is not None and uuid == self.assessment.uuid:
            return
        if not self.may_leave():
            self.chooser.setCurrentIndex(self.chooser.findData(self.assessment.uuid))
            return
        self.refresh(uuid)

    def _checked_inputs(self):
        """(answers changed, who took part, date) or None with the problem shown."""
        problem = self.panel.date_problem() or (
            f"Date of the assessment: {self.assessed_on.problem()}" if self.assessed_on.problem() else None)
        if problem is None and self.assessed_on.date() is None:
            problem = "Give the date of the assessment."
        if problem:
            self.problem.show_problem(problem)
            return None
        self._keep_panel()
        changed = [value for key, value in self.values.items() if self.saved.get(key) != value]
        return changed, self.taking_part.text().strip(), self.assessed_on.date()

    # -- actions -------------------------------------------------------------------------------
    def start(self, *, from_last: bool) -> None:
        from careplan_desktop.services.self_assessment.assessments import start_assessment

        vault, today = self.context.open_vault(), self.context.today()
        self.problem.clear_problem()
        self.context.tasks.write(lambda control: start_assessment(vault, today, from_last=from_last), by=self,
                                 on_finished=lambda started: self._written(started, "Started a new self-assessment."),
                                 on_failed=self.problem.show_problem, name="start self-assessment")

    def save(self) -> bool:
        """Start saving what is on screen; False (and the problem shown) when it cannot start."""
        from careplan_desktop.services.self_assessment.assessments import save_answers

        if not self.editable:
            return False
        checked = self._checked_inputs()
        if checked is None:
            return False
        changed, taking_part, assessed_on = checked
        vault, uuid = self.context.open_vault(), self.assessment.uuid
        self.problem.clear_problem()
        self.context.tasks.write(
            lambda control: save_answers(vault, uuid, changed, taking_part=taking_part, assessed_on=assessed_on),
            by=self, on_finished=lambda saved: self._written(saved, "Saved."), on_failed=self.problem.show_problem,
            name="save self-assessment")
        return True

    def confirm_complete(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Complete the self-assessment", COMPLETE_QUESTION,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("complete_question")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        chosen = box.exec()
        box.deleteLater()
        return chosen == QMessageBox.StandardButton.Yes

    def complete(self) -> None:
        from careplan_desktop.services.self_assessment.assessments import complete_assessment, completion_problem

        if not self.editable:
            return
        checked = self._checked_inputs()
        if checked is None:
            return
        changed, taking_part, assessed_on = checked
        on_screen = dataclasses.replace(self.assessment, answers=tuple(
            dataclasses.replace(a, **{f: getattr(self.values[a.question_key], f) for f in
                                      ("rating", "notes", "action", "action_by", "action_due")})
            for a in self.assessment.answers))
        problem = completion_problem(on_screen)
        if problem:
            self.problem.show_problem(problem)
            return
        if not self.confirm_complete():
            return
        vault, uuid, today = self.context.open_vault(), self.assessment.uuid, self.context.today()
        self.problem.clear_problem()
        self.context.tasks.write(
            lambda control: complete_assessment(vault, uuid, today, changed, taking_part=taking_part,
                                                assessed_on=assessed_on),
            by=self, on_finished=lambda done: self._written(done, "Completed. It can be printed for the practice "
                                                                  "meeting; the next one can start from it."),
            on_failed=self.problem.show_problem, name="complete self-assessment")

    def _written(self, assessment: Assessment, message: str) -> None:
        self.refresh(assessment.uuid)
        self.done_label.setText(message)

    def choose_print_file(self) -> str:
        name = f"self-assessment-{self.assessment.assessed_on.isoformat()}.pdf" if self.assessment else ""
        return QFileDialog.getSaveFileName(self, "Print the self-assessment to a PDF", name, "PDF files (*.pdf)")[0]

    def _choose_print_file(self) -> None:
        path = self.choose_print_file()
        if path:
            self.print_to(Path(path))

    def print_to(self, path: Path) -> None:
        """Print the assessment shown, as the vault holds it (save first to print what is typed)."""
        from careplan_desktop.services.self_assessment.printout import print_assessment

        if self.assessment is None:
            return
        vault, uuid, today = self.context.open_vault(), self.assessment.uuid, self.context.today()
        note = " Answers not saved yet are not in it: save first to print them." if self.is_dirty() else ""
        self.problem.clear_problem()
        self.context.tasks.write(lambda control: print_assessment(vault, uuid, path, today), by=self,
                                 on_finished=lambda written: self.done_label.setText(
                                     f"Printed to {Path(written).name}.{note}"),
                                 on_failed=self.problem.show_problem, name="print self-assessment")
