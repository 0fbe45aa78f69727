"""Issue 14, section 2: a round trip is not a conflict. Real bundles only: the laptop is a new,
empty vault that receives the practice by a bundle (not a copy of the hub's vault file)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from careplan_desktop.exchange import keys
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.models import Goal, Patient, PlanVersion, VersionStatus
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS
from careplan_desktop.services.planning.rows import load_parts
from careplan_desktop.store import Vault
from tests.conftest import TEST_PASSPHRASE

from .helpers import introduce, logical_dump, person, versions


def new_laptop(pair, name: str = "Andrea's laptop") -> Vault:
    """A new computer: an empty vault, the practice key installed, a name."""
    path = pair.folder / f"{name[:6]}-{len(list(pair.folder.glob('*-new-1.vault')))}-new-1.vault"
    laptop = Vault.create(path, TEST_PASSPHRASE, TEST_PASSPHRASE,
                          user_name="Andrea Clarke", device_name=name)
    keys.install_key(laptop, pair.key_file)
    keys.name_this_device(laptop, name)
    introduce(pair.hub, laptop)
    return laptop


def send(source: Vault, target: Vault, folder: Path, *, scope: str = "changed"):
    """Export from one vault into a folder and import that bundle into the other."""
    folder.mkdir(exist_ok=True)
    made = export_bundle(source, folder, scope=scope, printouts=False)
    if made.nothing_to_send:
        return None
    return import_bundle(target, made.path)


def records_only(dump: dict) -> dict:
    return {name: rows for name, rows in dump.items() if name != "device"}


def test_hub_laptop_hub_laptop_round_trips_with_edits_on_one_side_give_no_conflict(pair) -> None:
    hub = pair.hub
    laptop = new_laptop(pair)
    try:
        to_laptop, to_hub = pair.folder / "to-laptop", pair.folder / "to-hub"
        first = send(hub, laptop, to_laptop, scope="all")
        assert first.created["patient"] >= 6 and not first.conflicts

        # the matron reviews Lorna on the laptop: a new review date
        with laptop.transaction() as session:
            person(session, LORNA_NHS).next_review_date = dt.date(2027, 3, 1)
        back = send(laptop, hub, to_hub)
        assert back.conflicts == [] and back.changed["patient"] == 1
        with hub.reader() as session:
            assert person(session, LORNA_NHS).next_review_date == dt.date(2027, 3, 1)

        # the hub sends what it has (nothing new of Lorna's): the laptop sees no conflict
        again = send(hub, laptop, to_laptop)
        assert again is None or again.conflicts == []

        # now the hub edits Lorna (the laptop's version) and Jack, and sends them: no conflict
        with hub.transaction() as session:
            person(session, LORNA_NHS).phone = "01632 960 001"
            person(session, JACK_NHS).next_review_date = dt.date(2027, 4, 5)
        there = send(hub, laptop, to_laptop)
        assert there.conflicts == [] and there.changed["patient"] == 2
        # and the laptop again, after the hub's edit
        with laptop.transaction() as session:
            person(session, LORNA_NHS).next_review_date = dt.date(2027, 6, 1)
        home = send(laptop, hub, to_hub)
        assert home.conflicts == [] and home.changed["patient"] == 1
        send(hub, laptop, to_laptop)
        send(laptop, hub, to_hub)

        for vault in (hub, laptop):
            with vault.reader() as session:
                lorna = person(session, LORNA_NHS)
                assert (lorna.next_review_date, lorna.phone) == (dt.date(2027, 6, 1), "01632 960 001")
        hub_dump, laptop_dump = logical_dump(hub), logical_dump(laptop)
        assert hub_dump["conflicts"] == [] and laptop_dump["conflicts"] == []
        assert records_only(hub_dump) == records_only(laptop_dump)
    finally:
        laptop.lock()


def _draft_for_lorna(vault: Vault) -> str:
    with vault.transaction() as session:
        agreed = [v for v in versions(session, LORNA_NHS) if v.status == VersionStatus.AGREED.value][0]
        draft = PlanVersion(care_plan_id=agreed.care_plan_id, patient_id=agreed.patient_id, number=agreed.number + 1,
                            parent_uuid=agreed.uuid, started_on=dt.date(2026, 5, 4), purpose=agreed.purpose,
                            what_matters=agreed.what_matters)
        session.add(draft)
        session.flush()
        return draft.uuid


def _add_goal(vault: Vault, version_uuid: str, text: str) -> None:
    with vault.transaction() as session:
        version = session.scalar(select(PlanVersion).where(PlanVersion.uuid == version_uuid))
        position = len(session.scalars(select(Goal).where(Goal.plan_version_id == version.id)).all())
        session.add(Goal(plan_version=version, position=position, text=text))


def _goals(vault: Vault, version_uuid: str) -> list[str]:
    with vault.reader() as session:
        version = session.scalar(select(PlanVersion).where(PlanVersion.uuid == version_uuid))
        return [goal.text for goal in load_parts(session, version)[Goal]]


def test_goals_added_on_two_computers_end_in_the_same_order_whatever_order_bundles_arrive(pair) -> None:
    hub = pair.hub
    laptop = new_laptop(pair)
    desk = new_laptop(pair, "Reception desk")
    introduce(laptop, desk)
    try:
        draft = _draft_for_lorna(hub)
        for other in (laptop, desk):
            send(hub, other, pair.folder / f"to-{other.device_name[:4]}", scope="all")
        _add_goal(hub, draft, "Walk to the newsagent every morning.")
        _add_goal(laptop, draft, "Go to the singing group on Thursdays.")
        _add_goal(desk, draft, "Sleep through the night.")
        # the three bundles reach each computer in a different order
        bundles = {}
        for vault, folder in ((hub, "from-hub"), (laptop, "from-laptop"), (desk, "from-desk")):
            (pair.folder / folder).mkdir()
            bundles[vault.device_name] = export_bundle(vault, pair.folder / folder, printouts=False).path
        import_bundle(hub, bundles[desk.device_name])
        import_bundle(hub, bundles[laptop.device_name])
        import_bundle(laptop, bundles[desk.device_name])
        import_bundle(laptop, bundles[hub.device_name])
        import_bundle(desk, bundles[hub.device_name])
        import_bundle(desk, bundles[laptop.device_name])
        orders = [_goals(vault, draft) for vault in (hub, laptop, desk)]
        assert len(orders[0]) == len(set(orders[0])) and {"Sleep through the night.", "Walk to the newsagent every morning.",
                                                          "Go to the singing group on Thursdays."} <= set(orders[0])
        assert orders[0] == orders[1] == orders[2]
        assert all(logical_dump(v)["conflicts"] == [] for v in (hub, laptop, desk))
    finally:
        laptop.lock()
        desk.lock()


def test_a_new_computer_has_no_patient_twice_after_the_first_bundle(pair) -> None:
    laptop = new_laptop(pair)
    try:
        send(pair.hub, laptop, pair.folder / "usb-first", scope="all")
        with pair.hub.reader() as hub_session, laptop.reader() as session:
            assert len(session.scalars(select(Patient)).all()) == len(hub_session.scalars(select(Patient)).all())
    finally:
        laptop.lock()
