"""The conflicts inbox: records changed on both computers, the two versions side by side.

The fields that differ are listed first and highlighted. The nurse keeps this computer's
version, keeps the other one, or merges: ticks "Take the other's" on the differing fields she
wants from the other computer (the rest stay as here). Two agreed versions of a plan are shown
section by section instead (`plan_merge_view`) and merge into a new draft, which is then
checked and agreed with the person. The choice is written (and audited) by
`exchange.conflicts.resolve_conflict`; this panel only shows and asks.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.exchange.records import ENTITIES, content

from ..dates import local_time
from ..widgets import ProblemLabel, heading, is_dark, muted
from .plan_merge_view import PlanMergeView

KIND_TITLES = {
    "changed_both": "Changed on both computers",
    "deleted_here": "Removed here, changed there",
    "deleted_there": "Changed here, removed there",
    "fixed": "Changed after it was agreed",
    "parallel": "Two versions agreed separately",
}
TAKE_COLUMN = 3
RESOLVED = "Resolved: the chosen version is saved here and travels with the next export."
RESOLVED_DRAFT = "Resolved: the new draft is saved here and travels with the next export."
MERGED = ("Merged into a new draft: version {number} of {person}'s plan. It is not agreed yet. Open the plan "
          "(Register, then Care plan), go through the draft with the person and agree it. Until then, version "
          "{base} stays the agreed plan.")


def entity_title(entity: str) -> str:
    return entity.replace("_", " ").capitalize()


def field_title(name: str) -> str:
    return name.replace("_uuid", "").replace("_", " ").capitalize()


def shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


class ConflictsPanel(QWidget):
    """Emits `resolve_requested(conflict_id, choice, merged_fields)`; the screen runs it."""

    resolve_requested = Signal(int, str, object)
    EMPTY = "No conflicts: everything imported fitted in without a clash."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_panel")
        self.conflicts: list = []
        self._enabled_before_busy: list[bool] | None = None  # set while a write runs
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = QListWidget(splitter)
        self.list.setObjectName("conflict_list")
        self.list.setAccessibleName("Conflicts to resolve")
        self.list.setMinimumWidth(240)
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show_current)

        detail = QWidget(splitter)
        column = QVBoxLayout(detail)
        column.setContentsMargins(8, 0, 0, 0)
        self.title = heading("", detail, factor=1.15)
        self.explanation = QLabel(detail)
        self.explanation.setWordWrap(True)
        self.pages = QStackedWidget(detail)
        self.table = QTableWidget(0, 4, self.pages)
        self.table.setObjectName("conflict_fields")
        self.table.setAccessibleName("The two versions, field by field")
        self.table.setHorizontalHeaderLabels(["Field", "This computer", "The other computer", "Take the other's"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.note = muted("Fields that differ are listed first and highlighted.", detail)
        buttons = QHBoxLayout()
        self.keep_local_button = QPushButton("Keep this computer's", detail)
        self.keep_incoming_button = QPushButton("Keep the other one", detail)
        self.merge_button = QPushButton("Merge the ticked fields", detail)
        self.merge_button.setToolTip("Keep this computer's version, taking the ticked fields from the other one")
        for button, choice in ((self.keep_local_button, "keep_local"), (self.keep_incoming_button, "keep_incoming"),
                               (self.merge_button, "merged")):
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.merge_view = PlanMergeView(self.pages)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.merge_view)
        column.addWidget(self.title)
        column.addWidget(self.explanation)
        column.addWidget(self.pages, 1)
        column.addWidget(self.note)
        self.problem = ProblemLabel("Conflict problem", detail)
        self.problem.setObjectName("conflict_problem")
        column.addWidget(self.problem)
        column.addLayout(buttons)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 700])
        self.empty_label = muted(self.EMPTY, self, factor=1.0)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.outcome = QLabel(self)  # what the last choice did; stays while other conflicts are shown
        self.outcome.setObjectName("conflict_outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.outcome.setStyleSheet("QLabel#conflict_outcome { padding: 8px; border: 1px solid palette(mid); "
                                   "border-radius: 4px; background: palette(base); }")
        font = self.outcome.font()
        font.setBold(True)
        self.outcome.setFont(font)
        self.outcome.hide()
        self._asked: tuple = ()  # the conflict and merge last sent, for the words after it is done
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outcome)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(splitter, 1)
        self.splitter = splitter
        self.show_conflicts([])

    # -- showing ---------------------------------------------------------------------------------
    def show_conflicts(self, conflicts: list) -> None:
        current = self.current_conflict()
        keep_id = current.id if current else None
        ticked = self.ticked_fields() if current else []  # a re-read (every 30 s) keeps the nurse's ticks
        self.conflicts = list(conflicts)
        self.list.blockSignals(True)
        self.list.clear()
        for view in self.conflicts:
            whose = f"{view.person}\n" if view.person else ""
            item = QListWidgetItem(f"{whose}{entity_title(view.entity)}: {KIND_TITLES.get(view.kind, view.kind)}\n"
                                   f"from {view.incoming_device_name}, {local_time(view.flagged_at):%d %b %Y %H:%M}")
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        has_any = bool(self.conflicts)
        self.empty_label.setVisible(not has_any)
        self.splitter.setVisible(has_any)
        ids = [v.id for v in self.conflicts]
        self.list.setCurrentRow(ids.index(keep_id) if keep_id in ids else (0 if has_any else -1))
        self._show_current(self.list.currentRow())
        if keep_id is not None and keep_id in ids:
            for name in ticked:
                self.set_ticked(name)

    def set_busy(self, busy: bool) -> None:
        """While a write runs no choice can be made; after it, the buttons are as they were."""
        buttons = (self.keep_local_button, self.keep_incoming_button, self.merge_button)
        if busy:
            if self._enabled_before_busy is None:
                self._enabled_before_busy = [button.isEnabled() for button in buttons]
            for button in buttons:
                button.setEnabled(False)
        elif self._enabled_before_busy is not None:
            for button, enabled in zip(buttons, self._enabled_before_busy):
                button.setEnabled(enabled)
            self._enabled_before_busy = None

    def clear(self) -> None:
        """Locking: nothing of anyone's record stays in the widgets."""
        self.show_conflicts([])
        self.merge_view.clear()
        self.problem.clear_problem()
        self.show_outcome("")
        self._asked = ()

    def show_outcome(self, text: str) -> None:
        self.outcome.setText(text)
        self.outcome.setVisible(bool(text))

    def show_resolved(self, resolution) -> None:
        """Say what the choice did; after a merge, that the draft is to be agreed with the person."""
        view, merge = self._asked if self._asked else (None, None)
        if getattr(resolution, "draft_uuid", None) and view is not None and view.plans is not None:
            base = view.plans.local if merge.base == "local" else view.plans.incoming
            person = view.person or "the person"
            self.show_outcome(MERGED.format(number=resolution.draft_number, person=person, base=base.number))
        else:
            self.show_outcome("")
        self.show_message(RESOLVED_DRAFT if self.outcome.text() else RESOLVED)

    def show_message(self, text: str) -> None:
        self.problem.clear_problem()
        self.empty_label.setText(text or self.EMPTY)

    def show_problem(self, text: str) -> None:
        self.problem.show_problem(text)

    def current_conflict(self):
        row = self.list.currentRow() if hasattr(self, "list") else -1
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show_current(self, row: int) -> None:
        self._fill_current(row)
        if self._enabled_before_busy is not None:  # refreshed while a write runs: stay off till it ends
            self._enabled_before_busy = None
            self.set_busy(True)

    def _fill_current(self, row: int) -> None:
        view = self.conflicts[row] if 0 <= row < len(self.conflicts) else None
        self.table.setRowCount(0)
        for button in (self.keep_local_button, self.keep_incoming_button, self.merge_button):
            button.setEnabled(view is not None)
        if view is None:
            self.title.setText("")
            self.explanation.setText("")
            return
        whose = f"{view.person}: " if view.person else ""
        self.title.setText(f"{whose}{entity_title(view.entity)}: {KIND_TITLES.get(view.kind, view.kind)}")
        self.explanation.setText(view.explanation)
        if view.kind == "parallel" and view.plans is not None:
            self.pages.setCurrentWidget(self.merge_view)
            self.merge_view.show_plans(view.plans, view.incoming_device_name)
            self.merge_button.setText("Merge into a new draft")
            self.merge_button.setToolTip("Make a new draft from both versions, to check and agree with the person")
            self.note.hide()
            return
        self.pages.setCurrentWidget(self.table)
        self.note.show()
        self.merge_button.setText("Merge the ticked fields")
        self.merge_button.setToolTip("Keep this computer's version, taking the ticked fields from the other one")
        self.table.setHorizontalHeaderLabels(["Field", "This computer", view.incoming_device_name, "Take the other's"])
        entity = ENTITIES.get(view.entity)
        local = (content(entity, view.local) if entity else view.local) or {}
        incoming = (content(entity, view.incoming) if entity else view.incoming) or {}
        differing = [f for f in view.differing]
        rest = sorted(k for k in {*local, *incoming} if k not in differing)
        can_merge = view.kind not in ("parallel",) and view.local is not None and view.incoming is not None
        self.merge_button.setEnabled(can_merge and bool(differing))
        self.table.setColumnHidden(TAKE_COLUMN, not can_merge)
        highlight = QBrush(QColor("#5a4a00" if is_dark(self.palette()) else "#fff1b8"))
        for name in [*differing, *rest]:
            row_ = self.table.rowCount()
            self.table.insertRow(row_)
            cells = [QTableWidgetItem(field_title(name)),
                     QTableWidgetItem(shown(local.get(name)) if view.local is not None else "(removed)"),
                     QTableWidgetItem(shown(incoming.get(name)) if view.incoming is not None else "(removed)")]
            take = QTableWidgetItem("")
            take.setData(Qt.ItemDataRole.UserRole, name)
            if name in differing:
                take.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                take.setCheckState(Qt.CheckState.Unchecked)
                for cell in cells:
                    cell.setBackground(highlight)
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
            else:
                take.setFlags(Qt.ItemFlag.NoItemFlags)
            for position, cell in enumerate([*cells, take]):
                self.table.setItem(row_, position, cell)
        self.table.resizeRowsToContents()

    # -- choosing -----------------------------------------------------------------------------------
    def ticked_fields(self) -> list[str]:
        names = []
        for row in range(self.table.rowCount()):
            take = self.table.item(row, TAKE_COLUMN)
            if take is not None and take.checkState() == Qt.CheckState.Checked:
                names.append(take.data(Qt.ItemDataRole.UserRole))
        return names

    def set_ticked(self, name: str, ticked: bool = True) -> None:
        for row in range(self.table.rowCount()):
            take = self.table.item(row, TAKE_COLUMN)
            if take is not None and take.data(Qt.ItemDataRole.UserRole) == name:
                take.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _choose(self, choice: str) -> None:
        view = self.current_conflict()
        if view is None:
            return
        merged = None
        if choice == "merged" and view.kind == "parallel":
            merged = self.merge_view.plan_merge()
        elif choice == "merged":
            incoming = view.incoming or {}
            merged = {name: incoming.get(name) for name in self.ticked_fields()}
        self.show_outcome("")
        self._asked = (view, merged)
        self.resolve_requested.emit(view.id, choice, merged)
