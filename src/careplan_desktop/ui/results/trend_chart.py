"""A small trend chart for one result, drawn with QPainter (no chart library).

Earlier values are a line with dots, oldest on the left, spaced by date; the value being typed
is a hollow dot at the right. The target limit in force for the person is a dashed green line
(the top number's for blood pressure, whose bottom numbers are a lighter second line). Choice
results (smoking, foot risk ...) show their last values as words. The same values are in the
tooltip and the accessible description, so nothing is only in the picture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from careplan_desktop.services.results.readings import TargetLimits
from careplan_desktop.services.results.entry import HistoryPoint

from ..dates import uk_date
from ..widgets import chart_colours, muted_colour

MAX_POINTS = 8


class TrendChart(QWidget):
    def __init__(self, history: Sequence[HistoryPoint], limits: TargetLimits, *, kind: str = "number",
                 name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = tuple(history)[-MAX_POINTS:]
        self.limits = limits
        self.kind = kind
        self.pending: tuple[float, float | None] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(f"Trend of {name}" if name else "Trend")
        self._describe()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        height = self.fontMetrics().height()
        return QSize(height * 9, int(height * 2.6))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def set_pending(self, value: float | None, value2: float | None = None) -> None:
        """Show the value being typed (None: nothing valid typed)."""
        pending = None if value is None else (value, value2)
        if pending != self.pending:
            self.pending = pending
            self.update()

    def _describe(self) -> None:
        if not self.history:
            text = "No earlier results"
        else:
            text = "Earlier results: " + "; ".join(f"{p.value_text} on {uk_date(p.taken_on)}" for p in self.history)
        self.setToolTip(text)
        self.setAccessibleDescription(text)

    # -- drawing -----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(4, 4, -6, -4)
        numbers = [p for p in self.history if p.value is not None] if self.kind != "choice" else []
        if self.kind == "choice" or (not numbers and self.pending is None):
            self._draw_words(painter, area)
        else:
            self._draw_lines(painter, area, numbers)
        painter.end()

    def _draw_words(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(muted_colour(self.palette()))
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        if not self.history:
            text = "No earlier results"
        else:
            text = " → ".join(p.value_text for p in self.history[-3:])
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        painter.drawText(area, int(flags), self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideLeft,
                                                                         int(area.width() * 2)))

    def _draw_lines(self, painter: QPainter, area: QRectF, points: list[HistoryPoint]) -> None:
        dates = [p.taken_on for p in points]
        pending_x = None
        if self.pending is not None:
            pending_x = (dates[-1] if dates else dt.date.today()) + dt.timedelta(days=max(30, _span(dates) // 6 or 30))
            dates.append(pending_x)
        values = [v for p in points for v in (p.value, p.value2) if v is not None]
        if self.pending is not None:
            values += [v for v in self.pending if v is not None]
        limits = [v for v in (self.limits.high, self.limits.low, self.limits.high2) if v is not None]
        low, high = min(values + limits), max(values + limits)
        if high - low < 1e-9:
            low, high = low - 1, high + 1
        pad = (high - low) * 0.12
        low, high = low - pad, high + pad
        first, span = dates[0], max(_span(dates), 1)

        def x(day: dt.date) -> float:
            return area.left() + area.width() * ((day - first).days / span) if len(dates) > 1 else area.center().x()

        def y(value: float) -> float:
            return area.bottom() - area.height() * (value - low) / (high - low)

        line, second_line, target = chart_colours(self.palette())  # readable on a light or a dark background
        target_pen = QPen(target, 1.2, Qt.PenStyle.DashLine)
        painter.setPen(target_pen)
        for limit in (self.limits.high, self.limits.low):
            if limit is not None:
                painter.drawLine(QPointF(area.left(), y(limit)), QPointF(area.right(), y(limit)))
        series = [(line, [(x(p.taken_on), y(p.value)) for p in points if p.value is not None])]
        if self.kind == "blood_pressure":
            series.append((second_line, [(x(p.taken_on), y(p.value2)) for p in points if p.value2 is not None]))
        for colour, xy in series:
            if len(xy) > 1:
                path = QPainterPath(QPointF(*xy[0]))
                for point in xy[1:]:
                    path.lineTo(QPointF(*point))
                painter.setPen(QPen(colour, 1.6))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            for index, point in enumerate(xy):
                radius = 3.2 if index == len(xy) - 1 else 2.2
                painter.drawEllipse(QPointF(*point), radius, radius)
        if self.pending is not None and pending_x is not None:
            painter.setBrush(self.palette().base())
            for value, colour in zip(self.pending, (line, second_line)):
                if value is not None:
                    painter.setPen(QPen(colour, 1.6))
                    painter.drawEllipse(QPointF(x(pending_x), y(value)), 3.4, 3.4)


def _span(dates: Sequence[dt.date]) -> int:
    return (max(dates) - min(dates)).days if dates else 0
