"""Issue 13 §1: a new vault goes on to the practice's set-up; letters and printouts carry what
was typed there; Settings changes it in the vault (and the idle lock follows)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.models import Patient, PlanVersion
from careplan_desktop.services.demo.case_studies import LORNA_NHS, add_demo_people
from careplan_desktop.services.letters import results_letters as letters
from careplan_desktop.services.planning.printout_store import printout_pdf
from careplan_desktop.services.practice.details import read_practice, save_practice
from careplan_desktop.services.practice.values import PracticeSettings
from careplan_desktop.services.recall.booking import book_appointments
from careplan_desktop.store import Vault
from careplan_desktop.ui.application import open_first_vault
from careplan_desktop.ui.practice.setup_dialog import PracticeSetupDialog
from careplan_desktop.ui.vault import CreateVaultDialog

from ..documents.pdf_text import page_texts

TODAY = dt.date(2026, 11, 2)
PASSPHRASE = "kettle orchard lantern pebble"
HOLMSIDE = PracticeSettings(name="Holmside Medical Group", address="Holmside Lane\nNewtown\nNE1 4XX",
                            phone="0191 496 0000", ods_code="A81001")


@pytest.fixture
def vault(administrator_vault):
    """The practice's settings and backups are an administrator's."""
    return administrator_vault


def test_a_new_vault_goes_through_first_run_set_up_and_the_next_letter_and_printout_carry_the_practice(
        qtbot, tmp_path: Path, make_context) -> None:
    context = make_context(tmp_path / "new.vault", today=TODAY)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, CreateVaultDialog) and "create" not in seen:
            seen.append("create")
            qtbot.keyClicks(box.user_name, "Sam Okafor")
            qtbot.keyClicks(box.passphrase, PASSPHRASE)
            qtbot.keyClicks(box.repeated, PASSPHRASE)
            qtbot.mouseClick(box.create_button, Qt.MouseButton.LeftButton)
        elif isinstance(box, PracticeSetupDialog) and "set up" not in seen:
            seen.append("set up")
            qtbot.keyClicks(box.form.name, "Holmside Medical Group")
            box.form.address.setFocus()
            qtbot.keyClicks(box.form.address, "Holmside Lane")
            qtbot.keyClick(box.form.address, Qt.Key.Key_Return)
            qtbot.keyClicks(box.form.address, "Newtown NE1 4XX")
            qtbot.keyClicks(box.form.phone, "0191 496 0000")
            qtbot.keyClicks(box.form.ods_code, "a81001")
            qtbot.keyClicks(box.form.signed_by, "Dr Asha Patel, GP")
            box.form.review_months[3].setValue(2)
            qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    try:
        vault = open_first_vault(context)
    finally:
        timer.stop()
    assert seen == ["create", "set up"] and vault is not None
    practice = read_practice(vault)
    assert (practice.name, practice.phone, practice.ods_code) == ("Holmside Medical Group", "0191 496 0000", "A81001")
    assert practice.address_lines == ("Holmside Lane", "Newtown NE1 4XX")
    assert practice.review_months == {1: 12, 2: 6, 3: 2} and practice.lock_minutes == 5

    with vault.transaction() as session:
        add_demo_people(session, load_reference_data(), TODAY)
    with vault.reader() as session:
        lorna = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
        version = session.scalar(select(PlanVersion.uuid).join(Patient).where(
            Patient.uuid == lorna, PlanVersion.status == "agreed"))
    book_appointments(vault, [lorna], 2026, 11, dt.datetime(2026, 11, 16, 10, 30), with_whom="Andrea Clarke")
    batch = letters.prepare_letters(vault, [lorna], today=TODAY)
    letter = " ".join(page_texts(letters.render_letters(batch.letters, letters.practice_details(vault))))
    assert "Holmside Medical Group" in letter and "0191 496 0000" in letter and "Holmside Lane" in letter
    assert "Dr Asha Patel, GP, for the care team at Holmside Medical Group" in letter
    printout = " ".join(page_texts(printout_pdf(vault, version, today=TODAY)))
    assert "My GP practice: Holmside Medical Group" in printout and "0191 496 0000" in printout
    for text in (letter, printout):
        assert "Ashby Green Medical Practice" not in text and "01632 960 000" not in text  # the demo practice


def test_a_letter_is_refused_until_the_practice_is_set_up(vault: Vault) -> None:
    try:
        letters.practice_details(vault)
    except letters.PracticeNotSetUp as error:
        assert "Settings" in str(error)
    else:
        raise AssertionError("a letter was allowed with no practice set up")


def test_settings_saves_the_practice_in_the_vault_and_the_idle_lock_follows(
        qtbot, vault_path: Path, vault: Vault, make_context, open_window) -> None:
    save_practice(vault, HOLMSIDE)
    window = open_window(make_context(vault_path, vault))
    assert window.idle.interval_ms == 5 * 60_000
    screen = window.show_area("settings")
    form = screen.form
    qtbot.waitUntil(lambda: form.name.text() == "Holmside Medical Group")
    form.phone.selectAll()
    qtbot.keyClicks(form.phone, "0191 496 0123")
    form.lock_minutes.setValue(12)
    qtbot.keyClicks(form.hours["Tuesday"], "9am to 1pm")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.status.text().startswith("Saved"))
    kept = read_practice(vault)
    assert (kept.phone, kept.lock_minutes, dict(kept.clinic_hours)) == ("0191 496 0123", 12, {"Tuesday": "9am to 1pm"})
    assert kept.name == "Holmside Medical Group" and kept.ods_code == "A81001"
    qtbot.waitUntil(lambda: window.idle.interval_ms == 12 * 60_000)


def test_settings_refuses_an_ods_code_of_the_wrong_shape_and_says_what_is_wrong(
        qtbot, vault_path: Path, vault: Vault, make_context, open_window) -> None:
    save_practice(vault, HOLMSIDE)
    window = open_window(make_context(vault_path, vault))
    screen = window.show_area("settings")
    qtbot.waitUntil(lambda: screen.form.ods_code.text() == "A81001")
    screen.form.ods_code.selectAll()
    qtbot.keyClicks(screen.form.ods_code, "A81-01")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert "only letters and digits" in screen.problem.text() and "'-'" in screen.problem.text()
    assert read_practice(vault).ods_code == "A81001"  # nothing changed
