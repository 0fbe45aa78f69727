"""Booking reviews for the people selected in the recall view: date and time of the first slot,
length (a double appointment, 40 minutes, by default), with whom, and where. Several people get
back-to-back slots from the first one, in the order shown, within clinic hours (a slot that
would end after the clinic closes goes to the next working day).

For each person selected who needs an interpreter, a BSL interpreter or someone with them, the
dialog asks whether that has been arranged (a tick each); what is ticked is recorded on their
appointment, and their results letter says it is booked only then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.recall.birth_month import SupportNeeds
from careplan_desktop.services.recall.booking import (
    DOUBLE_APPOINTMENT_MINUTES, EXTRA_MINUTES_WITH_INTERPRETER, TESTS_DAYS_BEFORE, Arranged, clinic_slots,
)
from careplan_desktop.domain.working_days import bank_holiday_name, is_working_day

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
    arranged: dict[str, Arranged] = field(default_factory=dict)  # by person uuid: what was arranged
    tests: bool = False  # also the tests with the healthcare assistant, 1-2 weeks before
    tests_with: str | None = None
    gp: str | None = None  # for the people the recall flags as GP-led


# (need, tick label) for what may be arranged for a person's appointment
_TICKS = (("interpreter", "Interpreter who speaks {language} booked for {name}"),
          ("bsl", "BSL interpreter booked for {name}"),
          ("companion", "Someone will come with {name}"))


class BookingDialog(QDialog):
    """``needs``: (uuid, name, needs) for the people selected who need something arranged."""

    def __init__(self, people: int, first_slot: dt.datetime, with_whom: str, parent: QWidget | None = None, *,
                 needs: Sequence[tuple[str, str, SupportNeeds]] = (), gp_led: int = 0,
                 offer_tests: bool = False, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("booking_dialog")
        self.setWindowTitle("Book reviews")
        self.people = people
        self.date = QDateEdit(QDate(first_slot.year, first_slot.month, first_slot.day), self)
        self.date.setObjectName("booking_date")
        self.date.setDisplayFormat("ddd dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        self.time = QTimeEdit(QTime(first_slot.hour, first_slot.minute), self)
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
        self.gp_led = gp_led
        self.today = today
        self.gp = QLineEdit(self)
        self.gp.setObjectName("booking_gp")
        self.gp.setPlaceholderText("e.g. Dr Amir Shah")
        self.tests = QCheckBox("&Also book the tests, 1 to 2 weeks before", self)
        self.tests.setToolTip("With the healthcare assistant, for the people whose conditions need tests")
        self.tests.setObjectName("booking_tests")
        self.tests.setChecked(offer_tests)
        self.tests_with = QLineEdit(self)
        self.tests_with.setObjectName("booking_tests_with")
        self.tests_with.setPlaceholderText("e.g. Sam Lee, healthcare assistant")
        self.summary = muted("", self, factor=1.0)
        self.summary.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Date", self.date)
        form.addRow("&First slot starts", self.time)
        form.addRow("&Length", self.length)
        form.addRow("&With", self.with_whom)
        if gp_led:
            form.addRow(f"&GP for the {gp_led} GP-led", self.gp)
        else:
            self.gp.hide()  # nobody selected is GP-led
        form.addRow("W&here", self.place)
        form.addRow(self.tests)
        form.addRow("&Tests with", self.tests_with)
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
        self.ticks: dict[tuple[str, str], QCheckBox] = {}  # (uuid, need) -> its tick
        if any(person_needs.any for _, _, person_needs in needs):
            layout.addWidget(self._arrangements(needs))
        layout.addWidget(buttons)
        for signal in (self.date.dateChanged, self.time.timeChanged, self.length.valueChanged, self.gp.textChanged):
            signal.connect(self._summarise)
        self.tests.toggled.connect(self.tests_with.setEnabled)
        self.tests.toggled.connect(self._summarise)
        self.tests_with.setEnabled(self.tests.isChecked())
        self._summarise()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def _arrangements(self, needs: Sequence[tuple[str, str, SupportNeeds]]) -> QGroupBox:
        """A tick for each thing to arrange, for each person who needs one (none ticked at first)."""
        box = QGroupBox("Help at the appointment", self)
        box.setObjectName("booking_arranged")
        inner = QWidget(box)
        rows = QVBoxLayout(inner)
        explain = muted("Tick what has been arranged for these people's appointments. Their results letter "
                        "says it is booked only if it is ticked, and otherwise tells them how to ask.", inner,
                        factor=1.0)
        explain.setWordWrap(True)
        rows.addWidget(explain)
        for uuid, name, person_needs in needs:
            wanted = {"interpreter": bool(person_needs.interpreter_language), "bsl": person_needs.bsl,
                      "companion": person_needs.companion}
            for need, label in _TICKS:
                if wanted[need]:
                    tick = QCheckBox(label.format(language=person_needs.interpreter_language, name=name), inner)
                    tick.setObjectName(f"arranged_{need}")
                    self.ticks[(uuid, need)] = tick
                    rows.addWidget(tick)
        rows.addStretch(1)
        scroll = QScrollArea(box)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setMaximumHeight(self.fontMetrics().height() * 12)
        outer = QVBoxLayout(box)
        outer.addWidget(scroll)
        return box

    def arranged(self) -> dict[str, Arranged]:
        ticked: dict[str, dict[str, bool]] = {}
        for (uuid, need), tick in self.ticks.items():
            ticked.setdefault(uuid, {})[need] = tick.isChecked()
        return {uuid: Arranged(**values) for uuid, values in ticked.items()}

    def booking(self) -> Booking:
        day, time = self.date.date(), self.time.time()
        starts = dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())
        return Booking(starts, self.length.value(), self.with_whom.text().strip() or None, self.place.currentData(),
                       self.arranged(), self.tests.isChecked(), self.tests_with.text().strip() or None,
                       self.gp.text().strip() or None)

    def _summarise(self) -> None:
        booking = self.booking()
        if self.people == 1:
            text = f"One {booking.length_minutes}-minute appointment at {booking.starts_at:%H:%M}."
        else:
            slots = clinic_slots(booking.starts_at, self.people, booking.length_minutes)
            last = slots[-1] + dt.timedelta(minutes=booking.length_minutes)
            text = (f"{self.people:,} back-to-back {booking.length_minutes}-minute appointments, from "
                    f"{booking.starts_at:%H:%M} until {last:%H:%M}")
            text += "." if last.date() == booking.starts_at.date() else (
                f" on {last:%a %d/%m/%Y}; slots that would end after the clinic closes go to the next working day.")
        day = booking.starts_at.date()
        if not is_working_day(day):
            holiday = bank_holiday_name(day)
            text += (f" {day:%A %d/%m/%Y} is {'a bank holiday (' + holiday + ')' if holiday else 'a weekend day'}: "
                     "is the surgery open?")
        if booking.length_minutes == DOUBLE_APPOINTMENT_MINUTES:
            text += " 40 minutes is a double appointment, the usual length for a care planning review."
        text += (f" People who need an interpreter or a BSL interpreter get {EXTRA_MINUTES_WITH_INTERPRETER} minutes "
                 "more. Times already booked for the same person seeing them are skipped.")
        if booking.tests:
            text += " Tests are booked only for people whose conditions need them (not depression alone, for example)."
        if booking.tests and self.today is not None and (day - self.today).days <= TESTS_DAYS_BEFORE[1]:
            text += (f" The tests must be 1 to 2 weeks before: choose a day after "
                     f"{self.today + dt.timedelta(days=TESTS_DAYS_BEFORE[1]):%a %d/%m/%Y}, or untick the tests.")
        if self.gp_led:
            text += (f" The {self.gp_led} GP-led {'person sees' if self.gp_led == 1 else 'people see'} "
                     f"{booking.gp or 'the person named in With: name their GP above'}.")
        self.summary.setText(text)

    # -- the lock: what was typed ----------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        booking = asdict(self.booking())
        booking["starts_at"] = booking["starts_at"].isoformat()
        return booking  # "arranged": {uuid: {"interpreter": true, ...}}: no names, no needs

    def set_values(self, values: dict[str, Any]) -> None:
        starts = dt.datetime.fromisoformat(values["starts_at"])
        self.date.setDate(QDate(starts.year, starts.month, starts.day))
        self.time.setTime(QTime(starts.hour, starts.minute))
        self.length.setValue(int(values["length_minutes"]))
        self.with_whom.setText(values.get("with_whom") or "")
        self.place.setCurrentIndex(max(0, self.place.findData(values.get("location"))))
        self.tests.setChecked(bool(values.get("tests")))
        self.tests_with.setText(values.get("tests_with") or "")
        self.gp.setText(values.get("gp") or "")
        for uuid, ticked in (values.get("arranged") or {}).items():
            for need, on in ticked.items():
                if (uuid, need) in self.ticks:
                    self.ticks[(uuid, need)].setChecked(bool(on))
