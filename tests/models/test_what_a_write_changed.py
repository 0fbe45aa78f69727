"""A write reports what it changed without its caller naming anything (issue 18): the audit
rows it leaves are noted (`models.changes`) and handed, at commit, to whoever collects on the
thread. And every audit row is made by one function, whichever path writes it."""

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Condition, Patient, record_event
from careplan_desktop.models.changes import Changes, collecting
from careplan_desktop.services.planning.draft import GoalItem
from careplan_desktop.services.planning.versions import save_draft, start_draft
from careplan_desktop.services.register.importing import import_register
from careplan_desktop.services.register.import_rows import guess_mapping, read_headers

SRC = Path(__file__).parents[2] / "src" / "careplan_desktop"
REGISTER_50 = Path(__file__).parents[1] / "fixtures" / "register_50.csv"
DAY = dt.date(2025, 6, 1)


def _add_lorna(vault) -> str:
    with vault.transaction() as session:
        patient = Patient(nhs_number="9990000018", given_name="Lorna", family_name="Baxter",
                          date_of_birth=dt.date(1948, 3, 14), birth_month=3)
        patient.conditions.append(Condition(code="heart-failure", snomed_id="84114007", display="Heart failure"))
        session.add(patient)
        session.flush()
        return patient.uuid


def test_a_new_person_reports_them_and_the_kinds_written(vault) -> None:
    with collecting() as seen:
        lorna = _add_lorna(vault)
    assert seen.changes == Changes(people=frozenset({lorna}), kinds=frozenset({"patient", "condition"}))


def test_a_change_to_a_persons_record_names_them_by_uuid(vault) -> None:
    lorna = _add_lorna(vault)
    with collecting() as seen:
        with vault.transaction() as session:
            session.scalar(select(Condition)).display = "Heart failure (HFrEF)"
    assert seen.changes.people == {lorna} and seen.changes.kinds == {"condition"}


def test_a_rolled_back_write_a_read_and_a_viewed_event_report_nothing(vault) -> None:
    lorna = _add_lorna(vault)
    with collecting() as seen:
        with pytest.raises(RuntimeError), vault.transaction() as session:
            session.scalar(select(Patient)).phone = "01632 960 114"
            session.flush()
            raise RuntimeError("the nurse's action failed")
        with vault.reader() as session:
            session.scalar(select(Patient)).phone = "01632 960 999"
            session.flush()  # never committed
        with vault.transaction() as session:
            record_event(session, "viewed", "patient", lorna, session.scalar(select(Patient.id)))
    assert not seen.changes


def test_nothing_is_reported_outside_a_collector_and_nothing_leaks_into_the_next(vault) -> None:
    _add_lorna(vault)  # no one collecting
    with collecting() as seen:
        pass
    assert not seen.changes


def test_a_saved_draft_names_its_plan_version_and_person(vault) -> None:
    lorna = _add_lorna(vault)
    draft = start_draft(vault, lorna, today=DAY)
    with collecting() as seen:
        save_draft(vault, dataclasses.replace(draft, goals=(GoalItem(text="To walk to the shop"),)), today=DAY)
    assert seen.changes.people == {lorna}
    assert seen.changes.plans == {draft.version_uuid}
    assert "goal" in seen.changes.kinds


def test_the_register_imports_core_batches_report_everyone_written(vault) -> None:
    with collecting() as seen:
        report = import_register(vault, REGISTER_50, guess_mapping(read_headers(REGISTER_50)), today=DAY)
    with vault.reader() as session:
        everyone = set(session.scalars(select(Patient.uuid)))
    assert report.imported == len(everyone) > 0
    assert seen.changes.people == everyone
    assert seen.changes.touches("patient", "condition")


def test_every_audit_row_is_made_by_audit_values() -> None:
    """No path builds a new audit row by hand: `AuditEvent(...)` is only ever given
    `**audit_values(...)`, and the only other rows naming an `"action"` copy one already made
    (the exchange's export of this trail and its import of another device's)."""
    built, copied = [], []
    for path in SRC.rglob("*.py"):
        if path.name == "audit.py":
            continue
        text = path.read_text(encoding="utf-8")
        built += [m.group(0) for m in re.finditer(r"AuditEvent\((?!\*\*audit_values\().{0,20}", text)]
        copied += re.findall(r'"action": (?!\[)(\S+)', text)  # not FHIR's consent action
    assert built == []
    assert sorted(copied) == ['a.action[:32],', 'e["action"],']


def test_an_audit_row_from_the_flush_rules_and_from_record_event_has_the_same_columns(vault) -> None:
    _add_lorna(vault)
    with vault.transaction() as session:
        record_event(session, "printed", "patient", "a-uuid", None, {"copies": 1})
    with vault.reader() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.entity.in_(["patient", "condition"]))).all()
    assert sorted(row.action for row in rows) == ["created", "created", "printed"]
    assert {row.device_uuid for row in rows} == {vault.actor.device_uuid}
    assert {row.user_uuid for row in rows} == {vault.actor.user_uuid}
    assert all(row.uuid and row.at for row in rows)
