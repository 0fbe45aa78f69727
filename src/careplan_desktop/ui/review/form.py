"""The review of one person's agreed plan, filled in with them, goal by goal: each goal's
progress with a note in their words and, under it, how what serves it went (what I will do,
support and actions, each with a note); then what serves no goal, confidence re-scored beside the last score, what has
changed, the results since the plan was agreed, and the outcome buttons.

Built from a `ReviewSheet`; `answers()` gives the `ReviewAnswers` to record. The widgets are
made afresh for each person and dropped by `clear()` (on lock), so no one's details linger.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from careplan_desktop.services.planning.draft import REVIEW_METHODS
from careplan_desktop.services.review.plan_review import (
    ACTION_PROGRESS, GOAL_PROGRESS, SERVING_PROGRESS, ActionAnswer, ActionLine, GoalAnswer, ReviewAnswers, ReviewSheet,
    ServingAnswer, ServingLine,
)

from ..dates import uk_date
from ..widgets import heading, muted, scaled_font

NOT_SCORED = "Not asked"
TREND = {"up": "↑ up", "down": "↓ down", "same": "→ no change", "": ""}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plain(text: str, parent: QWidget, *, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _choices(values: tuple[str, ...], current: str, parent: QWidget, name: str) -> QComboBox:
    box = QComboBox(parent)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(10)  # narrow panels and large fonts: the list shows the whole words
    for value in values:
        box.addItem(_sentence(value), value)
    index = box.findData(current)
    box.setCurrentIndex(max(index, 0))
    box.setAccessibleName(name)
    return box


def _item_text(item: ActionLine | ServingLine) -> str:
    if isinstance(item, ActionLine):
        who = " · ".join(part for part in (item.who, f"by {uk_date(item.due_on)}" if item.due_on else "") if part)
        return f"Action: {item.what}" + (f"  ({who})" if who else "")
    return f"{'I will' if item.kind == 'self_care' else 'Support'}: {item.text}"


def _button_row(parent: QWidget, buttons, width: int) -> QGridLayout:
    """(text, object name, signal, tip) buttons, left-aligned, in as many columns as fit in
    `width` (one a line in a large font)."""
    made = []
    for text, name, signal, tip in buttons:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(signal.emit)
        made.append(button)
    grid = QGridLayout()
    widest = max(button.sizeHint().width() for button in made) + grid.horizontalSpacing() + 2
    columns = max(1, min(len(made), width // max(widest, 1)))
    for index, button in enumerate(made):
        grid.addWidget(button, index // columns, index % columns)
    grid.setColumnStretch(columns, 1)
    return grid


def _set(boxes: tuple[QComboBox, QLineEdit], status: str, note: str) -> None:
    box, line = boxes
    box.setCurrentIndex(max(0, box.findData(status)))
    line.setText(note)


class ReviewForm(QScrollArea):
    continue_requested = Signal()
    modify_requested = Signal()
    exit_requested = Signal()
    level_change_requested = Signal()
    re_entry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_form")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.sheet: ReviewSheet | None = None
        self.goal_boxes: dict[str, tuple[QComboBox, QLineEdit]] = {}
        self.action_boxes: dict[str, tuple[QComboBox, QLineEdit]] = {}
        self.serving_boxes: dict[tuple[str, str], tuple[QComboBox, QLineEdit]] = {}
        self.clear()

    # -- states ----------------------------------------------------------------------------------
    def clear(self, message: str = "Choose a person to review from the list, or use “Review plan…” on their overview.") -> None:
        self.sheet = None
        self.goal_boxes, self.action_boxes, self.serving_boxes = {}, {}, {}
        content = QWidget(self)
        layout = QVBoxLayout(content)
        label = muted(message, content, factor=1.0)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("review_message")
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addStretch(2)
        self.setWidget(content)

    def show_sheet(self, sheet: ReviewSheet) -> None:
        self.sheet = sheet
        self.goal_boxes, self.action_boxes, self.serving_boxes = {}, {}, {}
        content = QWidget(self)
        content.setObjectName("review_content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.setSpacing(10)
        title = heading("", content, factor=1.4)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setText(f"Review of {sheet.name}'s plan")
        title.setObjectName("review_title")
        layout.addWidget(title)
        facts = f"Version {sheet.version_number}, agreed {uk_date(sheet.agreed_on)}"
        if sheet.next_review_date:
            facts += f" · review due {uk_date(sheet.next_review_date)}"
        layout.addWidget(_plain(facts, content))
        layout.addWidget(self._goals(sheet, content))
        unlinked = sheet.serving_goal(None)
        if unlinked:
            layout.addWidget(self._unlinked(unlinked, content))
        layout.addWidget(self._about(sheet, content))
        layout.addWidget(self._results(sheet, content))
        layout.addLayout(self._outcomes(content))
        layout.addLayout(self._care(sheet, content))
        layout.addStretch(1)
        self.setWidget(content)

    # -- sections --------------------------------------------------------------------------------
    def _goals(self, sheet: ReviewSheet, parent: QWidget) -> QGroupBox:
        """Goal by goal: the goal, its progress and the note (in the person's words, as long as
        they like) on the line below, so the note is never squeezed; then, indented, how each
        thing that serves it went."""
        box = QGroupBox("Goal by goal: how has it gone?", parent)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        shown_under: dict[str, int] = {}  # an item serving two goals is answered under the first
        for index, goal in enumerate(sheet.goals):
            row = grid.rowCount()
            text = _plain(f"{index + 1}. {goal.text}", box)
            text.setObjectName("review_goal")
            text.setFont(scaled_font(text.font(), 1.0, bold=True))
            text.setContentsMargins(0, 8 if index else 0, 0, 0)
            grid.addWidget(text, row, 0, 1, 2)
            if goal.status != "active":
                grid.addWidget(muted(_sentence(goal.status) + " before this review", box), row + 1, 0, 1, 2)
            else:
                progress = _choices(GOAL_PROGRESS, "not yet", box, f"Progress with goal {index + 1}")
                note = QLineEdit(box)
                note.setPlaceholderText("What the person says about it, in their own words")
                note.setAccessibleName(f"Note on goal {index + 1}")
                grid.addWidget(progress, row + 1, 0)
                grid.addWidget(note, row + 1, 1)
                self.goal_boxes[goal.uuid] = (progress, note)
            items = sheet.serving_goal(goal.uuid)
            if not items:
                grid.addWidget(muted("Nothing in the plan was linked to this goal.", box, wrap=True),
                               grid.rowCount(), 0, 1, 2)
            for item in items:
                key = item.uuid
                if key in shown_under:
                    grid.addWidget(muted(f"    {_item_text(item)} (see goal {shown_under[key]})", box),
                                   grid.rowCount(), 0, 1, 2)
                    continue
                shown_under[key] = index + 1
                self._item_rows(grid, item, box)
        if not sheet.goals:
            grid.addWidget(muted("The plan has no goals.", box), 0, 0)
        return box

    def _unlinked(self, items, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Linked to no goal", parent)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        for item in items:
            self._item_rows(grid, item, box)
        return box

    def _item_rows(self, grid: QGridLayout, item: ActionLine | ServingLine, box: QWidget) -> None:
        """One thing that serves a goal: what it is, then how it went and a note."""
        row = grid.rowCount()
        label = _plain("    " + _item_text(item), box)
        label.setObjectName("review_item")
        grid.addWidget(label, row, 0, 1, 2)
        number = len(self.action_boxes) + len(self.serving_boxes) + 1
        if isinstance(item, ActionLine):
            status = _choices(ACTION_PROGRESS, item.status, box, f"Progress with action: {item.what}")
        else:
            status = _choices(SERVING_PROGRESS, "not started" if item.status == "offered" else "doing it", box,
                              f"How it went: {item.text}")
        note = QLineEdit(box)
        note.setPlaceholderText("A note, if any")
        note.setAccessibleName(f"Note on item {number}")
        grid.addWidget(status, row + 1, 0)
        grid.addWidget(note, row + 1, 1)
        if isinstance(item, ActionLine):
            self.action_boxes[item.uuid] = (status, note)
        else:
            self.serving_boxes[(item.kind, item.uuid)] = (status, note)

    def _about(self, sheet: ReviewSheet, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Confidence and what has changed", parent)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # captions above in a large font
        row = QHBoxLayout()
        self.confidence = QSpinBox(box)
        self.confidence.setRange(-1, 10)
        self.confidence.setSpecialValueText(NOT_SCORED)
        self.confidence.setValue(-1)
        self.confidence.setAccessibleName("Confidence now, 0 to 10")
        last = "no score last time" if sheet.last_confidence is None else f"last time: {sheet.last_confidence} out of 10"
        self.last_confidence = muted(last, box, factor=1.0, wrap=True)
        self.last_confidence.setObjectName("review_last_confidence")
        row.addWidget(self.confidence)
        row.addWidget(self.last_confidence)
        row.addStretch(1)
        form.addRow("Confidence (0–10)", row)
        self.method = _choices(REVIEW_METHODS, sheet.review_method or "face to face", box, "How the review was done")
        form.addRow("Review by", self.method)
        self.what_changed = QPlainTextEdit(box)
        self.what_changed.setPlaceholderText("Changes in the person's life or health since the plan was agreed")
        self.what_changed.setAccessibleName("What has changed")
        self.what_changed.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow("What has changed", self.what_changed)
        return box

    def _results(self, sheet: ReviewSheet, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Results since the plan was agreed", parent)  # a title never wraps: the date is inside
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(muted(f"Agreed on {uk_date(sheet.agreed_on)}", box, factor=1.0, wrap=True))
        for line in sheet.results:
            text = f"{line.latest} {line.unit}".strip() + f" on {uk_date(line.latest_on)}"
            if line.previous is not None:
                text += f"  (before: {line.previous}{', ' + TREND[line.trend] if line.trend else ''})"
            name = _plain(line.name, box)
            form.addRow(name, _plain(text, box))
        if not sheet.results:
            form.addRow(muted("No results since the plan was agreed.", box, wrap=True))
        return box

    def _outcomes(self, parent: QWidget) -> QGridLayout:
        return _button_row(parent, (
            ("Continue &unchanged", "review_continue", self.continue_requested,
             "Record the review and set the next review date from the level of need"),
            ("&Modify the plan…", "review_modify", self.modify_requested,
             "Record the review and start a new version of the plan with this progress"),
            ("E&xit to self-care…", "review_exit", self.exit_requested,
             "The person leaves active review, with a route back"),
        ), self.viewport().width() - 40)

    def _care(self, sheet: ReviewSheet, parent: QWidget) -> QGridLayout:
        """The level of need (the next review follows it) and, on self-care, the way back."""
        buttons = [("Change le&vel of need…", "review_change_level", self.level_change_requested,
                    f"Now level {sheet.level_of_need}: the next review date is worked out again from the new level")]
        if sheet.care_status == "self_care":
            buttons.append(("Bac&k into active review…", "review_re_enter", self.re_entry_requested,
                            "A new draft from the last plan, and a review due now"))
        return _button_row(parent, buttons, self.viewport().width() - 40)

    # -- reading what was entered -------------------------------------------------------------------
    def answers(self) -> ReviewAnswers:
        assert self.sheet is not None
        goals = tuple(GoalAnswer(uuid, box.currentData(), note.text().strip())
                      for uuid, (box, note) in self.goal_boxes.items())
        actions = tuple(ActionAnswer(uuid, box.currentData(), note.text().strip())
                        for uuid, (box, note) in self.action_boxes.items())
        serving = tuple(ServingAnswer(kind, uuid, box.currentData(), note.text().strip())
                        for (kind, uuid), (box, note) in self.serving_boxes.items())
        score = self.confidence.value()
        return ReviewAnswers(self.sheet.version_uuid, goals, actions, None if score < 0 else score,
                             self.what_changed.toPlainText().strip(), self.method.currentData(), serving)

    def set_goal(self, goal_uuid: str, progress: str, note: str = "") -> None:
        box, line = self.goal_boxes[goal_uuid]
        box.setCurrentIndex(box.findData(progress))
        line.setText(note)

    def stash(self) -> dict:
        if self.sheet is None:
            return {}
        answers = self.answers()
        return {"patient_uuid": self.sheet.patient_uuid, "goals": [(g.goal_uuid, g.progress, g.note) for g in answers.goals],
                "actions": [(a.action_uuid, a.status, a.note) for a in answers.actions],
                "serving": [(a.kind, a.uuid, a.status, a.note) for a in answers.serving],
                "confidence": self.confidence.value(),
                "what_changed": answers.what_changed, "method": answers.method}

    def restore(self, stash: dict) -> None:
        if self.sheet is None or stash.get("patient_uuid") != self.sheet.patient_uuid:
            return
        for uuid, progress, note in stash.get("goals", ()):
            if uuid in self.goal_boxes:
                self.set_goal(uuid, progress, note)
        for uuid, status, note in stash.get("actions", ()):
            if uuid in self.action_boxes:
                _set(self.action_boxes[uuid], status, note)
        for kind, uuid, status, note in stash.get("serving", ()):
            if (kind, uuid) in self.serving_boxes:
                _set(self.serving_boxes[(kind, uuid)], status, note)
        self.confidence.setValue(stash.get("confidence", -1))
        self.what_changed.setPlainText(stash.get("what_changed", ""))
        self.method.setCurrentIndex(max(0, self.method.findData(stash.get("method"))))
