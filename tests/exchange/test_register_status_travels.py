"""A person's register status (died, moved away, left the register, restored) travels in plan
bundles like any other change to the person, and arrives with its audit row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.models import AuditEvent
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.register.status import ACTIVE, DIED, restore_to_register, set_register_status

from .helpers import person

DIED_ON = dt.date(2026, 11, 3)
TODAY = dt.date(2026, 11, 4)


def _status(vault, nhs: str) -> tuple:
    with vault.reader() as session:
        p = person(session, nhs)
        return p.register_status, p.register_status_on, p.register_status_reason


def test_a_death_recorded_on_the_laptop_reaches_the_hub_and_so_does_the_restore(pair):
    with pair.laptop.reader() as session:
        lorna = person(session, LORNA_NHS).uuid
    import_bundle(pair.hub, export_bundle(pair.laptop, pair.usb).path)  # everything pending until now
    set_register_status(pair.laptop, lorna, DIED, on=DIED_ON, today=TODAY)
    bundle = export_bundle(pair.laptop, pair.usb)
    assert bundle.counts["patient"] == 1
    import_bundle(pair.hub, bundle.path)
    assert _status(pair.hub, LORNA_NHS) == (DIED, DIED_ON, None)
    with pair.hub.reader() as session:  # the audit row travelled with it
        actions = session.scalars(select(AuditEvent.details).where(
            AuditEvent.record_uuid == lorna, AuditEvent.action == "changed")).all()
    assert any(d and "register_status" in d.get("fields", ()) for d in actions), actions

    restore_to_register(pair.hub, lorna, today=TODAY)
    import_bundle(pair.laptop, export_bundle(pair.hub, pair.shared).path)
    assert _status(pair.laptop, LORNA_NHS) == (ACTIVE, None, None)


def test_the_fhir_document_of_someone_who_died_says_so_and_is_valid_r4(pair, tmp_path):
    import json

    from careplan_desktop.exchange.fhir import write_plan_document

    from .fhir_checks import check_document, r4_problems

    with pair.hub.reader() as session:
        lorna = person(session, LORNA_NHS).uuid
    set_register_status(pair.hub, lorna, DIED, on=DIED_ON, today=TODAY)
    out = write_plan_document(pair.hub, LORNA_NHS, tmp_path / "lorna.json", confirmed=True, printout=False)
    document = json.loads(out.read_text(encoding="utf-8"))
    [patient] = [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert patient["deceasedDateTime"] == "2026-11-03"
    assert check_document(document) == [] and r4_problems(document) == []
