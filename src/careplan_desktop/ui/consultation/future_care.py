"""Future care wishes, structured, and the name the person gives their plan.

    Future care wishes                                      (closed until used)
      Does the person want to talk about their future care?
        ( ) Not asked yet   ( ) Yes, wants to talk about it   ( ) Not now (a valid answer)
      What matters to me at the end of my life   [                              ]
      Where I would like to be cared for [          ]   Where I would like to die [          ]
      ReSPECT or DNACPR form [ReSPECT form v]   Where it is kept [                ]
      Lasting Power of Attorney for health and welfare [Yes v]   Who [      ]   Contact [      ]
      Advance decision to refuse treatment [No v]   Where it is kept [          ]
      Who should be told [                                         ]
      [x] The person agrees they go on the printout

"Not now" is a complete answer: the fields for the wishes are then closed, and what was typed
stays in the plan but never prints. Nothing prints unless the person agreed it goes there.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QLabel, QRadioButton, QVBoxLayout, QWidget,
)

from careplan_desktop.services.planning.versions import RESUSCITATION_FORMS, YES_NO, FutureCareWishes

from .fields import ChoiceField, LineField, TextArea, caption

CHOICES = (("", "Not asked yet"), ("talked", "Yes, wants to talk about it"),
           ("not now", "Not now (a valid answer)"))
NOT_RECORDED = "Not recorded"
FORM_LABELS = {"none": "No form", "ReSPECT": "ReSPECT form", "DNACPR": "DNACPR form",
               "ReSPECT and DNACPR": "Both a ReSPECT form and a DNACPR form"}
#: the titles offered for the plan; the person may use their own words instead
PLAN_TITLES = ("My care and support plan", "My care plan", "My support plan", "My health plan")


class FutureCareEditor(QWidget):
    """The person's future care wishes; `edited` when the nurse changes anything."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        question = QLabel("Does the person want to talk about their future care?", self)
        question.setWordWrap(True)
        column.addWidget(question)
        self.choice_group = QButtonGroup(self)
        self.choice_buttons: dict[str, QRadioButton] = {}
        for value, label in CHOICES:
            button = QRadioButton(label, self)
            button.setAccessibleName(label)
            self.choice_group.addButton(button)
            self.choice_buttons[value] = button
            column.addWidget(button)
            button.clicked.connect(self._choice_clicked)
        self.choice_buttons[""].setChecked(True)

        self.wishes = QWidget(self)
        self.wishes.setObjectName("future_care_wishes")
        form = QVBoxLayout(self.wishes)  # each label above its field: wraps at any text size
        form.setContentsMargins(0, 6, 0, 0)
        w = self.wishes
        self.what_matters = TextArea("What matters to me at the end of my life", w, lines=3,
                                     placeholder="In the person's own words")
        self.place_of_care = LineField("Where I would like to be cared for", w, placeholder="For example: at home")
        self.place_of_death = LineField("Where I would like to die", w, placeholder="For example: at home, or a hospice")
        self.form = ChoiceField("ReSPECT or DNACPR form", RESUSCITATION_FORMS, w, blank=NOT_RECORDED, labels=FORM_LABELS)
        self.form_where = LineField("Where the ReSPECT or DNACPR form is kept", w,
                                    placeholder="For example: in the yellow folder")
        self.lpa = ChoiceField("Lasting Power of Attorney for health and welfare", YES_NO, w, blank=NOT_RECORDED)
        self.lpa_who = LineField("Who holds the Lasting Power of Attorney", w, placeholder="Name and relationship")
        self.lpa_contact = LineField("Contact for the attorney", w, placeholder="Phone number")
        self.adrt = ChoiceField("Advance decision to refuse treatment", YES_NO, w, blank=NOT_RECORDED)
        self.adrt_where = LineField("Where the advance decision is kept", w)
        self.who_to_tell = TextArea("Who should be told", w, lines=2,
                                    placeholder="Who should know these wishes, and be told if things change")
        for label, field in (
            ("What matters to me at the end of my life", self.what_matters),
            ("Where I would like to be cared for", self.place_of_care),
            ("Where I would like to die", self.place_of_death),
            ("ReSPECT or DNACPR form", self.form),
            ("Where the form is kept", self.form_where),
            ("Lasting Power of Attorney for health and welfare", self.lpa),
            ("Who holds it (the attorney)", self.lpa_who),
            ("The attorney's contact", self.lpa_contact),
            ("Advance decision to refuse treatment", self.adrt),
            ("Where the advance decision is kept", self.adrt_where),
            ("Who should be told", self.who_to_tell),
        ):
            form.addWidget(caption(label, field, w))
            form.addWidget(field)
            field.edited.connect(self._field_edited)
        self.on_printout = QCheckBox("The person agrees they go on the printout", w)
        self.on_printout.setAccessibleName("The person agrees their future care wishes go on the printout")
        self.on_printout.clicked.connect(lambda _checked: self.edited.emit())
        form.addWidget(self.on_printout)
        printout_hint = QLabel("On a page of their own, at the end. Without this they are never printed.", w)
        printout_hint.setWordWrap(True)
        form.addWidget(printout_hint)
        column.addWidget(self.wishes)
        self._show_wishes()

    # -- behaviour ------------------------------------------------------------------------------
    def _choice_clicked(self) -> None:
        self._show_wishes()
        self.edited.emit()

    def _field_edited(self) -> None:
        self._show_wishes()
        self.edited.emit()

    def _show_wishes(self) -> None:
        """The wishes only when the person wants to talk about them; where-kept and who only
        when there is something kept."""
        self.wishes.setVisible(self.choice() == "talked")
        self.form_where.setEnabled(self.form.value() not in ("", "none"))
        self.lpa_who.setEnabled(self.lpa.value() == "yes")
        self.lpa_contact.setEnabled(self.lpa.value() == "yes")
        self.adrt_where.setEnabled(self.adrt.value() == "yes")

    def choice(self) -> str:
        return next((value for value, button in self.choice_buttons.items() if button.isChecked()), "")

    # -- the draft ------------------------------------------------------------------------------
    def set_wishes(self, wishes: FutureCareWishes) -> None:
        self.choice_buttons.get(wishes.choice, self.choice_buttons[""]).setChecked(True)
        self.what_matters.set_value(wishes.what_matters)
        self.place_of_care.set_value(wishes.place_of_care)
        self.place_of_death.set_value(wishes.place_of_death)
        self.form.set_value(wishes.resuscitation_form)
        self.form_where.set_value(wishes.form_kept_where)
        self.lpa.set_value(wishes.lpa)
        self.lpa_who.set_value(wishes.lpa_who)
        self.lpa_contact.set_value(wishes.lpa_contact)
        self.adrt.set_value(wishes.advance_decision)
        self.adrt_where.set_value(wishes.advance_decision_where)
        self.who_to_tell.set_value(wishes.who_to_tell)
        self.on_printout.setChecked(wishes.on_printout)
        self._show_wishes()

    def wishes_value(self, base: FutureCareWishes) -> FutureCareWishes:
        """The wishes as typed (what was typed stays, even after "not now")."""
        return dataclasses.replace(
            base, choice=self.choice(), what_matters=self.what_matters.value(),
            place_of_care=self.place_of_care.value(), place_of_death=self.place_of_death.value(),
            resuscitation_form=self.form.value(), form_kept_where=self.form_where.value(),
            lpa=self.lpa.value(), lpa_who=self.lpa_who.value(), lpa_contact=self.lpa_contact.value(),
            advance_decision=self.adrt.value(), advance_decision_where=self.adrt_where.value(),
            who_to_tell=self.who_to_tell.value(), on_printout=self.on_printout.isChecked(),
        )

    @property
    def has_wishes(self) -> bool:
        return self.choice() != ""


class PlanTitleField(QComboBox):
    """What the person calls their plan: one of the usual names, or their own words."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("What the person calls their plan")
        self.addItems(PLAN_TITLES)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lineEdit().setPlaceholderText(PLAN_TITLES[0])
        self.lineEdit().textEdited.connect(lambda _text: self.edited.emit())
        self.activated.connect(lambda _index: self.edited.emit())

    def value(self) -> str:
        """'' for the usual title (the printout's own wording)."""
        text = " ".join(self.currentText().split())
        return "" if text == PLAN_TITLES[0] else text

    def set_value(self, title: str) -> None:
        self.setEditText(title or PLAN_TITLES[0])


def plan_title_row(field: PlanTitleField, parent: QWidget) -> tuple[QLabel, QLabel]:
    """The label and the hint for the plan's title."""
    hint = QLabel("Printed as the title of their plan. Choose one, or type the person's own words.", parent)
    hint.setWordWrap(True)
    return caption("What the person calls their plan", field, parent), hint
