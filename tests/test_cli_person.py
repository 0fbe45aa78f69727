"""`careplan-desktop person` (issue 13 §4): mark someone as died, moved away or off the register,
restore them, and the messages for a wrong NHS number or someone not in the vault; and
`import-register --full-list` listing who is "to check". Run as a script would run it.

The command takes today from the computer's clock, so the dates given are long past (2024) or
far ahead (2999): the result does not depend on the day the test runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from careplan_desktop.models import AuditEvent, Patient
from careplan_desktop.services.register.person import PersonForm, save_person
from careplan_desktop.store import Vault

from .conftest import TEST_PASSPHRASE
from .test_cli_register import run_cli

LORNA_NHS, JACK_NHS = "9990000018", "9990000026"


@pytest.fixture
def two_people(vault_path: Path) -> Path:
    vault = Vault.create(vault_path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Nurse", device_name="Test PC")
    for nhs, given, born in ((LORNA_NHS, "Lorna", dt.date(1948, 3, 14)), (JACK_NHS, "Jack", dt.date(1971, 6, 20))):
        assert save_person(vault, PersonForm(nhs_number=nhs, given_name=given, family_name="Example",
                                             date_of_birth=born)).saved
    vault.lock()
    return vault_path


def _status(path: Path, nhs: str) -> tuple:
    from sqlalchemy import select

    vault = Vault.unlock(path, TEST_PASSPHRASE)
    try:
        with vault.reader() as session:
            p = session.scalar(select(Patient).where(Patient.nhs_number == nhs))
            audited = session.scalar(select(AuditEvent.details).where(AuditEvent.record_uuid == p.uuid,
                                                                      AuditEvent.action == "changed")
                                     .order_by(AuditEvent.id.desc()).limit(1))
            return p.register_status, p.register_status_on, p.register_status_reason, (audited or {}).get("source")
    finally:
        vault.lock()


def test_person_marks_died_moved_away_left_and_restores(two_people: Path, data_dir: Path) -> None:
    vault = str(two_people)
    done = run_cli("person", "--vault", vault, "--nhs-number", "999 000 0018", "--died", "2024-03-05", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("999 000 0018: Died 5 March 2024.")
    assert _status(two_people, LORNA_NHS) == ("died", dt.date(2024, 3, 5), None, "register status")

    done = run_cli("person", "--vault", vault, "--nhs-number", LORNA_NHS, "--active", data_dir=data_dir)
    assert done.returncode == 0 and "on the register again" in done.stdout
    assert _status(two_people, LORNA_NHS) == ("active", None, None, "register status")

    done = run_cli("person", "--vault", vault, "--nhs-number", JACK_NHS, "--moved-away", "2024-01-31", data_dir=data_dir)
    assert done.returncode == 0 and "Moved away or registered elsewhere 31 January 2024" in done.stdout
    done = run_cli("person", "--vault", vault, "--nhs-number", JACK_NHS, "--left-register", "COPD diagnosis revised",
                   data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert _status(two_people, JACK_NHS) == ("left_register", None, "COPD diagnosis revised", "register status")


@pytest.mark.parametrize("args, message", [
    (("--nhs-number", "999 000 0019", "--died", "2024-03-05"), "--nhs-number: "),  # a wrong check digit
    (("--nhs-number", "9990000034", "--died", "2024-03-05"), "No one in this vault has the NHS number 999 000 0034"),
    (("--nhs-number", LORNA_NHS, "--died", "5/3/2024"), "--died must be a date, like 2026-11-03."),
    (("--nhs-number", LORNA_NHS, "--died", "2999-01-01"), "The date cannot be in the future."),
    (("--nhs-number", LORNA_NHS, "--left-register", " "), "Say why they left the register."),
    (("--nhs-number", LORNA_NHS, "--active"), "already recorded for this person"),
])
def test_person_refuses_with_a_clear_message_and_changes_nothing(two_people: Path, data_dir: Path, args, message):
    done = run_cli("person", "--vault", str(two_people), *args, data_dir=data_dir)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert _status(two_people, LORNA_NHS)[:3] == ("active", None, None)


def test_import_register_full_list_lists_who_to_check_and_changes_nobody(two_people: Path, data_dir: Path,
                                                                        tmp_path: Path) -> None:
    full = tmp_path / "full.csv"
    full.write_text("NHS number,Surname,Forename,DOB\n9990000026,Example,Jack,20/06/1971\n", encoding="utf-8")
    done = run_cli("import-register", "--vault", str(two_people), str(full), "--full-list", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:4] == ["imported: 0", "updated: 0", "unchanged: 1", "rejected: 0"]
    assert lines[4] == "to check: 1"
    assert lines[6] == "  999 000 0018  Lorna Example  born 14/03/1948"
    assert _status(two_people, LORNA_NHS)[:3] == ("active", None, None)
