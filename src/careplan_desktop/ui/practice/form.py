"""The practice's details as boxes to fill in: used by the first-run set-up and by Settings.

`values()` gives what is typed as a `PracticeSettings` (the service checks it and says what is
wrong, naming the field: `focus_field` puts the cursor there). Every box has a label with a
keyboard mnemonic and an accessible name; the hours of the clinic days sit in a grid of their own.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from careplan_desktop.services.practice.values import (
    DAYS,
    LEVELS,
    LOCK_MINUTES_RANGE,
    REVIEW_MONTHS_RANGE,
    PracticeSettings,
)

from ..widgets import muted


class PracticeForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._uuid: str | None = None
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = self._line("name", "Practice name")
        self.address = QPlainTextEdit(self)
        self.address.setObjectName("address")
        self.address.setAccessibleName("Practice address, one line per line")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.phone = self._line("phone", "Practice phone number")
        self.ods_code = self._line("ods_code", "ODS code")
        self.ods_code.setPlaceholderText("for example A81001")
        self.ods_code.setMaxLength(12)
        self.signed_by = self._line("signed_by", "Who signs letters")
        self.signed_by.setPlaceholderText("for example Dr Asha Patel, GP (empty: the care team signs)")
        form.addRow("Practice &name", self.name)
        form.addRow("&Address", self.address)
        form.addRow("&Phone number", self.phone)
        form.addRow("&ODS code", self.ods_code)
        form.addRow("", muted("The practice's code from the NHS Organisation Data Service: "
                              "a letter and five digits for a GP practice.", self, wrap=True))
        form.addRow("Letters signed b&y", self.signed_by)

        self.hours: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for row, day in enumerate(DAYS):
            box = self._line(f"hours_{day.lower()}", f"Clinic hours on {day}")
            box.setPlaceholderText("no clinic")
            label = QLabel(day, self)
            label.setBuddy(box)
            grid.addWidget(label, row, 0)
            grid.addWidget(box, row, 1)
            self.hours[day] = box
        form.addRow("Clinic days and hours", grid)

        self.review_months: dict[int, QSpinBox] = {}
        months_row = QHBoxLayout()
        low, high = REVIEW_MONTHS_RANGE
        for level in LEVELS:
            spin = QSpinBox(self)
            spin.setRange(low, high)
            spin.setSuffix(" months")
            spin.setObjectName(f"review_months_{level}")
            spin.setAccessibleName(f"Months between reviews at level {level}")
            label = QLabel(f"Level &{level}", self)
            label.setBuddy(spin)
            months_row.addWidget(label)
            months_row.addWidget(spin)
            self.review_months[level] = spin
        months_row.addStretch(1)
        form.addRow("Reviews every", months_row)

        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setRange(*LOCK_MINUTES_RANGE)
        self.lock_minutes.setSuffix(" minutes")
        self.lock_minutes.setObjectName("lock_minutes")
        self.lock_minutes.setAccessibleName("Minutes without use before the app locks itself")
        lock_row = QHBoxLayout()
        lock_row.addWidget(self.lock_minutes)
        lock_row.addStretch(1)
        lock_label = QLabel("&Lock after", self)
        lock_label.setBuddy(self.lock_minutes)
        form.addRow(lock_label, lock_row)
        form.addRow("", muted("CarePlan Desktop locks itself after this long without use.", self, wrap=True))
        self.setMaximumWidth(self.fontMetrics().averageCharWidth() * 110)  # lines a person can read across
        self.show_practice(PracticeSettings())

    def _line(self, name: str, accessible: str) -> QLineEdit:
        box = QLineEdit(self)
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        return box

    def show_practice(self, practice: PracticeSettings) -> None:
        self._uuid = practice.uuid
        self.name.setText(practice.name)
        self.address.setPlainText("\n".join(practice.address_lines))
        self.phone.setText(practice.phone)
        self.ods_code.setText(practice.ods_code)
        self.signed_by.setText(practice.letters_signed_by)
        for day, box in self.hours.items():
            box.setText(practice.clinic_hours.get(day, ""))
        for level, spin in self.review_months.items():
            spin.setValue(practice.interval_for_level(level))
        self.lock_minutes.setValue(int(round(practice.lock_minutes)))

    def values(self) -> PracticeSettings:
        return PracticeSettings(
            name=self.name.text(), address=self.address.toPlainText(), phone=self.phone.text(),
            ods_code=self.ods_code.text(), letters_signed_by=self.signed_by.text(),
            clinic_hours={day: box.text() for day, box in self.hours.items() if box.text().strip()},
            review_months={level: spin.value() for level, spin in self.review_months.items()},
            lock_minutes=float(self.lock_minutes.value()), uuid=self._uuid,
        )

    def focus_field(self, field_name: str) -> None:
        widget = {"name": self.name, "address": self.address, "phone": self.phone, "ods_code": self.ods_code,
                  "review_months": self.review_months[1], "lock_minutes": self.lock_minutes}.get(field_name)
        if widget is not None:
            widget.setFocus()

    def set_editable(self, editable: bool) -> None:
        for box in (self.name, self.phone, self.ods_code, self.signed_by, *self.hours.values()):
            box.setReadOnly(not editable)
        self.address.setReadOnly(not editable)
        for spin in (*self.review_months.values(), self.lock_minutes):
            spin.setReadOnly(not editable)
