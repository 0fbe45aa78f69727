"""Issue 14, section 4, from the Exchange screen: "Add them to the practice key file..." writes
the practice's computers into the key file; a new computer set up from that file imports the
laptop's bundle at once, without a nurse confirming the laptop first."""

from __future__ import annotations

from PySide6.QtCore import Qt

from careplan_desktop.exchange import keys
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.signing import computers
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store import Vault

from .exchange_helpers import exchange_screen

LEFT = Qt.MouseButton.LeftButton


def test_the_hub_adds_its_computers_to_the_key_file_and_a_new_computer_trusts_them(
        qtbot, tmp_path, two_vaults, make_context, open_window, monkeypatch) -> None:
    (hub_path, hub), (_, laptop) = two_vaults
    key_file = tmp_path / "practice.key"
    at_hub = exchange_screen(qtbot, open_window, make_context, hub_path, hub)
    box = at_hub.sending.computers
    assert box.add_to_key_button.isEnabled() and box.add_to_key_button.toolTip()
    monkeypatch.setattr(at_hub, "ask_open_file", lambda title, filters: str(key_file))
    qtbot.mouseClick(box.add_to_key_button, LEFT)
    qtbot.waitUntil(lambda: "now in the key file" in at_hub.sending.message.text())
    assert at_hub.sending.message.text().startswith("2 computers of this practice (and 0 removed)")

    desk = Vault.create(tmp_path / "desk.vault", DEMO_PASSPHRASE, DEMO_PASSPHRASE, user_name="Andrea Clarke",
                        device_name="Reception desk")
    try:
        keys.name_this_device(desk, "Reception desk")
        keys.install_key(desk, key_file)
        assert {c.name: c.status for c in computers(desk)}["Andrea's laptop"] == "confirmed"
        (tmp_path / "to-desk").mkdir()
        made = export_bundle(laptop, tmp_path / "to-desk", scope="all", printouts=False)
        assert import_bundle(desk, made.path).changes > 0
    finally:
        desk.lock()
