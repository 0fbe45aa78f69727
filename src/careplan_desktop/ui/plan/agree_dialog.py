"""Agree the plan: who agreed it (the person, and the clinician), who was involved, who receives
a copy (only those the person has consented to), and, when key elements are missing, the
nurse's confirmation, named element by element. One click is one `agree_plan` transaction;
agreeing fixes the version, and the dialog closes with `outcome` set.

The dialog shows the plan it agrees, and agrees exactly that: `agree_plan` is given the draft
shown and refuses if the vault's draft differs (saved from the consultation meanwhile). Then,
or when autosave says the draft changed, the dialog reads the draft again and shows it.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QGroupBox, QLabel, QLineEdit, QPushButton,
    QTextBrowser, QVBoxLayout, QWidget,
)

from careplan_desktop.services.planning.agreement import (
    CHANGED_SINCE_SHOWN, AgreeOutcome, DraftChangedError, agree_plan, load_version,
)
from careplan_desktop.services.planning.quality import ElementCheck, QualityWordingError, check_draft
from careplan_desktop.services.planning.versions import SHARING_RECIPIENTS, ParticipantItem, PlanDraft, PlanRuleError

from ..screen_fit import fit_to_screen, minimum_width_within_screen, scroll_inside
from ..changes import changed_people
from ..context import AppContext
from ..widgets import ProblemLabel, heading, muted, scaled_font
from .plan_html import plan_html

INTRO = ("Agreeing fixes version {number}: later changes open a new version, and this one stays readable "
         "as it was agreed.")
CONSENT_NOTE = "Only those the person has agreed to share the plan with can have a copy. Record consent in the plan."
CONFIRM_TEXT = "Agree the plan with these missing (they are recorded with it)"
PREVIEW_LINES = 10  # the plan being agreed, in a box that scrolls
CHANGED_NOTE = "The plan was changed after this window opened (it was saved from the consultation). It now shows the plan as it is."


def involved_names(text: str) -> list[str]:
    return [" ".join(name.split()) for name in text.replace(";", ",").split(",") if name.strip()]


def _participant_line(p: ParticipantItem) -> str:
    details = ", ".join(x for x in (p.role.strip(), "lead professional" if p.is_lead else "") if x)
    return p.name.strip() + (f" ({details})" if details else "")


from .changes_summary import ChangesSummary  # noqa: E402


class AgreeDialog(QDialog):
    def __init__(self, context: AppContext, draft: PlanDraft, *, person_name: str, level_of_need: int,
                 carer_names: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.draft = draft
        self.level_of_need = level_of_need
        self.outcome: AgreeOutcome | None = None
        self.missing: tuple[ElementCheck, ...] = ()
        self._busy = False
        self.setObjectName("agree_dialog")
        self.setWindowTitle("Agree the plan")
        minimum_width_within_screen(self, self.fontMetrics().averageCharWidth() * 96)

        outer = QVBoxLayout(self)  # what to read scrolls at large text; the buttons stay in view below it
        self.body = QWidget(self)
        self.body.setObjectName("agree_body")
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)

        layout.addWidget(heading(f"Agree version {draft.number} of the plan", self, factor=1.3))
        intro = QLabel(INTRO.format(number=draft.number), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.changes: ChangesSummary | None = None
        if draft.parent_uuid and draft.number > 1 and context.is_unlocked:  # shown before agreeing
            self.changes = ChangesSummary(context, draft.parent_uuid, draft.number - 1, draft.version_uuid, self)
            layout.addWidget(self.changes)
        shown = QGroupBox("The plan you are agreeing", self)
        self.preview = QTextBrowser(shown)
        self.preview.setObjectName("agree_preview")
        self.preview.setAccessibleName("The plan you are agreeing")
        self.preview.setMaximumHeight(self.fontMetrics().height() * PREVIEW_LINES)
        QVBoxLayout(shown).addWidget(self.preview)
        layout.addWidget(shown)

        who = QGroupBox("Who agreed the plan", self)
        form = QFormLayout(who)
        self.person = QLineEdit(person_name, who)
        self.person.setObjectName("agreed_by_person")
        self.person.setAccessibleName("Agreed by the person, or who agreed for them")
        self.clinician = QLineEdit(context.vault.user_name if context.is_unlocked else "", who)
        self.clinician.setObjectName("agreed_by_clinician")
        self.clinician.setAccessibleName("Agreed by the clinician")
        form.addRow("The &person (or who agreed for them):", self.person)
        form.addRow("The &clinician:", self.clinician)
        layout.addWidget(who)

        involved = QGroupBox("Who was involved", self)
        inner = QVBoxLayout(involved)
        self.involved_label = QLabel(involved)
        self.involved_label.setTextFormat(Qt.TextFormat.PlainText)
        self.involved_label.setWordWrap(True)
        inner.addWidget(self.involved_label)
        self.also_involved = QLineEdit(involved)
        self.also_involved.setObjectName("also_involved")
        self.also_involved.setPlaceholderText("Anyone else who took part: names, separated by commas")
        self.also_involved.setAccessibleName("Also involved")
        inner.addWidget(self.also_involved)
        layout.addWidget(involved)

        copies = QGroupBox("Who receives a copy", self)
        inner = QVBoxLayout(copies)
        self.copy_boxes: dict[str, QCheckBox] = {}
        self.copy_labels = dict(SHARING_RECIPIENTS)
        if carer_names:
            self.copy_labels["carer"] = f"{self.copy_labels['carer']} ({', '.join(carer_names)})"
        self.copy_labels = {"person": f"{person_name} (the person)", **self.copy_labels}
        for code in self.copy_labels:
            box = QCheckBox(copies)
            box.setObjectName(f"copy_{code}")
            self.copy_boxes[code] = box
            inner.addWidget(box)
        note = muted(CONSENT_NOTE, copies)
        note.setWordWrap(True)
        inner.addWidget(note)
        layout.addWidget(copies)

        self.missing_box = QFrame(self)
        self.missing_box.setObjectName("missing_box")
        self.missing_box.setStyleSheet("QFrame#missing_box { border: 1px solid #c7a100; border-radius: 4px;"
                                       " background: rgba(255, 224, 138, 70); }")
        inner = QVBoxLayout(self.missing_box)
        self.missing_label = QLabel(self.missing_box)
        self.missing_label.setObjectName("missing_label")
        self.missing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_label.setWordWrap(True)
        self.missing_label.setFont(scaled_font(self.missing_label.font(), 1.0, bold=True))
        inner.addWidget(self.missing_label)
        self.missing_list = QLabel(self.missing_box)
        self.missing_list.setObjectName("missing_list")
        self.missing_list.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_list.setWordWrap(True)
        inner.addWidget(self.missing_list)
        self.confirm_missing = QCheckBox(CONFIRM_TEXT, self.missing_box)
        self.confirm_missing.setObjectName("confirm_missing")
        inner.addWidget(self.confirm_missing)
        layout.addWidget(self.missing_box)
        self.unserved = QLabel(self)  # the golden thread: goals nothing in the plan serves yet
        self.unserved.setObjectName("unserved_goals")
        self.unserved.setTextFormat(Qt.TextFormat.PlainText)
        self.unserved.setWordWrap(True)
        self.unserved.setStyleSheet("QLabel#unserved_goals { border: 1px solid #c7a100; border-radius: 4px;"
                                    " padding: 6px; background: #fff4cc; color: #3d2e00; }")  # its own colours: reads in dark palettes too
        self.unserved.hide()
        layout.addWidget(self.unserved)

        outer.addWidget(scroll_inside(self.body, self), 1)
        self.problem = ProblemLabel("Problem agreeing the plan", self)
        outer.addWidget(self.problem)
        buttons = self.buttons = QDialogButtonBox(self)
        self.agree_button = QPushButton("&Agree the plan", self)
        self.agree_button.setObjectName("agree_button")
        self.agree_button.setDefault(True)
        buttons.addButton(self.agree_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.agree)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

        for field in (self.person, self.clinician):
            field.textChanged.connect(self._update_button)
        self.also_involved.textChanged.connect(self._recheck)
        self.confirm_missing.toggled.connect(self._update_button)
        self._show_content(draft)
        context.changes.changed.connect(self._data_changed)

    def _show_content(self, draft: PlanDraft) -> None:
        """Show this draft: the plan itself, who is listed, who may have a copy, what is missing."""
        self.draft = draft
        self.preview.setHtml(plan_html(draft))
        listed = [_participant_line(p) for p in draft.participants if p.name.strip()]
        self.involved_label.setText("; ".join(listed) if listed else "No one is recorded yet.")
        consents = draft.sharing.as_dict()
        for code, box in self.copy_boxes.items():
            allowed = code == "person" or consents.get(code) is True
            label = self.copy_labels[code]
            box.setText(label if allowed else f"{label}: no consent recorded")
            if allowed != box.isEnabled():
                box.setChecked(allowed)
            box.setEnabled(allowed)
        self._recheck()

    # -- the draft changed while the dialog was open ---------------------------------------------------
    def _data_changed(self, what: frozenset) -> None:
        if self.draft.patient_uuid in changed_people(what) and not self._busy and self.outcome is None:
            self._read_again(CHANGED_NOTE)

    def _read_again(self, message: str) -> None:
        if not self.context.is_unlocked:
            return
        vault, uuid = self.context.vault, self.draft.version_uuid
        self.context.tasks.read(lambda control: load_version(vault, uuid), name="read the draft again",
                                on_finished=lambda draft: self._read(draft, message), on_failed=self._failed)

    def _read(self, draft: PlanDraft, message: str) -> None:
        if self.outcome is not None:
            return
        if draft != self.draft:
            self._show_content(draft)
            if self.changes is not None:
                self.changes.reload()
            self.problem.show_problem(message)
        elif message == CHANGED_SINCE_SHOWN:
            self.problem.show_problem(message)

    # -- state ------------------------------------------------------------------------------
    def copies_to(self) -> list[str]:
        return [code for code, box in self.copy_boxes.items() if box.isEnabled() and box.isChecked()]

    def _recheck(self) -> None:
        """What would be missing if agreed now (the people typed in count as involved)."""
        extra = tuple(ParticipantItem(name) for name in involved_names(self.also_involved.text()))
        view = dataclasses.replace(self.draft, participants=self.draft.participants + extra)
        try:
            report = check_draft(view, level_of_need=self.level_of_need)
        except QualityWordingError:
            return  # the service checks again when agreeing
        goals = [w.subject for w in report.unserved_goals]
        self.unserved.setText("Nothing in the plan serves these goals yet. How will each be met?\n"
                              + "\n".join(f"\u2022 {goal}" for goal in goals) if goals else "")
        self.unserved.setVisible(bool(goals))
        self._show_missing(report.missing)

    def _show_missing(self, missing: tuple[ElementCheck, ...]) -> None:
        if tuple(e.code for e in missing) != tuple(e.code for e in self.missing):
            self.confirm_missing.setChecked(False)  # a confirmation is for the list it was given on
        self.missing = missing
        self.missing_box.setVisible(bool(missing))
        count = len(missing)
        self.missing_label.setText(
            f"{count} key element{'s are' if count != 1 else ' is'} missing from this plan:" if missing else "")
        self.missing_list.setText("\n".join(f"\u2022 {e.title}: {e.hint}" for e in missing))
        self._update_button()
        self.fit_to_text()

    def fit_to_text(self) -> None:
        """Tall enough for every wrapped line at the dialog's width (a plain sizeHint cuts them off)."""
        width = max(self.width(), self.minimumWidth())
        inner = self.body.layout()
        margins = self.layout().contentsMargins()
        text_width = width - margins.left() - margins.right()
        body = inner.totalHeightForWidth(text_width) if inner.hasHeightForWidth() else -1
        body = max(body, inner.totalSizeHint().height())
        rest = self.layout().totalSizeHint().height() - self.layout().itemAt(0).sizeHint().height()
        fit_to_screen(self, width, body + rest + self.layout().spacing())

    def _update_button(self) -> None:
        ready = bool(self.person.text().strip() and self.clinician.text().strip())
        confirmed = not self.missing or self.confirm_missing.isChecked()
        self.agree_button.setEnabled(ready and confirmed and not self._busy)
        self.agree_button.setText("&Agree with these missing" if self.missing else "&Agree the plan")

    # -- agreeing ----------------------------------------------------------------------------
    def agree(self) -> None:
        if self._busy or not self.agree_button.isEnabled() or not self.context.is_unlocked:
            return
        vault = self.context.vault
        version_uuid = self.draft.version_uuid
        person, clinician = self.person.text().strip(), self.clinician.text().strip()
        involved = involved_names(self.also_involved.text())
        copies_to = self.copies_to()
        confirm = bool(self.missing) and self.confirm_missing.isChecked()
        shown = self.draft

        def job(control):
            try:
                return agree_plan(vault, version_uuid, agreed_by_person=person, agreed_by_clinician=clinician,
                                  involved=involved, copies_to=copies_to, confirm_missing=confirm,
                                  practice=self.context.practice, shown=shown)
            except DraftChangedError:
                return DraftChangedError
            except PlanRuleError as error:  # written for the nurse: shown as it is
                return str(error)

        self._busy = True
        self.problem.clear_problem()
        self._update_button()
        self.context.tasks.write(job, name="agree plan", on_finished=self._agreed,
                                 on_failed=self._failed)

    def _failed(self, message: str) -> None:
        self._busy = False
        self.problem.show_problem(message)
        self._update_button()

    def _agreed(self, outcome: AgreeOutcome | str | type) -> None:
        self._busy = False
        if outcome is DraftChangedError:  # nothing was agreed: show the plan as it is now
            self._failed(CHANGED_SINCE_SHOWN)
            self._read_again(CHANGED_SINCE_SHOWN)
            return
        if isinstance(outcome, str):
            self._failed(outcome)
            return
        if outcome.agreed:
            self.outcome = outcome
            self.accept()
            return
        if outcome.needs_consent:
            names = ", ".join(SHARING_RECIPIENTS.get(code, code) for code in outcome.needs_consent)
            self._failed(f"The person has not consented to a copy going to: {names}. Nothing was agreed.")
            return
        self._show_missing(outcome.missing)  # the vault's view differs: confirm again
        self._failed("Please confirm agreeing with the key elements listed as missing.")
