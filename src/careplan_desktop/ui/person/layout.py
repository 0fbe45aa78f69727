"""The person form's widgets and their arrangement (behaviour lives in dialog.py).

A heading, a scrolling column of sections (who they are, contact, care, communication and
access needs, the care planning offer, conditions, carers), then Save and Cancel. Every field
that can be wrong has its message beside it, in red, hidden while there is nothing to say.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.models import LEVEL_NAMES
from careplan_desktop.domain.reference import ReferenceData

from ..widgets import ProblemLabel, heading, muted, scaled_font
from .carers import CarersEditor
from .conditions import ConditionsEditor
from .fields import DateField, NhsNumberField, chars_wide

SEXES = (("unknown", "Not known"), ("female", "Female"), ("male", "Male"), ("other", "Other"))
OFFERS = (("not_offered", "Not yet offered"), ("offered", "Offered"), ("accepted", "Accepted"),
          ("declined", "Declined"))
CARE_STATUSES = (("active", "Active review"), ("self_care", "Exited to self-care"))
# plain text fields: name -> (label, accessible name)
TEXTS = {
    "title": "Title", "given_name": "Given name *", "family_name": "Family name *",
    "preferred_name": "Preferred name", "address": "Address", "postcode": "Postcode", "phone": "Phone",
    "gp_name": "Usual GP", "lead_professional": "Named lead professional", "interpreter_language": "Language",
    "communication_other": "Other needs", "offer_decline_reason": "Their reason for declining",
    "route_back": "Route back",
}
DATES = {"date_of_birth": "Date of birth *", "offer_date": "Offered on", "offer_response_date": "They replied on",
         "next_review_date": "Next review"}
CHECKS = {"housebound": "Housebound (reviews are home visits)", "large_print": "Large print",
          "easy_read": "Easy read", "bsl": "British Sign Language (BSL)", "braille": "Braille",
          "needs_companion": "Needs someone with them"}
# fields that can carry a message (from the service or from reading a date)
PROBLEM_FIELDS = ("nhs_number", "given_name", "family_name", "date_of_birth", "sex", "level_of_need",
                  "next_review_date", "interpreter_language", "offer_status", "offer_date", "offer_response_date",
                  "care_status", "conditions")


def _combo(parent: QWidget, options: tuple[tuple[object, str], ...], name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    for value, label in options:
        combo.addItem(label, value)
    return combo


class PersonFormLayout:
    def __init__(self, dialog: QDialog, reference: ReferenceData) -> None:
        self.dialog = dialog
        outer = QVBoxLayout(dialog)
        outer.setContentsMargins(16, 12, 16, 12)
        self.title = heading("", dialog)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = ProblemLabel("Problems with the form", dialog)
        self.banner.setObjectName("form_banner")
        outer.addWidget(self.title)
        outer.addWidget(muted("Fields marked * are required. Ctrl+S saves; Esc closes.", dialog))
        outer.addWidget(self.banner)

        self.scroll = QScrollArea(dialog)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = content = QWidget(self.scroll)
        content.setObjectName("person_form_content")
        self.grid = QGridLayout(content)
        self.grid.setContentsMargins(0, 0, 12, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setColumnStretch(2, 1)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll, 1)

        self.problems: dict[str, ProblemLabel] = {
            name: ProblemLabel(f"Problem with {name.replace('_', ' ')}", content) for name in PROBLEM_FIELDS}
        for name, label in self.problems.items():
            label.setObjectName(f"problem_{name}")
        self.nhs_number = NhsNumberField(content)
        self.nhs_number.setObjectName("nhs_number")
        self.nhs_number.setAccessibleName("NHS number")
        self.texts = {name: QLineEdit(content) for name in TEXTS}
        self.dates = {name: DateField(content) for name in DATES}
        self.checks = {name: QCheckBox(text, content) for name, text in CHECKS.items()}
        for group in (self.texts, self.dates, self.checks):
            for name, widget in group.items():
                widget.setObjectName(name)
                widget.setAccessibleName((TEXTS | DATES | CHECKS)[name].rstrip(" *"))
        self.texts["title"].setFixedWidth(chars_wide(self.texts["title"], "Mrs MM"))
        self.texts["postcode"].setFixedWidth(chars_wide(self.texts["postcode"], "MM99 9MMM"))
        self.sex = _combo(content, SEXES, "Sex")
        self.level = _combo(content, tuple((n, f"{n} – {LEVEL_NAMES[n].capitalize()}") for n in (1, 2, 3)),
                            "Level of need")
        self.offer_status = _combo(content, OFFERS, "Care planning offer")
        self.care_status = _combo(content, CARE_STATUSES, "Review status")
        self.interpreter = QCheckBox("Interpreter", content)
        self.interpreter.setObjectName("interpreter")
        self.conditions = ConditionsEditor(reference, content)
        self.carers = CarersEditor(content)

        self._identity(content)
        self._contact(content)
        self._care(content)
        self._communication(content)
        self._offer(content)
        self._section(content, "Conditions")
        self._whole_width(self.problems["conditions"])
        self._whole_width(self.conditions)
        self._section(content, "Carers")
        self._whole_width(self.carers)
        self.grid.setRowStretch(self.grid.rowCount(), 1)
        wide = chars_wide(self.texts["address"], "M" * 26)
        self.grid.setColumnMinimumWidth(1, wide)
        for combo in (self.sex, self.level, self.offer_status, self.care_status):
            combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        self.buttons = QDialogButtonBox(dialog)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_person")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.cancel_button = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.status = muted("", dialog, factor=1.0)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)

    # -- sections: one grid (label | field | its problem), so every column lines up ----------------
    def _section(self, parent: QWidget, title: str) -> None:
        label = QLabel(title, parent)
        label.setFont(scaled_font(label.font(), 1.15, bold=True))
        label.setContentsMargins(0, 12, 0, 2)
        self.grid.addWidget(label, self.grid.rowCount(), 0, 1, 3)

    def _row(self, label: str | QWidget, field: QWidget | QLayout, problem: str | None = None) -> None:
        line = self.grid.rowCount()
        if isinstance(label, str):
            caption = QLabel(label, self.content)
            if isinstance(field, QWidget):
                caption.setBuddy(field)
            label = caption
        self.grid.addWidget(label, line, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if isinstance(field, QWidget):
            wide = field.sizePolicy().horizontalPolicy() != QSizePolicy.Policy.Fixed
            self.grid.addWidget(field, line, 1, Qt.AlignmentFlag(0) if wide else Qt.AlignmentFlag.AlignLeft)
        else:
            self.grid.addLayout(field, line, 1)
        if problem:
            self.grid.addWidget(self.problems[problem], line, 2)

    def _whole_width(self, widget: QWidget) -> None:
        self.grid.addWidget(widget, self.grid.rowCount(), 0, 1, 3)

    def _identity(self, parent: QWidget) -> None:
        self._section(parent, "Who they are")
        self._row("NHS number *", self.nhs_number, "nhs_number")
        self._row("Title", self.texts["title"])
        self._row("Given name *", self.texts["given_name"], "given_name")
        self._row("Family name *", self.texts["family_name"], "family_name")
        self._row("Preferred name", self.texts["preferred_name"])
        self._row("Date of birth *", self.dates["date_of_birth"], "date_of_birth")
        self._row("Sex", self.sex, "sex")

    def _contact(self, parent: QWidget) -> None:
        self._section(parent, "Contact")
        for name in ("address", "postcode", "phone", "gp_name"):
            self._row(TEXTS[name], self.texts[name])

    def _care(self, parent: QWidget) -> None:
        self._section(parent, "Care")
        self._row("Level of need", self.level, "level_of_need")
        self._row("", self.checks["housebound"])
        self._row("Named lead professional", self.texts["lead_professional"])
        self._row("Review status", self.care_status, "care_status")
        self._row("Route back", self.texts["route_back"])
        self.texts["route_back"].setPlaceholderText("How they come back into review")
        self._row("Next review", self.dates["next_review_date"], "next_review_date")

    def _communication(self, parent: QWidget) -> None:
        self._section(parent, "Communication and access needs")
        boxes = QGridLayout()
        boxes.setHorizontalSpacing(18)
        for index, name in enumerate(("large_print", "easy_read", "bsl", "braille", "needs_companion")):
            boxes.addWidget(self.checks[name], index // 2, index % 2)
        self._row("", boxes)
        language = self.texts["interpreter_language"]
        language.setPlaceholderText("The language they speak")
        self._row(self.interpreter, language, "interpreter_language")
        self._row("Other needs", self.texts["communication_other"])

    def _offer(self, parent: QWidget) -> None:
        self._section(parent, "Care planning offer")
        self._row("Offer", self.offer_status, "offer_status")
        self._row("Offered on", self.dates["offer_date"], "offer_date")
        self._row("They replied on", self.dates["offer_response_date"], "offer_response_date")
        self._row("Their reason for declining", self.texts["offer_decline_reason"])
