"""The printout's parts about the person, from one version of their plan: about me and what
matters to me, the information they were given, their personal health budget, their future care
wishes (only when they talked about them and agreed they go on the printout) and the name they
chose for their plan. Reads nothing but the `PlanDraft`; no Qt."""

from __future__ import annotations

import dataclasses
from typing import Any

from careplan_desktop.documents.person_data import (
    AboutMeText, BudgetLineText, BudgetText, FutureCareText, InformationLine,
)
from careplan_desktop.services.planning.draft import FutureCareWishes, PlanDraft


def _clean(text: str | None) -> str:
    return (text or "").strip()


def future_care_for_printout(wishes: FutureCareWishes) -> FutureCareText | None:
    """The wishes as printed, or None: never printed unless the person talked about them and
    agreed they go on the printout."""
    if not (wishes.talked and wishes.on_printout):
        return None
    values = {f.name: _clean(getattr(wishes, f.name)) for f in dataclasses.fields(FutureCareText)}
    return FutureCareText(**values)


def person_parts(draft: PlanDraft) -> dict[str, Any]:
    """The `YellowFolderData` fields made from the person's own parts of the plan."""
    about = draft.about_me
    budget = None
    if draft.budget is not None:
        budget = BudgetText(draft.budget.amount_pence, _clean(draft.budget.management),
                            tuple(BudgetLineText(line.category, _clean(line.description), line.amount_pence)
                                  for line in draft.budget.lines if _clean(line.description) or line.amount_pence))
    return {
        "plan_title": _clean(draft.plan_title),
        "about_me": AboutMeText(_clean(about.what_matters), _clean(about.story_new), _clean(about.story_good),
                                _clean(about.story_tough), _clean(about.communication_preferences)),
        "information": tuple(InformationLine(_clean(item.topic), _clean(item.source) or None, item.given_on)
                             for item in draft.information if _clean(item.topic)),
        "budget": budget,
        "future_care": future_care_for_printout(draft.future_care),
    }
