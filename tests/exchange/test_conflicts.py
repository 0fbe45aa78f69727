"""The same record changed on both sides: both versions kept, flagged, the same state in either
order; resolving creates the chosen version and the choice travels."""

from __future__ import annotations

from sqlalchemy import select

from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.conflicts import list_conflicts, resolve_conflict
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.models import Conflict, Goal
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS

from .helpers import logical_dump, person, versions


def _set_phone(vault, phone: str) -> None:
    with vault.transaction() as session:
        person(session, LORNA_NHS).phone = phone


def _phone(vault) -> str:
    with vault.reader() as session:
        return person(session, LORNA_NHS).phone


def test_changed_on_both_sides_keeps_both_and_flags_it_in_both_vaults(pair):
    _set_phone(pair.hub, "01632 960 001")
    _set_phone(pair.laptop, "01632 960 002")
    from_hub = export_bundle(pair.hub, pair.shared).path
    from_laptop = export_bundle(pair.laptop, pair.usb).path

    at_hub = import_bundle(pair.hub, from_laptop)
    at_laptop = import_bundle(pair.laptop, from_hub)
    assert [(c.kind, c.entity) for c in at_hub.conflicts] == [("changed_both", "patient")]
    assert [(c.kind, c.entity) for c in at_laptop.conflicts] == [("changed_both", "patient")]
    assert _phone(pair.hub) == "01632 960 001" and _phone(pair.laptop) == "01632 960 002"  # never overwritten
    [hub_view], [laptop_view] = list_conflicts(pair.hub), list_conflicts(pair.laptop)
    assert hub_view.differing == laptop_view.differing == ("phone",)
    assert hub_view.incoming["phone"] == "01632 960 002" and laptop_view.incoming["phone"] == "01632 960 001"
    assert hub_view.incoming_device_name == "Andrea's laptop"
    # both vaults keep both versions of the record
    assert {hub_view.local["phone"], hub_view.incoming["phone"]} == {laptop_view.local["phone"], laptop_view.incoming["phone"]}

    # the nurse at the hub keeps the laptop's phone number; the choice reaches the laptop and settles it
    resolution = resolve_conflict(pair.hub, hub_view.id, "keep_incoming")
    assert _phone(pair.hub) == "01632 960 002" and resolution.revision > 2
    settled = import_bundle(pair.laptop, export_bundle(pair.hub, pair.shared).path)
    assert settled.conflicts_closed == 1 and list_conflicts(pair.laptop) == []
    assert _phone(pair.laptop) == "01632 960 002"
    import_bundle(pair.hub, export_bundle(pair.laptop, pair.usb).path)
    assert list_conflicts(pair.hub) == []
    hub, laptop = logical_dump(pair.hub), logical_dump(pair.laptop)
    assert hub["patient"] == laptop["patient"]
    with pair.hub.reader() as session:
        resolved = session.scalar(select(Conflict))
        assert resolved.choice == "keep_incoming" and resolved.resolved_by == pair.hub.actor.user_uuid


def test_both_import_orders_end_in_the_same_state(pair):
    """Two bundles from the laptop (and one from the hub) applied to two copies of the hub in
    different orders: the same records, the same open conflicts."""
    _set_phone(pair.hub, "01632 960 010")
    _set_phone(pair.laptop, "01632 960 011")
    first = export_bundle(pair.laptop, pair.usb).path
    with pair.laptop.transaction() as session:
        person(session, LORNA_NHS).phone = "01632 960 012"
        jack = versions(session, JACK_NHS)[0]
        session.add(Goal(plan_version=jack, position=9, text="Sleep through the night."))
    second = export_bundle(pair.laptop, pair.usb).path
    other = pair.copy_of("hub-copy.vault")
    try:
        for bundle in (first, second):
            import_bundle(pair.hub, bundle)
        for bundle in (second, first):
            import_bundle(other, bundle)
        assert logical_dump(pair.hub) == logical_dump(other)
        [conflict] = list_conflicts(other)
        assert conflict.incoming["phone"] == "01632 960 012" and conflict.local["phone"] == "01632 960 010"
    finally:
        other.lock()


def test_merged_choice_writes_a_new_version_with_both_histories(pair):
    with pair.hub.transaction() as session:
        lorna = person(session, LORNA_NHS)
        lorna.phone, lorna.postcode = "01632 960 021", "ZZ99 1AA"
    with pair.laptop.transaction() as session:
        lorna = person(session, LORNA_NHS)
        lorna.phone, lorna.postcode = "01632 960 022", "ZZ99 2BB"  # both changed both fields: both clash
    import_bundle(pair.hub, export_bundle(pair.laptop, pair.usb).path)
    [view] = list_conflicts(pair.hub)
    assert set(view.differing) == {"phone", "postcode"}
    resolve_conflict(pair.hub, view.id, "merged", {"phone": "01632 960 022"})
    with pair.hub.reader() as session:
        lorna = person(session, LORNA_NHS)
        assert (lorna.phone, lorna.postcode) == ("01632 960 022", "ZZ99 1AA")
    # merging into a field that does not exist is refused
    import pytest

    from careplan_desktop.exchange import ExchangeError

    with pytest.raises(ExchangeError, match="already been resolved"):
        resolve_conflict(pair.hub, view.id, "keep_local")
    result = import_bundle(pair.laptop, export_bundle(pair.hub, pair.shared).path)
    assert not result.conflicts and result.changed["patient"] == 1


def test_changed_here_and_deleted_there_keeps_the_change(pair):
    with pair.hub.transaction() as session:
        goal = session.scalars(select(Goal).where(Goal.plan_version_id == versions(session, JACK_NHS)[0].id)).first()
        goal_uuid = goal.uuid
        session.delete(goal)
    with pair.laptop.transaction() as session:
        session.scalar(select(Goal).where(Goal.uuid == goal_uuid)).text = "Play eighteen holes by the autumn."
    result = import_bundle(pair.laptop, export_bundle(pair.hub, pair.usb).path)
    assert [c.kind for c in result.conflicts] == ["deleted_there"]
    with pair.laptop.reader() as session:
        assert session.scalar(select(Goal).where(Goal.uuid == goal_uuid)).text.startswith("Play eighteen")
    back = import_bundle(pair.hub, export_bundle(pair.laptop, pair.shared).path)
    assert [c.kind for c in back.conflicts] == ["deleted_here"]
    [view] = list_conflicts(pair.hub)
    resolve_conflict(pair.hub, view.id, "keep_incoming")  # bring the laptop's goal back
    with pair.hub.reader() as session:
        assert session.scalar(select(Goal).where(Goal.uuid == goal_uuid)).text.startswith("Play eighteen")
    settled = import_bundle(pair.laptop, export_bundle(pair.hub, pair.usb).path)
    assert settled.conflicts_closed == 1 and list_conflicts(pair.laptop) == []
