"""What a report covers, as the nurse chooses it: the period (last 12 months by default, last
month, last quarter, this year, a month, a quarter, a year or two dates), and optionally one
condition or one lead professional. `filters()` gives the services' ReportFilters, or raises
PeriodError with a message to show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from careplan_desktop.domain.dates import add_months
from careplan_desktop.domain.uk_dates import parse_uk_date
from careplan_desktop.services.reports.figures import ReportFilters
from careplan_desktop.services.reports.period import (
    PERIOD_CHOICES, Period, PeriodError, month, named_period, quarter, year,
)

MONTHS = "January February March April May June July August September October November December".split()


class ReportChoices(QWidget):
    changed = Signal()

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.period = QComboBox(self)
        self.period.setObjectName("report_period")
        for choice in PERIOD_CHOICES:
            self.period.addItem(choice[:1].upper() + choice[1:], choice)
        self.which = QComboBox(self)
        self.which.setObjectName("report_which")
        self.which.setAccessibleName("Which month, quarter or year")
        self.date_from, self.date_to = QLineEdit(self), QLineEdit(self)
        for field, name, key in ((self.date_from, "From date", "report_from"), (self.date_to, "To date", "report_to")):
            field.setPlaceholderText("DD/MM/YYYY")
            field.setAccessibleName(name)
            field.setObjectName(key)
            field.editingFinished.connect(self.changed)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period, 2)
        period_row.addWidget(self.which, 2)
        self.from_label, self.to_label = QLabel("F&rom", self), QLabel("&To", self)
        self.from_label.setBuddy(self.date_from)
        self.to_label.setBuddy(self.date_to)
        for widget in (self.from_label, self.date_from, self.to_label, self.date_to):
            period_row.addWidget(widget, 1)
        period_label = QLabel("&Period", self)
        period_label.setBuddy(self.period)
        form.addRow(period_label, period_row)
        self.condition = QComboBox(self)
        self.condition.setObjectName("report_condition")
        self.lead = QComboBox(self)
        self.lead.setObjectName("report_lead")
        form.addRow("&Condition", self.condition)
        form.addRow("&Lead professional", self.lead)
        for label, field in ((form.labelForField(self.condition), self.condition), (form.labelForField(self.lead), self.lead)):
            field.setAccessibleName(label.text().replace("&", ""))
        self.period.setAccessibleName("Period")
        self.condition.addItem("All conditions", None)
        self.lead.addItem("Any lead professional", None)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.which.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.condition.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.lead.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._period_chosen()

    def set_conditions(self, conditions: Sequence[tuple[str, str]]) -> None:
        """(code, name) of the conditions in the catalogue."""
        self.condition.blockSignals(True)
        for code, name in conditions:
            self.condition.addItem(name, code)
        self.condition.blockSignals(False)

    def set_leads(self, names: Sequence[str]) -> None:
        chosen = self.lead.currentData()
        self.lead.blockSignals(True)
        self.lead.clear()
        self.lead.addItem("Any lead professional", None)
        for name in names:
            self.lead.addItem(name, name)
        self.lead.setCurrentIndex(max(0, self.lead.findData(chosen)))
        self.lead.blockSignals(False)

    def choose_period(self, choice: str) -> None:
        self.period.setCurrentIndex(self.period.findData(choice))

    def choose_condition(self, code: str | None) -> None:
        self.condition.setCurrentIndex(max(0, self.condition.findData(code)))

    def _period_chosen(self) -> None:
        choice = self.period.currentData()
        today = self.today()
        self.which.blockSignals(True)
        self.which.clear()
        if choice == "a month":
            first = today.replace(day=1)
            for back in range(1, 37):
                day = add_months(first, -back)
                self.which.addItem(f"{MONTHS[day.month - 1]} {day.year}", (day.year, day.month))
        elif choice == "a quarter":
            number, year_ = (today.month - 1) // 3 + 1, today.year
            for _ in range(12):
                number, year_ = (4, year_ - 1) if number == 1 else (number - 1, year_)
                self.which.addItem(f"{MONTHS[3 * number - 3]} to {MONTHS[3 * number - 1]} {year_}", (year_, number))
        elif choice == "a year":
            for back in range(1, 8):
                self.which.addItem(str(today.year - back), today.year - back)
        self.which.blockSignals(False)
        self.which.setVisible(choice in ("a month", "a quarter", "a year"))
        dates = choice == "two dates"
        for widget in (self.from_label, self.date_from, self.to_label, self.date_to):
            widget.setVisible(dates)
        if not dates:
            self.changed.emit()

    def filters(self) -> ReportFilters:
        choice = self.period.currentData()
        which = self.which.currentData()
        if choice == "a month":
            period = month(*which)
        elif choice == "a quarter":
            period = quarter(*which)
        elif choice == "a year":
            period = year(which)
        elif choice == "two dates":
            try:
                period = Period(parse_uk_date(self.date_from.text()), parse_uk_date(self.date_to.text()))
            except ValueError as error:
                raise PeriodError(str(error)) from None
        else:
            period = named_period(choice, self.today())
        return ReportFilters(period, condition=self.condition.currentData(), lead=self.lead.currentData())
