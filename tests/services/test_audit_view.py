"""The audit trail for an information-governance request: a person's trail filtered by local
dates (both ends included), what a member of staff did (administrators only), the PDF export."""

from __future__ import annotations

import datetime as dt
import stat
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.models import AuditEvent, Patient
from careplan_desktop.services.audit.export import export_trail
from careplan_desktop.services.audit.trail import person_trail, staff_trail
from careplan_desktop.services.demo.case_studies import LORNA_NHS, add_demo_people
from careplan_desktop.services.staff.roles import NotAllowed
from careplan_desktop.services.staff.team import enrol
from careplan_desktop.store import Vault
from tests.documents.pdf_text import page_texts

ADMIN = "copper kettle morning tide"
NURSE = "orchard pebble quiet meadow"
# British summer time: 23:30 UTC on 8 July is 00:30 on 9 July in the practice
AT = [dt.datetime(2026, 7, 1, 10, 0), dt.datetime(2026, 7, 5, 10, 0), dt.datetime(2026, 7, 8, 23, 30),
      dt.datetime(2026, 7, 9, 23, 30)]


@pytest.fixture
def practice(vault_path: Path):
    admin = Vault.create(vault_path, ADMIN, ADMIN, user_name="Sam Porter", user_role="administrator")
    nora = enrol(admin, "Nora Hughes", "practice nurse", NURSE, NURSE)
    with admin.transaction() as session:
        add_demo_people(session, load_reference_data(), dt.date(2026, 6, 1))
        lorna = session.scalar(select(Patient.id).where(Patient.nhs_number == LORNA_NHS))
        for number, at in enumerate(AT):
            session.add(AuditEvent(at=at, user_uuid=nora.uuid, user_role="practice nurse",
                                   device_uuid=admin.actor.device_uuid, action=f"looked {number}", entity="patient",
                                   patient_id=lorna))
    admin.lock()
    return vault_path


@pytest.fixture
def in_the_uk(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_persons_trail_between_two_local_dates(practice: Path, in_the_uk):
    nurse = Vault.unlock(practice, NURSE, user="Nora Hughes")
    try:
        trail = person_trail(nurse, LORNA_NHS, date_from=dt.date(2026, 7, 2), date_to=dt.date(2026, 7, 9))
    finally:
        nurse.lock()
    looked = [(line.action, line.at.replace(tzinfo=None), line.staff, line.role) for line in trail.lines if line.action.startswith("looked")]
    assert looked == [("looked 1", dt.datetime(2026, 7, 5, 11, 0), "Nora Hughes", "practice nurse"),
                      ("looked 2", dt.datetime(2026, 7, 9, 0, 30), "Nora Hughes", "practice nurse")]
    assert trail.title == "Lorna Baxter, NHS number 999 000 0018"


def test_what_a_member_of_staff_did_is_for_administrators_and_exports_as_pdf(practice: Path, tmp_path: Path):
    nurse = Vault.unlock(practice, NURSE, user="Nora Hughes")
    uuid = nurse.actor.user_uuid
    with pytest.raises(NotAllowed, match="Only an administrator"):
        staff_trail(nurse, uuid)
    nurse.lock()
    admin = Vault.unlock(practice, ADMIN, user="Sam Porter")
    try:
        trail = staff_trail(admin, uuid, date_from=dt.date(2026, 7, 1), date_to=dt.date(2026, 7, 31))
        assert [line.action for line in trail.lines] == ["looked 0", "looked 1", "looked 2", "looked 3"]
        assert {line.person for line in trail.lines} == {"Lorna Baxter (NHS 999 000 0018)"}
        out = export_trail(admin, trail, tmp_path / "trail.pdf", as_pdf=True)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        text = " ".join(page_texts(out))
        assert "Audit trail: Nora Hughes (practice nurse)" in text
        assert "Events from 01/07/2026 to 31/07/2026." in text
        assert "Exported on" in text and "by Sam Porter (administrator)" in text
        assert "Lorna Baxter" in text and "looked 3" in text
        with admin.reader() as session:
            exported = session.scalars(select(AuditEvent).where(AuditEvent.action == "audit trail exported")).one()
            assert (exported.user_role, exported.details["format"], exported.details["subject"]) == \
                ("administrator", "pdf", "staff")
    finally:
        admin.lock()
