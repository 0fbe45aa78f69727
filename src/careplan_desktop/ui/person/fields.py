"""Small input widgets for the person form: a date typed as UK practice systems write it, an
NHS number shown 3-3-4."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit, QWidget

from careplan_desktop.domain import nhs_number
from careplan_desktop.domain.uk_dates import read_uk_date

from ..dates import uk_date

DATE_PLACEHOLDER = "dd/mm/yyyy"


def chars_wide(widget: QWidget, sample: str) -> int:
    """A width that fits `sample` in the widget's font, with room for the frame."""
    return widget.fontMetrics().horizontalAdvance(sample) + 24


class DateField(QLineEdit):
    """A date typed as 05/03/1948, 5-Mar-1948 or 1948-03-05; shown dd/mm/yyyy after leaving it.
    `date()` is the date, None when blank; `problem()` says why the text is not a date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(DATE_PLACEHOLDER)
        self.setFixedWidth(chars_wide(self, "00/00/00000"))
        self.editingFinished.connect(self._tidy)

    def date(self) -> dt.date | None:
        return read_uk_date(self.text()).value if self.text().strip() else None

    def problem(self) -> str | None:
        return read_uk_date(self.text()).problem if self.text().strip() else None

    def set_date(self, value: dt.date | None) -> None:
        self.setText(uk_date(value))

    def _tidy(self) -> None:
        value = self.date()
        if value is not None:
            self.setText(uk_date(value))


class NhsNumberField(QLineEdit):
    """Ten digits, typed with or without spaces; shown 3-3-4 once the field is left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("943 476 5919")
        self.setMaxLength(16)
        self.setFixedWidth(chars_wide(self, "000 000 00000"))
        self.editingFinished.connect(self._tidy)

    def set_number(self, digits: str) -> None:
        self.setText(nhs_number.formatted(digits))

    def _tidy(self) -> None:
        if nhs_number.is_valid(self.text()):  # only ever the ordinary digits 0-9
            self.setText(nhs_number.formatted(nhs_number.normalise(self.text())))
