"""Issue 14, section 4: a computer's public key "installed with the practice key". The hub writes
its confirmed (and removed) computers into the practice key file under a check made with the
key; a new computer set up from it trusts them; a key file whose list was changed (a forger's
key put in) is refused with nothing installed. Changes passed on by the hub from a computer the
importing one does not know are refused plainly, the vault unchanged."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from careplan_desktop.app import main
from careplan_desktop.exchange import BundleRefused, ExchangeError, keys
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.signing import CONFIRMED, REMOVED, computers, own_key, remove_computer
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.store import Vault
from tests.conftest import TEST_PASSPHRASE

from .helpers import full_dump, introduce, logical_dump, person
from .test_round_trips import send


def _blank(pair, name: str) -> Vault:
    """A new computer with nothing installed yet."""
    vault = Vault.create(pair.folder / f"{name[:5]}.vault", TEST_PASSPHRASE, TEST_PASSPHRASE,
                         user_name="Andrea Clarke", device_name=name)
    keys.name_this_device(vault, name)
    return vault


def _add_computers_headless(pair, monkeypatch, key_file) -> None:
    """`careplan-desktop exchange-key --vault hub.vault --add-computers practice.key`"""
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", TEST_PASSPHRASE)
    pair.hub.lock()
    try:
        assert main(["exchange-key", "--vault", str(pair.folder / "hub.vault"), "--add-computers", str(key_file)]) == 0
    finally:
        pair.hub = Vault.unlock(pair.folder / "hub.vault", TEST_PASSPHRASE)


def test_a_computer_set_up_from_the_key_file_trusts_the_practice_computers(pair, monkeypatch, capsys) -> None:
    lost = _blank(pair, "Lost laptop")  # confirmed at the hub, then removed there
    try:
        keys.install_key(lost, pair.key_file)
        introduce(pair.hub, lost)
        remove_computer(pair.hub, lost.actor.device_uuid)
        _add_computers_headless(pair, monkeypatch, pair.key_file)
        assert "2 confirmed and 1 removed computers" in capsys.readouterr().out  # the hub and Andrea's laptop

        desk = _blank(pair, "Reception desk")
        try:
            keys.install_key(desk, pair.key_file)
            status = {c.name: c.status for c in computers(desk)}
            assert status == {"Reception desk": "this", "Practice hub": CONFIRMED, "Andrea's laptop": CONFIRMED,
                              "Lost laptop": REMOVED}
            # the laptop's bundle is imported at once: no waiting for a nurse to confirm it
            with pair.laptop.transaction() as session:
                person(session, LORNA_NHS).phone = "01632 960 501"
            (pair.folder / "to-desk").mkdir()
            made = export_bundle(pair.laptop, pair.folder / "to-desk", scope="all", printouts=False)
            assert import_bundle(desk, made.path).created["patient"] >= 6
            # and the lost laptop's bundles are refused there too
            (pair.folder / "lost").mkdir()
            lost_bundle = export_bundle(lost, pair.folder / "lost", scope="all", printouts=False)
            with pytest.raises(BundleRefused, match="was removed from this practice's computers"):
                import_bundle(desk, lost_bundle.path)
        finally:
            desk.lock()
    finally:
        lost.lock()


def test_a_forged_public_key_in_the_key_file_is_refused_and_nothing_is_installed(pair, monkeypatch) -> None:
    _add_computers_headless(pair, monkeypatch, pair.key_file)
    forged = pair.folder / "forged.key"
    document = json.loads(pair.key_file.read_text())
    laptop_uuid = own_key(pair.laptop)[0]
    forger = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw,
                                                                    serialization.PublicFormat.Raw)
    for entry in document["computers"]["confirmed"]:
        if entry["device"] == laptop_uuid:
            entry["public_key"] = base64.b64encode(forger).decode()  # the forger's key under the laptop's name
    forged.write_text(json.dumps(document))
    desk = _blank(pair, "Reception desk")
    try:
        before = full_dump(desk)
        with pytest.raises(ExchangeError, match="does not pass its check"):
            keys.install_key(desk, forged)
        assert full_dump(desk) == before  # no key, no computer: nothing installed
        assert keys.current_key(desk) is None
        # a computer added to the list without the key's check is refused the same way
        added = json.loads(pair.key_file.read_text())
        added["computers"]["confirmed"].append({"device": "0" * 36, "name": "Forger", "public_key": base64.b64encode(forger).decode()})
        (pair.folder / "added.key").write_text(json.dumps(added))
        with pytest.raises(ExchangeError, match="does not pass its check"):
            keys.install_key(desk, pair.folder / "added.key")
        assert full_dump(desk) == before
    finally:
        desk.lock()


def test_changes_passed_on_from_a_computer_not_known_here_are_refused_until_it_is(pair, monkeypatch) -> None:
    """The hub passes on the laptop's edit of Lorna to a desk that knows the hub only: the desk
    does not take the laptop's change on the hub's word."""
    desk = _blank(pair, "Reception desk")
    try:
        keys.install_key(desk, pair.key_file)  # the key file without the practice's computers
        introduce(pair.hub, desk)
        with pair.laptop.transaction() as session:
            person(session, LORNA_NHS).phone = "01632 960 601"
        send(pair.laptop, pair.hub, pair.folder / "to-hub")
        (pair.folder / "to-desk").mkdir()
        made = export_bundle(pair.hub, pair.folder / "to-desk", scope="all", printouts=False)
        before = logical_dump(desk)
        with pytest.raises(BundleRefused, match="\"Andrea's laptop\", a computer this one does not know") as refused:
            import_bundle(desk, made.path)
        assert str(refused.value).endswith("then import this bundle again. Nothing was imported.")
        assert logical_dump(desk) == before
        # the practice adds its computers to the key file; installed again, the same bundle comes in
        _add_computers_headless(pair, monkeypatch, pair.key_file)
        keys.install_key(desk, pair.key_file)
        assert import_bundle(desk, made.path).created["patient"] >= 6
        with desk.reader() as session:
            assert person(session, LORNA_NHS).phone == "01632 960 601"
    finally:
        desk.lock()
