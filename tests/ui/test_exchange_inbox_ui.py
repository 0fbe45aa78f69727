"""The watched inbox folder, through the GUI: the hub watches the practice's shared folder; what
Andrea's laptop exports there is imported on "Check now" (as every 30 seconds) with no click on
"Import"; open screens are told and the status bar says what came in. A tampered bundle in the
folder is said once, changes nothing, and is left where it is; the hub's own bundles in the same
folder (a destination doubling as an inbox) are passed over."""

from __future__ import annotations

import dataclasses
import os
import time

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from careplan_desktop.exchange.outbox import add_destination
from careplan_desktop.models import AppliedBundle, AuditEvent
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.planning.versions import save_draft, start_draft

from .exchange_helpers import PURPOSE, exchange_screen, lorna, lorna_purposes

LEFT = Qt.MouseButton.LeftButton


def applied(vault) -> int:
    with vault.reader() as session:
        return session.scalar(select(func.count()).select_from(AppliedBundle))


def refusals(vault) -> int:
    with vault.reader() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "bundle refused"))


def check_now_and_wait(qtbot, screen) -> None:
    """Click "Check now" and wait until the check, and whatever it started (an import, an
    export), has run and ended: what it has not said or done by then, it will not."""
    tasks = screen.context.tasks
    busy: list[bool] = []
    tasks.busy_changed.connect(busy.append)
    try:
        qtbot.mouseClick(screen.sending.check_button, LEFT)
        qtbot.waitUntil(lambda: True in busy and not tasks.is_busy)
    finally:
        tasks.busy_changed.disconnect(busy.append)


