"""The register screen's widgets and their arrangement (behaviour lives in screen.py).

    [ Search by name, NHS number or date of birth ]        12 of 50,003 people
    [ table of people                    ][ overview of the person opened       ]
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..widgets import muted, with_clear_button
from .model import AGE, CONDITIONS, DATE_OF_BIRTH, LEVEL, NAME, NEXT_REVIEW, NHS_NUMBER, RegisterModel
from .overview_panel import PersonOverviewPanel

SEARCH_PLACEHOLDER = "Search by name, NHS number or date of birth"

# column: a sample of the widest text it usually holds (widths follow the font size)
_COLUMN_SAMPLES = {
    NAME: "ATKINSON, Christine",
    NHS_NUMBER: "999 000 0026  ",
    DATE_OF_BIRTH: "28/12/1948  ",
    AGE: "Age ",
    LEVEL: " Level ",
    NEXT_REVIEW: " Next review  ",
}


class RegisterLayout:
    def __init__(self, screen: QWidget, model: RegisterModel) -> None:
        outer = QVBoxLayout(screen)
        outer.setContentsMargins(8, 8, 8, 4)

        top = QHBoxLayout()
        self.search = QLineEdit(screen)
        self.search.setObjectName("register_search")
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setAccessibleName("Search the register")
        self.search.setAccessibleDescription(SEARCH_PLACEHOLDER + ". Enter opens the selected person.")
        with_clear_button(self.search)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(SEARCH_PLACEHOLDER) + 60)
        search_label = QLabel("Fin&d", screen)
        search_label.setBuddy(self.search)
        self.count_label = muted("", screen, factor=1.0)
        self.count_label.setObjectName("register_count")
        self.count_label.setAccessibleName("People shown")
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        outer.addLayout(top)

        self.table = QTableView(screen)
        self.table.setObjectName("register_table")
        self.table.setAccessibleName("Register")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform row heights: fast
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self._size_columns()
        header = self.table.horizontalHeader()
        header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)

        self.overview = PersonOverviewPanel(screen)
        self.overview.setMinimumWidth(self.table.fontMetrics().averageCharWidth() * 30)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, screen)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.overview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([660, 340])  # proportions; the splitter scales them to fit
        outer.addWidget(self.splitter, 1)
        self._columns_fitter = _KeepIdentityColumns(self.table)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header.setMinimumSectionSize(metrics.horizontalAdvance(" Age "))
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, sample in _COLUMN_SAMPLES.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.setSectionResizeMode(CONDITIONS, QHeaderView.ResizeMode.Stretch)


#: the columns that say who a person is: always shown whole
IDENTITY = (NAME, NHS_NUMBER, DATE_OF_BIRTH)


class _KeepIdentityColumns(QObject):
    """When the table is too narrow for every column (large text, a small screen), name, NHS
    number and date of birth stay whole and the other columns share what is left, their text
    cut with "…" (the whole of it in each cell's tooltip); never narrower than " Age "."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        table.viewport().installEventFilter(self)
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self.fit()
        return False

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        wanted = {column: metrics.horizontalAdvance(sample) + 16 for column, sample in _COLUMN_SAMPLES.items()}
        least = metrics.horizontalAdvance(" Age ")
        header.setMinimumSectionSize(least)
        room = self.table.viewport().width()
        others = [column for column in wanted if column not in IDENTITY]
        left = room - sum(wanted[column] for column in IDENTITY)
        for column in IDENTITY:
            header.resizeSection(column, wanted[column])
        if left >= sum(wanted[column] for column in others) + metrics.averageCharWidth() * 12:
            for column in others:  # room enough: the usual widths, conditions taking the rest
                header.resizeSection(column, wanted[column])
            header.setSectionResizeMode(CONDITIONS, QHeaderView.ResizeMode.Stretch)
            return
        header.setSectionResizeMode(CONDITIONS, QHeaderView.ResizeMode.Interactive)
        share = max(least, (left - metrics.averageCharWidth() * 12) // max(1, len(others) - 1))
        for column in others:
            if column != CONDITIONS:
                header.resizeSection(column, min(wanted[column], share))
        used = sum(header.sectionSize(column) for column in range(header.count()) if column != CONDITIONS)
        header.resizeSection(CONDITIONS, max(least, room - used))
