"""The reviews-due view: a month to look at, grouped by lead professional or by method, the
people due in it and everyone overdue (with weeks overdue), and the buttons to review, book or
record that the person declined."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from careplan_desktop.services.review.due import ReviewDueRow, ReviewsDue

from ..dates import uk_date
from ..widgets import heading, muted

UUID_ROLE = Qt.ItemDataRole.UserRole
GROUPINGS = (("lead", "By lead professional"), ("method", "By method"))
COLUMNS = ("Name", "Review due", "Flags", "Method", "NHS number", "Lead professional")


class DueList(QWidget):
    period_changed = Signal()
    review_requested = Signal(str)  # patient uuid
    book_requested = Signal(str)
    declined_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviews_due")
        self.due: ReviewsDue | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(heading("Reviews due", self, factor=1.3))
        bar = QHBoxLayout()
        self.month = QDateEdit(self)
        self.month.setObjectName("reviews_month")
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.setAccessibleName("Month")
        self.month.dateChanged.connect(lambda _=None: self.period_changed.emit())
        self.grouping = QComboBox(self)
        self.grouping.setObjectName("reviews_grouping")
        for key, label in GROUPINGS:
            self.grouping.addItem(label, key)
        self.grouping.currentIndexChanged.connect(lambda _=0: self._fill())
        bar.addWidget(QLabel("Month", self))
        bar.addWidget(self.month)
        bar.addWidget(self.grouping)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = muted("", self, factor=1.0)
        self.summary.setObjectName("reviews_summary")
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("reviews_tree")
        self.tree.setAccessibleName("Reviews due")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(lambda item, _col: self._emit(self.review_requested, item))
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        for text, name, signal in (("&Review…", "reviews_review", self.review_requested),
                                   ("&Book review…", "reviews_book", self.book_requested),
                                   ("&Declined", "reviews_declined", self.declined_requested)):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, s=signal: self._emit(s, self.tree.currentItem()))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def set_month(self, day: dt.date) -> None:
        self.month.setDate(QDate(day.year, day.month, 1))

    def chosen_month(self) -> tuple[int, int]:
        chosen = self.month.date()
        return chosen.year(), chosen.month()

    def _emit(self, signal, item: QTreeWidgetItem | None) -> None:
        uuid = item.data(0, UUID_ROLE) if item is not None else None
        if uuid:
            signal.emit(uuid)

    def show_due(self, due: ReviewsDue) -> None:
        self.due = due
        self._fill()

    def clear(self) -> None:
        self.due = None
        self.tree.clear()
        self.summary.setText("")

    def row_for(self, uuid: str) -> ReviewDueRow | None:
        if self.due is None:
            return None
        return next((row for row in self.due.due + self.due.overdue if row.patient_uuid == uuid), None)

    def _fill(self) -> None:
        self.tree.clear()
        if self.due is None:
            return
        due = self.due
        self.summary.setText(f"{len(due.due)} due in {due.start:%B %Y} · {len(due.overdue)} overdue on {uk_date(due.today)}")
        key = self.grouping.currentData()
        pick = (lambda row: row.lead_professional) if key == "lead" else (lambda row: row.method)
        for title, rows in (("Overdue", due.overdue), (f"Due in {due.start:%B %Y}", due.due)):
            top = QTreeWidgetItem(self.tree, [f"{title} ({len(rows)})"])
            top.setFirstColumnSpanned(True)
            for group, members in due.grouped(pick, rows).items():
                node = QTreeWidgetItem(top, [f"{group} ({len(members)})"])
                node.setFirstColumnSpanned(True)
                for row in members:
                    when = uk_date(row.next_review_date)
                    if row.weeks_overdue:
                        when += f" ({row.weeks_overdue} wk overdue)"
                    item = QTreeWidgetItem(node, [row.name, when, ", ".join(row.flags), row.method or "not recorded",
                                                  row.nhs_number, row.lead_professional or "none named"])
                    item.setData(0, UUID_ROLE, row.patient_uuid)
        self.tree.expandAll()
        for column in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(column)
