"""Two agreed versions of one plan side by side, section by section, with what to take from each.

The nurse picks the version the new draft continues from (it stays the agreed plan for now),
then, for each section that differs, this computer's, the other one's or, for lists (goals,
actions, medicines ...), both. Sections that differ come first and are highlighted; sections
that are the same are listed after, with nothing to choose. `plan_merge()` gives the choice as
an `exchange.parallel.PlanMerge`; the panel sends it to be written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.exchange.parallel import BOTH, INCOMING, LOCAL, ParallelPlans, PlanMerge, VersionSide

from ..dates import local_date, uk_date
from ..widgets import is_dark, muted

TAKE_COLUMN = 3
NOTHING = "(nothing recorded)"
TOP_LEFT = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft


def cell_text(lines: tuple[str, ...], is_list: bool) -> str:
    """A section as one cell: a list's items each on a line of their own, bulleted."""
    if not lines:
        return NOTHING
    return "\n".join(f"\u2022 {line}" for line in lines) if is_list else "\n".join(lines)


def version_words(side: VersionSide) -> str:
    """"version 2, agreed 01/05/2026 with Andrea Clarke" """
    words = f"version {side.number}"
    if side.agreed_at is not None:
        words += f", agreed {uk_date(local_date(side.agreed_at))}"
    if side.agreed_by_clinician:
        words += f" by {side.agreed_by_clinician}"
    return words


class PlanMergeView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_merge_view")
        self.plans: ParallelPlans | None = None
        self.device = "The other computer"
        self._touched: set[str] = set()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("The new draft continues from:", self))
        choose = QVBoxLayout()  # one under the other: long version names never widen the window
        self.base_local = QRadioButton(self)
        self.base_local.setObjectName("merge_base_local")
        self.base_incoming = QRadioButton(self)
        self.base_incoming.setObjectName("merge_base_incoming")
        self.base_group = QButtonGroup(self)
        for button in (self.base_local, self.base_incoming):
            self.base_group.addButton(button)
            choose.addWidget(button)
            button.toggled.connect(self._base_changed)
        column.addLayout(choose)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("merge_sections")
        self.table.setAccessibleName("The two versions, section by section")
        self.table.verticalHeader().hide()
        # rows follow their text as the columns widen or narrow (the window is resized, the panel first shown)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 180)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.table, 1)
        self.note = muted("Sections that differ are listed first and highlighted. Lists taken from both keep each "
                          "item once; an item that differs (a dose, a status) is kept twice for you to check.", self)
        self.note.setWordWrap(True)
        column.addWidget(self.note)

    # -- showing ---------------------------------------------------------------------------------
    def show_plans(self, plans: ParallelPlans, device: str) -> None:
        same_pair = self.plans is not None and (self.plans.local.uuid, self.plans.incoming.uuid) == (
            plans.local.uuid, plans.incoming.uuid)
        kept = (self.plan_merge(), set(self._touched)) if same_pair else None  # a re-read keeps the nurse's choices
        self.plans, self.device = plans, device
        self._touched = set()
        self.base_local.setText(f"This computer's {version_words(plans.local)}")
        self.base_incoming.setText(f"{device}'s {version_words(plans.incoming)}")
        self.table.setHorizontalHeaderLabels(["Section", "This computer", device, "Take"])
        self.table.setRowCount(0)
        highlight = QBrush(QColor("#5a4a00" if is_dark(self.palette()) else "#fff1b8"))
        for pair in sorted(plans.sections, key=lambda p: p.same):  # differing first, plan order kept
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = [QTableWidgetItem(pair.title), QTableWidgetItem(cell_text(pair.local, pair.is_list)),
                     QTableWidgetItem(cell_text(pair.incoming, pair.is_list))]
            cells[0].setData(Qt.ItemDataRole.UserRole, pair.key)
            for position, cell in enumerate(cells):
                cell.setTextAlignment(TOP_LEFT)
                if not pair.same:
                    cell.setBackground(highlight)
                self.table.setItem(row, position, cell)
            if pair.same:
                same = QTableWidgetItem("Same in both")
                same.setTextAlignment(TOP_LEFT)
                same.setForeground(QBrush(self.note.palette().color(self.note.foregroundRole())))
                self.table.setItem(row, TAKE_COLUMN, same)
                continue
            holder = QWidget(self.table)  # keeps the list at the top of a tall row
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(2, 2, 2, 2)
            take = QComboBox(holder)
            holder_layout.addWidget(take)
            holder_layout.addStretch(1)
            take.setAccessibleName(f"Take {pair.title} from")
            take.addItem("This computer's", LOCAL)
            take.addItem(f"{device}'s", INCOMING)
            if pair.is_list:
                take.addItem("Both", BOTH)
            take.setProperty("section", pair.key)
            take.activated.connect(lambda _=0, key=pair.key: self._touched.add(key))
            self.table.setCellWidget(row, TAKE_COLUMN, holder)
        self.base_local.setChecked(True)
        self._set_defaults()
        if kept is not None:
            merge, touched = kept
            (self.base_local if merge.base == LOCAL else self.base_incoming).setChecked(True)
            for key in touched:
                self.set_choice(key, merge.sections[key])
        self.table.resizeRowsToContents()

    def clear(self) -> None:
        self.plans = None
        self._touched = set()
        self.table.setRowCount(0)
        self.base_local.setText("")
        self.base_incoming.setText("")

    # -- choosing ------------------------------------------------------------------------------------
    def _combos(self) -> dict[str, QComboBox]:
        out = {}
        for row in range(self.table.rowCount()):
            holder = self.table.cellWidget(row, TAKE_COLUMN)
            combo = holder.findChild(QComboBox) if holder is not None else None
            if combo is not None:
                out[combo.property("section")] = combo
        return out

    def combo(self, key: str) -> QComboBox | None:
        """The "Take" list of a section that differs (None for one that is the same in both)."""
        return self._combos().get(key)

    def base(self) -> str:
        return INCOMING if self.base_incoming.isChecked() else LOCAL

    def _set_defaults(self) -> None:
        """Lists default to both (nothing agreed is dropped unless the nurse says so); other
        sections follow the version the draft continues from, until the nurse picks one."""
        for key, combo in self._combos().items():
            if key not in self._touched:
                wanted = BOTH if combo.findData(BOTH) >= 0 else self.base()
                combo.setCurrentIndex(combo.findData(wanted))

    def _base_changed(self, checked: bool) -> None:
        if checked:
            self._set_defaults()

    def set_base(self, base: str) -> None:
        (self.base_local if base == LOCAL else self.base_incoming).setChecked(True)

    def set_choice(self, key: str, choice: str) -> None:
        combo = self._combos()[key]
        combo.setCurrentIndex(combo.findData(choice))
        self._touched.add(key)

    def choice(self, key: str) -> str | None:
        combo = self._combos().get(key)
        return combo.currentData() if combo is not None else None

    def plan_merge(self) -> PlanMerge:
        return PlanMerge(self.base(), {key: combo.currentData() for key, combo in self._combos().items()})
