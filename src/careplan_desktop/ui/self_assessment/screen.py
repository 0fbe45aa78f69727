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

from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QMessageBox, QWidget

from careplan_desktop.services.self_assessment.assessments import AnswerInput, Assessment
from careplan_desktop.services.staff.roles import MAY, may

from ..context import AppContext
from ..dates import uk_date
from ..screen import AreaScreen
from ..widgets import DISCARD, SAVE, ask_save_or_discard
from .layout import build_layout
from .question_panel import RATING_WORDS

THROW_AWAY_QUESTION = ("Throw away this draft and every answer in it? The completed assessments are kept. "
                       "This cannot be undone.")
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
        self._stale = False
        build_layout(self)
        context.changes.changed.connect(self._data_changed)

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

    def show_controls(self) -> None:
        shown, editable = self.assessment, self.editable
        has_draft = any(p.status == "draft" for p in self.past)
        self.start_last.setEnabled(self.may_assess and not has_draft and any(p.status == "completed" for p in self.past))
        self.start_blank.setEnabled(self.may_assess and not has_draft)
        for widget in (self.save_button, self.complete_button, self.throw_away):
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

    def _item_text(self, answer) -> str:
        """"4. Is a key worker identified ...? [Yes, was No]": the answer, and last time's if different."""
        value = self.values.get(answer.question_key)
        rating = value.rating if value is not None else None
        shown = RATING_WORDS[rating] if rating else "not answered"
        if answer.previous and rating != answer.previous:
            shown += f", was {RATING_WORDS[answer.previous]}"
        return f"{answer.position}. {answer.question_text} [{shown}]"

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
        self.show_controls()

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
        self.show_controls()

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

    def _data_changed(self, what) -> None:
        """The records changed elsewhere: the figures are read again (now if on screen and
        nothing is typed, else when next shown)."""
        if getattr(what, "by", None) is not self:
            self._stale = True
            if self.isVisible() and not self.is_dirty():
                self.refresh(self.assessment.uuid if self.assessment else None)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale and self.context.is_unlocked:
            self.refresh(self.assessment.uuid if self.assessment else None)

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
        if same:
            self._keep_panel()
        typed = {key: value for key, value in self.values.items() if self.saved.get(key) != value} if same else {}
        typed_details = (self.taking_part.text(), self.assessed_on.text()) if same and self.is_dirty() else None
        self._stale = False
        self.past = list(past)
        self.assessment = shown
        self.figures = {figure.key: figure.text for figure in figures}
        self.saved = {a.question_key: a.as_input() for a in shown.answers} if shown else {}
        self.values = {**self.saved, **typed} if shown is not None and not shown.is_completed else dict(self.saved)
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
        if typed_details is not None and not shown.is_completed:  # typed while it was being read again
            self.taking_part.setText(typed_details[0])
            self.assessed_on.setText(typed_details[1])
        self._fill_questions(row)
        self.show_controls()
        self._apply_stash()

    def _fill_questions(self, row: int) -> None:
        self.questions.blockSignals(True)
        self.questions.clear()
        for answer in self.assessment.answers if self.assessment else ():
            QListWidgetItem(self._item_text(answer),
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
        self.show_controls()

    def question_chosen(self, row: int) -> None:
        self.go(row)

    def answer_edited(self, *_: Any) -> None:
        self._keep_panel()
        if self.assessment is not None and 0 <= self.current < len(self.assessment.answers):
            answer = self.assessment.answers[self.current]
            item = self.questions.item(self.current)
            if item is not None:
                item.setText(self._item_text(answer))
        self.done_label.setText("")
        self.show_controls()

    def assessment_chosen(self, index: int) -> None:
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

    def confirm(self, title: str, question: str) -> bool:
        """Yes or No (the default, and Escape)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("self_assessment_question")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        chosen = box.exec()
        box.deleteLater()
        return chosen == QMessageBox.StandardButton.Yes

    def throw_away_draft(self) -> None:
        from careplan_desktop.services.self_assessment.assessments import delete_draft

        if not self.editable or not self.confirm("Throw away the draft", THROW_AWAY_QUESTION):
            return
        vault, uuid = self.context.open_vault(), self.assessment.uuid
        self.problem.clear_problem()
        self.context.tasks.write(lambda control: delete_draft(vault, uuid), by=self,
                                 on_finished=lambda _: self._thrown_away(), on_failed=self.problem.show_problem,
                                 name="throw away self-assessment")

    def _thrown_away(self) -> None:
        self.values = dict(self.saved)  # nothing left to save
        self.refresh()
        self.done_label.setText("The draft was thrown away. The completed assessments are kept.")

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
        if not self.confirm("Complete the self-assessment", COMPLETE_QUESTION):
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

    def choose_and_print(self) -> None:
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
