"""The import wizard driven like a person, on tests/fixtures/register_50.csv.

The expectations are the hand-computed ones of tests/services/test_register_import.py (the
fixture's design is written out there): 37 new people, Lorna updated, 12 rows rejected with
those reasons, and nothing of a rejected row in the vault.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlalchemy import select

from careplan_desktop.models import Condition, Patient
from careplan_desktop.services.register import importing as register_import
from careplan_desktop.services.register.person import PersonForm, save_person
from careplan_desktop.store import Vault
from careplan_desktop.ui.main_window import MainWindow
from careplan_desktop.ui.register_import import ImportWizard
from careplan_desktop.ui.register_import.run_page import STOPPED
from careplan_desktop.ui.workers import SynchronousPool

from ..conftest import TEST_PASSPHRASE
from ..services.test_register_import import (
    BEN_NHS,
    EXPECTED_REJECTS,
    FIXTURE,
    LORNA_NHS,
    REJECTED_VALID_NUMBERS,
    TODAY,
    UNCLOSED,
    UNCLOSED_PEOPLE,
    UNCLOSED_REASON,
    closed_quote_copy,
    dump,
)
from ..test_cli_register import run_cli


def add_lorna(vault: Vault) -> None:
    form = PersonForm(nhs_number=LORNA_NHS, given_name="Lorna", family_name="Example",
                      date_of_birth=dt.date(1946, 9, 17), phone="01434 000000", level_of_need=3,
                      conditions=[("asthma", None)])
    assert save_person(vault, form, today=TODAY).saved


def open_wizard(qtbot, make_context, open_window, vault_path: Path, vault: Vault, *, pool=None,
                today: dt.date | None = TODAY) -> tuple[MainWindow, ImportWizard]:
    context = make_context(vault_path, vault, pool=pool)
    if today is not None:
        context.today = lambda: today
    window = open_window(context)
    register = window.screen_for("register")
    qtbot.mouseClick(register.entry.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: register.entry.wizard is not None and register.entry.wizard.isVisible())
    return window, register.entry.wizard


def click(qtbot, wizard: ImportWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def choose_file_and_columns(qtbot, wizard: ImportWizard) -> None:
    qtbot.keyClicks(wizard.file_page.path, str(FIXTURE))
    assert "14 columns" in wizard.file_page.found.text()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.mapping_page


def shown_counts(wizard: ImportWizard) -> dict[str, int]:
    return {key: int(label.text().replace(",", "")) for key, label in wizard.import_page.count_labels.items()}


def shown_rejects(wizard: ImportWizard) -> list[tuple[int, str]]:
    table = wizard.import_page.rejects
    return [(int(table.item(r, 0).text()), table.item(r, 1).text()) for r in range(table.rowCount())]


def test_import_the_fixture_through_the_wizard(qtbot, vault_path, vault, make_context, open_window, tmp_path):
    add_lorna(vault)
    window, wizard = open_wizard(qtbot, make_context, open_window, vault_path, vault)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # no file yet
    choose_file_and_columns(qtbot, wizard)

    # the columns with common names are matched already
    combos = wizard.mapping_page.combos
    assert {name: c.currentText() for name, c in combos.items() if c.currentData()} == {
        "nhs_number": "NHS Number", "title": "Title", "given_name": "Forename", "family_name": "Surname",
        "date_of_birth": "Date of Birth", "sex": "Gender", "address": "Address Line 1", "town": "Town",
        "postcode": "Postcode", "phone": "Telephone", "gp_name": "Usual GP", "conditions": "Problems",
        "level_of_need": "Level", "housebound": "Housebound"}
    # taking a required column away is refused until it is chosen again
    combos["family_name"].setCurrentIndex(0)
    assert wizard.mapping_page.problems.text() == "Choose the column for family name."
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    combos["family_name"].setCurrentIndex(combos["family_name"].findData("Surname"))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # the preview: the first rows as they will be stored, rejected rows with their reason
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=10_000)
    table = preview.table
    headings = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    cell = {(int(table.item(r, 0).text()), headings[c]): table.item(r, c).text()
            for r in range(table.rowCount()) for c in range(table.columnCount())}
    assert [int(table.item(r, 0).text()) for r in range(table.rowCount())] == list(range(2, 12))
    assert (cell[3, "Will be"], cell[3, "NHS number"], cell[3, "Date of birth"], cell[3, "Postcode"],
            cell[3, "Conditions"]) == ("New", "999 000 0034", "05/03/1948", "NE46 1QJ", "COPD (chronic obstructive "
                                       "pulmonary disease); Hypertension")
    assert (cell[5, "Will be"], cell[5, "Problem"]) == ("Rejected", EXPECTED_REJECTS[0].reason)
    assert cell[9, "Problem"] == EXPECTED_REJECTS[1].reason

    # the import, off the GUI thread; then the counts and the rejects
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Import"
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    page = wizard.import_page
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)
    assert shown_counts(wizard) == {"imported": 37, "updated": 1, "unchanged": 0, "rejected": 12}
    assert shown_rejects(wizard) == [(r.row_number, r.reason) for r in EXPECTED_REJECTS]
    assert not page.progress.isVisible() and wizard.button(QWizard.WizardButton.FinishButton).isEnabled()

    # the vault holds the accepted rows and nothing of the rejected ones
    with vault.reader() as session:
        stored = set(session.scalars(select(Patient.nhs_number)))
        lorna_codes = set(session.scalars(select(Condition.code).join(Patient).where(Patient.nhs_number == LORNA_NHS)))
    assert len(stored) == 38 and BEN_NHS in stored
    assert not stored & set(REJECTED_VALID_NUMBERS)
    assert lorna_codes == {"asthma", "copd"}
    register = window.screen_for("register")
    qtbot.waitUntil(lambda: register.model.total_count == 38, timeout=10_000)  # told, and reloaded

    # the rejects, saved as a CSV to fix in a spreadsheet
    out = page.save_rejects(tmp_path / "rejects.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(int(r["Original row"]), r["Why it was not imported"]) for r in rows] == [
        (r.row_number, r.reason) for r in EXPECTED_REJECTS]
    assert rows[0]["NHS Number"] == "9990000051"  # row 5 as it was in the file (wrong last digit)
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert register.entry.wizard is None


def test_stop_part_way_saves_nothing(qtbot, vault_path, vault, make_context, open_window, monkeypatch):
    add_lorna(vault)
    before = dump(vault)
    monkeypatch.setattr(register_import, "FLUSH_EVERY", 10)
    window, wizard = open_wizard(qtbot, make_context, open_window, vault_path, vault, pool=SynchronousPool())
    choose_file_and_columns(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.import_page
    # the person presses Stop as soon as the progress bar first moves (the job runs on this thread here)
    page.progress.valueChanged.connect(
        lambda value: value and page.stop_button.isEnabled() and qtbot.mouseClick(page.stop_button,
                                                                                    Qt.MouseButton.LeftButton))
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: not page.is_running)
    assert page.report is None and page.status.text() == STOPPED
    assert dump(vault) == before


def test_a_failure_halfway_leaves_the_vault_as_it_was(qtbot, vault_path, vault, make_context, open_window,
                                                       monkeypatch):
    add_lorna(vault)
    before = dump(vault)
    real = register_import._new_patient
    calls = []

    def failing(person, ids, reference, batch):
        calls.append(person)
        if len(calls) == 25:
            raise RuntimeError("disk unplugged")
        return real(person, ids, reference, batch)

    monkeypatch.setattr(register_import, "_new_patient", failing)
    monkeypatch.setattr(register_import, "FLUSH_EVERY", 10)
    window, wizard = open_wizard(qtbot, make_context, open_window, vault_path, vault, pool=SynchronousPool())
    choose_file_and_columns(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: not wizard.import_page.is_running)
    message = wizard.import_page.problem.text()
    assert message.startswith("The import failed.") and "Nothing was changed" in message
    assert "disk unplugged" not in message  # exception text never reaches the screen
    assert len(calls) == 25 and dump(vault) == before


def test_the_headless_command_prints_the_same_counts_as_the_wizard(
        qtbot, tmp_path, make_context, open_window, data_dir):
    """Two identical vaults, the same file: one through the wizard, one through import-register."""
    vaults = {}
    for name in ("gui", "cli"):
        vaults[name] = Vault.create(tmp_path / name / "v.vault", TEST_PASSPHRASE, TEST_PASSPHRASE,
                                    user_name="Nora Nurse", device_name="Test PC")
        add_lorna(vaults[name])
    cli_path = vaults["cli"].path
    vaults["cli"].lock()

    window, wizard = open_wizard(qtbot, make_context, open_window, vaults["gui"].path, vaults["gui"], today=None)
    choose_file_and_columns(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=10_000)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.import_page.report is not None, timeout=20_000)

    done = run_cli("import-register", "--vault", str(cli_path), str(FIXTURE), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    printed = dict(re.findall(r"^(imported|updated|unchanged|rejected): (\d+)$", done.stdout, re.MULTILINE))
    assert {key: int(value) for key, value in printed.items()} == shown_counts(wizard) == {
        "imported": 37, "updated": 1, "unchanged": 0, "rejected": 12}
    printed_rejects = [(int(n), reason) for n, reason in re.findall(r"^  row (\d+): (.*)$", done.stdout, re.MULTILINE)]
    assert printed_rejects == shown_rejects(wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(wizard))  # closed and deleted: nothing of the file stays


def test_a_file_with_an_unclosed_quote_is_refused_with_the_row_and_the_reason(
        qtbot, vault_path, vault, make_context, open_window, tmp_path):
    add_lorna(vault)
    before = dump(vault)
    window, wizard = open_wizard(qtbot, make_context, open_window, vault_path, vault)
    page = wizard.file_page
    qtbot.keyClicks(page.path, str(UNCLOSED))
    assert page.problem.isVisible() and page.problem.text() == UNCLOSED_REASON
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert dump(vault) == before

    # the quote closed: every row is read as its own person, each with their own address
    page.path.clear()
    qtbot.keyClicks(page.path, str(closed_quote_copy(tmp_path)))
    assert not page.problem.isVisible() and "12 columns" in page.found.text()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=10_000)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.import_page.report is not None, timeout=20_000)
    assert shown_counts(wizard) == {"imported": 11, "updated": 0, "unchanged": 0, "rejected": 0}
    with vault.reader() as session:
        stored = dict(session.execute(select(Patient.nhs_number, Patient.address)).all())
    assert {n: a for n, a in stored.items() if n != LORNA_NHS} == UNCLOSED_PEOPLE
