"""Entering Lorna's results through the screens, by keyboard, as a healthcare assistant would:
an impossible HbA1c is refused with its range, an unusual one needs a second Save, BMI is worked
out, the rest is stored with its audit events, and typed values survive a lock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Patient, Result
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.store import Vault
from careplan_desktop.ui.main_window import MainWindow
from careplan_desktop.ui.results import ResultsEntryDialog

from .helpers import enter, wait_for_register

# Lorna's checks in the order Tab reaches them (BMI is worked out, so Tab skips it), and what is typed
TYPED = [("hba1c", "900"), ("blood_pressure", "136/80"), ("total_cholesterol", "4.9"), ("egfr", "50"),
         ("urine_acr", "2.5"), ("weight", "70.2"), ("height", "158"), ("foot_risk", "m"),
         ("retinal_screening", "n"), ("smoking_status", "n"), ("potassium", "4.6")]
STORED = {"hba1c": "61", "blood_pressure": "136/80", "total_cholesterol": "4.9", "egfr": "50", "urine_acr": "2.5",
          "weight": "70.2", "height": "158", "bmi": "28.1", "foot_risk": "moderate",
          "retinal_screening": "no retinopathy", "smoking_status": "never smoked", "potassium": "4.6"}


def open_lornas_results(qtbot, window: MainWindow) -> ResultsEntryDialog:
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    qtbot.keyClicks(register.search, "Baxter")
    enter(register.search)
    qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
    button = register.overview.findChild(QPushButton, "overview_enter_results")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(ResultsEntryDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.form is not None, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.rows["hba1c"].input, timeout=3000)
    return dialog


def type_in_order(qtbot, dialog: ResultsEntryDialog, typed) -> None:
    for code, text in typed:
        field = QApplication.focusWidget()
        assert field is dialog.rows[code].input, (code, field.objectName())
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Tab)


def lornas_results_today(vault: Vault, today: dt.date) -> dict[str, Result]:
    with vault.reader() as session:
        rows = session.scalars(select(Result).join(Patient).where(Patient.nhs_number == LORNA_NHS,
                                                                  Result.taken_on == today))
        return {r.code: r for r in rows}


def test_lornas_results_by_keyboard_refuse_900_and_store_the_rest_with_audit(
        qtbot, demo_vault_path: Path, demo_day, make_context, open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE), today=demo_day)
    window = open_window(context)
    dialog = open_lornas_results(qtbot, window)
    assert [dialog.rows[c].field.code for c in dialog.rows] == [*STORED][:7] + ["bmi"] + [*STORED][8:]
    assert dialog.rows["hba1c"].input.placeholderText() == "20–200"
    assert dialog.rows["hba1c"].last.text() == f"58 on {(demo_day - dt.timedelta(days=12)):%d/%m/%Y}"

    type_in_order(qtbot, dialog, TYPED)
    hba1c = dialog.rows["hba1c"]
    assert hba1c.message.isVisible() and hba1c.message_kind == "refused"
    assert hba1c.message.text() == "HbA1c must be between 20 and 200 mmol/mol."  # the range, beside the field
    assert dialog.rows["bmi"].text() == "28.1"  # worked out from 70.2 kg and 158 cm
    assert dialog.rows["foot_risk"].text() == "moderate"

    enter(QApplication.focusWidget())  # Enter saves: refused, nothing written
    assert dialog.banner.isVisible() and "Nothing saved" in dialog.banner.text()
    assert QApplication.focusWidget() is hba1c.input
    assert lornas_results_today(context.vault, demo_day) == {}

    hba1c.input.selectAll()
    qtbot.keyClicks(hba1c.input, "61")
    assert not hba1c.message.isVisible()
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        enter(hba1c.input)
    assert saved.args[0].count == len(STORED)
    stored = lornas_results_today(context.vault, demo_day)
    assert {code: r.value_text for code, r in stored.items()} == STORED
    assert {r.entered_by for r in stored.values()} == {context.vault.actor.user_uuid}
    with context.vault.reader() as session:
        lorna_id = session.scalar(select(Patient.id).where(Patient.nhs_number == LORNA_NHS))
        events = session.scalars(select(AuditEvent).where(AuditEvent.record_uuid.in_([r.uuid for r in stored.values()])))
        assert sorted((e.action, e.patient_id) for e in events) == [("created", lorna_id)] * len(STORED)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    overview = window.screen_for("register").overview  # told of the change: shows the new HbA1c
    qtbot.waitUntil(lambda: "61 mmol/mol" in overview.shown_text(), timeout=5000)


def test_an_unusual_value_is_kept_on_the_second_save(
        qtbot, demo_vault_path: Path, demo_day, make_context, open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE), today=demo_day)
    window = open_window(context)
    dialog = open_lornas_results(qtbot, window)
    qtbot.keyClicks(dialog.rows["hba1c"].input, "140")
    enter(dialog.rows["hba1c"].input)
    assert dialog.rows["hba1c"].message_kind == "unusual" and "unusual" in dialog.rows["hba1c"].message.text()
    assert "press Save again" in dialog.banner.text()
    assert lornas_results_today(context.vault, demo_day) == {}
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        enter(dialog.rows["hba1c"].input)
    assert {c: r.value_text for c, r in lornas_results_today(context.vault, demo_day).items()} == {"hba1c": "140"}


def test_typed_results_survive_a_lock_and_are_never_shown_while_locked(
        qtbot, demo_vault_path: Path, demo_day, make_context, open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE), today=demo_day)
    window = open_window(context)
    dialog = open_lornas_results(qtbot, window)
    type_in_order(qtbot, dialog, [("hba1c", "57"), ("blood_pressure", "128/76")])
    window.lock()
    assert window.lock_flow.is_locked and not dialog.isVisible()
    assert dialog.rows == {} and dialog.form is None and "Lorna" not in dialog.title.text()
    unlock = window.lock_flow.dialog
    qtbot.keyClicks(unlock.passphrase, DEMO_PASSPHRASE)
    enter(unlock.passphrase)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.form is not None and "hba1c" in dialog.rows, timeout=5000)
    assert dialog.rows["hba1c"].text() == "57" and dialog.rows["blood_pressure"].text() == "128/76"
    assert dialog.title.text() == "Lorna Baxter"
    dialog.discard()
