"""The person's carers: a small block each, with the consent rule made visible.

    Name [          ]  Relationship [        ]  Phone [          ]                 [Remove]
    [x] Involved in planning   [x] Gets a copy of the plan   with their consent given on [dd/mm/yyyy]

A carer gets a copy of the plan only with the person's consent: the consent date is asked for
as soon as "Gets a copy" is ticked, and a missing one is reported beside the row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.register.person import CarerForm

from ..dates import uk_date
from ..widgets import ProblemLabel, muted
from .fields import DateField, chars_wide

class CarerRow(QFrame):
    def __init__(self, parent: QWidget, uuid: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("carer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        parent = self
        self.uuid = uuid
        self.name = QLineEdit(parent)
        self.name.setAccessibleName("Carer's name")
        self.relationship = QLineEdit(parent)
        self.relationship.setAccessibleName("Relationship to the person")
        self.relationship.setPlaceholderText("e.g. daughter")
        self.phone = QLineEdit(parent)
        self.phone.setAccessibleName("Carer's phone")
        self.involved = QCheckBox("Involved in planning", parent)
        self.copy = QCheckBox("Gets a copy of the plan", parent)
        self.consent = DateField(parent)
        self.consent.setAccessibleName("Date the person agreed the carer gets a copy")
        self.consent.setToolTip("The date the person agreed that this carer gets a copy of their plan")
        self.remove = QPushButton("Remove", parent)
        self.remove.setAccessibleName("Remove this carer")
        self.remove.setAutoDefault(False)
        self.problem = ProblemLabel("Problem with this carer", parent)
        self.name.setMinimumWidth(chars_wide(self.name, "M" * 12))
        self.relationship.setMinimumWidth(chars_wide(self.relationship, "M" * 7))
        self.phone.setMinimumWidth(chars_wide(self.phone, "07700 900 000"))
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(8)
        for column, (caption, field) in enumerate((("Name", self.name), ("Relationship", self.relationship),
                                                   ("Phone", self.phone))):
            label = QLabel(caption, self)
            label.setBuddy(field)
            grid.addWidget(label, 0, 2 * column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(field, 0, 2 * column + 1)
        grid.addWidget(self.remove, 0, 7)
        grid.setColumnStretch(6, 1)
        second = QHBoxLayout()
        second.setSpacing(8)
        second.addWidget(self.involved)
        second.addSpacing(16)
        second.addWidget(self.copy)
        self.consent_label = QLabel("with the person's consent, given on", self)
        self.consent_label.setBuddy(self.consent)
        second.addSpacing(6)
        second.addWidget(self.consent_label)
        second.addWidget(self.consent)
        second.addStretch(1)
        grid.addLayout(second, 1, 0, 1, 8)
        grid.addWidget(self.problem, 2, 0, 1, 8)
        self.copy.toggled.connect(self._copy_toggled)
        self._copy_toggled(False)

    def _copy_toggled(self, on: bool) -> None:
        self.consent.setEnabled(on or bool(self.consent.text()))
        self.consent_label.setEnabled(self.consent.isEnabled())

    def form(self) -> CarerForm:
        return CarerForm(self.name.text(), self.relationship.text(), self.phone.text(), self.involved.isChecked(),
                         self.copy.isChecked(), self.consent.date(), self.uuid)

    def raw(self) -> dict[str, Any]:
        return {"uuid": self.uuid, "name": self.name.text(), "relationship": self.relationship.text(),
                "phone": self.phone.text(), "involved": self.involved.isChecked(), "copy": self.copy.isChecked(),
                "consent": self.consent.text()}

    def set_raw(self, raw: dict[str, Any]) -> None:
        self.uuid = raw.get("uuid")
        self.name.setText(raw.get("name", ""))
        self.relationship.setText(raw.get("relationship", ""))
        self.phone.setText(raw.get("phone", ""))
        self.involved.setChecked(bool(raw.get("involved")))
        self.consent.setText(raw.get("consent", ""))
        self.copy.setChecked(bool(raw.get("copy")))
        self._copy_toggled(self.copy.isChecked())


class CarersEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CarerRow] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.empty_label = muted("No carers recorded.", self, factor=1.0)
        self.list = QVBoxLayout()
        self.add_button = QPushButton("Add a carer", self)
        self.add_button.setObjectName("add_carer")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        outer.addWidget(self.empty_label)
        outer.addLayout(self.list)
        outer.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._lay_out()

    def add_row(self, raw: dict[str, Any] | None = None, *, focus: bool = False) -> CarerRow:
        row = CarerRow(self)
        if raw:
            row.set_raw(raw)
        for signal in (row.name.textChanged, row.relationship.textChanged, row.phone.textChanged,
                       row.consent.textChanged):
            signal.connect(self.changed)
        row.involved.toggled.connect(self.changed)
        row.copy.toggled.connect(self.changed)
        row.remove.clicked.connect(lambda _=False, r=row: self.remove_row(r))
        self.rows.append(row)
        self.list.addWidget(row)
        row.show()  # at once, not when the layout next runs: its problem label may be shown straight away
        self._lay_out()
        if focus:
            row.name.setFocus()
        self.changed.emit()
        return row

    def remove_row(self, row: CarerRow) -> None:
        self.rows.remove(row)
        self.list.removeWidget(row)
        row.deleteLater()
        self._lay_out()
        self.changed.emit()

    def _lay_out(self) -> None:
        self.empty_label.setVisible(not self.rows)

    def set_carers(self, carers: tuple[CarerForm, ...] | list[dict[str, Any]]) -> None:
        for row in list(self.rows):
            self.remove_row(row)
        for carer in carers:
            if isinstance(carer, CarerForm):
                self.add_row({"uuid": carer.uuid, "name": carer.name, "relationship": carer.relationship,
                              "phone": carer.phone, "involved": carer.involved_in_planning,
                              "copy": carer.receives_copy, "consent": uk_date(carer.consent_recorded_on)})
            else:
                self.add_row(carer)

    def forms(self) -> tuple[list[CarerForm], dict[str, str]]:
        """The carers, and problems (key `carers[i].field`) for dates that cannot be read."""
        problems = {}
        for index, row in enumerate(self.rows):
            if row.consent.problem():
                problems[f"carers[{index}].consent_recorded_on"] = row.consent.problem()
        return [row.form() for row in self.rows], problems

    def show_problems(self, problems: dict[str, str]) -> QWidget | None:
        """Messages beside each carer; returns the first field with a problem."""
        first = None
        for index, row in enumerate(self.rows):
            mine = [(key.split(".", 1)[1], text) for key, text in problems.items()
                    if key.startswith(f"carers[{index}].")]
            row.problem.show_problem(" ".join(text for _, text in mine))
            if mine and first is None:
                first = row.name if mine[0][0] == "name" else row.consent
        return first

    def raw(self) -> list[dict[str, Any]]:
        return [row.raw() for row in self.rows]
