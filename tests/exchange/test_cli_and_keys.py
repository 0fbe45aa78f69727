"""The headless commands end to end, and the practice key's rules."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import inspect, select

from careplan_desktop.app import main
from careplan_desktop.exchange import ExchangeError, keys
from careplan_desktop.models import Device, ExchangeKey
from careplan_desktop.services.demo import create_demo_vault
from careplan_desktop.services.demo_people import LORNA_NHS
from careplan_desktop.store import Vault
from careplan_desktop.store import schema
from tests.conftest import TEST_PASSPHRASE


def test_headless_device_key_export_import(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", TEST_PASSPHRASE)
    monkeypatch.setenv("CAREPLAN_EXCHANGE_PASSPHRASE", "our practice exchange words")
    hub, laptop, key, usb = (str(tmp_path / n) for n in ("hub.vault", "laptop.vault", "practice.key", "usb"))
    (tmp_path / "usb").mkdir()
    create_demo_vault(tmp_path / "hub.vault", TEST_PASSPHRASE, patients=2).lock()
    assert main(["device", "--vault", hub, "--name", "Practice hub"]) == 0
    assert main(["exchange-key", "--vault", hub, "--create", key, "--passphrase-derived", "--practice", "Ashby Green"]) == 0
    assert "our practice" not in (tmp_path / "practice.key").read_text()
    shutil.copy(hub, laptop)
    assert main(["device", "--vault", laptop, "--name", "Andrea's laptop", "--new-identity"]) == 0
    assert main(["exchange-key", "--vault", laptop, "--install", key]) == 0
    assert main(["exchange-key", "--vault", laptop, "--show"]) == 0
    capsys.readouterr()
    vault = Vault.unlock(tmp_path / "laptop.vault", TEST_PASSPHRASE)
    try:
        from .helpers import person

        with vault.transaction() as session:
            person(session, LORNA_NHS).phone = "01632 960 555"
    finally:
        vault.lock()
    assert main(["export", "--vault", laptop, "--to", usb, "--people", LORNA_NHS]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Exported ") and "FHIR documents" in out
    [bundle] = (tmp_path / "usb").glob("*.cpb")
    assert main(["import", "--vault", hub, str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "Imported the bundle from Andrea's laptop" in out and "changed: 1 patient" in out
    assert main(["import", "--vault", hub, str(bundle)]) == 0
    assert "imported before: nothing changed" in capsys.readouterr().out
    assert main(["export", "--vault", laptop, "--to", usb]) == 0  # changed since: the first export there
    vault = Vault.unlock(tmp_path / "laptop.vault", TEST_PASSPHRASE)
    try:  # the USB folder is remembered, but the app does not export to it by itself
        from careplan_desktop.exchange.outbox import check_destinations

        assert [(d.folder.endswith("usb"), d.auto_export) for d in check_destinations(vault)] == [(True, False)]
    finally:
        vault.lock()
    assert main(["conflicts", "--vault", hub]) == 0
    assert "No open conflicts" in capsys.readouterr().out
    bad = tmp_path / "bad.cpb"
    bad.write_bytes(bundle.read_bytes()[:-10])
    assert main(["import", "--vault", hub, str(bad)]) == 2
    assert "authenticity" in capsys.readouterr().err


def test_passphrase_key_needs_the_right_passphrase(vault, tmp_path):
    info, _ = keys.create_key_file(tmp_path / "k.key", passphrase="the right exchange words")
    with pytest.raises(ExchangeError, match="type it"):
        keys.install_key(vault, tmp_path / "k.key")
    with pytest.raises(ExchangeError, match="does not match this practice's key file"):
        keys.install_key(vault, tmp_path / "k.key", "the wrong exchange words")
    assert keys.install_key(vault, tmp_path / "k.key", "the right exchange words").key_id == info.key_id
    with pytest.raises(ExchangeError, match="at least"):
        keys.create_key_file(tmp_path / "short.key", passphrase="short")
    with pytest.raises(ExchangeError, match="already exists"):
        keys.create_key_file(tmp_path / "k.key")


def test_the_key_lives_only_inside_the_vault(vault, tmp_path, data_dir):
    info, secret = keys.create_key_file(tmp_path / "k.key")
    keys.install_key(vault, tmp_path / "k.key")
    with vault.reader() as session:
        assert session.scalar(select(ExchangeKey.secret)) == secret
        assert session.scalar(select(Device.exchange_key_id).where(Device.is_this_device.is_(True))) == info.key_id
    vault.lock()
    for path in list(data_dir.rglob("*")) + list(vault.path.parent.glob("*")):
        if path.is_file():
            assert secret not in path.read_bytes()


def test_a_new_vault_reaches_the_exchange_schema(vault):
    with vault.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert {"exchange_key", "exchange_destination", "exchange_sent", "exchange_clock", "exchange_tombstone",
            "exchange_applied_bundle", "exchange_conflict"} <= tables
    assert "0003" in schema.known_revisions()  # later revisions (0004 printouts, ...) build on it


def test_a_new_identity_keeps_the_shared_history(vault):
    before = keys.this_device(vault)
    after = keys.name_this_device(vault, "Andrea's laptop", new_identity=True)
    assert after.uuid != before.uuid and vault.actor.device_uuid == after.uuid and vault.device_name == "Andrea's laptop"
    renamed = keys.name_this_device(vault, "Andrea's new laptop")
    assert renamed.uuid == after.uuid and renamed.name == "Andrea's new laptop"
    with pytest.raises(ExchangeError):
        keys.name_this_device(vault, "   ")
