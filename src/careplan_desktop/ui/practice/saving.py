"""Saving what the practice form holds, for the set-up dialog and the Settings screen alike.

The details are checked here first (a pure check, no vault), so a problem names its box and the
cursor goes there; then the write runs on the task runner (one transaction, audited), and the
context's copy of the practice is read again when every screen is told of the change.
"""

from __future__ import annotations

from collections.abc import Callable

from careplan_desktop.services.practice.details import save_practice, settings_refusal
from careplan_desktop.services.practice.values import PracticeProblem, PracticeSettings, checked

from ..context import AppContext
from ..widgets import ProblemLabel
from .form import PracticeForm


def refusal(context: AppContext) -> str | None:
    """Why the person signed in may not change the practice's settings (None: they may)."""
    return settings_refusal(context.open_vault()) if context.is_unlocked else "CarePlan Desktop is locked."


def save_form(context: AppContext, form: PracticeForm, problem: ProblemLabel, *, by: object,
              on_saved: Callable[[PracticeSettings], None], on_failed: Callable[[], None] = lambda: None) -> bool:
    """Start saving; False (and the problem shown) when it cannot start."""
    why_not = refusal(context)
    if why_not:
        problem.show_problem(why_not)
        return False
    try:
        practice = checked(form.values())
    except PracticeProblem as error:
        problem.show_problem(str(error))
        form.focus_field(error.field_name)
        return False
    problem.clear_problem()
    vault = context.open_vault()

    def saved(result: PracticeSettings) -> None:
        context.practice = result
        on_saved(result)

    context.tasks.write(lambda control: save_practice(vault, practice), by=by, name="save practice",
                        on_finished=saved, on_failed=lambda message: (problem.show_problem(message), on_failed()))
    return True
