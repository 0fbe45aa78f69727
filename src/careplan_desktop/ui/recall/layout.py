"""The recall view's widgets and their arrangement (behaviour lives in screen.py).

    Recall for [ November 2026 v ] [<] [>] [This month]
    4,982 people due · 1,203 booked · ...                 Group by (o) condition ( ) number of conditions
    [ tree: groups, and the people in each                                                        ]
    3 people selected
  [Record invitation] [Book appointments...] [Invitation letters...] [Results letters...]
                   Record: [Seen] [Did not attend] [Declined] [Second invitations...]
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..widgets import FlowRow, ProblemLabel, heading, muted
from .model import AGE, APPOINTMENT, CONDITIONS, FLAGS, LEVEL, NAME, NHS_NUMBER, STATUS, RecallTreeModel

# column: a sample of the widest text it usually holds (widths follow the font size)
_COLUMN_SAMPLES = {
    NAME: "Elizabeth Williamson ",
    NHS_NUMBER: "999 000 0026  ",
    AGE: " Age ",
    LEVEL: " Level ",
    FLAGS: "Home visit · GP-led",
    STATUS: "Invited 20/05/2025 ",
    APPOINTMENT: "Tue 10/06 09:40, 40 min, home visit",
    CONDITIONS: "Type 2 diabetes, Hypertension",
}


def _button(text: str, name: str, parent: QWidget, tip: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)
    if tip:
        button.setToolTip(tip)
    return button


class RecallLayout:
    def __init__(self, screen: QWidget, model: RecallTreeModel) -> None:
        outer = QVBoxLayout(screen)
        outer.setContentsMargins(8, 8, 8, 4)

        top = QHBoxLayout()
        title = heading("Recall for", screen, factor=1.2)
        title.setWordWrap(False)
        self.month = QComboBox(screen)
        self.month.setObjectName("recall_month")
        self.month.setAccessibleName("Month")
        title.setBuddy(self.month)
        self.previous = _button("◀", "previous_month", screen, "The month before")
        self.previous.setAccessibleName("Previous month")
        self.next = _button("▶", "next_month", screen, "The month after")
        self.next.setAccessibleName("Next month")
        self.this_month = _button("This month", "this_month", screen)
        for button in (self.previous, self.next):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("◀") + 28)
        self.by_condition = QRadioButton("condition", screen)
        self.by_condition.setObjectName("group_by_condition")
        self.by_condition.setChecked(True)
        self.by_count = QRadioButton("number of conditions", screen)
        self.by_count.setObjectName("group_by_count")
        self.grouping = QButtonGroup(screen)
        self.grouping.addButton(self.by_condition)
        self.grouping.addButton(self.by_count)
        top.addWidget(title)
        top.addWidget(self.month)
        top.addWidget(self.previous)
        top.addWidget(self.next)
        top.addWidget(self.this_month)
        top.addStretch(1)
        outer.addLayout(top)

        self.summary = muted("", screen, factor=1.0)
        self.summary.setObjectName("recall_summary")
        self.summary.setWordWrap(True)
        second = QHBoxLayout()  # the summary wraps, so a large font never makes the window wider
        second.addWidget(self.summary, 1)
        second.addWidget(QLabel("Group by", screen), 0, Qt.AlignmentFlag.AlignBottom)
        second.addWidget(self.by_condition, 0, Qt.AlignmentFlag.AlignBottom)
        second.addWidget(self.by_count, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(second)

        self.tree = QTreeView(screen)
        self.tree.setObjectName("recall_tree")
        self.tree.setAccessibleName("People due a review this month, grouped")
        self.tree.setModel(model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)  # fast with thousands of rows
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._size_columns()
        outer.addWidget(self.tree, 1)

        self.problem = ProblemLabel("Problem", screen)
        outer.addWidget(self.problem)
        bottom = FlowRow()  # wraps at large text rather than widening the window
        self.selection = QLabel("", screen)
        self.selection.setObjectName("recall_selection")
        self.selection.setWordWrap(True)
        self.invite = _button("Record invitation", "record_invitation", screen,
                              "Record that the people selected were invited this month (today's date)")
        self.book = _button("Book appointments…", "book_appointments", screen,
                            "Book a review for each person selected: back-to-back double appointments")
        self.invitations = _button("Invitation letters…", "invitation_letters", screen,
                                   "The invitation letters for the people selected, carrying both appointments "
                                   "(one PDF to print)")
        self.second_invitations = _button("Second invitations…", "second_invitations", screen,
                                          "Second invitation letters for the people selected who did not attend")
        self.seen = _button("Seen", "status_seen", screen, "They came to their review")
        self.did_not_attend = _button("Did not attend", "status_dna", screen,
                                      "They did not come: then make their second invitation letter")
        self.declined = _button("Declined", "status_declined", screen, "They declined this review")
        self.letters = _button("Results letters…", "results_letters", screen,
                               "Make the results letters for the people selected (one PDF to print)")
        outer.addWidget(self.selection)  # a line of its own: a large font never makes the window wider
        self.result = QLabel("", screen)  # what the last action did: stays until the next one
        self.result.setObjectName("recall_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        outer.addWidget(self.result)
        for widget in (self.invite, self.book, self.invitations, self.letters, QLabel("Record:", screen), self.seen,
                       self.did_not_attend, self.declined, self.second_invitations):
            bottom.addWidget(widget)
        outer.addLayout(bottom)
        self.actions = (self.invite, self.book, self.invitations, self.seen, self.did_not_attend, self.declined,
                        self.second_invitations, self.letters)

    def _size_columns(self) -> None:
        header = self.tree.header()
        metrics = self.tree.fontMetrics()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, sample in _COLUMN_SAMPLES.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            indent = self.tree.indentation() if column == NAME else 0  # people sit under their group
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16 + indent)
