"""An agreed plan version is fixed: the model layer refuses, and so does the database."""

import datetime as dt

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from careplan_desktop.models import (
    CarePlan, FixedPlanVersionError, Goal, Patient, PlanVersion, VersionStatus,
)


def add_agreed_version(session) -> PlanVersion:
    """Lorna with a plan version of one goal, agreed (in the caller's transaction)."""
    patient = Patient(nhs_number="9990000018", given_name="Lorna", family_name="Baxter",
                      date_of_birth=dt.date(1948, 3, 14), birth_month=3)
    session.add(patient)
    session.flush()
    plan = CarePlan(patient_id=patient.id)
    session.add(plan)
    session.flush()
    version = PlanVersion(care_plan_id=plan.id, patient_id=patient.id, number=1)
    session.add(version)
    session.flush()
    session.add(Goal(plan_version=version, text="To go to bingo every Thursday with Pat."))
    session.flush()
    version.status = VersionStatus.AGREED.value
    version.agreed_at = dt.datetime(2026, 8, 1, 11, 0)
    return version


@pytest.fixture
def agreed_version(vault):
    with vault.transaction() as session:
        version = add_agreed_version(session)
    return version.uuid


def _version(session, uuid):
    return session.scalar(select(PlanVersion).where(PlanVersion.uuid == uuid))


def test_editing_an_agreed_version_is_refused(vault, agreed_version):
    with pytest.raises(FixedPlanVersionError, match="agreed and cannot be changed"):
        with vault.transaction() as session:
            _version(session, agreed_version).purpose = "Changed afterwards"
    with vault.reader() as session:
        assert _version(session, agreed_version).purpose is None


def test_editing_a_goal_of_an_agreed_version_is_refused(vault, agreed_version):
    with pytest.raises(FixedPlanVersionError):
        with vault.transaction() as session:
            goal = session.scalar(select(Goal))
            goal.text = "Something else"
    with pytest.raises(FixedPlanVersionError):
        with vault.transaction() as session:
            session.add(Goal(plan_version=_version(session, agreed_version), text="A new goal"))
    with pytest.raises(FixedPlanVersionError):
        with vault.transaction() as session:
            session.delete(session.scalar(select(Goal)))
    with vault.reader() as session:
        assert [g.text for g in session.scalars(select(Goal))] == ["To go to bingo every Thursday with Pat."]


def test_sql_cannot_change_it_either(vault, agreed_version):
    with pytest.raises(IntegrityError, match="agreed and cannot be changed"):
        with vault.transaction() as session:
            session.execute(update(PlanVersion).values(purpose="sneaky"))
    with pytest.raises(IntegrityError):
        with vault.transaction() as session:
            session.execute(text("UPDATE goal SET text = 'sneaky'"))


def test_superseding_is_the_one_change_allowed(vault, agreed_version):
    with vault.transaction() as session:
        _version(session, agreed_version).status = VersionStatus.SUPERSEDED.value
    with vault.reader() as session:
        assert _version(session, agreed_version).status == "superseded"
    with pytest.raises(FixedPlanVersionError):
        with vault.transaction() as session:
            _version(session, agreed_version).status = VersionStatus.DRAFT.value
