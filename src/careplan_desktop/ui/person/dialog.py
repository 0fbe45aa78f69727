"""Adding or editing a person: the form's behaviour (its widgets are in layout.py).

Ctrl+S saves; Esc (or closing the window) with unsaved changes asks first. Checks run before
saving and their messages appear beside the fields; the save itself is one write job (one
transaction with its audit events, done by `save_person`). After a save every open screen is
told (DataChanges). A duplicate NHS number is refused with an offer to open the existing
record; the same name and date of birth as someone else warns and lets the nurse carry on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from careplan_desktop.services.register.person import (
    DUPLICATE_NHS_NUMBER,
    PersonForm,
    SaveOutcome,
    load_person,
    save_person,
    validate,
)
from careplan_desktop.domain.reference import ReferenceData, reference_data_for_choosing

from ..screen_fit import fit_to_screen
from ..context import AppContext
from .layout import PROBLEM_FIELDS, PersonFormLayout

ADD_TITLE = "Add a person to the register"
CORRECT_FIELDS = "Please correct the fields marked in red."
INTERPRETER_LANGUAGE = "Enter the language the interpreter needs to speak."


class PersonDialog(QDialog):
    saved = Signal(str)  # the person's uuid, after a save
    open_requested = Signal(str)  # the nurse chose to open the existing record (duplicate NHS number)

    def __init__(self, context: AppContext, uuid: str | None = None, parent: QWidget | None = None, *,
                 reference: ReferenceData | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("person_dialog")
        self.context = context
        self.uuid = uuid
        self.prompt: QMessageBox | None = None  # the open question, if any (tests answer it)
        self._saving = False
        self.ui = ui = PersonFormLayout(self, reference or reference_data_for_choosing())
        self.setWindowTitle("Add a person" if uuid is None else "Edit a person's record")
        self._size_to_screen()
        if uuid is not None:
            self.set_form(load_person(context.open_vault(), uuid))
        self._show_title()
        self._initial = self.raw()

        ui.save_button.clicked.connect(lambda: self.save())
        ui.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, lambda: self.save())
        ui.interpreter.toggled.connect(self._update_enabled)
        ui.offer_status.currentIndexChanged.connect(self._update_enabled)
        ui.care_status.currentIndexChanged.connect(self._update_enabled)
        ui.conditions.search.textChanged.connect(lambda: ui.scroll.ensureWidgetVisible(ui.conditions.matches))
        for name in ("given_name", "family_name"):
            ui.texts[name].textChanged.connect(self._show_title)
        self._update_enabled()

    def _size_to_screen(self) -> None:
        fit_to_screen(self, self.fontMetrics().averageCharWidth() * 150, self.fontMetrics().height() * 56)

    # -- between the form and the widgets ---------------------------------------------------------
    def set_form(self, form: PersonForm) -> None:
        ui = self.ui
        ui.nhs_number.set_number(form.nhs_number)
        for name, field in ui.texts.items():
            field.setText(getattr(form, name) or "")
        for name, field in ui.dates.items():
            field.set_date(getattr(form, name))
        for name, box in ui.checks.items():
            box.setChecked(bool(getattr(form, name)))
        ui.interpreter.setChecked(bool(form.interpreter_language))
        for combo, value in ((ui.sex, form.sex), (ui.level, form.level_of_need),
                             (ui.offer_status, form.offer_status), (ui.care_status, form.care_status)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        ui.conditions.clear()
        for code, diagnosed_on in form.conditions:
            ui.conditions.add(code, diagnosed_on)
        ui.carers.set_carers(form.carers)

    def gather(self) -> tuple[PersonForm, dict[str, str]]:
        """The form as typed, and the problems only the screen can see (dates it cannot read)."""
        ui = self.ui
        problems = {name: field.problem() for name, field in ui.dates.items() if field.problem()}
        texts = {name: field.text() for name, field in ui.texts.items()}
        if not ui.interpreter.isChecked():
            texts["interpreter_language"] = ""
        elif not texts["interpreter_language"].strip():
            problems["interpreter_language"] = INTERPRETER_LANGUAGE
        if ui.offer_status.currentData() != "declined":
            texts["offer_decline_reason"] = ""
        if ui.care_status.currentData() != "self_care":
            texts["route_back"] = ""
        conditions, condition_problem = ui.conditions.entries()
        if condition_problem:
            problems["conditions"] = condition_problem
        carers, carer_problems = ui.carers.forms()
        problems.update(carer_problems)
        form = PersonForm(
            nhs_number=ui.nhs_number.text(), sex=ui.sex.currentData(), level_of_need=ui.level.currentData(),
            offer_status=ui.offer_status.currentData(), care_status=ui.care_status.currentData(),
            **texts, **{name: field.date() for name, field in ui.dates.items()},
            **{name: box.isChecked() for name, box in ui.checks.items()},
            conditions=conditions, carers=carers,
        )
        return form, problems

    def raw(self) -> dict[str, Any]:
        """Everything on screen as plain values: the lock stash, and the unsaved-changes check."""
        ui = self.ui
        return {
            "nhs_number": ui.nhs_number.text(),
            **{name: field.text() for name, field in (ui.texts | ui.dates).items()},
            **{name: box.isChecked() for name, box in ui.checks.items()},
            "interpreter": ui.interpreter.isChecked(),
            "sex": ui.sex.currentData(), "level_of_need": ui.level.currentData(),
            "offer_status": ui.offer_status.currentData(), "care_status": ui.care_status.currentData(),
            "conditions": ui.conditions.raw(), "carers": ui.carers.raw(),
        }

    def set_raw(self, raw: dict[str, Any]) -> None:
        ui = self.ui
        ui.nhs_number.setText(raw.get("nhs_number", ""))
        for name, field in (ui.texts | ui.dates).items():
            field.setText(raw.get(name, ""))
        for name, box in ui.checks.items():
            box.setChecked(bool(raw.get(name)))
        ui.interpreter.setChecked(bool(raw.get("interpreter")))
        for combo, name in ((ui.sex, "sex"), (ui.level, "level_of_need"), (ui.offer_status, "offer_status"),
                            (ui.care_status, "care_status")):
            index = combo.findData(raw.get(name))
            if index >= 0:
                combo.setCurrentIndex(index)
        ui.conditions.set_raw(raw.get("conditions", []))
        ui.carers.set_carers(raw.get("carers", []))
        self._update_enabled()

    @property
    def initial_raw(self) -> dict[str, Any]:
        return self._initial

    def set_initial_raw(self, raw: dict[str, Any]) -> None:
        self._initial = raw

    def is_dirty(self) -> bool:
        return self.raw() != self._initial

    def _update_enabled(self) -> None:
        ui = self.ui
        ui.texts["interpreter_language"].setEnabled(ui.interpreter.isChecked())
        ui.texts["offer_decline_reason"].setEnabled(ui.offer_status.currentData() == "declined")
        ui.texts["route_back"].setEnabled(ui.care_status.currentData() == "self_care")

    def _show_title(self) -> None:
        if self.uuid is None:
            self.ui.title.setText(ADD_TITLE)
            return
        name = f"{self.ui.texts['given_name'].text()} {self.ui.texts['family_name'].text().upper()}".strip()
        self.ui.title.setText(f"{name}: personal details and conditions")

    # -- problems ------------------------------------------------------------------------------------
    def show_problems(self, problems: dict[str, str], banner: str = CORRECT_FIELDS) -> None:
        ui = self.ui
        for name, label in ui.problems.items():
            label.show_problem(problems.get(name, ""))
        first_carer = ui.carers.show_problems(problems)
        ui.banner.show_problem(banner if problems else "")
        first = next((name for name in PROBLEM_FIELDS if name in problems), None)
        target = self._field(first) if first else first_carer
        if target is not None:
            ui.scroll.ensureWidgetVisible(target)
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _field(self, name: str) -> QWidget:
        ui = self.ui
        named = {"nhs_number": ui.nhs_number, "sex": ui.sex, "level_of_need": ui.level,
                 "offer_status": ui.offer_status, "care_status": ui.care_status, "conditions": ui.conditions.search}
        return named.get(name) or ui.texts.get(name) or ui.dates[name]

    # -- saving ----------------------------------------------------------------------------------------
    def save(self, *, allow_same_name_dob: bool = False) -> bool:
        """Check the form and, if it is fine, start saving it. False when there are problems."""
        if self._saving or not self.context.is_unlocked:
            return False
        form, problems = self.gather()
        today = self.context.today()
        problems = {**validate(form, today), **problems}
        self.show_problems(problems)
        if problems:
            return False
        vault, uuid = self.context.vault, self.uuid
        self._set_saving(True)
        self.context.tasks.write(
            lambda control: save_person(vault, form, patient_uuid=uuid, allow_same_name_dob=allow_same_name_dob,
                                        today=today),
            name="save person", on_finished=self._saved, on_failed=self._save_failed,
            on_cancelled=lambda: self._set_saving(False))
        return True

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.ui.save_button.setEnabled(not saving)
        self.ui.status.setText("Saving…" if saving else "")

    def _saved(self, outcome: SaveOutcome) -> None:
        self._set_saving(False)
        if outcome.status == "saved":
            self.uuid = outcome.patient_uuid
            self._initial = self.raw()
            self.saved.emit(outcome.patient_uuid)
            self.accept()
        elif outcome.status == "invalid":
            self.show_problems(outcome.problems)
        elif outcome.status == "duplicate_nhs_number":
            self.show_problems({"nhs_number": DUPLICATE_NHS_NUMBER}, banner=DUPLICATE_NHS_NUMBER)
            self._ask("Already on the register", f"{DUPLICATE_NHS_NUMBER} This record was not saved.",
                      ("Open their record", "Go back to the form"),
                      lambda: self._open_existing(outcome.existing_uuid))
        else:
            self._ask("Check this is a different person", outcome.message, ("Save anyway", "Go back and check"),
                      lambda: self.save(allow_same_name_dob=True))

    def _save_failed(self, message: str) -> None:
        self._set_saving(False)
        self.ui.banner.show_problem(message)

    def _open_existing(self, uuid: str | None) -> None:
        if uuid:
            self._initial = self.raw()  # the nurse chose to leave this form
            self.open_requested.emit(uuid)
            self.reject()

    def _ask(self, title: str, text: str, buttons: tuple[str, str], on_yes) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, self)
        yes = box.addButton(buttons[0], QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(buttons[1], QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._answered(on_yes if button is yes else None))
        self.prompt = box
        box.open()

    def _answered(self, action) -> None:
        self.prompt = None
        if action is not None:
            action()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter in a field never saves half a form (QDialog would press Save): Ctrl+S saves."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- closing ------------------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc, Cancel or the window's close button: ask first when something was typed."""
        if self.prompt is not None:
            return
        if not self.is_dirty():
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                          "You have changes that are not saved. Save them before closing?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._closing_answered(box.standardButton(button)))
        self.prompt = box
        box.open()

    def _closing_answered(self, answer: QMessageBox.StandardButton) -> None:
        self.prompt = None
        if answer == QMessageBox.StandardButton.Save:
            self.save()
        elif answer == QMessageBox.StandardButton.Discard:
            self.discard()

    def discard(self) -> None:
        """Close without asking and without saving (the lock has stashed the text first)."""
        if self.prompt is not None:
            self.prompt.close()
            self.prompt = None
        self._initial = self.raw()
        super().reject()
