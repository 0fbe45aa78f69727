"""Staff records travel in plan bundles, so names and roles in the audit trail resolve on every
computer; key slots (passphrases) never travel: each computer keeps its own."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.models import AuditEvent, Result, User
from careplan_desktop.services.audit.trail import person_trail
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.results.entry import save_results
from careplan_desktop.services.staff.team import enrol
from careplan_desktop.store.key_slots import slots_path

from .helpers import person

PAT = "violet lantern harbour seven"


def test_a_member_of_staff_added_on_the_laptop_is_named_with_their_role_on_the_hub(pair):
    pat = enrol(pair.laptop, "Pat Reid", "healthcare assistant", PAT, PAT)
    pair.laptop.sign_in(pat.uuid)
    with pair.laptop.reader() as session:
        lorna = person(session, LORNA_NHS).uuid
    saved = save_results(pair.laptop, lorna, {"hba1c": "61"}, dt.date(2026, 11, 30), today=dt.date(2026, 12, 1))
    hub_slots = slots_path(pair.hub.path).read_bytes()

    bundle = export_bundle(pair.laptop, pair.usb)
    import_bundle(pair.hub, bundle.path)

    with pair.hub.reader() as session:
        user = session.scalar(select(User).where(User.uuid == pat.uuid))
        assert (user.name, user.role) == ("Pat Reid", "healthcare assistant")
        result = session.scalar(select(Result).where(Result.uuid == saved.uuids[0]))
        assert result.entered_by == pat.uuid
        event = session.scalar(select(AuditEvent).where(AuditEvent.record_uuid == saved.uuids[0],
                                                        AuditEvent.device_uuid == pair.laptop.actor.device_uuid))
        assert (event.user_uuid, event.user_role) == (pat.uuid, "healthcare assistant")
    trail = person_trail(pair.hub, LORNA_NHS)
    assert any(line.staff == "Pat Reid" and line.role == "healthcare assistant" and line.computer == "Andrea's laptop"
               for line in trail.lines)
    assert slots_path(pair.hub.path).read_bytes() == hub_slots  # no passphrase or slot came with the bundle
    assert b"Pat Reid" not in slots_path(pair.hub.path).read_bytes()
