"""Choosing what goes, in the Exchange area: "Export now" sends the pending changes; its menu
offers chosen people (found by searching the register) or everything, to a destination or once
to another folder. And the plain (unencrypted) FHIR file from a person's plan screen, written
only after the warning is accepted, under a name that carries no patient data."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from careplan_desktop.exchange import keys
from careplan_desktop.exchange.inbox import open_bundle
from careplan_desktop.exchange.outbox import add_destination, check_destinations
from careplan_desktop.models import AuditEvent, Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS, JAMES_NHS, LORNA_NHS
from careplan_desktop.store import Vault
from careplan_desktop.ui.exchange.export_dialog import ExportDialog
from careplan_desktop.ui.exchange.fhir_export import names_the_person
from careplan_desktop.ui.workers import SynchronousPool

from ..exchange.fhir_checks import check_document
from .exchange_helpers import exchange_screen

LEFT = Qt.MouseButton.LeftButton
NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"


def keyed_vault(path: Path, tmp_path: Path) -> Vault:
    vault = Vault.unlock(path, DEMO_PASSPHRASE)
    keys.create_and_install_key(vault, tmp_path / "practice.key", practice="Ashby Green")
    return vault


def choose_person(qtbot, dialog: ExportDialog, typed: str) -> None:
    picker = dialog.picker
    picker.search.clear()
    qtbot.keyClicks(picker.search, typed)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)


def people_in(vault: Vault, bundle: Path) -> tuple[set[str], dict]:
    checked = open_bundle(vault, bundle)
    return {p["nhs_number"] for p in checked.records["patient"]}, checked


def test_chosen_people_and_everything_are_exported_from_the_exchange_screen(
        qtbot, tmp_path, demo_vault_path, make_context, open_window, monkeypatch) -> None:
    vault = keyed_vault(demo_vault_path, tmp_path)
    share = tmp_path / "share"
    share.mkdir()
    add_destination(vault, share, "Practice share", auto_export=False)  # exported to on a click only
    screen = exchange_screen(qtbot, open_window, make_context, demo_vault_path, vault)
    sending = screen.sending
    assert sending.table.rowCount() == 1
    sending.table.selectRow(0)
    pending_before = check_destinations(vault)[0].pending.changes

    # Export now's menu: "Chosen people...": Lorna by NHS number, James by name; to a USB stick once
    assert [a.text() for a in sending.export_menu.actions()] == [
        "Pending changes (the default)", "Chosen people...", "Everything..."]
    sending.export_people_action.trigger()
    dialog = screen.export_dialog
    assert dialog is not None and dialog.isVisible() and dialog.scope() == "people"
    qtbot.waitUntil(lambda: dialog.picker.rows != [])
    assert not dialog.export_button.isEnabled()  # nobody chosen yet
    choose_person(qtbot, dialog, "999 000 0018")
    choose_person(qtbot, dialog, "okafor")
    assert dialog.picker.chosen_numbers() == (LORNA_NHS, JAMES_NHS)
    assert dialog.picker.chosen.item(1).text().startswith("OKAFOR, James   999 000 0034")
    choose_person(qtbot, dialog, "zzzz nobody")
    assert "No one on the register matches" in dialog.picker.note.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(dialog, "ask_folder", lambda title: str(usb))
    assert dialog.folder() == str(share)  # the chosen destination first
    dialog.folder_box.setFocus()
    qtbot.keyClick(dialog.folder_box, Qt.Key.Key_Down)  # to "Another folder...": asks for it
    assert dialog.folder() == str(usb)
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: sending.message.text().startswith("Sent everything about 2 people"))
    assert not dialog.isVisible()
    [bundle] = list(usb.iterdir())
    assert "lorna" not in bundle.name.lower() and LORNA_NHS not in bundle.name
    numbers, checked = people_in(vault, bundle)
    assert numbers == {LORNA_NHS, JAMES_NHS}  # only those people's records
    with vault.reader() as session:
        ids = {u: i for u, i in session.execute(select(Patient.uuid, Patient.nhs_number))}
    people_uuids = {p["uuid"] for p in checked.records["patient"]}
    for name in ("condition", "result", "carer", "care_plan", "plan_version"):
        owners = {r["patient_uuid"] for r in checked.records.get(name, [])}
        assert owners <= people_uuids, name
    assert {ids[u] for u in people_uuids} == {LORNA_NHS, JAMES_NHS}
    assert checked.fhir_documents >= 2  # Lorna's and James's agreed plans
    # the USB stick was used once: it is not a destination, and what is pending stays pending
    assert [d.folder for d in check_destinations(vault)] == [str(share.resolve())]
    assert check_destinations(vault)[0].pending.changes == pending_before
    assert list(share.iterdir()) == []

    # "Everything..." to the shared folder: everyone goes, and nothing is pending there after
    sending.export_all_action.trigger()
    dialog = screen.export_dialog
    assert dialog.scope() == "all" and not dialog.picker.isEnabled() and dialog.folder() == str(share)
    qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: sending.message.text().startswith("Sent everything:"))
    [everything] = list(share.iterdir())
    with vault.reader() as session:
        total = session.scalar(select(func.count()).select_from(Patient))
    numbers, _ = people_in(vault, everything)
    assert len(numbers) == total and JACK_NHS in numbers
    qtbot.waitUntil(lambda: sending.table.item(0, 3).text() == "0")

    # locking closes an open dialog and forgets the names found in it
    sending.export_people_action.trigger()
    dialog = screen.export_dialog
    qtbot.waitUntil(lambda: dialog.picker.rows != [])
    choose_person(qtbot, dialog, "baxter")
    screen.window().lock()
    assert not dialog.isVisible() and dialog.picker.rows == [] and dialog.picker.chosen.count() == 0


def test_the_export_dialog_needs_somewhere_to_send_to(
        qtbot, tmp_path, demo_vault_path, make_context, open_window, monkeypatch) -> None:
    vault = keyed_vault(demo_vault_path, tmp_path)
    screen = exchange_screen(qtbot, open_window, make_context, demo_vault_path, vault)
    screen.sending.export_all_action.trigger()
    dialog = screen.export_dialog
    assert dialog.folder() is None and not dialog.export_button.isEnabled()
    monkeypatch.setattr(dialog, "ask_folder", lambda title: "")  # the folder dialog cancelled
    dialog.folder_box.activated.emit(0)
    assert dialog.folder() is None and not dialog.export_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and screen.export_dialog is None


def answer_warning(qtbot, button: QMessageBox.StandardButton | None, seen: list) -> None:
    """When the warning shows: note it and press its button (None: press Enter, the default)."""
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append((box.icon(), box.text(), box.defaultButton() is box.button(QMessageBox.StandardButton.No)))
        if button is None:
            qtbot.keyClick(box, Qt.Key.Key_Return)
        else:
            qtbot.mouseClick(box.button(button), LEFT)
    QTimer.singleShot(0, press)


def test_the_agreed_plan_is_saved_as_plain_fhir_only_after_the_warning(
        qtbot, tmp_path, demo_vault_path, make_context, open_window, monkeypatch) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE), pool=SynchronousPool())
    vault = context.vault
    window = open_window(context)
    with vault.reader() as session:
        lorna, jack = (session.scalar(select(Patient.uuid).where(Patient.nhs_number == n)) for n in (LORNA_NHS, JACK_NHS))
    plans = window.screen_for("register").plan_windows
    screen = plans.open(lorna).screen
    qtbot.waitUntil(lambda: screen.state is not None)
    assert screen.fhir_button.isEnabled()
    out = tmp_path / "secure"
    offered: list[str] = []

    def save_as(name: str):
        def ask(title, suggested, filters):
            offered.append(suggested)
            return str(out / name)
        return ask

    monkeypatch.setattr(screen.plain_fhir, "ask_save_file", save_as("plan.json"))

    # declined (Enter: No is the default): nothing is written, nothing asked
    seen: list = []
    answer_warning(qtbot, None, seen)
    qtbot.mouseClick(screen.fhir_button, LEFT)
    [(icon, text, no_is_default)] = seen
    assert icon == QMessageBox.Icon.Warning and "UNENCRYPTED" in text and no_is_default
    assert not out.exists() and offered == []

    # accepted: a name offered without patient data; a name holding hers is refused
    monkeypatch.setattr(screen.plain_fhir, "ask_save_file", save_as("Lorna Baxter plan.json"))
    answer_warning(qtbot, QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(screen.fhir_button, LEFT)
    assert "must not hold the person's name" in screen.problem.text() and not out.exists()
    name = offered[-1]
    assert name.startswith("careplan-plan-") and name.endswith(".json")
    assert not names_the_person(name, ("Lorna Baxter",), LORNA_NHS)
    assert names_the_person(f"/tmp/x/{LORNA_NHS}.json", ("Lorna Baxter",), LORNA_NHS)

    with vault.reader() as session:
        audits_before = session.scalar(select(func.count()).select_from(AuditEvent)
                                       .where(AuditEvent.action == "plan exported as FHIR"))
    monkeypatch.setattr(screen.plain_fhir, "ask_save_file", save_as(name))
    answer_warning(qtbot, QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(screen.fhir_button, LEFT)
    qtbot.waitUntil(lambda: screen.notice.isVisible())
    assert "not encrypted" in screen.notice.text() and not screen.problem.isVisible()
    document = json.loads((out / name).read_text(encoding="utf-8"))
    assert document["resourceType"] == "Bundle" and document["type"] == "document"
    assert check_document(document) == []
    [patient] = [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert {"system": NHS_SYSTEM, "value": LORNA_NHS} in [
        {"system": i["system"], "value": i["value"]} for i in patient["identifier"]]
    with vault.reader() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "plan exported as FHIR")) == audits_before + 1

    # Jack has only a draft: the button is off
    jack_screen = plans.open(jack).screen
    qtbot.waitUntil(lambda: jack_screen.state is not None)
    assert not jack_screen.fhir_button.isEnabled()
