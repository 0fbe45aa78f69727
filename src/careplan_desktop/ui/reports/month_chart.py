"""A line over the months of the period for a trend figure (plans agreed month by month), drawn
with QPainter: a dot per month with its number above, the month below. Clicking near a month
asks for the people behind it. The numbers are in the accessible description and the tooltip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from .bar_chart import BAR, BarChart


def month_label(month: str) -> str:
    """"2026-04" as "Apr 26"."""
    return dt.date.fromisoformat(month + "-01").strftime("%b %y")


class MonthChart(BarChart):
    """Rows are (YYYY-MM, count); `bar_clicked` gives the month."""

    def __init__(self, title: str, rows: Sequence[tuple[str, int]], parent: QWidget | None = None) -> None:
        super().__init__(title, rows, parent)
        described = "; ".join(f"{month_label(month)}: {count}" for month, count in self.rows)
        self.setAccessibleDescription(described)
        self.setToolTip(described)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self.fontMetrics().averageCharWidth() * 50, self.fontMetrics().height() * 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().averageCharWidth() * 24, self.sizeHint().height())

    def _points(self) -> list[QPointF]:
        line = self.fontMetrics().height()
        left, right, top, bottom = line, self.width() - line, line * 1.6, self.height() - line * 1.8
        most = max((count for _, count in self.rows), default=0) or 1
        step = (right - left) / max(1, len(self.rows) - 1)
        return [QPointF(left + step * i if len(self.rows) > 1 else (left + right) / 2,
                        bottom - (bottom - top) * count / most) for i, (_, count) in enumerate(self.rows)]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        points = self._points()
        line = self.fontMetrics().height()
        text = self.palette().color(self.foregroundRole())
        painter.setPen(QPen(BAR, 2))
        for start, end in zip(points, points[1:]):
            painter.drawLine(start, end)
        every = max(1, len(points) // 12)  # a label for each month, or every other one over two years
        for index, (point, (month, count)) in enumerate(zip(points, self.rows)):
            painter.setPen(QPen(BAR, 2))
            painter.setBrush(BAR)
            painter.drawEllipse(point, 3, 3)
            painter.setPen(text)
            painter.drawText(QRectF(point.x() - line * 2, point.y() - line * 1.4, line * 4, line),
                             Qt.AlignmentFlag.AlignCenter, str(count))
            if index % every == 0:
                painter.drawText(QRectF(point.x() - line * 2, self.height() - line * 1.5, line * 4, line * 1.4),
                                 Qt.AlignmentFlag.AlignCenter, month_label(month))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        points = self._points()
        if points and event.button() == Qt.MouseButton.LeftButton:
            nearest = min(range(len(points)), key=lambda i: abs(points[i].x() - event.position().x()))
            self.bar_clicked.emit(self.rows[nearest][0])
        super().mousePressEvent(event)
