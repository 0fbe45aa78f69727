"""Two agreed versions of Lorna's plan grown from the same one, at home on the laptop and at the
practice hub: both kept and flagged on both computers; the hub's nurse merges them into a new
draft, section by section. The agreed versions stay exactly as agreed, the choice is audited
in the same transaction, and the merge settles the conflict on the laptop too."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, text

from careplan_desktop.exchange import ExchangeError
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.conflicts import _Resolver, list_conflicts, resolve_conflict
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.parallel import PlanMerge
from careplan_desktop.models import AuditEvent, Conflict
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.agreement import agree_plan
from careplan_desktop.services.planning.versions import ActionItem, GoalItem, MedicineItem, load_version, save_draft, start_draft

from .helpers import full_dump, logical_dump, person

PART_TABLES = ("goal", "self_care_action", "support_service", "information_prescription", "action", "contingency_plan",
               "contingency_contact", "risk", "medication", "equipment", "participant", "confidence_score",
               "sharing_consent", "personal_health_budget", "budget_line")
BOOKKEEPING = {"status", "revision", "changed_by_device", "changed_at"}


def agree_new_version(vault, change) -> str:
    """Lorna's next version from her agreed plan, changed by `change(draft)`, agreed with her."""
    with vault.reader() as session:
        lorna = person(session, LORNA_NHS).uuid
    draft = start_draft(vault, lorna)
    save_draft(vault, change(draft))
    assert agree_plan(vault, draft.version_uuid, agreed_by_person="Lorna Baxter", agreed_by_clinician="Andrea Clarke",
                      confirm_missing=True).agreed
    return draft.version_uuid


def stored(vault, version_uuid: str) -> tuple[dict, dict]:
    """A version's row and every part of it, exactly as stored."""
    with vault.engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM plan_version WHERE uuid = :u"), {"u": version_uuid}).mappings().one()
        parts = {t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} WHERE plan_version_id = :i ORDER BY id"),
                                                    {"i": row["id"]})] for t in PART_TABLES}
    return dict(row), parts


def same_whoever_superseded(dump: dict, version_uuid: str) -> dict:
    """Lorna's v1 was superseded on both computers (each agreed a v2): the same content and
    history clock, but a superseded version is fixed, so each keeps its own (revision, device).
    That predates the merge and is left out of the comparison."""
    versions = dict(dump["plan_version"])
    versions[version_uuid] = {k: v for k, v in versions[version_uuid].items()
                              if k not in ("revision", "changed_by_device", "changed_at")}
    return dump | {"plan_version": versions}


AT_HOME = "To walk to the corner shop and back."
AT_HUB = "To go to the Thursday lunch club."
HOME_PURPOSE = "Stay independent at home; agreed on a home visit."
RAMIPRIL = MedicineItem("Ramipril", "2.5 mg", "Every morning", "Heart", "green")


@pytest.fixture
def parallel(pair):
    """Lorna's v2 agreed on the laptop and another v2 at the hub, both from v1; imported both ways."""
    on_laptop = agree_new_version(pair.laptop, lambda d: dataclasses.replace(
        d, purpose=HOME_PURPOSE, goals=d.goals + (GoalItem(AT_HOME),), medicines=d.medicines + (RAMIPRIL,),
        review_method="home visit"))
    at_hub = agree_new_version(pair.hub, lambda d: dataclasses.replace(
        d, goals=d.goals + (GoalItem(AT_HUB),), actions=d.actions + (ActionItem("Book a lift to the lunch club", "Pat"),),
        review_method="phone"))
    hub_bundle = export_bundle(pair.hub, pair.shared).path
    assert [c.kind for c in import_bundle(pair.hub, export_bundle(pair.laptop, pair.usb).path).conflicts] == ["parallel"]
    assert [c.kind for c in import_bundle(pair.laptop, hub_bundle).conflicts] == ["parallel"]
    return on_laptop, at_hub


def test_the_inbox_shows_both_versions_section_by_section(pair, parallel):
    on_laptop, at_hub = parallel
    [view] = list_conflicts(pair.hub)
    plans = view.plans
    assert view.person == "Lorna Baxter" and "merge them into a new draft" in view.explanation
    assert (plans.local.uuid, plans.incoming.uuid) == (at_hub, on_laptop)
    assert plans.local.number == plans.incoming.number == 2 and plans.incoming.agreed_by_clinician == "Andrea Clarke"
    sections = {s.key: s for s in plans.sections}
    assert {k for k, s in sections.items() if not s.same} == {"purpose", "goals", "actions", "medicines", "review"}
    assert AT_HUB in sections["goals"].local and AT_HOME in sections["goals"].incoming
    assert sections["medicines"].incoming[-1] == "Ramipril; 2.5 mg; Every morning; Heart; green"
    assert sections["goals"].is_list and not sections["purpose"].is_list


