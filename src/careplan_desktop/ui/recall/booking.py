"""Booking reviews for the people selected in the recall view: date and time of the first slot,
length (a double appointment, 40 minutes, by default), with whom, and where. Several people get
back-to-back slots from the first one, in the order shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.recall import DOUBLE_APPOINTMENT_MINUTES

from ..widgets import heading, muted

# (location stored, label); None lets the service choose a home visit for people who are housebound
PLACES = ((None, "Surgery, or a home visit for people who are housebound"), ("surgery", "Surgery"),
          ("home visit", "Home visit"), ("phone", "Phone"))


@dataclass(frozen=True)
class Booking:
    starts_at: dt.datetime
    length_minutes: int
    with_whom: str | None
    location: str | None


class BookingDialog(QDialog):
    def __init__(self, people: int, first_day: dt.date, with_whom: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("booking_dialog")
        self.setWindowTitle("Book reviews")
        self.people = people
        self.date = QDateEdit(QDate(first_day.year, first_day.month, first_day.day), self)
        self.date.setObjectName("booking_date")
        self.date.setDisplayFormat("ddd dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        self.time = QTimeEdit(QTime(9, 0), self)
        self.time.setObjectName("booking_time")
        self.time.setDisplayFormat("HH:mm")
        self.length = QSpinBox(self)
        self.length.setObjectName("booking_length")
        self.length.setRange(5, 240)
        self.length.setSingleStep(5)
        self.length.setValue(DOUBLE_APPOINTMENT_MINUTES)
        self.length.setSuffix(" minutes")
        self.with_whom = QLineEdit(with_whom, self)
        self.with_whom.setObjectName("booking_with")
        self.with_whom.setPlaceholderText("e.g. Nora Hughes, practice nurse")
        self.place = QComboBox(self)
        self.place.setObjectName("booking_place")
        for value, label in PLACES:
            self.place.addItem(label, value)
        self.summary = muted("", self, factor=1.0)
        self.summary.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Date", self.date)
        form.addRow("&First slot starts", self.time)
        form.addRow("&Length", self.length)
        form.addRow("&With", self.with_whom)
        form.addRow("W&here", self.place)
        buttons = QDialogButtonBox(self)
        self.book_button = buttons.addButton("Book", QDialogButtonBox.ButtonRole.AcceptRole)
        self.book_button.setObjectName("book")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        noun = "person" if people == 1 else "people"
        layout.addWidget(heading(f"Book reviews for {people:,} {noun}", self, factor=1.2))
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        for signal in (self.date.dateChanged, self.time.timeChanged, self.length.valueChanged):
            signal.connect(self._summarise)
        self._summarise()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def booking(self) -> Booking:
        day, time = self.date.date(), self.time.time()
        starts = dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())
        return Booking(starts, self.length.value(), self.with_whom.text().strip() or None, self.place.currentData())

    def _summarise(self) -> None:
        booking = self.booking()
        if self.people == 1:
            text = f"One {booking.length_minutes}-minute appointment at {booking.starts_at:%H:%M}."
        else:
            last = booking.starts_at + dt.timedelta(minutes=booking.length_minutes * self.people)
            text = (f"{self.people:,} back-to-back {booking.length_minutes}-minute appointments, from "
                    f"{booking.starts_at:%H:%M} until {last:%H:%M}" + ("" if last.date() == booking.starts_at.date()
                                                                       else " on a later day") + ".")
        if booking.length_minutes == DOUBLE_APPOINTMENT_MINUTES:
            text += " 40 minutes is a double appointment, the usual length for a care planning review."
        self.summary.setText(text)

    # -- the lock: what was typed ----------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        booking = asdict(self.booking())
        booking["starts_at"] = booking["starts_at"].isoformat()
        return booking

    def set_values(self, values: dict[str, Any]) -> None:
        starts = dt.datetime.fromisoformat(values["starts_at"])
        self.date.setDate(QDate(starts.year, starts.month, starts.day))
        self.time.setTime(QTime(starts.hour, starts.minute))
        self.length.setValue(int(values["length_minutes"]))
        self.with_whom.setText(values.get("with_whom") or "")
        self.place.setCurrentIndex(max(0, self.place.findData(values.get("location"))))
