"""The register list and its search, on a small hand-made register."""

import datetime as dt

import pytest

from careplan_desktop.models import Condition, Patient
from careplan_desktop.services.register.listing import RegisterSearch, load_register, open_person

PEOPLE = [
    # nhs, given, family, preferred, dob, conditions
    ("9990000018", "Lorna", "Baxter", None, dt.date(1948, 3, 14), ["Type 2 diabetes", "Heart failure"]),
    ("9990000026", "Jack", "Morrison", None, dt.date(1971, 6, 20), ["COPD"]),
    ("9990000034", "James", "Okafor", "Jim", dt.date(2000, 9, 5), []),
    ("9990000042", "Jacqueline", "Adams", None, dt.date(1960, 1, 2), ["Asthma"]),
]


@pytest.fixture
def register(vault):
    with vault.transaction() as session:
        for nhs, given, family, preferred, dob, conditions in PEOPLE:
            session.add(Patient(
                nhs_number=nhs, given_name=given, family_name=family, preferred_name=preferred,
                date_of_birth=dob, birth_month=dob.month,
                conditions=[Condition(code="x", snomed_id="1", display=c) for c in conditions],
            ))
    return load_register(vault, today=dt.date(2026, 11, 22))


def names(rows, indexes):
    return [rows[i].given_name for i in indexes]


def test_rows_are_sorted_by_family_name_with_ages_and_conditions(register):
    rows, _ = register
    assert [r.family_name for r in rows] == ["Adams", "Baxter", "Morrison", "Okafor"]
    lorna = rows[1]
    assert lorna.age == 78  # born 14/03/1948, on 22/11/2026
    assert lorna.conditions == "Type 2 diabetes, Heart failure"
    assert rows[3].conditions == ""


def test_search_by_name_nhs_number_date_and_preferred_name(register):
    rows, preferred = register
    search = RegisterSearch(rows, preferred)
    assert names(rows, search.matches("jac")) == ["Jacqueline", "Jack"]
    assert names(rows, search.matches("jack m")) == ["Jack"]
    assert names(rows, search.matches("999 000 0034")) == ["James"]
    assert names(rows, search.matches("14/03/1948")) == ["Lorna"]
    assert names(rows, search.matches("1960-01-02")) == ["Jacqueline"]
    assert names(rows, search.matches("jim")) == ["James"]
    assert names(rows, search.matches("")) == ["Jacqueline", "Lorna", "Jack", "James"]


def test_typing_then_deleting_gives_the_same_answers_as_a_fresh_search(register):
    rows, preferred = register
    typed = RegisterSearch(rows, preferred)
    for text in ["j", "ja", "jac", "jack", "jac", "ja", "j", "", "o", "ok"]:
        assert typed.matches(text) == RegisterSearch(rows, preferred).matches(text), text


def test_opening_a_person_is_audited(vault, register):
    from sqlalchemy import select

    from careplan_desktop.models import AuditEvent

    rows, _ = register
    overview = open_person(vault, rows[1].uuid, today=dt.date(2026, 11, 22))
    assert overview.full_name == "Lorna Baxter" and overview.nhs_number_formatted == "999 000 0018"
    assert [c.display for c in overview.conditions] == ["Type 2 diabetes", "Heart failure"]
    assert overview.plan_status == "No care plan yet"
    with vault.reader() as session:
        viewed = session.scalars(select(AuditEvent).where(AuditEvent.action == "viewed")).all()
    assert [(e.entity, e.record_uuid) for e in viewed] == [("patient", rows[1].uuid)]