def test_merging_makes_a_draft_of_the_chosen_sections_and_settles_both_computers(pair, parallel):
    on_laptop, at_hub = parallel
    hub_v2, laptop_v2 = load_version(pair.hub, at_hub), load_version(pair.hub, on_laptop)
    before = {uuid: stored(pair.hub, uuid) for uuid in parallel}
    [view] = list_conflicts(pair.hub)

    merge = PlanMerge(base="local", sections={"goals": "both", "medicines": "incoming", "purpose": "incoming",
                                              "actions": "local", "review": "local"})
    resolution = resolve_conflict(pair.hub, view.id, "merged", merge)

    draft = load_version(pair.hub, resolution.draft_uuid)
    assert (draft.status, draft.parent_uuid, draft.number, resolution.draft_number) == ("draft", at_hub, 3, 3)
    # goals from both, each once: the carried-forward goals are in both versions
    assert [g.text for g in draft.goals] == [g.text for g in hub_v2.goals] + [AT_HOME]
    assert len({g.text for g in draft.goals}) == len(draft.goals) == len(hub_v2.goals) + 1
    assert [(m.name, m.dose) for m in draft.medicines] == [(m.name, m.dose) for m in laptop_v2.medicines]
    assert draft.purpose == HOME_PURPOSE and draft.review_method == "phone"
    assert [a.what for a in draft.actions] == [a.what for a in hub_v2.actions]
    assert draft.contingency.warning_signs == hub_v2.contingency.warning_signs  # not named: from the base
    assert all(g.carried_forward for g in draft.goals) and draft.confidence is None

    # both agreed versions exactly as agreed; the base stays the agreed one, the other is superseded
    after = {uuid: stored(pair.hub, uuid) for uuid in parallel}
    assert after[at_hub] == before[at_hub]
    (row_before, parts_before), (row_after, parts_after) = before[on_laptop], after[on_laptop]
    assert parts_after == parts_before and row_after["status"] == "superseded"
    assert {k: v for k, v in row_after.items() if k not in BOOKKEEPING} == \
        {k: v for k, v in row_before.items() if k not in BOOKKEEPING}

    # the conflict is closed, and one audit event names the conflict, both versions and the draft
    assert list_conflicts(pair.hub) == []
    with pair.hub.reader() as session:
        conflict = session.scalar(select(Conflict))
        assert conflict.choice == "merged" and conflict.resolved_by == pair.hub.actor.user_uuid
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "conflict resolved"))
        assert event.record_uuid == conflict.uuid and event.patient_id == person(session, LORNA_NHS).id
        assert (event.details["kept"], event.details["superseded"], event.details["draft"]) == \
            (at_hub, on_laptop, draft.version_uuid)
        assert event.details["sections"]["goals"] == "both"

    # the laptop gets the same: its conflict settles, the draft arrives, nothing new conflicts
    settled = import_bundle(pair.laptop, export_bundle(pair.hub, pair.shared).path)
    assert settled.conflicts_closed == 1 and not settled.conflicts and list_conflicts(pair.laptop) == []
    assert load_version(pair.laptop, draft.version_uuid) == draft
    assert load_version(pair.laptop, on_laptop).status == "superseded" and load_version(pair.laptop, at_hub).status == "agreed"
    assert not import_bundle(pair.hub, export_bundle(pair.laptop, pair.usb).path).conflicts
    hub, laptop = (same_whoever_superseded(logical_dump(vault), hub_v2.parent_uuid) for vault in (pair.hub, pair.laptop))
    assert hub == laptop | {"device": hub["device"]}


def test_a_merge_that_fails_half_way_leaves_nothing_written(pair, parallel, monkeypatch):
    [view] = list_conflicts(pair.hub)
    before = full_dump(pair.hub)

    def broken(self, losing):
        raise ExchangeError("The disk is full.")

    monkeypatch.setattr(_Resolver, "_supersede", broken)  # after the draft is written
    with pytest.raises(ExchangeError, match="disk is full"):
        resolve_conflict(pair.hub, view.id, "merged", PlanMerge(base="incoming", sections={"goals": "both"}))
    assert full_dump(pair.hub) == before


def test_merges_that_cannot_be_made_are_refused_in_plain_words(pair, parallel):
    on_laptop, at_hub = parallel
    [view] = list_conflicts(pair.hub)
    before = full_dump(pair.hub)
    with pytest.raises(ExchangeError, match="Choose which version the new draft continues from"):
        resolve_conflict(pair.hub, view.id, "merged", PlanMerge(base="", sections={}))
    with pytest.raises(ExchangeError, match="Only lists .* Sharing consent"):
        resolve_conflict(pair.hub, view.id, "merged", PlanMerge(base="local", sections={"sharing": "both"}))
    assert full_dump(pair.hub) == before
    # a draft already in progress for Lorna: one draft at a time
    with pair.hub.reader() as session:
        lorna = person(session, LORNA_NHS).uuid
    start_draft(pair.hub, lorna)
    with pytest.raises(ExchangeError, match="version 3.* already being drafted"):
        resolve_conflict(pair.hub, view.id, "merged", PlanMerge(base="local", sections={"goals": "both"}))
    # keeping one still works, as before
    resolve_conflict(pair.hub, view.id, "keep_incoming")
    assert load_version(pair.hub, at_hub).status == "superseded" and load_version(pair.hub, on_laptop).status == "agreed"
