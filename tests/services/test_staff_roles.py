"""Roles decide what each may do, checked in the services (so the screens and the headless
commands are refused alike), with a refusal that says why; anyone changes their own passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan_desktop.services.planning.agreement import agree_plan
from careplan_desktop.services.planning.versions import start_draft
from careplan_desktop.services.staff.roles import CLINICIANS, NotAllowed, may
from careplan_desktop.services.staff.team import StaffError, add_staff, change_my_passphrase, remove_staff
from careplan_desktop.store import Vault, WrongPassphraseError

ADMIN = "copper kettle morning tide"
HCA = "violet lantern harbour seven"
NEW = "saffron bicycle under nine bridges"


@pytest.mark.parametrize(("role", "allowed", "refused"), [
    ("healthcare assistant", {"enter results", "book appointments", "print letters", "run recall"},
     {"plan", "agree plans", "review plans", "manage staff", "change settings", "see any audit trail"}),
    ("administrator", {"keep the register", "run recall", "print letters", "manage staff", "change settings",
                       "see any audit trail"}, {"plan", "agree plans", "review plans", "enter results"}),
    *[(role, {"plan", "agree plans", "review plans", "enter results", "see a person's audit trail"},
       {"manage staff", "change settings", "see any audit trail"}) for role in CLINICIANS],
])
def test_the_role_table(role, allowed, refused):
    assert all(may(role, what) for what in allowed)
    assert not any(may(role, what) for what in refused)
    assert not may(None, "print letters")  # nobody signed in: nothing


def _practice(path: Path) -> Vault:
    vault = Vault.create(path, ADMIN, ADMIN, user_name="Sam Porter", user_role="administrator")
    add_staff(vault, "Dev Mistry", "healthcare assistant", HCA, HCA)
    return vault


def test_an_assistant_cannot_agree_a_plan_and_is_told_why(vault_path: Path):
    from careplan_desktop.services.demo.case_studies import add_demo_people
    from careplan_desktop.domain.reference import load_reference_data
    import datetime as dt

    admin = _practice(vault_path)
    add_staff(admin, "Nora Hughes", "practice nurse", NEW, NEW)
    admin.lock()
    nurse = Vault.unlock(vault_path, NEW, user="Nora Hughes")
    with nurse.transaction() as session:
        add_demo_people(session, load_reference_data(), dt.date(2026, 3, 2))
    from sqlalchemy import select
    from careplan_desktop.models import Patient
    from careplan_desktop.services.demo.case_studies import LORNA_NHS

    with nurse.reader() as session:
        lorna = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
    draft = start_draft(nurse, lorna).version_uuid
    nurse.lock()
    assistant = Vault.unlock(vault_path, HCA, user="Dev Mistry")
    with pytest.raises(NotAllowed, match="Agreeing a plan needs a clinician's sign-in"):
        agree_plan(assistant, draft, agreed_by_person="Lorna", agreed_by_clinician="Dev Mistry", confirm_missing=True)
    with pytest.raises(NotAllowed, match="Writing a care plan needs a clinician's sign-in"):
        start_draft(assistant, lorna)
    with pytest.raises(NotAllowed, match="needs an administrator's sign-in"):
        add_staff(assistant, "Someone", "GP", NEW, NEW)
    assistant.lock()


def test_anyone_changes_their_own_passphrase_and_nobody_elses_changes(vault_path: Path):
    _practice(vault_path).lock()
    assistant = Vault.unlock(vault_path, HCA, user="Dev Mistry")
    with pytest.raises(WrongPassphraseError):
        change_my_passphrase(assistant, "not my passphrase at all", NEW, NEW)
    change_my_passphrase(assistant, HCA, NEW, NEW)
    assistant.lock()
    with pytest.raises(WrongPassphraseError):
        Vault.unlock(vault_path, HCA, user="Dev Mistry")
    Vault.unlock(vault_path, NEW, user="Dev Mistry").lock()
    Vault.unlock(vault_path, ADMIN, user="Sam Porter").lock()


def test_you_cannot_remove_yourself_but_another_administrator_can_remove_you(vault_path: Path):
    admin = _practice(vault_path)
    with pytest.raises(StaffError, match="cannot remove yourself"):
        remove_staff(admin, "Sam Porter")  # so there is always an administrator left
    add_staff(admin, "Jo Kendall", "administrator", NEW, NEW)
    admin.lock()
    other = Vault.unlock(vault_path, NEW, user="Jo Kendall")
    remove_staff(other, "Sam Porter")
    other.lock()
    with pytest.raises(WrongPassphraseError.__mro__[1]):  # a VaultError: no longer on the staff list
        Vault.unlock(vault_path, ADMIN, user="Sam Porter")