def test_the_hub_imports_what_waits_in_its_inbox_folder(
        qtbot, tmp_path, two_vaults, make_context, open_window, monkeypatch) -> None:  # noqa: F811
    (hub_path, hub), (laptop_path, laptop) = two_vaults
    shared = tmp_path / "shared"
    shared.mkdir()

    # the hub: the shared folder is watched (Watch a folder...), and is its destination as well
    at_hub = exchange_screen(qtbot, open_window, make_context, hub_path, hub)
    receiving = at_hub.sending.receiving
    assert receiving.empty_note.isVisible() and not receiving.table.isVisible()
    monkeypatch.setattr(at_hub, "ask_folder", lambda title: str(shared))
    qtbot.mouseClick(receiving.watch_button, LEFT)
    qtbot.waitUntil(lambda: receiving.table.rowCount() == 1)
    assert [receiving.table.item(0, c).text() for c in (0, 2, 3, 4)] == ["shared", "Yes", "0", "never"]
    add_destination(hub, shared, "Practice share", auto_export=False)
    hub_window = at_hub.window()
    label = hub_window.exchange_status
    told: list[str] = []
    hub_window.statusBar().messageChanged.connect(lambda text: told.append(text) if text else None)
    changed: list[frozenset] = []
    at_hub.context.changes.changed.connect(changed.append)

    # the laptop: Lorna's plan changes and goes to the shared folder with Export now
    with laptop.reader() as session:
        uuid = lorna(session).uuid
    save_draft(laptop, dataclasses.replace(start_draft(laptop, uuid), purpose=PURPOSE))
    add_destination(laptop, shared, "Practice share", auto_export=False)
    at_laptop = exchange_screen(qtbot, open_window, make_context, laptop_path, laptop)
    qtbot.mouseClick(at_laptop.sending.export_button, LEFT)
    qtbot.waitUntil(lambda: "sent" in at_laptop.sending.message.text())
    [bundle] = list(shared.iterdir())
    assert PURPOSE not in lorna_purposes(hub)

    # the hub: Check now imports it, with no click on Import
    hub_window.show_area("exchange")
    qtbot.mouseClick(at_hub.sending.check_button, LEFT)
    qtbot.waitUntil(lambda: PURPOSE in lorna_purposes(hub))
    assert applied(hub) == 1
    # open screens reload Lorna: the import's own audit rows say who and what (the register's columns did not change)
    assert any(f"person:{uuid}" in what and what.changes.touches("plan_version") for what in changed)
    qtbot.waitUntil(lambda: receiving.table.item(0, 4).text() != "never")
    assert receiving.table.item(0, 3).text() == "0"
    assert label.last_notice.startswith("Imported 1 bundle from Andrea's laptop:")
    assert any(text.startswith("Imported 1 bundle from Andrea's laptop") for text in told)
    qtbot.waitUntil(lambda: "Imported: never" not in label.text())
    assert bundle.exists()  # left in the shared folder

    # the hub's own export to the same folder is not taken for a bundle to import, nor refused
    qtbot.mouseClick(at_hub.sending.export_button, LEFT)
    qtbot.waitUntil(lambda: len(list(shared.iterdir())) == 2)
    told.clear()
    check_now_and_wait(qtbot, at_hub)
    assert receiving.table.item(0, 3).text() == "0"
    assert applied(hub) == 1 and refusals(hub) == 0 and not receiving.refused.isVisible() and told == []

    # a tampered bundle (a byte changed on the way): said once, nothing changes, the file stays
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = shared / "careplan-from-the-stick.cpb"
    tampered.write_bytes(bytes(data))
    then = time.time() - 60  # copied a minute ago: settled
    os.utime(tampered, (then, then))
    before = lorna_purposes(hub)
    qtbot.mouseClick(at_hub.sending.check_button, LEFT)
    qtbot.waitUntil(lambda: receiving.refused.isVisible())
    shown = receiving.refused.text()
    assert shown.startswith("1 bundle could not be read and was left where it is:")
    assert "careplan-from-the-stick.cpb in shared:" in shown and "authenticity check" in shown
    assert "Nothing was imported." in shown and receiving.retry_button.isVisible()
    [notice] = [text for text in told if "could not be read" in text]
    assert notice.startswith("1 bundle could not be read: ") and notice.endswith("See Exchange.")
    assert applied(hub) == 1 and refusals(hub) == 1 and lorna_purposes(hub) == before and tampered.exists()

    # the next checks do not say it again (it stays listed on the Exchange screen)
    label.check_now()
    check_now_and_wait(qtbot, at_hub)
    assert len([text for text in told if "could not be read" in text]) == 1 and refusals(hub) == 1
    assert receiving.refused.isVisible()

    # Try again reads it once more; still damaged, it is said once more
    hub_window.statusBar().clearMessage()  # a minute later, the first message has gone
    qtbot.mouseClick(receiving.retry_button, LEFT)
    qtbot.waitUntil(lambda: refusals(hub) == 2)
    assert len([text for text in told if "could not be read" in text]) == 2

    # locking empties the list; Stop watching forgets the folder, and leaves its files
    hub_window.lock()
    assert receiving.table.rowCount() == 0 and not receiving.refused.isVisible()
    qtbot.keyClicks(hub_window.lock_flow.dialog.passphrase, DEMO_PASSPHRASE)
    qtbot.keyClick(hub_window.lock_flow.dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: receiving.table.rowCount() == 1)
    receiving.table.selectRow(0)
    qtbot.mouseClick(receiving.unwatch_button, LEFT)
    qtbot.waitUntil(lambda: not receiving.table.isVisible())
    assert "no longer watched" in at_hub.sending.message.text() and tampered.exists() and bundle.exists()


def test_bundles_waiting_without_a_key_are_said_once(
        qtbot, tmp_path, demo_vault_path, make_context, open_window, monkeypatch) -> None:
    from careplan_desktop.store import Vault

    vault = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)  # no practice key installed
    folder = tmp_path / "stick"
    folder.mkdir()
    (folder / "careplan-0a1b2c3d-20260101T000000Z-abcdef.cpb").write_bytes(b"a bundle from the practice")
    screen = exchange_screen(qtbot, open_window, make_context, demo_vault_path, vault)
    told: list[str] = []
    screen.window().statusBar().messageChanged.connect(lambda text: told.append(text) if text else None)
    monkeypatch.setattr(screen, "ask_folder", lambda title: str(folder))
    qtbot.mouseClick(screen.sending.receiving.watch_button, LEFT)
    qtbot.waitUntil(lambda: told != [])
    assert told == ["Bundles are waiting in an inbox folder, but this computer has no practice key yet: see Exchange."]
    screen.window().statusBar().clearMessage()
    for _ in range(2):
        check_now_and_wait(qtbot, screen)
    assert len(told) == 1 and screen.sending.receiving.table.item(0, 3).text() == "1"
    assert not screen.sending.receiving.refused.isVisible() and refusals(vault) == 0
