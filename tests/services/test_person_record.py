import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Carer, Condition, Patient
from careplan_desktop.domain.nhs_number import complete
from careplan_desktop.services.register.person import (
    CARER_COPY_NEEDS_CONSENT,
    CarerForm,
    PersonForm,
    PersonNotFound,
    load_person,
    save_person,
    validate,
)

TODAY = dt.date(2025, 6, 1)
NHS_1 = complete("999100001")
NHS_2 = complete("999100003")  # 999100002 has no check digit (remainder 10)
assert NHS_1 and NHS_2


def lorna(**changes) -> PersonForm:
    form = PersonForm(
        nhs_number=NHS_1, title="Mrs", given_name="Lorna", family_name="Example", preferred_name="Lorna",
        date_of_birth=dt.date(1946, 9, 17), sex="female", address="1 Hill View, Hexham", postcode="ne46 1qj",
        phone="01434 600000", gp_name="Dr Patel", level_of_need=3, housebound=True, large_print=True,
        interpreter_language="", needs_companion=True, communication_other="prefers mornings",
        lead_professional="Andrea (community matron)", offer_status="accepted", offer_date=dt.date(2025, 1, 6),
        offer_response_date=dt.date(2025, 1, 20), next_review_date=dt.date(2025, 9, 1),
        conditions=[("diabetes-type-2", dt.date(1996, 5, 1)), ("heart-failure", None)],
        carers=[CarerForm("Ann Example", "daughter", "07700 900000", True, True, dt.date(2025, 1, 20))],
    )
    return dataclasses.replace(form, **changes)


def without_carer_uuids(form: PersonForm) -> PersonForm:
    return dataclasses.replace(form, carers=[dataclasses.replace(c, uuid=None) for c in form.carers])


# -- validation -----------------------------------------------------------------------------------------
def test_a_complete_form_has_no_problems():
    assert validate(lorna(), TODAY) == {}


def test_wrong_check_digit_message_is_the_nhs_number_one():
    bad = NHS_1[:9] + str((int(NHS_1[9]) + 1) % 10)
    assert validate(lorna(nhs_number=bad), TODAY) == {
        "nhs_number": "This NHS number is not valid: check the last digit."}


def test_missing_required_fields():
    problems = validate(PersonForm(), TODAY)
    assert problems == {
        "nhs_number": "Enter the NHS number: 10 digits, for example 943 476 5919.",
        "given_name": "Enter the given name.",
        "family_name": "Enter the family name.",
        "date_of_birth": "Enter the date of birth.",
    }


def test_blank_names_count_as_missing():
    assert set(validate(lorna(given_name="  ", family_name=""), TODAY)) == {"given_name", "family_name"}


def test_date_of_birth_in_future_or_over_120_years_ago():
    assert validate(lorna(date_of_birth=dt.date(2025, 6, 2), conditions=[]), TODAY) == {
        "date_of_birth": "The date of birth cannot be in the future."}
    assert validate(lorna(date_of_birth=dt.date(1905, 5, 31), conditions=[]), TODAY) == {
        "date_of_birth": "The date of birth is more than 120 years ago: check the year."}


def test_carer_copy_needs_the_persons_consent():
    carers = [CarerForm("Ann", "daughter"), CarerForm("Bob", "son", receives_copy=True)]
    assert validate(lorna(carers=carers), TODAY) == {"carers[1].consent_recorded_on": CARER_COPY_NEEDS_CONSENT}


def test_diagnosis_date_between_birth_and_today():
    assert validate(lorna(conditions=[("asthma", dt.date(1940, 1, 1))]), TODAY) == {
        "conditions": "The diagnosis date for Asthma must be between birth and today."}
    assert validate(lorna(conditions=[("asthma", dt.date(2025, 6, 2))]), TODAY) == {
        "conditions": "The diagnosis date for Asthma must be between birth and today."}


