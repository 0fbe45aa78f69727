"""The import of a full list through the wizard (issue 13 §4): the people here who are not in it
are listed "to check" and nobody is changed by the import; one is then marked as died from the
result with a click and a date, another left as they are. Today is pinned (TODAY)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from shiboken6 import isValid
from sqlalchemy import select

from careplan_desktop.models import Patient
from careplan_desktop.services.register.person import PersonForm, save_person
from careplan_desktop.store import Vault

from careplan_desktop.ui.widgets import labels_text

from .helpers import enter
from .test_register_import_ui import FIXTURE, TODAY, click, open_wizard

MARY_NHS, NED_NHS = "9990001006", "9990001014"  # not in tests/fixtures/register_50.csv


def statuses(vault: Vault) -> dict[str, tuple]:
    with vault.reader() as session:
        return {p.nhs_number: (p.register_status, p.register_status_on, p.revision)
                for p in session.scalars(select(Patient))}


def test_a_full_list_lists_who_to_check_and_one_click_marks_them(qtbot, vault_path, vault, make_context,
                                                                  open_window):
    for nhs, given, born in ((MARY_NHS, "Mary", dt.date(1950, 2, 3)), (NED_NHS, "Ned", dt.date(1960, 4, 5))):
        assert save_person(vault, PersonForm(nhs_number=nhs, given_name=given, family_name="Zed",
                                             date_of_birth=born), today=TODAY).saved
    before = statuses(vault)
    window, wizard = open_wizard(qtbot, make_context, open_window, vault_path, vault)
    qtbot.keyClicks(wizard.file_page.path, str(FIXTURE))
    qtbot.keyClick(wizard.file_page.full_list, Qt.Key.Key_Space)
    assert wizard.file_page.full_list.isChecked()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=10_000)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    page = wizard.import_page
    qtbot.waitUntil(lambda: page.report is not None, timeout=20_000)

    panel = page.to_check
    assert panel.isVisible() and panel.title.text() == "To check: 2 people"
    table = panel.table
    assert [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())] == [
        ["Mary Zed", "999 000 1006", "03/02/1950", "To check"], ["Ned Zed", "999 000 1014", "05/04/1960", "To check"]]
    after = statuses(vault)
    assert {n: after[n] for n in before} == before  # the import changed neither of them

    # Mary (selected first): one click, the date, Enter
    qtbot.mouseClick(panel.buttons["died"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible(), timeout=3000)
    dialog = panel.dialog
    assert dialog.buttons["died"].isChecked() and "Register status: Mary Zed" in labels_text(dialog)
    qtbot.keyClicks(dialog.date, "01/05/2025")
    enter(dialog.date)
    qtbot.waitUntil(lambda: statuses(vault)[MARY_NHS][:2] == ("died", dt.date(2025, 5, 1)), timeout=5000)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=3000)
    assert table.item(0, 3).text() == "Died 1 May 2025"
    assert panel.selected() == 1  # Ned is selected next

    # Ned: left as he is, nothing recorded
    qtbot.mouseClick(panel.buttons["leave"], Qt.MouseButton.LeftButton)
    assert table.item(1, 3).text() == "Left as they are"
    assert statuses(vault)[NED_NHS] == before[NED_NHS]
    assert not panel.buttons["died"].isEnabled()  # nothing left to check in the selected row
