"""The parts that fit only some people, closed until used: future care wishes (structured, in
`future_care`, with any earlier free-text notes kept beneath), the name the person gives their
plan, and a personal health budget with a running total that must not pass the amount.

A budget whose costed lines add up to more than the amount is refused by the planning rules;
the page shows that rule's own message in red, and the rest of the plan still saves (the
screen saves the last budget that kept the rule until the lines are put right).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from careplan_desktop.models import new_uuid
from careplan_desktop.services.planning.versions import (
    BUDGET_CATEGORIES, BUDGET_MANAGEMENT, BudgetLineItem, HealthBudget, PlanDraft, PlanRuleError, money,
    validate_draft,
)

from ..widgets import ProblemLabel, scaled_font
from .fields import ChoiceField, Collapsible, MoneyField, TextArea, caption, carried_badge
from .future_care import FutureCareEditor, PlanTitleField, plan_title_row
from .item_list import Column, ItemListEditor
from .section_page import SectionPage


def budget_problem(budget: HealthBudget | None) -> str:
    """The planning rules' message for this budget, or ''."""
    if budget is None:
        return ""
    try:
        validate_draft(PlanDraft(version_uuid="", patient_uuid="", budget=budget))
    except PlanRuleError as problem:
        return str(problem)
    return ""


