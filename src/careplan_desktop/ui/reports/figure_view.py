"""One figure on the Reports screen: its title, the plain sentence of what it means, a bar
chart where it helps, and a table of its numbers. Choosing a row (click, or Enter) or a bar asks
for the people behind that number (`people_asked(figure, breakdown)`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableWidgetItem, QVBoxLayout, QWidget

from careplan_desktop.domain.dates import uk
from careplan_desktop.services.reports.figures import Figure

from ..widgets import heading, muted, read_only_table
from .bar_chart import BarChart
from .month_chart import MonthChart


class FigureView(QFrame):
    people_asked = Signal(str, str)  # figure key, breakdown

    def __init__(self, figure: Figure, end, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = figure
        self.setObjectName(f"figure_{figure.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(figure.title, self, factor=1.1))
        total = str(figure.total)
        layout.addWidget(muted(figure.sentence.replace("{total}", total).replace("{end}", uk(end)), self, wrap=True))
        self.chart = None
        if figure.chart in ("bar", "line") and len(figure.rows) > 1 and any(row.count for row in figure.rows):
            chart = MonthChart if figure.chart == "line" else BarChart
            self.chart = chart(figure.title, [(row.breakdown, row.count) for row in figure.rows], self)
            self.chart.bar_clicked.connect(lambda breakdown: self.people_asked.emit(figure.key, breakdown))
            layout.addWidget(self.chart)
        self.table = read_only_table(self, f"table_{figure.key}", figure.title, ["What", "Number", "Out of"])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setRowCount(len(figure.rows))
        for index, row in enumerate(figure.rows):
            for column, value in enumerate((row.breakdown, str(row.count),
                                            "" if row.denominator is None else str(row.denominator))):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.table.setToolTip("Choose a row to see the people behind the number")
        self.table.cellClicked.connect(self._chosen)
        self.table.itemActivated.connect(lambda item: self._chosen(item.row(), 0))
        self.table.setVerticalScrollBarPolicy(self.table.verticalScrollBarPolicy().ScrollBarAlwaysOff)
        rows_height = sum(self.table.rowHeight(i) for i in range(len(figure.rows)))
        self.table.setFixedHeight(rows_height + header.sizeHint().height() + 2 * self.table.frameWidth() + 2)
        layout.addWidget(self.table)

    def _chosen(self, row: int, _column: int) -> None:
        self.people_asked.emit(self.figure.key, self.figure.rows[row].breakdown)

    def row_for(self, breakdown: str) -> int:
        return next(i for i, row in enumerate(self.figure.rows) if row.breakdown == breakdown)