def test_unknown_or_repeated_condition():
    assert "conditions" in validate(lorna(conditions=[("not-a-condition", None)]), TODAY)
    assert validate(lorna(conditions=[("asthma", None), ("asthma", None)]), TODAY) == {
        "conditions": "Asthma is listed twice."}


# -- saving and loading ---------------------------------------------------------------------------------
def test_save_and_load_round_trip(vault):
    outcome = save_person(vault, lorna(), today=TODAY)
    assert outcome.saved and outcome.patient_uuid
    loaded = load_person(vault, outcome.patient_uuid)
    assert all(c.uuid for c in loaded.carers)
    expected = lorna(postcode="NE46 1QJ")  # postcodes are stored in capitals with one space
    assert without_carer_uuids(loaded) == expected


def test_save_sets_birth_month_and_catalogue_codes(vault):
    outcome = save_person(vault, lorna(), today=TODAY)
    with vault.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == outcome.patient_uuid))
        assert patient.birth_month == 9
        assert patient.nhs_number == NHS_1
        rows = {c.code: (c.snomed_id, c.display, c.diagnosed_on) for c in patient.conditions}
    assert rows == {
        "diabetes-type-2": ("44054006", "Type 2 diabetes", dt.date(1996, 5, 1)),  # display: the catalogue name
        "heart-failure": ("84114007", "Heart failure", None),
    }


def test_nhs_number_with_spaces_is_stored_as_digits(vault):
    spaced = f"{NHS_1[:3]} {NHS_1[3:6]} {NHS_1[6:]}"
    outcome = save_person(vault, lorna(nhs_number=spaced), today=TODAY)
    assert load_person(vault, outcome.patient_uuid).nhs_number == NHS_1


def test_invalid_form_writes_nothing(vault):
    before = vault.count(AuditEvent)
    outcome = save_person(vault, lorna(family_name=""), today=TODAY)
    assert outcome.status == "invalid"
    assert outcome.problems == {"family_name": "Enter the family name."}
    assert vault.count(Patient) == 0
    assert vault.count(AuditEvent) == before


def test_duplicate_nhs_number_refused_with_the_existing_person(vault):
    first = save_person(vault, lorna(), today=TODAY)
    before = vault.count(AuditEvent)
    second = save_person(vault, lorna(given_name="Someone", family_name="Else"), today=TODAY)
    assert second.status == "duplicate_nhs_number"
    assert second.existing_uuid == first.patient_uuid
    assert second.problems == {"nhs_number": "Someone with this NHS number is already on the register."}
    assert "Lorna" not in second.message and "Example" not in second.message
    assert vault.count(Patient) == 1
    assert vault.count(AuditEvent) == before


def test_editing_someone_into_another_persons_nhs_number_is_refused(vault):
    first = save_person(vault, lorna(), today=TODAY)
    other = save_person(vault, lorna(nhs_number=NHS_2, given_name="Jack", family_name="Sample"), today=TODAY)
    outcome = save_person(vault, lorna(given_name="Jack", family_name="Sample"), patient_uuid=other.patient_uuid,
                          today=TODAY)
    assert outcome.status == "duplicate_nhs_number"
    assert outcome.existing_uuid == first.patient_uuid
    assert load_person(vault, other.patient_uuid).nhs_number == NHS_2


def test_same_name_and_dob_warns_unless_allowed(vault):
    first = save_person(vault, lorna(), today=TODAY)
    twin = lorna(nhs_number=NHS_2, given_name="LORNA", family_name="example")  # case does not matter
    warned = save_person(vault, twin, today=TODAY)
    assert warned.status == "same_name_and_dob"
    assert warned.existing_uuid == first.patient_uuid
    assert vault.count(Patient) == 1
    allowed = save_person(vault, twin, allow_same_name_dob=True, today=TODAY)
    assert allowed.saved
    assert vault.count(Patient) == 2
    # editing the second person without touching name or DOB does not warn again
    again = save_person(vault, dataclasses.replace(twin, phone="01434 1"), patient_uuid=allowed.patient_uuid,
                        today=TODAY)
    assert again.saved


