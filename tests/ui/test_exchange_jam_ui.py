"""Issue 14, section 3: an inbox that never jams. The hub's watched folder holds a bundle that
cannot be imported (it would delete a person) and, after it, a good one: one round imports the
good one and names the failed one once, with its reason, in plain words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import time

from PySide6.QtCore import Qt
from sqlalchemy import select

from careplan_desktop.domain import nhs_number
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.models import Patient
from careplan_desktop.services.planning.versions import save_draft, start_draft

from .exchange_helpers import PURPOSE, exchange_screen, lorna, lorna_purposes
from .test_exchange_inbox_ui import check_now_and_wait, refusals

LEFT = Qt.MouseButton.LeftButton
NEW_NHS = nhs_number.complete("943476591")  # not a demo person


def _settled_copy(bundle, folder, name: str):
    copy = shutil.copy(bundle, folder / name)
    then = time.time() - 60  # copied a minute ago: settled
    os.utime(copy, (then, then))


def test_a_failing_bundle_is_set_aside_and_the_next_one_is_imported_in_the_same_round(
        qtbot, tmp_path, two_vaults, make_context, open_window, monkeypatch) -> None:
    (hub_path, hub), (laptop_path, laptop) = two_vaults
    usb, shared = tmp_path / "usb", tmp_path / "shared"
    usb.mkdir()
    shared.mkdir()
    # the laptop registers someone, the hub has them; then the laptop deletes them (a bundle the hub
    # must refuse: people leave the register by a status), then changes Lorna's plan (a good bundle)
    with laptop.transaction() as session:
        session.add(Patient(nhs_number=NEW_NHS, given_name="Test", family_name="Person",
                            date_of_birth=dt.date(1950, 2, 3), birth_month=2))
    import_bundle(hub, export_bundle(laptop, usb, printouts=False).path)
    with laptop.transaction() as session:
        session.delete(session.scalar(select(Patient).where(Patient.nhs_number == NEW_NHS)))
    _settled_copy(export_bundle(laptop, usb, printouts=False).path, shared, "careplan-1-first.cpb")
    with laptop.reader() as session:
        uuid = lorna(session).uuid
    save_draft(laptop, dataclasses.replace(start_draft(laptop, uuid), purpose=PURPOSE))
    _settled_copy(export_bundle(laptop, usb, printouts=False).path, shared, "careplan-2-second.cpb")

    at_hub = exchange_screen(qtbot, open_window, make_context, hub_path, hub)
    receiving = at_hub.sending.receiving
    told: list[str] = []
    at_hub.window().statusBar().messageChanged.connect(lambda text: told.append(text) if text else None)
    monkeypatch.setattr(at_hub, "ask_folder", lambda title: str(shared))
    qtbot.mouseClick(receiving.watch_button, LEFT)  # watching it looks into it at once
    qtbot.waitUntil(lambda: PURPOSE in lorna_purposes(hub))
    qtbot.waitUntil(lambda: receiving.refused.isVisible())
    shown = receiving.refused.text()
    assert shown.count("careplan-1-first.cpb") == 1 and "careplan-2-second.cpb" not in shown
    assert "would delete a person from the register" in shown
    with hub.reader() as session:  # the person is still there
        assert session.scalar(select(Patient).where(Patient.nhs_number == NEW_NHS)) is not None
    notices = [text for text in told if "could not be read" in text]
    assert len(notices) == 1 and "would delete a person" in notices[0]
    assert any(text.startswith("Imported 1 bundle from Andrea's laptop") for text in told)
    assert not any("Something went wrong" in text or "Error" in text for text in told + [shown])

    check_now_and_wait(qtbot, at_hub)  # the next round does not say it again
    assert len([text for text in told if "could not be read" in text]) == 1 and refusals(hub) == 1


def test_a_new_computer_waits_with_its_fingerprint_until_the_nurse_confirms_it(
        qtbot, tmp_path, two_vaults, make_context, open_window, monkeypatch) -> None:
    from careplan_desktop.exchange import keys, signing
    from careplan_desktop.store import Vault
    from tests.conftest import TEST_PASSPHRASE

    (hub_path, hub), _ = two_vaults
    shared = tmp_path / "shared-desk"
    shared.mkdir()
    desk = Vault.create(tmp_path / "desk" / "desk.vault", TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Rita Desk",
                        device_name="Reception desk")
    keys.install_key(desk, tmp_path / "practice.key")
    keys.name_this_device(desk, "Reception desk")
    with desk.transaction() as session:
        session.add(Patient(nhs_number=NEW_NHS, given_name="Test", family_name="Person",
                            date_of_birth=dt.date(1950, 2, 3), birth_month=2))
    shown_on_desk = signing.own_computer(desk).fingerprint
    _settled_copy(export_bundle(desk, tmp_path / "desk", printouts=False).path, shared, "careplan-desk.cpb")
    desk.lock()

    at_hub = exchange_screen(qtbot, open_window, make_context, hub_path, hub)
    computers = at_hub.sending.computers
    monkeypatch.setattr(at_hub, "ask_folder", lambda title: str(shared))
    qtbot.mouseClick(at_hub.sending.receiving.watch_button, LEFT)
    qtbot.waitUntil(lambda: at_hub.sending.receiving.refused.isVisible())
    assert f"not yet confirmed here: \"Reception desk\" (fingerprint {shown_on_desk})" in \
        at_hub.sending.receiving.refused.text()
    qtbot.waitUntil(lambda: any(c.status == "waiting" for c in computers.computers))
    row = [c.name for c in computers.computers].index("Reception desk")
    assert [computers.table.item(row, i).text() for i in range(3)] == [
        "Reception desk", shown_on_desk, "Waiting: compare and confirm"]
    computers.table.selectRow(row)
    qtbot.mouseClick(computers.confirm_button, LEFT)
    with hub.reader() as session:
        qtbot.waitUntil(lambda: session.scalar(select(Patient).where(Patient.nhs_number == NEW_NHS)) is not None)
    qtbot.waitUntil(lambda: not at_hub.sending.receiving.refused.isVisible())


def test_importing_a_file_by_hand_says_an_unexpected_failure_in_plain_words(monkeypatch, tmp_path) -> None:
    import sqlalchemy.exc

    from careplan_desktop.ui.exchange import jobs

    def failing(vault, path):
        raise sqlalchemy.exc.IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(jobs, "import_bundle", failing)
    done = jobs.import_file(None, str(tmp_path / "some.cpb"))
    assert not done.ok and "IntegrityError" not in done.problem and "Something went wrong" not in done.problem
    assert done.problem.startswith("This bundle could not be imported: something in it clashes")