class OptionalPage(SectionPage):
    def build(self) -> None:
        self.plan_title = PlanTitleField(self.content)
        for widget in (*plan_title_row(self.plan_title, self.content), self.plan_title):
            self.column.addWidget(widget)
        self.plan_title.edited.connect(self._edited)
        self.end_of_life = Collapsible("Future care wishes",
                                       "Closed: open it if the person wants to talk about this.", self.content)
        self.future_care = FutureCareEditor(self.end_of_life.body)
        self.end_of_life.body_layout.addWidget(self.carried_mark("future_care.choice"))  # check a DNACPR form is still where it was
        self.end_of_life.body_layout.addWidget(self.future_care)
        self.future_care.edited.connect(self._edited)
        self.end_of_life_text = TextArea("Other notes about end-of-life and advance care preferences",
                                         self.end_of_life.body, lines=2,
                                         placeholder="Anything else the person wants, where, and who should know")
        self.end_of_life.body_layout.addWidget(caption("Other notes", self.end_of_life_text, self.end_of_life.body))
        self.end_of_life.body_layout.addWidget(self.carried_mark("end_of_life_preferences"))
        self.end_of_life.body_layout.addWidget(self.end_of_life_text)
        self.end_of_life_text.edited.connect(self._edited)
        self.column.addWidget(self.end_of_life)

        self.budget_part = Collapsible("Personal health budget",
                                       "Closed: open it if the person has a personal health budget.", self.content)
        body = self.budget_part.body_layout
        self.budget_carried = carried_badge(self.budget_part.body)
        self.budget_carried.hide()
        body.addWidget(self.budget_carried, 0, Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.amount = MoneyField("Budget amount in pounds", self.budget_part.body)
        self.management = ChoiceField("How the budget is managed", BUDGET_MANAGEMENT, self.budget_part.body,
                                      blank="Not chosen yet")
        form.addRow(caption("&Amount (£)", self.amount, self.budget_part.body), self.amount)
        form.addRow("", self.amount.problem)
        form.addRow(caption("&Managed as", self.management, self.budget_part.body), self.management)
        body.addLayout(form)
        self.total = QLabel(self.budget_part.body)
        self.total.setObjectName("budget_total")
        self.total.setFont(scaled_font(self.total.font(), 1.05, bold=True))
        self.total.setAccessibleName("Running total")
        self.total.setWordWrap(True)
        body.addWidget(self.total)
        self.problem = ProblemLabel("Budget problem", self.budget_part.body)
        self.problem.setObjectName("budget_problem")
        body.addWidget(self.problem)
        self.lines = ItemListEditor(
            "Costed lines", "Budget line",
            [Column("category", "Kind", kind="choice", choices=BUDGET_CATEGORIES, stretch=2),
             Column("amount_pence", "Amount (£)", kind="money", stretch=1),
             Column("description", "What for", line=1)],
            lambda: BudgetLineItem(category="personal assistant", uuid=new_uuid()), self.budget_part.body,
            add_text="Add a costed line",
        )
        body.addWidget(self.lines)
        row = QHBoxLayout()
        self.remove_budget = QPushButton("Remove the budget from this plan", self.budget_part.body)
        self.remove_budget.setAutoDefault(False)
        self.remove_budget.clicked.connect(self._remove_budget)
        row.addWidget(self.remove_budget)
        row.addStretch(1)
        body.addLayout(row)
        self.column.addWidget(self.budget_part)

        for signal in (self.amount.edited, self.management.edited, self.lines.changed):
            signal.connect(self._budget_edited)
        self._budget_base: HealthBudget | None = None

    # -- the budget ---------------------------------------------------------------------------
    def current_budget(self) -> HealthBudget | None:
        """The budget as typed; None when there is none (never opened, or removed and blank)."""
        lines = self.lines.items()
        blank = not lines and self.amount.pence() == 0 and not self.management.value()
        if self._budget_base is None and blank:
            return None
        base = self._budget_base or HealthBudget()
        return dataclasses.replace(base, amount_pence=self.amount.pence(), management=self.management.value(),
                                   lines=lines)

    def _budget_edited(self) -> None:
        self.show_total()
        self._edited()

    def show_total(self) -> None:
        budget = self.current_budget()
        if budget is None:
            self.total.setText("")
            self.problem.clear_problem()
            return
        total, amount = budget.lines_total_pence, budget.amount_pence
        if total > amount:
            text = f"Costed lines {money(total)} of {money(amount)}: {money(total - amount)} over the budget"
        else:
            text = f"Costed lines {money(total)} of {money(amount)}: {money(amount - total)} left"
        self.total.setText(text)
        self.total.setAccessibleDescription(text)
        self.show_rule_problem(budget_problem(budget))

    def show_rule_problem(self, message: str) -> None:
        """The planning rule's message (shown as it is), or '' to clear it."""
        if message:
            self.problem.show_problem(message + " Until then the budget is not saved; the rest of the plan is.")
            self.budget_part.set_open(True)
        else:
            self.problem.clear_problem()

    def _remove_budget(self) -> None:
        self._budget_base = None
        with self.filling():
            self.amount.set_pence(0)
            self.management.set_value("")
            self.lines.set_items(())
        self.budget_carried.hide()
        self.show_total()
        self.changed.emit()

    # -- the page -------------------------------------------------------------------------------
    def fill(self, draft: PlanDraft) -> None:
        self.end_of_life_text.set_value(draft.end_of_life_preferences)
        self.future_care.set_wishes(draft.future_care)
        self.plan_title.set_value(draft.plan_title)
        self.end_of_life.set_open(bool(draft.end_of_life_preferences.strip()) or draft.future_care.choice != "")
        budget = draft.budget
        self._budget_base = budget
        self.amount.set_pence(budget.amount_pence if budget else 0)
        self.management.set_value(budget.management if budget else "")
        self.lines.set_items(budget.lines if budget else ())
        self.budget_carried.setVisible(bool(budget and budget.carried_forward))
        self.budget_part.set_open(budget is not None)
        self.show_total()

    def apply(self, draft: PlanDraft) -> PlanDraft:
        return dataclasses.replace(draft, end_of_life_preferences=self.end_of_life_text.value(),
                                   future_care=self.future_care.wishes_value(draft.future_care),
                                   plan_title=self.plan_title.value(), budget=self.current_budget())

    def first_field(self) -> QWidget:
        return self.plan_title

    @property
    def has_budget(self) -> bool:
        return self.current_budget() is not None
