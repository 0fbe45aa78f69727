"""Changing a person's level of need, and bringing them back from self-care into active review,
from the person's overview and from the Reviews area.

Each asks first (window-modal, not blocking: the caller keeps the dialog to test or close), then
hands one service call to the task runner: one transaction with its audit row, and every open
screen is told. `reviews.change_level` works the next review date out again from the new level
and puts the change on the plan's timeline; `reviews.re_enter` starts a new draft from the last
plan, puts the return on the timeline and makes a review due now.

Keyboard: the level list has the focus; Enter changes, Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from careplan_desktop.models.codes import LEVEL_NAMES
from careplan_desktop.services.review.plan_review import change_level, re_enter

from ..confirm import confirm_then
from ..context import AppContext
from ..dates import uk_date
from ..widgets import heading, muted

LEVEL_EXPLAINED = ("The next review date is worked out again from the new level (the practice's interval for it), "
                   "and the change is shown in the plan's history.")
RE_ENTRY_EXPLAINED = ("{name} comes back into active review. A new draft of the plan starts from their last agreed "
                      "plan, the return is shown in the plan's history, and a review is due now.")


class ChangeLevelDialog(QDialog):
    def __init__(self, name: str, current: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("change_level_dialog")
        self.setWindowTitle("Change level of need")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        layout = QVBoxLayout(self)
        title = heading("", self, factor=1.2)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(f"Level of need: {name}")
        title.setWordWrap(True)
        layout.addWidget(title)
        caption = QLabel("&New level of need", self)
        self.level = QComboBox(self)
        self.level.setObjectName("change_level_choice")
        for level, words in LEVEL_NAMES.items():
            self.level.addItem(f"{level} – {words[:1].upper()}{words[1:]}" + (" (now)" if level == current else ""),
                               level)
        self.level.setCurrentIndex(max(0, self.level.findData(current)))
        caption.setBuddy(self.level)
        layout.addWidget(caption)
        layout.addWidget(self.level)
        layout.addWidget(muted(LEVEL_EXPLAINED, self, factor=1.0, wrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Change level")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.level.setFocus()

    def chosen(self) -> int:
        return int(self.level.currentData())


def ask_change_level(context: AppContext, patient_uuid: str, name: str, current: int, parent: QWidget, *,
                     on_done: Callable[[str], None], on_failed: Callable[[str], None]) -> ChangeLevelDialog:
    """Ask for the new level, then change it (one transaction); `on_done` gets what happened."""
    dialog = ChangeLevelDialog(name, current, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    vault, today, practice = context.vault, context.today(), context.practice

    def accepted() -> None:
        level = dialog.chosen()
        if level == current or not context.is_unlocked:
            return

        def changed(next_review) -> None:
            when = f" Next review {uk_date(next_review)}." if next_review else ""
            on_done(f"Level of need changed to {level}.{when}")

        context.tasks.write(lambda control: change_level(vault, patient_uuid, level, today=today, practice=practice),
                            name="change level of need", on_finished=changed, on_failed=on_failed)

    dialog.accepted.connect(accepted)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog


def ask_re_enter(context: AppContext, patient_uuid: str, name: str, parent: QWidget, *,
                 on_done: Callable[[str], None], on_failed: Callable[[str], None]) -> QMessageBox:
    """Ask, then bring the person back into active review (one transaction)."""
    vault, today = context.vault, context.today()

    def bring_back() -> None:
        if context.is_unlocked:
            context.tasks.write(
                lambda control: re_enter(vault, patient_uuid, today=today), name="back into active review",
                on_finished=lambda _draft: on_done(
                    "Back in active review: a new draft of the plan has been started from the last plan."),
                on_failed=on_failed)

    return confirm_then(parent, "Back into active review", RE_ENTRY_EXPLAINED.format(name=name), "Bring back",
                        "re_enter_confirm", bring_back, yes_is_default=True)
