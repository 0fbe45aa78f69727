"""Issue 13 §1: the practice's details, checked as typed; an older install's settings.json
copied into the vault once; review dates follow the practice's intervals."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from careplan_desktop.domain.paths import config_dir
from careplan_desktop.services.practice.details import read_practice, save_practice
from careplan_desktop.services.practice.legacy import adopt_settings_file
from careplan_desktop.services.practice.values import PracticeProblem, PracticeSettings, checked_ods_code
from careplan_desktop.services.review.plan_review import change_level
from careplan_desktop.store.settings import load_settings, settings_path

from ..signing_in import sign_in_as

HOLMSIDE = PracticeSettings(name="Holmside Medical Group", address="Holmside Lane, Newtown", phone="0191 496 0000",
                            ods_code="A81001")


@pytest.fixture
def vault(administrator_vault):
    """The practice's settings and backups are an administrator's."""
    return administrator_vault


@pytest.mark.parametrize(("typed", "kept"), [("A81001", "A81001"), ("a81001", "A81001"), (" Y02 ", "Y02"),
                                             ("RR8", "RR8"), ("5QT12", "5QT12")])
def test_an_ods_code_of_the_right_shape_is_kept_upper_case(typed, kept):
    assert checked_ods_code(typed) == kept


@pytest.mark.parametrize(("typed", "says"), [
    ("", "Enter the practice's ODS code"),
    ("A81-001", "only letters and digits; this one has '-'"),
    ("AB", "3 to 6 letters and digits; this one has 2"),
    ("A810012", "this one has 7"),
])
def test_an_ods_code_of_the_wrong_shape_says_what_is_wrong(typed, says):
    with pytest.raises(PracticeProblem) as problem:
        checked_ods_code(typed)
    assert says in str(problem.value) and "A81001" in str(problem.value) and problem.value.field_name == "ods_code"


def test_saving_checks_every_detail_and_keeps_them_in_the_vault(vault):
    assert not read_practice(vault).is_set
    with pytest.raises(PracticeProblem, match="phone number as it is dialled"):
        save_practice(vault, PracticeSettings(name="Holmside", address="Lane", phone="call us", ods_code="A81001"))
    with pytest.raises(PracticeProblem, match="level 3 must be a whole number from 1 to 24"):
        save_practice(vault, PracticeSettings(name="H", address="L", phone="0191 496 0000", ods_code="A81001",
                                              review_months={1: 12, 2: 6, 3: 0}))
    assert read_practice(vault).uuid is None  # nothing kept
    save_practice(vault, HOLMSIDE)
    kept = read_practice(vault)
    assert kept.address_lines == ("Holmside Lane", "Newtown") and kept.review_months == {1: 12, 2: 6, 3: 3}
    assert kept.lock_minutes == 5


def test_review_dates_follow_the_practices_intervals(vault):
    from careplan_desktop.services.planning.versions import default_review_date

    save_practice(vault, PracticeSettings(**{**HOLMSIDE.__dict__, "review_months": {1: 12, 2: 4, 3: 1}}))
    practice = read_practice(vault)
    assert default_review_date(2, dt.date(2026, 3, 4), practice) == dt.date(2026, 7, 6)  # 4 July 2026: a Saturday


def test_the_practices_intervals_set_the_next_review_when_the_level_changes(tmp_path):
    from careplan_desktop.services.demo.case_mix import DEMO_PRACTICE, create_demo_vault
    from careplan_desktop.services.demo.case_studies import LORNA_NHS
    from careplan_desktop.domain.dates import local_date
    from careplan_desktop.models import Patient, PlanVersion
    from sqlalchemy import select

    demo = create_demo_vault(tmp_path / "demo.vault", patients=0, today=dt.date(2025, 12, 15))
    try:
        save_practice(sign_in_as(demo, "Sam Porter"), PracticeSettings(**{**DEMO_PRACTICE.__dict__, "review_months": {1: 12, 2: 5, 3: 2}}))
        sign_in_as(demo, "Nora Hughes")  # the nurse changes Lorna's level
        with demo.reader() as session:
            lorna = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
            agreed = session.scalar(select(PlanVersion.agreed_at).join(Patient).where(
                Patient.uuid == lorna, PlanVersion.status == "agreed"))
        assert local_date(agreed) == dt.date(2025, 9, 21)  # as the demo agreed her plan
        assert change_level(demo, lorna, 2) == dt.date(2026, 2, 23)  # five months on is Saturday 21 Feb: the Monday
    finally:
        demo.lock()


def write_old_settings(values: dict) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps({"last_vault_path": "/somewhere/careplan.vault", **values}), encoding="utf-8")


def test_an_older_installs_practice_details_are_copied_into_the_vault_once(vault):
    write_old_settings({"practice_name": "Holmside Medical Group", "practice_address": "Holmside Lane, Newtown",
                        "practice_phone": "0191 496 0000", "review_interval_months": {"1": 12, "2": 6, "3": 2},
                        "idle_lock_minutes": 10})
    assert adopt_settings_file(vault)
    kept = read_practice(vault)
    assert (kept.name, kept.phone, kept.review_months[3], kept.lock_minutes) == ("Holmside Medical Group",
                                                                                 "0191 496 0000", 2, 10)
    left = json.loads(settings_path().read_text(encoding="utf-8"))
    assert "practice_name" not in left and "idle_lock_minutes" not in left
    assert load_settings().last_vault_path == "/somewhere/careplan.vault"  # this computer's preferences stay
    assert not adopt_settings_file(vault)  # once


def test_the_old_made_up_defaults_are_not_copied_into_a_real_vault(vault):
    write_old_settings({"practice_name": "Ashby Green Medical Practice", "practice_phone": "01632 960 000",
                        "practice_address": "1 Surgery Lane, Ashby Green, ZZ99 1AG"})
    assert not adopt_settings_file(vault)
    assert not read_practice(vault).is_set
    assert "practice_name" not in json.loads(settings_path().read_text(encoding="utf-8"))
