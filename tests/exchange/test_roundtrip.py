"""Two vaults, "Practice hub" and "Andrea's laptop": what is recorded on one reaches the other."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from careplan_desktop.exchange import outbox
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.conflicts import list_conflicts, resolve_conflict
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.inbox import waiting_bundles
from careplan_desktop.models import AuditEvent, Goal, Medication, PlanVersion, Review, VersionStatus
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS

from .helpers import full_dump, logical_dump, person, versions


def _review_lorna_offline(vault) -> str:
    with vault.transaction() as session:
        lorna = person(session, LORNA_NHS)
        agreed = versions(session, LORNA_NHS)[0]
        review = Review(patient_id=lorna.id, plan_version_uuid=agreed.uuid, reviewed_on=dt.date.today(), method="home visit",
                        what_changed="Knees better since the perching stool arrived.", confidence=7, outcome="continued",
                        goal_progress=[], next_review_date=dt.date.today() + dt.timedelta(days=90), reviewed_by="Andrea Clarke")
        session.add(review)
        lorna.next_review_date = review.next_review_date
        session.flush()
        return review.uuid


def _new_agreed_version(vault, nhs: str, *, medicine: str) -> str:
    """A new version from the agreed one, with a changed medicine list, agreed; the old one superseded."""
    with vault.transaction() as session:
        old = [v for v in versions(session, nhs) if v.status == VersionStatus.AGREED.value][0]
        new = PlanVersion(care_plan_id=old.care_plan_id, patient_id=old.patient_id, number=old.number + 1,
                          parent_uuid=old.uuid, started_on=dt.date.today(), purpose=old.purpose, what_matters=old.what_matters)
        session.add(new)
        session.flush()
        for position, part in enumerate(session.scalars(select(Goal).where(Goal.plan_version_id == old.id))):
            session.add(Goal(plan_version=new, position=position, text=part.text, addresses=part.addresses, carried_forward=True))
        session.add(Medication(plan_version=new, position=0, name=medicine, dose="10 mg", when="Every morning", purpose="Heart"))
        session.flush()
        new.status = VersionStatus.AGREED.value
        new.agreed_at = dt.datetime(2026, 5, 1, 11, 0)
        new.agreed_by_person, new.agreed_by_clinician = "the person", "Andrea Clarke"
        session.flush()
        old.status = VersionStatus.SUPERSEDED.value
        return new.uuid


def test_lorna_reviewed_offline_reaches_the_hub_and_jack_reaches_the_laptop(pair):
    review_uuid = _review_lorna_offline(pair.laptop)
    new_version = _new_agreed_version(pair.laptop, LORNA_NHS, medicine="Ramipril")
    with pair.hub.transaction() as session:
        jack = versions(session, JACK_NHS)[0]
        jack.purpose = "Annual COPD review, with a plan for getting out more."
        session.add(Goal(plan_version=jack, position=5, text="Walk to the newsagent every morning."))
    pending = {d.folder: d.pending for d in outbox.check_destinations(pair.laptop)}
    assert pending == {}  # no destination yet

    to_hub = export_bundle(pair.laptop, pair.usb)
    assert to_hub.path.name.startswith("careplan-") and to_hub.path.suffix == ".cpb"
    result = import_bundle(pair.hub, to_hub.path)
    assert not result.conflicts
    assert result.created["review"] == 1 and result.created["plan_version"] == 1 and result.created["medication"] == 1
    assert result.changed["patient"] == 1 and result.changed["plan_version"] == 1  # the old version, now superseded
    with pair.hub.reader() as session:
        statuses = {v.uuid: v.status for v in versions(session, LORNA_NHS)}
        assert statuses[new_version] == "agreed" and list(statuses.values()).count("superseded") == 1
        assert session.scalar(select(Review).where(Review.uuid == review_uuid)).what_changed.startswith("Knees")
        events = session.scalars(select(AuditEvent).where(AuditEvent.record_uuid == review_uuid)).all()
        assert {e.device_uuid for e in events} == {pair.laptop.actor.device_uuid, pair.hub.actor.device_uuid}
        received = [e for e in events if e.device_uuid == pair.hub.actor.device_uuid][0]
        assert received.details["bundle"] == result.bundle_id
        assert received.details["source_device_name"] == "Andrea's laptop"

    to_laptop = export_bundle(pair.hub, pair.shared)
    back = import_bundle(pair.laptop, to_laptop.path)
    assert not back.conflicts and back.created["goal"] == 1 and back.changed["plan_version"] == 1
    with pair.laptop.reader() as session:
        assert versions(session, JACK_NHS)[0].purpose.startswith("Annual COPD review, with a plan")
    assert logical_dump(pair.hub) == logical_dump(pair.laptop) | {"device": logical_dump(pair.hub)["device"]}


def test_reimport_changes_nothing(pair):
    _review_lorna_offline(pair.laptop)
    bundle = export_bundle(pair.laptop, pair.usb).path
    assert waiting_bundles(pair.hub, pair.usb) == [bundle]
    import_bundle(pair.hub, bundle)
    assert waiting_bundles(pair.hub, pair.usb) == []
    before = full_dump(pair.hub)
    again = import_bundle(pair.hub, bundle)
    assert again.already_applied and again.changes == 0
    assert full_dump(pair.hub) == before


def test_nothing_pending_after_an_export_and_changes_become_pending(pair):
    first = export_bundle(pair.laptop, pair.usb)
    assert first.records > 0
    assert export_bundle(pair.laptop, pair.usb).nothing_to_send
    [status] = outbox.check_destinations(pair.laptop)
    assert status.reachable and status.pending.changes == 0
    _review_lorna_offline(pair.laptop)
    [status] = outbox.check_destinations(pair.laptop)
    assert status.pending.records == 2  # the review and Lorna's next review date
    assert outbox.exchange_status(pair.laptop).pending_changes == 2
    second = export_bundle(pair.laptop, pair.usb)
    assert second.counts["review"] == 1
    assert not outbox.folder_reachable(pair.folder / "unplugged")


def test_a_deletion_travels(pair):
    with pair.hub.transaction() as session:
        jack = versions(session, JACK_NHS)[0]
        goal = session.scalars(select(Goal).where(Goal.plan_version_id == jack.id)).first()
        gone = goal.uuid
        session.delete(goal)
    result = import_bundle(pair.laptop, export_bundle(pair.hub, pair.usb).path)
    assert result.deleted["goal"] == 1
    with pair.laptop.reader() as session:
        assert session.scalar(select(Goal).where(Goal.uuid == gone)) is None
    # the laptop's own full export does not bring it back at the hub
    import_bundle(pair.hub, export_bundle(pair.laptop, pair.shared, scope="all").path)
    with pair.hub.reader() as session:
        assert session.scalar(select(Goal).where(Goal.uuid == gone)) is None


def test_two_versions_agreed_from_the_same_parent_are_both_kept_and_flagged(pair):
    on_laptop = _new_agreed_version(pair.laptop, LORNA_NHS, medicine="Ramipril")
    at_hub = _new_agreed_version(pair.hub, LORNA_NHS, medicine="Lisinopril")
    hub_bundle = export_bundle(pair.hub, pair.shared).path
    result = import_bundle(pair.hub, export_bundle(pair.laptop, pair.usb).path)
    assert [c.kind for c in result.conflicts] == ["parallel"]
    with pair.hub.reader() as session:
        statuses = {v.uuid: v.status for v in versions(session, LORNA_NHS)}
    assert statuses[on_laptop] == statuses[at_hub] == "agreed"
    [conflict] = list_conflicts(pair.hub)
    assert {conflict.record_uuid, conflict.local["uuid"]} == {on_laptop, at_hub}
    assert "agreed separately" in conflict.explanation
    resolve_conflict(pair.hub, conflict.id, "keep_local")
    with pair.hub.reader() as session:
        statuses = {v.uuid: v.status for v in versions(session, LORNA_NHS)}
    assert statuses[at_hub] == "agreed" and statuses[on_laptop] == "superseded"
    assert list_conflicts(pair.hub) == []
    # the laptop sees the same pair, and the hub's choice settles it there
    assert [c.kind for c in import_bundle(pair.laptop, hub_bundle).conflicts] == ["parallel"]
    settled = import_bundle(pair.laptop, export_bundle(pair.hub, pair.shared).path)
    assert settled.conflicts_closed == 1 and list_conflicts(pair.laptop) == []