def test_edit_diffs_conditions_and_carers(vault):
    form = lorna(
        conditions=[("diabetes-type-2", dt.date(1996, 5, 1)), ("copd", None)],
        carers=[CarerForm("Ann", "daughter", receives_copy=True, consent_recorded_on=dt.date(2025, 1, 1)),
                CarerForm("Bob", "son")],
    )
    uuid = save_person(vault, form, today=TODAY).patient_uuid
    loaded = load_person(vault, uuid)
    ann, bob = loaded.carers
    with vault.reader() as session:
        kept_condition = session.scalar(select(Condition.uuid).where(Condition.code == "diabetes-type-2"))
        copd = session.scalar(select(Condition.uuid).where(Condition.code == "copd"))
    last_event = vault.count(AuditEvent)

    edited = dataclasses.replace(
        loaded,
        conditions=[("diabetes-type-2", dt.date(1997, 1, 1)), ("asthma", None)],
        carers=[dataclasses.replace(ann, phone="07700 900001"), CarerForm("Cid", "neighbour")],
    )
    assert save_person(vault, edited, patient_uuid=uuid, today=TODAY).saved

    with vault.reader() as session:
        conditions = {c.code: c for c in session.scalars(select(Condition))}
        carers = {c.name: c for c in session.scalars(select(Carer))}
        events = session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.record_uuid,
                                        AuditEvent.details)
                                 .where(AuditEvent.id > last_event)).all()
    assert set(conditions) == {"diabetes-type-2", "asthma"}
    assert conditions["diabetes-type-2"].uuid == kept_condition  # changed in place, not replaced
    assert conditions["diabetes-type-2"].diagnosed_on == dt.date(1997, 1, 1)
    assert set(carers) == {"Ann", "Cid"}
    assert carers["Ann"].uuid == ann.uuid and carers["Ann"].phone == "07700 900001"
    # worked out by hand: T2 diabetes date changed, COPD deleted, asthma added,
    # Ann's phone changed, Bob deleted, Cid added; nothing about the person themselves changed
    assert sorted((action, entity) for action, entity, _, _ in events) == [
        ("changed", "carer"), ("changed", "condition"), ("created", "carer"), ("created", "condition"),
        ("deleted", "carer"), ("deleted", "condition"),
    ]
    by_action = {(a, e): (r, d) for a, e, r, d in events}
    assert by_action[("deleted", "condition")][0] == copd
    assert by_action[("deleted", "carer")][0] == bob.uuid
    assert by_action[("changed", "condition")][1] == {"fields": ["diagnosed_on"], "revision": 2}
    assert by_action[("changed", "carer")][1] == {"fields": ["phone"], "revision": 2}


def test_edit_person_fields_is_one_audited_change(vault):
    uuid = save_person(vault, lorna(), today=TODAY).patient_uuid
    last_event = vault.count(AuditEvent)
    form = dataclasses.replace(load_person(vault, uuid), date_of_birth=dt.date(1946, 10, 17), offer_status="declined",
                               offer_decline_reason="does not want a plan this year")
    assert save_person(vault, form, patient_uuid=uuid, today=TODAY).saved
    with vault.reader() as session:
        events = session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.details)
                                 .where(AuditEvent.id > last_event)).all()
        assert session.scalar(select(Patient.birth_month)) == 10
    assert events == [("changed", "patient", {"fields": [
        "birth_month", "date_of_birth", "offer_decline_reason", "offer_status"], "revision": 2})]


def test_unknown_person(vault):
    with pytest.raises(PersonNotFound):
        load_person(vault, "no-such-uuid")
    with pytest.raises(PersonNotFound):
        save_person(vault, lorna(), patient_uuid="no-such-uuid", today=TODAY)
