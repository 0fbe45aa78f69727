"""Recording a person's register status: died (with the date), moved away or registered elsewhere
(with the date), or left the long-term-condition register (with the reason); and restoring them
to the register when that was a mistake.

The dialog checks what it can as the person types (a date that is not a date, in the future, or
missing for a death) with the service's own rules (`register.status.check_status`), then hands the
write to the task runner: one transaction with its audit row, and every open screen is told.
Opened from the person's overview ("Register status…", "Restore to the register…") and from the
import's "to check" list, with the choice made there already ticked.

Keyboard: Alt+D, Alt+M, Alt+L choose; Alt+A goes to the date, Alt+R to the reason; Enter records,
Escape cancels. Everything wraps, so it fits at 200% text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QRadioButton, QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.register.status import (
    DIED, LEFT_REGISTER, MOVED_AWAY, NEEDS_DATE, REASON_LENGTH, StatusChange, check_status, restore_to_register,
    set_register_status,
)

from ..confirm import confirm_then
from ..context import AppContext
from ..person.fields import DateField
from ..widgets import ProblemLabel, heading, muted

CHOICES = ((DIED, "&Died"), (MOVED_AWAY, "&Moved away or registered elsewhere"),
           (LEFT_REGISTER, "&Left the long-term-condition register"))
DATE_CAPTIONS = {DIED: "D&ate they died", MOVED_AWAY: "D&ate they moved or registered elsewhere"}
EXPLAINED = ("They will be left out of recall, reviews due, letters and the register's count. Their record and "
             "plans stay readable, and you can restore them to the register if this is a mistake.")


class RegisterStatusDialog(QDialog):
    recorded = Signal(object)  # the StatusChange, once it is in the vault

    def __init__(self, context: AppContext, patient_uuid: str, name: str, parent: QWidget | None = None, *,
                 status: str | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.patient_uuid = patient_uuid
        self.change: StatusChange | None = None
        self._saving = False
        self.setObjectName("register_status_dialog")
        self.setWindowTitle("Register status")
        chars = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(chars * 56)

        layout = QVBoxLayout(self)
        title = heading("", self, factor=1.3)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(f"Register status: {name}")
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(muted(EXPLAINED, self, factor=1.0, wrap=True))

        self.buttons: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        for value, text in CHOICES:
            button = QRadioButton(text, self)
            button.setObjectName(f"status_{value}")
            group.addButton(button)
            layout.addWidget(button)
            self.buttons[value] = button
            button.toggled.connect(self._choice_changed)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.date = DateField(self)
        self.date.setObjectName("status_date")
        self.date_caption = QLabel(DATE_CAPTIONS[DIED], self)
        self.date_caption.setBuddy(self.date)
        form.addRow(self.date_caption, self.date)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("status_reason")
        self.reason.setMaxLength(REASON_LENGTH)
        self.reason.setPlaceholderText("for example: diagnosis revised, now cared for elsewhere")
        reason_caption = QLabel("&Reason they left the register", self)
        reason_caption.setBuddy(self.reason)
        reason_caption.setWordWrap(True)
        form.addRow(reason_caption, self.reason)
        layout.addLayout(form)

        self.problem = ProblemLabel("What to put right", self)
        self.problem.setObjectName("status_problem")
        layout.addWidget(self.problem)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.record_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.record_button.setText("Record")
        self.record_button.setObjectName("status_record")
        box.accepted.connect(self.record)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

        self.buttons[status if status in self.buttons else DIED].setChecked(True)
        self._choice_changed()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        (self.date if self.chosen() in NEEDS_DATE else self.reason).setFocus()  # straight to what to type

    def chosen(self) -> str:
        return next(value for value, button in self.buttons.items() if button.isChecked())

    def _choice_changed(self, *_args) -> None:
        chosen = self.chosen() if any(b.isChecked() for b in self.buttons.values()) else DIED
        needs_date = chosen in NEEDS_DATE
        self.date.setEnabled(needs_date)
        self.date_caption.setEnabled(needs_date)
        self.date_caption.setText(DATE_CAPTIONS.get(chosen, DATE_CAPTIONS[DIED]))
        self.reason.setEnabled(chosen == LEFT_REGISTER)
        self.problem.clear_problem()

    def problem_now(self) -> str | None:
        """What stops the status being recorded as typed, or None."""
        chosen = self.chosen()
        if chosen in NEEDS_DATE and self.date.problem():
            return f"The date: {self.date.problem()}"
        return check_status(chosen, self.date.date(), self.reason.text(), self.context.today())

    def record(self) -> None:
        if self._saving or not self.context.is_unlocked:
            return
        problem = self.problem_now()
        if problem:
            self.problem.show_problem(problem)
            (self.date if self.chosen() in NEEDS_DATE else self.reason).setFocus()
            return
        vault, today, uuid, chosen = self.context.vault, self.context.today(), self.patient_uuid, self.chosen()
        on, reason = self.date.date(), self.reason.text()
        self._saving = True
        self.record_button.setEnabled(False)
        self.context.tasks.write(
            lambda control: set_register_status(vault, uuid, chosen, on=on, reason=reason, today=today),
            name="register status", by=self, on_finished=self._recorded, on_failed=self._failed)

    def _recorded(self, change: StatusChange) -> None:
        self._saving = False
        self.change = change
        self.recorded.emit(change)
        self.accept()

    def _failed(self, message: str) -> None:
        self._saving = False
        self.record_button.setEnabled(True)
        self.problem.show_problem(message)


def ask_register_status(context: AppContext, patient_uuid: str, name: str, parent: QWidget, *,
                        status: str | None = None,
                        on_recorded: Callable[[StatusChange], None] | None = None) -> RegisterStatusDialog:
    """Open the dialog (window-modal, not blocking: the caller keeps it to test or close)."""
    dialog = RegisterStatusDialog(context, patient_uuid, name, parent, status=status)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_recorded is not None:
        dialog.recorded.connect(on_recorded)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog


def confirm_restore(context: AppContext, patient_uuid: str, name: str, status_text: str, parent: QWidget, *,
                    on_failed: Callable[[str], None]) -> QMessageBox:
    """Ask, then put the person back on the register (one audited transaction)."""
    vault, today = context.vault, context.today()

    def restore() -> None:
        if context.is_unlocked:
            context.tasks.write(lambda control: restore_to_register(vault, patient_uuid, today=today),
                                name="restore to register", on_failed=on_failed)

    return confirm_then(parent, "Restore to the register",
                        f"{name} is recorded as: {status_text}.\n\nRestore them to the register? Do this only if that "
                        "was a mistake: they will be included in recall, reviews due and letters again.",
                        "Restore", "restore_confirm", restore)
