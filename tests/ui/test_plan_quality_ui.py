"""The key-elements panel: it ticks as Lorna's plan fills, names what is missing, and warns about a
goal worded as a service and about a goal list identical to another person's plan."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS
from careplan_desktop.services.planning.agreement import versions_of
from careplan_desktop.services.planning.quality import KEY_ELEMENTS, load_quality_wording
from careplan_desktop.services.planning.versions import (
    ActionItem, ContactItem, Contingency, GoalItem, ParticipantItem, SelfCareItem, SupportItem, load_version,
    save_draft, start_draft,
)
from careplan_desktop.ui.plan.quality_panel import QualityPanel
from careplan_desktop.ui.workers import SynchronousPool


def uuid_of(vault, nhs_number: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == nhs_number))


@pytest.fixture
def demo(tmp_path: Path, make_context, demo_vaults):
    """A small demo vault, unlocked, with a context whose jobs run at once."""
    path = tmp_path / "demo" / "demo.vault"
    vault = demo_vaults.open(path, DEMO_PASSPHRASE, patients=5)
    return make_context(path, vault, pool=SynchronousPool())


@pytest.fixture
def panel(qtbot, demo):
    widget = QualityPanel(context=demo)
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show()
    return widget


def titles() -> dict[str, str]:
    return {code: words["title"] for code, words in load_quality_wording().elements.items()}


def test_the_panel_ticks_as_lornas_plan_fills_and_names_what_is_missing(panel, demo) -> None:
    vault = demo.vault
    # Lorna has an agreed version 1; version 2 is started blank (not carried forward) so that
    # every section is filled in front of the panel
    draft = start_draft(vault, uuid_of(vault, LORNA_NHS), from_last_agreed=False)
    assert draft.number == 2 and draft.goals == ()
    names = titles()
    report = panel.show_draft(draft, level_of_need=3)
    assert panel.ticked() == [] and len(report.elements) == 9
    assert "Key elements: 0 of 9" in panel.shown_text()

    steps = [
        ("purpose", dict(purpose="Help Lorna stay independent at home.")),
        ("information_beforehand", dict(about_me=dataclasses.replace(
            draft.about_me, information_beforehand="Results letter sent a week before."))),
        ("goals", dict(goals=(GoalItem("To go to bingo every Thursday with Pat."),))),
        ("self_care", dict(self_care=(SelfCareItem("Do my knee exercises after breakfast."),))),
        ("support", dict(support=(SupportItem("Age UK befriending"),))),
        ("contingency", dict(contingency=Contingency(
            warning_signs="Shaky and sweaty before a hypo.",
            contacts=(ContactItem("Andrea Clarke", "01632 960 777"),)))),
        ("actions", dict(actions=(ActionItem("Order a perching stool", who="Andrea"),))),
        ("involved", dict(participants=(ParticipantItem("Lorna Baxter", "the person"),
                                        ParticipantItem("Andrea Clarke", "community matron", is_lead=True)))),
        ("review", dict(review_date=draft.started_on.replace(year=draft.started_on.year + 1),
                        review_method="home visit")),
    ]
    done: list[str] = []
    for code, change in steps:
        draft = dataclasses.replace(draft, **change)
        panel.show_draft(draft, level_of_need=3)
        done.append(code)
        assert panel.ticked() == done, code
        text = panel.shown_text()
        assert f"Key elements: {len(done)} of 9" in text
        still_missing = [c for c in KEY_ELEMENTS if c not in done]
        if still_missing:
            summary = next(line for line in text.splitlines() if line.startswith("Missing: "))
            assert summary == "Missing: " + "; ".join(names[c] for c in still_missing) + "."
            assert f"{names[still_missing[0]]}  (missing)" in text
            assert "To complete: " in text
        else:
            assert "The plan has every key element." in text
    assert panel.report.complete

    # a lead professional is needed at level 3: without one "who was involved" is missing again,
    # with the hint that says why
    no_lead = dataclasses.replace(draft, participants=(ParticipantItem("Lorna Baxter", "the person"),))
    panel.show_draft(no_lead, level_of_need=3)
    assert "involved" not in panel.ticked()
    assert load_quality_wording().elements["involved"]["hint_lead"] in panel.shown_text()
    panel.show_draft(no_lead, level_of_need=1)
    assert "involved" in panel.ticked()

    save_draft(vault, draft)
    panel.check_saved(draft.version_uuid)  # the stored version gives the same answer
    assert panel.report.complete and panel.report.version_uuid == draft.version_uuid


def test_a_goal_worded_as_a_service_and_goals_copied_from_another_person_are_warned_about(panel, demo) -> None:
    vault = demo.vault
    wording = load_quality_wording().warnings
    lorna = start_draft(vault, uuid_of(vault, LORNA_NHS))  # version 2, carried forward from version 1
    lorna = dataclasses.replace(lorna, goals=lorna.goals + (GoalItem("attend diabetes clinic"),))
    panel.show_draft(lorna, level_of_need=3)
    text = panel.shown_text()
    assert "\u201cattend diabetes clinic\u201d" in text and wording["reads_like_service"] in text
    assert wording["goals_copied"] not in text
    assert [w.code for w in panel.report.warnings] == ["reads_like_service"]

    # Lorna's goals made word for word the same as Jack's current plan (order and case aside)
    jack_versions = versions_of(vault, uuid_of(vault, JACK_NHS))
    jack_goals = [g.text for g in load_version(vault, jack_versions[-1].uuid).goals]
    assert len(jack_goals) >= 2
    copied = dataclasses.replace(lorna, goals=tuple(GoalItem(text.upper()) for text in reversed(jack_goals)))
    saved = save_draft(vault, copied).draft
    panel.show_draft(saved, level_of_need=3)
    assert wording["goals_copied"] not in panel.shown_text()  # the pure check cannot know
    panel.check_saved(saved.version_uuid)  # after a save: the full check reads other plans
    assert wording["goals_copied"] in panel.shown_text()
    assert "goals_copied" in [w.code for w in panel.report.warnings]

    panel.show_draft(saved, level_of_need=3)  # the next edit elsewhere keeps the finding ...
    assert wording["goals_copied"] in panel.shown_text()
    reworded = dataclasses.replace(saved, goals=saved.goals[:-1] + (GoalItem("To walk to the post box and back"),))
    panel.show_draft(reworded, level_of_need=3)  # ... until the goals change
    assert wording["goals_copied"] not in panel.shown_text()

    # both warnings at once: a service-like goal among goals copied from Jack
    both = dataclasses.replace(saved, goals=saved.goals + (GoalItem("See the physio"),))
    jack_draft = start_draft(vault, uuid_of(vault, JACK_NHS))
    save_draft(vault, dataclasses.replace(jack_draft, goals=tuple(GoalItem(g.text) for g in both.goals)))
    panel.show_draft(save_draft(vault, both).draft, level_of_need=3)
    panel.check_saved(both.version_uuid)
    codes = sorted(w.code for w in panel.report.warnings)
    assert codes == ["goals_copied", "reads_like_service"]
    assert "\u201cSee the physio\u201d" in panel.shown_text()


def test_clearing_forgets_the_plan(panel, demo) -> None:
    draft = start_draft(demo.vault, uuid_of(demo.vault, LORNA_NHS))
    panel.show_draft(draft, level_of_need=3)
    assert panel.report.warnings == ()  # her own goals are not warned about as services ...
    assert "Worth a second look" not in panel.shown_text()  # (nothing serves them yet: that is said apart)
    panel.show_draft(dataclasses.replace(draft, goals=(GoalItem("go to the clinic"),)), level_of_need=3)
    assert "go to the clinic" in panel.shown_text()  # ... a service-like one is
    panel.clear()
    assert panel.report is None and "clinic" not in panel.shown_text()
