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
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.models import LEVEL_NAMES
from careplan_desktop.services.reference import ReferenceData

from ..widgets import ProblemLabel, heading, muted, scaled_font
from .carers import CarersEditor
from .conditions import ConditionsEditor
from .fields import DateField, NhsNumberField, chars_wide, with_problem

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
        content = QWidget(self.scroll)
        content.setObjectName("person_form_content")
        self.column = QVBoxLayout(content)
        self.column.setContentsMargins(0, 0, 12, 0)
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
        self.column.addWidget(self.problems["conditions"])
        self.column.addWidget(self.conditions)
        self._section(content, "Carers")
        self.column.addWidget(self.carers)
        self.column.addStretch(1)

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

    # -- sections ------------------------------------------------------------------------------
    def _section(self, parent: QWidget, title: str) -> None:
        label = QLabel(title, parent)
        label.setFont(scaled_font(label.font(), 1.15, bold=True))
        label.setContentsMargins(0, 12, 0, 2)
        self.column.addWidget(label)

    def _form(self, parent: QWidget, title: str) -> QFormLayout:
        self._section(parent, title)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        self.column.addLayout(form)
        return form

    def _row(self, form: QFormLayout, label: str, field: QWidget, problem: str | None = None) -> None:
        parent = field.parentWidget()
        caption = QLabel(label, parent)
        caption.setBuddy(field)
        form.addRow(caption, with_problem(field, self.problems[problem], parent) if problem else field)

    def _identity(self, parent: QWidget) -> None:
        form = self._form(parent, "Who they are")
        self._row(form, "NHS number *", self.nhs_number, "nhs_number")
        self._row(form, "Title", self.texts["title"])
        self._row(form, "Given name *", self.texts["given_name"], "given_name")
        self._row(form, "Family name *", self.texts["family_name"], "family_name")
        self._row(form, "Preferred name", self.texts["preferred_name"])
        self._row(form, "Date of birth *", self.dates["date_of_birth"], "date_of_birth")
        self._row(form, "Sex", self.sex, "sex")

    def _contact(self, parent: QWidget) -> None:
        form = self._form(parent, "Contact")
        for name in ("address", "postcode", "phone", "gp_name"):
            self._row(form, TEXTS[name], self.texts[name])

    def _care(self, parent: QWidget) -> None:
        form = self._form(parent, "Care")
        self._row(form, "Level of need", self.level, "level_of_need")
        form.addRow("", self.checks["housebound"])
        self._row(form, "Named lead professional", self.texts["lead_professional"])
        self._row(form, "Review status", self.care_status, "care_status")
        self._row(form, "Route back", self.texts["route_back"])
        self.texts["route_back"].setPlaceholderText("How they come back into review after self-care")
        self._row(form, "Next review", self.dates["next_review_date"], "next_review_date")

    def _communication(self, parent: QWidget) -> None:
        self._section(parent, "Communication and access needs")
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        for index, name in enumerate(("large_print", "easy_read", "bsl", "braille", "needs_companion")):
            grid.addWidget(self.checks[name], index // 3, index % 3)
        self.column.addLayout(grid)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        language = self.texts["interpreter_language"]
        language.setPlaceholderText("Language")
        form.addRow(self.interpreter, with_problem(language, self.problems["interpreter_language"], parent))
        self._row(form, "Other needs", self.texts["communication_other"])
        self.column.addLayout(form)

    def _offer(self, parent: QWidget) -> None:
        form = self._form(parent, "Care planning offer")
        self._row(form, "Offer", self.offer_status, "offer_status")
        self._row(form, "Offered on", self.dates["offer_date"], "offer_date")
        self._row(form, "They replied on", self.dates["offer_response_date"], "offer_response_date")
        self._row(form, "Their reason for declining", self.texts["offer_decline_reason"])
