"""The headless commands end to end, and the practice key's rules."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from careplan_desktop.app import main
from careplan_desktop.exchange import ExchangeError, keys
from careplan_desktop.models import Device, ExchangeKey
from careplan_desktop.services.demo.case_mix import create_demo_vault
from careplan_desktop.services.demo.case_studies import LORNA_NHS
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
    shutil.copy(f"{hub}.keys", f"{laptop}.keys")
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
    # the hub meets the laptop's signing key for the first time: it waits until confirmed (issue 14)
    assert main(["import", "--vault", hub, str(bundle)]) != 0
    assert 'not yet confirmed here: "Andrea\'s laptop" (fingerprint' in capsys.readouterr().err
    assert main(["computers", "--vault", hub, "--confirm", "Andrea's laptop"]) == 0
    assert "Andrea's laptop is confirmed" in capsys.readouterr().out
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


def crafted(tmp_path, name: str, **changes) -> Path:
    """A real passphrase key file with some of its settings changed by hand."""
    path = tmp_path / f"{name}.key"
    keys.create_key_file(path, practice="Ashby Green", passphrase="the right exchange words")
    document = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key in "nrp":
            document["scrypt"][key] = value
        else:
            document[key] = value
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "changes",
    [
        {"n": 2**40},  # terabytes of memory
        {"n": 2**20, "r": 64},  # 8 GB
        {"n": 2**17, "r": 32},  # 512 MB: over the memory limit although each number alone is allowed
        {"n": 2**15, "r": 8, "p": 2**20},  # hours of work
        {"n": 2**15 + 1},  # not a power of two
        {"n": 2**10},  # too little work to protect the key
        {"n": -1}, {"r": 0}, {"p": 0},
        {"n": 32768.0}, {"n": "32768"}, {"r": True},  # whole numbers only
        {"salt": "AAAA"},  # 3 bytes of salt
        {"salt": base64.b64encode(b"s" * 4096).decode()},
    ],
    ids=["n 2^40", "8 GB", "512 MB", "p 2^20", "n odd", "n 2^10", "n -1", "r 0", "p 0",
         "n float", "n string", "r true", "salt 3 bytes", "salt 4 KB"],
)
def test_a_key_file_asking_for_settings_out_of_bounds_is_refused_before_any_work(vault, tmp_path, changes):
    path = crafted(tmp_path, "crafted", **changes)
    assert not keys.key_file_needs_passphrase(path)  # the passphrase is not asked for in vain
    for passphrase in ("the right exchange words", None):  # refused before the passphrase is even asked for
        with pytest.raises(ExchangeError, match="asks for key settings outside the limits CarePlan Desktop accepts"):
            keys.install_key(vault, path, passphrase)
    assert keys.current_key(vault) is None


def test_a_huge_or_oddly_made_key_file_is_refused_plainly(vault, tmp_path):
    huge = tmp_path / "huge.key"
    huge.write_text('{"format": "careplan-exchange-key", "pad": "' + "x" * 10_000_000 + '"}', encoding="utf-8")
    nested = tmp_path / "nested.key"
    nested.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    long_key = crafted(tmp_path, "long", kind="file", key=base64.b64encode(b"k" * 10_000).decode())
    long_name = crafted(tmp_path, "name", practice="A" * 5000)
    for path in (huge, nested, long_key, long_name):
        with pytest.raises(ExchangeError, match="is not a CarePlan exchange key file, or it is damaged"):
            keys.install_key(vault, path, "the right exchange words")
        assert not keys.key_file_needs_passphrase(path)  # never an exception
    assert keys.current_key(vault) is None


def test_the_headless_install_of_a_crafted_key_file_says_why(vault, vault_path, tmp_path, monkeypatch, capsys):
    vault.lock()
    path = crafted(tmp_path, "crafted", n=2**40)
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", TEST_PASSPHRASE)
    monkeypatch.setenv("CAREPLAN_EXCHANGE_PASSPHRASE", "the right exchange words")
    assert main(["exchange-key", "--vault", str(vault_path), "--install", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("crafted.key asks for key settings outside the limits")
    assert "Traceback" not in err
