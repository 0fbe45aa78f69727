"""The person form, driven like a nurse: Ctrl+N on the register, typing, Ctrl+S, Esc."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Carer, Condition, Patient
from careplan_desktop.services.register.person import (
    CARER_COPY_NEEDS_CONSENT,
    DUPLICATE_NHS_NUMBER,
    PersonForm,
    save_person,
)
from careplan_desktop.store import Vault
from careplan_desktop.ui.main_window import MainWindow
from careplan_desktop.ui.person.dialog import PersonDialog

from ..conftest import TEST_PASSPHRASE
from .helpers import press_shortcut

TODAY = dt.date(2025, 6, 1)
CHECK_DIGIT = "This NHS number is not valid: check the last digit."
NEW_NHS = "9434765919"  # the NHS's own example number: 943 476 5919
EXISTING_NHS = "9990000409"


def window_on(qtbot, make_context, open_window, vault_path: Path, vault: Vault) -> MainWindow:
    context = make_context(vault_path, vault)
    context.today = lambda: TODAY
    window = open_window(context)
    qtbot.waitUntil(lambda: window.screen_for("register")._loaded, timeout=10_000)
    return window


def open_new_form(qtbot, window: MainWindow) -> PersonDialog:
    register = window.screen_for("register")
    window.activateWindow()  # offscreen, closing a dialog does not hand activation back by itself
    qtbot.waitUntil(window.isActiveWindow)
    register.search.setFocus()
    press_shortcut(register.search, "Ctrl+N")
    qtbot.waitUntil(lambda: register.entry.forms.dialog is not None and register.entry.forms.dialog.isVisible())
    return active(qtbot, register.entry.forms.dialog)


def active(qtbot, dialog: PersonDialog) -> PersonDialog:
    """Focus moves (and fields tidy themselves on leaving) only in the active window."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def closed(dialog: PersonDialog) -> bool:
    """Closed (a closed form is deleted: nothing of the person stays in memory)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def type_into(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def leave(field) -> None:
    """Tab out of a field, as a person does (it tidies itself on leaving)."""
    QTest.keyClick(field, Qt.Key.Key_Tab)


def answer(qtbot, dialog: PersonDialog, button_text: str) -> None:
    qtbot.waitUntil(lambda: dialog.prompt is not None and dialog.prompt.isVisible())
    button = next(b for b in dialog.prompt.findChildren(QPushButton) if b.text().replace("&", "") == button_text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def add_existing(vault: Vault, **changes) -> str:
    form = PersonForm(nhs_number=EXISTING_NHS, given_name="Lorna", family_name="Example",
                      date_of_birth=dt.date(1946, 9, 17), conditions=[("asthma", None), ("heart-failure", None)])
    form = PersonForm(**{**form.__dict__, **changes})
    outcome = save_person(vault, form, today=TODAY)
    assert outcome.saved
    return outcome.patient_uuid


def test_add_a_person_through_the_form(qtbot, vault_path, vault, make_context, open_window) -> None:
    window = window_on(qtbot, make_context, open_window, vault_path, vault)
    dialog = open_new_form(qtbot, window)
    ui = dialog.ui
    assert ui.title.text() == "Add a person to the register"

    # a wrong last digit, typed with spaces: the check-digit message beside the field, nothing saved
    type_into(qtbot, ui.nhs_number, "943 476 5918")
    type_into(qtbot, ui.texts["given_name"], "Mary")
    type_into(qtbot, ui.texts["family_name"], "Jones")
    type_into(qtbot, ui.dates["date_of_birth"], "5/3/1948")
    leave(ui.dates["date_of_birth"])
    assert ui.dates["date_of_birth"].text() == "05/03/1948"
    press_shortcut(ui.texts["family_name"], "Ctrl+S")
    assert ui.problems["nhs_number"].text() == CHECK_DIGIT and ui.problems["nhs_number"].isVisible()
    assert QApplication.focusWidget() is ui.nhs_number
    assert ui.banner.isVisible()
    assert vault.count(Patient) == 0

    # the right number, typed with odd spacing: shown 3-3-4 once the field is left
    type_into(qtbot, ui.nhs_number, "943476 5919")
    leave(ui.nhs_number)
    assert ui.nhs_number.text() == "943 476 5919"

    # two conditions picked by typing: a name, then a SNOMED CT id
    search = ui.conditions.search
    type_into(qtbot, search, "type 2 diab")
    assert ui.conditions.matches.currentItem().text().startswith("Type 2 diabetes")
    QTest.keyClick(search, Qt.Key.Key_Return)
    type_into(qtbot, search, "13645005")  # COPD
    QTest.keyClick(search, Qt.Key.Key_Return)
    assert ui.conditions.codes() == ["diabetes-type-2", "copd"]
    assert search.text() == ""
    type_into(qtbot, ui.conditions.rows[0].diagnosed, "01/05/1996")

    press_shortcut(search, "Ctrl+S")
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)

    with vault.reader() as session:
        mary = session.scalar(select(Patient).where(Patient.nhs_number == NEW_NHS))
        assert (mary.given_name, mary.family_name, mary.date_of_birth, mary.birth_month) == (
            "Mary", "Jones", dt.date(1948, 3, 5), 3)
        conditions = {c.code: c.diagnosed_on for c in session.scalars(
            select(Condition).where(Condition.patient_id == mary.id))}
        assert conditions == {"diabetes-type-2": dt.date(1996, 5, 1), "copd": None}
        events = session.execute(select(AuditEvent.action, AuditEvent.entity).where(
            AuditEvent.patient_id == mary.id, AuditEvent.action != "viewed")).all()  # (the overview opens her)
    assert sorted(events) == [("created", "condition"), ("created", "condition"), ("created", "patient")]

    # every screen was told: the register lists Mary and shows her overview
    register = window.screen_for("register")
    qtbot.waitUntil(lambda: register.overview.person is not None and register.overview.person.uuid == mary.uuid,
                    timeout=5000)
    assert register.model.total_count == 1


def test_a_duplicate_nhs_number_is_refused_and_offers_the_existing_record(
        qtbot, vault_path, vault, make_context, open_window) -> None:
    lorna = add_existing(vault)
    window = window_on(qtbot, make_context, open_window, vault_path, vault)
    dialog = open_new_form(qtbot, window)
    ui = dialog.ui
    type_into(qtbot, ui.nhs_number, "999 000 0409")
    type_into(qtbot, ui.texts["given_name"], "Someone")
    type_into(qtbot, ui.texts["family_name"], "Else")
    type_into(qtbot, ui.dates["date_of_birth"], "01/01/1950")
    press_shortcut(ui.dates["date_of_birth"], "Ctrl+S")
    qtbot.waitUntil(lambda: dialog.prompt is not None, timeout=5000)
    assert ui.problems["nhs_number"].text() == DUPLICATE_NHS_NUMBER
    assert "Lorna" not in dialog.prompt.text()  # never anyone else's details
    answer(qtbot, dialog, "Open their record")
    assert vault.count(Patient) == 1
    assert closed(dialog)
    register = window.screen_for("register")
    qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
    assert register.overview.person.uuid == lorna


def test_same_name_and_date_of_birth_warns_and_lets_the_nurse_carry_on(
        qtbot, vault_path, vault, make_context, open_window) -> None:
    add_existing(vault)
    window = window_on(qtbot, make_context, open_window, vault_path, vault)
    dialog = open_new_form(qtbot, window)
    ui = dialog.ui
    type_into(qtbot, ui.nhs_number, "943 476 5919")
    type_into(qtbot, ui.texts["given_name"], "Lorna")
    type_into(qtbot, ui.texts["family_name"], "Example")
    type_into(qtbot, ui.dates["date_of_birth"], "17/09/1946")
    press_shortcut(ui.dates["date_of_birth"], "Ctrl+S")
    answer(qtbot, dialog, "Go back and check")
    assert dialog.isVisible() and vault.count(Patient) == 1
    active(qtbot, dialog)
    press_shortcut(ui.dates["date_of_birth"], "Ctrl+S")
    answer(qtbot, dialog, "Save anyway")
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    assert vault.count(Patient) == 2


def test_escape_with_unsaved_changes_asks_first(qtbot, vault_path, vault, make_context, open_window) -> None:
    window = window_on(qtbot, make_context, open_window, vault_path, vault)
    dialog = open_new_form(qtbot, window)
    QTest.keyClick(dialog.ui.nhs_number, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert closed(dialog)

    dialog = open_new_form(qtbot, window)
    type_into(qtbot, dialog.ui.texts["given_name"], "Mary")
    QTest.keyClick(dialog.ui.texts["given_name"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.prompt is not None)
    assert dialog.prompt.text() == "You have changes that are not saved. Save them before closing?"
    dialog.prompt.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and dialog.ui.texts["given_name"].text() == "Mary"
    QTest.keyClick(dialog.ui.texts["given_name"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.prompt is not None)
    dialog.prompt.button(QMessageBox.StandardButton.Discard).click()
    assert closed(dialog)
    assert vault.count(Patient) == 0


def test_edit_removes_a_condition_only_when_confirmed_and_carers_need_consent(
        qtbot, vault_path, vault, make_context, open_window) -> None:
    lorna = add_existing(vault)
    window = window_on(qtbot, make_context, open_window, vault_path, vault)
    register = window.screen_for("register")
    register.open_person(lorna)
    qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
    qtbot.mouseClick(register.overview.findChild(QPushButton, "overview_edit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: register.entry.forms.dialog is not None)
    dialog = active(qtbot, register.entry.forms.dialog)
    ui = dialog.ui
    assert ui.nhs_number.text() == "999 000 0409"
    assert ui.conditions.codes() == ["asthma", "heart-failure"]
    assert not dialog.is_dirty()

    qtbot.mouseClick(ui.conditions.rows[0].remove, Qt.MouseButton.LeftButton)
    confirm = ui.conditions.confirm
    assert confirm is not None and "Remove Asthma" in confirm.text()
    next(b for b in confirm.buttons() if b.text() == "Keep it").click()
    assert ui.conditions.codes() == ["asthma", "heart-failure"]
    qtbot.mouseClick(ui.conditions.rows[0].remove, Qt.MouseButton.LeftButton)
    next(b for b in ui.conditions.confirm.buttons() if b.text() == "Remove").click()
    assert ui.conditions.codes() == ["heart-failure"]

    # a carer who gets a copy of the plan needs the person's consent, recorded with its date
    qtbot.mouseClick(ui.carers.add_button, Qt.MouseButton.LeftButton)
    carer = ui.carers.rows[0]
    qtbot.keyClicks(carer.name, "Ann Example")
    qtbot.keyClicks(carer.relationship, "daughter")
    assert not carer.consent.isEnabled()
    carer.copy.click()
    assert carer.consent.isEnabled()
    press_shortcut(carer.name, "Ctrl+S")
    assert carer.problem.text() == CARER_COPY_NEEDS_CONSENT and carer.problem.isVisible()
    assert QApplication.focusWidget() is carer.consent
    qtbot.keyClicks(carer.consent, "20/05/2025")
    press_shortcut(carer.consent, "Ctrl+S")
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)

    with vault.reader() as session:
        patient_id = session.scalar(select(Patient.id).where(Patient.uuid == lorna))
        assert list(session.scalars(select(Condition.code).where(Condition.patient_id == patient_id))) == [
            "heart-failure"]
        ann = session.scalar(select(Carer).where(Carer.patient_id == patient_id))
        assert (ann.name, ann.relationship_to_person, ann.receives_copy, ann.copy_consent_recorded_on) == (
            "Ann Example", "daughter", True, dt.date(2025, 5, 20))
        deleted = session.scalars(select(AuditEvent.entity).where(
            AuditEvent.patient_id == patient_id, AuditEvent.action == "deleted")).all()
    assert deleted == ["condition"]


def test_typed_text_survives_a_lock(qtbot, vault_path, vault, make_context, open_window) -> None:
    window = window_on(qtbot, make_context, open_window, vault_path, vault)
    dialog = open_new_form(qtbot, window)
    type_into(qtbot, dialog.ui.nhs_number, "943 476 59")
    type_into(qtbot, dialog.ui.texts["given_name"], "Mary")
    type_into(qtbot, dialog.ui.conditions.search, "asthma")
    QTest.keyClick(dialog.ui.conditions.search, Qt.Key.Key_Return)

    window.lock()
    register = window.screen_for("register")
    assert register.entry.forms.dialog is None
    assert not any(isinstance(w, PersonDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    unlock = window.lock_flow.dialog
    qtbot.keyClicks(unlock.passphrase, TEST_PASSPHRASE)
    QTest.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: register.entry.forms.dialog is not None, timeout=10_000)

    restored = register.entry.forms.dialog
    assert restored is not dialog
    assert restored.ui.nhs_number.text() == "943 476 59"
    assert restored.ui.texts["given_name"].text() == "Mary"
    assert restored.ui.conditions.codes() == ["asthma"]
    assert restored.is_dirty()
    restored.discard()


def commit_text(field, text: str) -> None:
    """Text as a keyboard input method (Japanese, Chinese ...) delivers it: full-width digits
    have no key of their own (QTest's key clicks cannot type them)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def test_full_width_nhs_digits_are_refused_with_the_keys_to_use(qtbot, vault_path, vault, make_context,
                                                                 open_window) -> None:
    window = window_on(qtbot, make_context, open_window, vault_path, vault)
    dialog = open_new_form(qtbot, window)
    ui = dialog.ui
    ui.nhs_number.setFocus()
    commit_text(ui.nhs_number, "９４３ ４７６ ５９１９")  # 943 476 5919 in full-width digits
    leave(ui.nhs_number)
    assert ui.nhs_number.text() == "９４３ ４７６ ５９１９"  # not tidied into a number that looks right
    type_into(qtbot, ui.texts["given_name"], "Mary")
    type_into(qtbot, ui.texts["family_name"], "Jones")
    type_into(qtbot, ui.dates["date_of_birth"], "05/03/1948")
    press_shortcut(ui.texts["family_name"], "Ctrl+S")
    assert ui.problems["nhs_number"].isVisible()
    assert ui.problems["nhs_number"].text().startswith("Type the NHS number with the ordinary number keys 0-9")
    assert vault.count(Patient) == 0

    type_into(qtbot, ui.nhs_number, "943 476 5919")
    press_shortcut(ui.texts["family_name"], "Ctrl+S")
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)
    with vault.reader() as session:
        assert list(session.scalars(select(Patient.nhs_number))) == [NEW_NHS]


def test_searching_the_register_with_full_width_digits_finds_no_one_and_says_which_keys(
        qtbot, vault_path, vault, make_context, open_window) -> None:
    add_existing(vault)
    window = window_on(qtbot, make_context, open_window, vault_path, vault)
    register = window.screen_for("register")
    qtbot.waitUntil(lambda: register.model.rowCount() == 1, timeout=10_000)
    register.search.setFocus()
    commit_text(register.search, "９９９ ０００ ０４０９")
    qtbot.waitUntil(lambda: register.model.rowCount() == 0, timeout=5000)
    assert register.count_label.text().endswith("Type numbers with the ordinary number keys 0-9.")
    register.search.clear()
    qtbot.keyClicks(register.search, "999 000 0409")
    qtbot.waitUntil(lambda: register.model.rowCount() == 1, timeout=5000)
