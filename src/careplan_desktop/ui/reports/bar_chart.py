"""A bar chart for one figure's breakdown, drawn with QPainter (no chart library): one bar per
row, its label on the left and its number at the end. Clicking a bar (or choosing it in the
table beside it) asks for the people behind that number. The numbers are in the accessible
description and the tooltip too, so nothing is only in the picture."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..widgets import muted_colour

BAR = QColor("#005eb8")  # NHS blue


class BarChart(QWidget):
    bar_clicked = Signal(str)  # the breakdown

    def __init__(self, title: str, rows: Sequence[tuple[str, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = list(rows)
        self.setAccessibleName(f"Chart: {title}")
        described = "; ".join(f"{label}: {count}" for label, count in self.rows)
        self.setAccessibleDescription(described)
        self.setToolTip(described)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def _line(self) -> int:
        return int(self.fontMetrics().height() * 1.5)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self.fontMetrics().averageCharWidth() * 50, self._line() * len(self.rows) + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().averageCharWidth() * 24, self.sizeHint().height())

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(label) for label, _ in self.rows), default=0) + 16
        return min(widest, int(self.width() * 0.45))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line, label_width = self._line(), self._label_width()
        number_room = metrics.horizontalAdvance("000000") + 8
        room = max(1, self.width() - label_width - number_room)
        most = max((count for _, count in self.rows), default=0) or 1
        text_colour = self.palette().color(self.foregroundRole())
        for index, (label, count) in enumerate(self.rows):
            top = 2 + index * line
            painter.setPen(text_colour)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 6)
            painter.drawText(QRectF(0, top, label_width - 8, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             shown)
            length = room * count / most
            if count:
                painter.fillRect(QRectF(label_width, top + line * 0.2, length, line * 0.6), BAR)
            painter.setPen(text_colour if count else muted_colour(self.palette()))
            painter.drawText(QRectF(label_width + length + 4, top, number_room, line), Qt.AlignmentFlag.AlignVCenter,
                             str(count))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = int((event.position().y() - 2) // self._line())
        if 0 <= index < len(self.rows) and event.button() == Qt.MouseButton.LeftButton:
            self.bar_clicked.emit(self.rows[index][0])
        super().mousePressEvent(event)
