"""The fields the reports count (issue 15): a goal's theme, how and to whom an information
prescription was given, and "what I need that nobody provides yet": saved, read back, kept
with the agreed version, carried into the next draft, compared, and refused when not one of
the listed choices."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from careplan_desktop.models import UnmetNeed
from careplan_desktop.services.planning.agreement import compare_versions
from careplan_desktop.services.planning.versions import (
    GoalItem, InformationItem, PlanRuleError, UnmetNeedItem, load_version, save_draft, start_draft,
)

from tests.services.test_planning import TODAY, add_person, agreed_plan, demo  # noqa: F401 (fixture)


def test_theme_method_recipient_and_unmet_need_are_kept_and_compared(demo):  # noqa: F811
    person = add_person(demo, "9434765919", "Ada", "Report")
    first = agreed_plan(demo, person,
                        goals=(GoalItem(text="Walk to the shops", theme="getting out and about"),),
                        information=(InformationItem(topic="Hypos", method="posted", recipient="the carer"),),
                        unmet_needs=(UnmetNeedItem(need="A lift to the day centre", theme="getting out and about"),))
    stored = load_version(demo, first)
    assert stored.goals[0].theme == "getting out and about"
    assert (stored.information[0].method, stored.information[0].recipient) == ("posted", "the carer")
    assert [(u.need, u.theme) for u in stored.unmet_needs] == [("A lift to the day centre", "getting out and about")]

    draft = start_draft(demo, person, today=TODAY)
    assert [u.need for u in draft.unmet_needs] == ["A lift to the day centre"]
    assert draft.unmet_needs[0].carried_forward
    changed = dataclasses.replace(draft, unmet_needs=(dataclasses.replace(draft.unmet_needs[0], theme="other"),))
    save_draft(demo, changed)
    with demo.reader() as session:
        assert session.scalar(select(UnmetNeed.theme).where(UnmetNeed.need == "A lift to the day centre",
                                                            UnmetNeed.carried_forward)) == "other"
    differences = compare_versions(demo, first, draft.version_uuid)
    assert [(d.title, d.kind, d.before, d.after) for d in differences if d.section == "unmet_needs"] == [
        ("What I need that nobody provides yet", "changed", "A lift to the day centre; getting out and about",
         "A lift to the day centre; other")]


@pytest.mark.parametrize("section, item", [
    ("goals", GoalItem(text="Garden", theme="gardening")),
    ("information", InformationItem(topic="Feet", method="carrier pigeon")),
    ("information", InformationItem(topic="Feet", recipient="the neighbour")),
    ("unmet_needs", UnmetNeedItem(need="Transport", theme="buses")),
])
def test_a_choice_not_in_the_list_is_refused(demo, section, item):  # noqa: F811
    person = add_person(demo, "9434765919", "Ada", "Report")
    draft = start_draft(demo, person, today=TODAY)
    with pytest.raises(PlanRuleError, match="must be one of"):
        save_draft(demo, dataclasses.replace(draft, **{section: (item,)}))
