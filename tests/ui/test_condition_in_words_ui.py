"""Issue 17: in the person form, a condition not in the catalogue is recorded in the nurse's
words (no SNOMED CT code), and cancer with its site, by typing like a nurse; the vault holds
what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from careplan_desktop.models import Condition, Patient

from .helpers import press_shortcut
from .test_person_form import closed, leave, open_new_form, type_into, window_on


def test_a_condition_in_words_and_a_cancer_with_its_site_typed_in_the_person_form(
        qtbot, vault_path, vault, make_context, open_window) -> None:
    window = window_on(qtbot, make_context, open_window, vault_path, vault)
    dialog = open_new_form(qtbot, window)
    ui = dialog.ui
    type_into(qtbot, ui.nhs_number, "943 476 5919")
    type_into(qtbot, ui.texts["given_name"], "Mary")
    type_into(qtbot, ui.texts["family_name"], "Jones")
    type_into(qtbot, ui.dates["date_of_birth"], "05/03/1948")
    leave(ui.dates["date_of_birth"])

    # not in the catalogue: the last line offers it in her words; Down to it, Enter
    search = ui.conditions.search
    type_into(qtbot, search, "Ehlers-Danlos syndrome")
    matches = ui.conditions.matches
    last = matches.item(matches.count() - 1)
    assert last.text() == ("Not in the catalogue: record \u201cEhlers-Danlos syndrome\u201d in these words "
                           "(no SNOMED CT code)")
    while matches.currentRow() != matches.count() - 1:
        QTest.keyClick(search, Qt.Key.Key_Down)
    QTest.keyClick(search, Qt.Key.Key_Return)
    assert ui.conditions.rows[0].snomed_label.text() == "In words, no SNOMED CT code"

    # cancer: picked from the catalogue, then the cursor waits in "Where" for its site
    type_into(qtbot, search, "cancer")
    assert matches.currentItem().text().startswith("Cancer")
    QTest.keyClick(search, Qt.Key.Key_Return)
    site = ui.conditions.rows[1].site
    qtbot.waitUntil(lambda: QApplication.focusWidget() is site)
    QTest.keyClicks(site, "bowel")
    assert ui.conditions.codes() == ["free-text:Ehlers-Danlos syndrome", "cancer:bowel"]

    press_shortcut(site, "Ctrl+S")
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    with vault.reader() as session:
        rows = session.execute(select(Condition.code, Condition.display, Condition.snomed_id, Condition.site)
                               .join(Patient).where(Patient.nhs_number == "9434765919")
                               .order_by(Condition.code)).all()
    assert rows == [("cancer", "Cancer (bowel)", "363346000", "bowel"),
                    ("free-text", "Ehlers-Danlos syndrome", None, None)]
