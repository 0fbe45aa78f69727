"""Every change has its audit event in the same transaction."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from careplan_desktop.models import AuditEvent, Condition, Patient


def _count(vault, model):
    with vault.reader() as session:
        return session.scalar(select(func.count()).select_from(model))


def _add_lorna(session):
    patient = Patient(nhs_number="9990000018", given_name="Lorna", family_name="Baxter",
                      date_of_birth=dt.date(1948, 3, 14), birth_month=3)
    patient.conditions.append(Condition(code="heart-failure", snomed_id="84114007", display="Heart failure"))
    session.add(patient)
    return patient


def test_create_change_and_delete_are_audited_with_who_and_what(vault):
    with vault.transaction() as session:
        _add_lorna(session)
    with vault.transaction() as session:
        patient = session.scalar(select(Patient))
        patient.phone = "01632 960 114"
    with vault.transaction() as session:
        session.delete(session.scalar(select(Condition)))
    with vault.reader() as session:
        events = session.execute(
            select(AuditEvent.action, AuditEvent.entity, AuditEvent.details, AuditEvent.user_uuid, AuditEvent.patient_id)
            .where(AuditEvent.entity.in_(["patient", "condition"])).order_by(AuditEvent.id)
        ).all()
        patient = session.scalar(select(Patient))
    assert [(e.action, e.entity) for e in events] == [
        ("created", "patient"), ("created", "condition"), ("changed", "patient"), ("deleted", "condition"),
    ]
    # the field's name, never its value, and the version the change made (revision 1 -> 2)
    assert events[2].details == {"fields": ["phone"], "revision": 2}
    assert all(e.user_uuid == vault.actor.user_uuid for e in events)
    assert all(e.patient_id == patient.id for e in events)
    assert patient.revision == 2 and patient.changed_by_device == vault.actor.device_uuid


def test_rolling_back_a_change_removes_its_audit_event_too(vault):
    before = _count(vault, AuditEvent)

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon):
        with vault.transaction() as session:
            _add_lorna(session)
            session.flush()
            # inside the transaction the change and its events are there together ...
            assert session.scalar(select(func.count()).select_from(AuditEvent)) == before + 2
            raise Abandon()
    # ... and after the rollback neither is
    assert _count(vault, Patient) == 0
    assert _count(vault, AuditEvent) == before


def test_removing_from_a_collection_is_audited_as_a_delete(vault):
    with vault.transaction() as session:
        _add_lorna(session)
    with vault.transaction() as session:
        patient = session.scalar(select(Patient))
        condition_uuid = patient.conditions[0].uuid
        patient.conditions.remove(patient.conditions[0])  # delete-orphan, no session.delete()
    assert _count(vault, Condition) == 0
    with vault.reader() as session:
        deleted = session.execute(
            select(AuditEvent.entity, AuditEvent.record_uuid).where(AuditEvent.action == "deleted")
        ).all()
    assert deleted == [("condition", condition_uuid)]
