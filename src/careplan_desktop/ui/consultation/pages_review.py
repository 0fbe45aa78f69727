"""Confidence to manage my health, when and how the plan is reviewed, and who the person
agrees to share their plan with."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QSpinBox, QWidget

from careplan_desktop.services.planning.versions import REVIEW_METHODS, SHARING_RECIPIENTS, PlanDraft, SharingConsents

from ..dates import uk_date
from .fields import ChoiceField, DateField, caption, hint, section_title
from .section_page import SectionPage

NOT_ASKED = "Not asked"
CONSENT_CHOICES = ((None, NOT_ASKED), (True, "Yes, the person agrees"), (False, "No"))


class ConfidenceBox(QSpinBox):
    """0 to 10, or 'Not asked' (below 0)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(-1, 10)
        self.setSpecialValueText(NOT_ASKED)
        self.setAccessibleName("Confidence to manage my health, 0 to 10")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(NOT_ASKED) + 48)

    def score(self) -> int | None:
        return None if self.value() < 0 else self.value()

    def set_score(self, score: int | None) -> None:
        self.blockSignals(True)
        self.setValue(-1 if score is None else score)
        self.blockSignals(False)


class ReviewPage(SectionPage):
    def build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.confidence = ConfidenceBox(self.content)
        self.confidence.valueChanged.connect(self._edited)
        form.addRow(caption("&Confidence (0 to 10)", self.confidence, self.content), self.confidence)
        self.column.addLayout(form)
        self.column.addWidget(hint("0 is not at all confident, 10 is very confident. Ask it the same way each "
                                   "time, so reviews can compare.", self.content))

        self.column.addWidget(section_title("Review", self.content))
        review = QFormLayout()
        review.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        review.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        row = QHBoxLayout()
        self.review_date = DateField("Review date", self.content)
        self.review_date.edited.connect(self._edited)
        self.use_suggested = QPushButton("Use the suggested date", self.content)
        self.use_suggested.setAutoDefault(False)
        self.use_suggested.clicked.connect(self._use_suggested)
        row.addWidget(self.review_date)
        row.addStretch(1)
        review.addRow(caption("Review &date", self.review_date, self.content), row)
        review.addRow("", self.review_date.problem)
        self.suggested = hint("", self.content)
        review.addRow("", self.suggested)
        review.addRow("", self.use_suggested)
        self.method = ChoiceField("How the review will happen", REVIEW_METHODS, self.content, blank="Not chosen yet")
        self.method.edited.connect(self._edited)
        method_row = QHBoxLayout()
        method_row.addWidget(self.method)
        method_row.addWidget(self.carried_mark("review_method"))
        method_row.addStretch(1)
        review.addRow(caption("&How", self.method, self.content), method_row)
        self.column.addLayout(review)

    def _use_suggested(self) -> None:
        if self.facts and self.facts.suggested_review:
            self.review_date.set_date(self.facts.suggested_review)
            self._edited()

    def fill(self, draft: PlanDraft) -> None:
        self.confidence.set_score(draft.confidence)
        self.review_date.set_date(draft.review_date)
        self.method.set_value(draft.review_method)
        facts = self.facts
        if facts is not None and facts.suggested_review:
            self.suggested.setText(f"Suggested: {uk_date(facts.suggested_review)}, {facts.review_months} months "
                                   f"from today for level of need {facts.level}.")
        else:
            self.suggested.setText("")
        self.use_suggested.setEnabled(bool(facts and facts.suggested_review))

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, confidence=self.confidence.score(), review_date=self.review_date.date_value(),
                                   review_method=self.method.value())

    def first_field(self) -> QWidget:
        return self.confidence


class ConsentField(ChoiceField):
    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(accessible_name, (), parent)
        self.clear()
        for value, text in CONSENT_CHOICES:
            self.addItem(text, value)

    def consent(self) -> bool | None:
        return self.currentData()

    def set_consent(self, value: bool | None) -> None:
        self.setCurrentIndex(self.findData(value) if value is not None else 0)


class SharingPage(SectionPage):
    def build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.consents: dict[str, ConsentField] = {}
        for code, name in SHARING_RECIPIENTS.items():
            field = ConsentField(f"Share the plan with: {name}", self.content)
            field.edited.connect(self._edited)
            self.consents[code] = field
            form.addRow(caption(name, field, self.content), field)
        self.column.addLayout(form)

    def fill(self, draft: PlanDraft) -> None:
        for code, value in draft.sharing.as_dict().items():
            self.consents[code].set_consent(value)

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, sharing=SharingConsents(
            **{code: field.consent() for code, field in self.consents.items()}))

    def first_field(self) -> QWidget:
        return next(iter(self.consents.values()))
