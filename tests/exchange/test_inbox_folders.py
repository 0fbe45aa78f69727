"""Inbox folders: what waits there from another computer is imported, one transaction per bundle;
our own bundles, already-imported copies and refused files are set aside (without noise) until
the file changes; nothing is ever moved or deleted."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from careplan_desktop.exchange import ExchangeError
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.inbox_folders import (
    add_inbox_folder,
    check_inbox_folders,
    forget_refusals,
    import_waiting,
    remove_inbox_folder,
)
from careplan_desktop.exchange.outbox import add_destination
from careplan_desktop.models import AppliedBundle, AuditEvent, Patient
from careplan_desktop.services.demo.case_studies import LORNA_NHS

from .helpers import full_dump, person


def settled(path: Path, seconds: float = 60) -> Path:
    """As if the file had been there a minute: no copy is still running."""
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def just_written(path: Path) -> Path:
    """Stamped "now" on the clock import_waiting reads (time.time), which a test run may have moved
    (tests/clock) while the file system stamps files with the computer's own clock."""
    return settled(path, 0)


def laptop_bundle(pair, phone: str = "01632 960 444") -> Path:
    with pair.laptop.transaction() as session:
        person(session, LORNA_NHS).phone = phone
    return export_bundle(pair.laptop, pair.shared, printouts=False).path


def refusals(vault) -> int:
    with vault.reader() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "bundle refused"))


def test_bundles_from_another_computer_are_imported_once(pair) -> None:
    inbox_id = add_inbox_folder(pair.hub, pair.shared, "Practice share")
    assert add_inbox_folder(pair.hub, pair.shared) == inbox_id  # one row per folder
    [status] = check_inbox_folders(pair.hub)
    assert (status.name, status.reachable, status.waiting, status.last_import_at) == ("Practice share", True, 0, None)
    assert import_waiting(pair.hub).imported == []

    bundle = laptop_bundle(pair)
    assert check_inbox_folders(pair.hub)[0].waiting == 1
    round_ = import_waiting(pair.hub)
    [result] = round_.imported
    assert result.source_device_name == "Andrea's laptop" and result.changes >= 1 and not round_.refused
    with pair.hub.reader() as session:
        assert person(session, LORNA_NHS).phone == "01632 960 444"
    [status] = check_inbox_folders(pair.hub)
    assert status.waiting == 0 and status.last_import_at is not None and status.refused == ()
    assert import_waiting(pair.hub).imported == []  # nothing twice
    assert bundle.exists()  # left where it is

    # a copy under another name is recognised at import by its bundle id, then set aside
    shutil.copy(bundle, pair.shared / "copied.cpb")
    before = full_dump(pair.hub)
    assert check_inbox_folders(pair.hub)[0].waiting == 1
    round_ = import_waiting(pair.hub)
    assert round_.imported == [] and round_.refused == []
    assert check_inbox_folders(pair.hub)[0].waiting == 0
    assert full_dump(pair.hub)["exchange_applied_bundle"] == before["exchange_applied_bundle"]

    # bundles made here (the folder is a destination too) are passed over without a word
    add_destination(pair.hub, pair.shared, "Practice share")
    own = export_bundle(pair.hub, pair.shared, printouts=False).path
    assert own.exists() and check_inbox_folders(pair.hub)[0].waiting == 0
    settled(Path(shutil.copy(own, pair.shared / "renamed-own.cpb")))
    round_ = import_waiting(pair.hub)
    assert round_.imported == [] and round_.refused == [] and refusals(pair.hub) == 0
    assert check_inbox_folders(pair.hub)[0].waiting == 0

    remove_inbox_folder(pair.hub, inbox_id)
    assert check_inbox_folders(pair.hub) == [] and bundle.exists()
    with pytest.raises(ExchangeError, match="no longer watched"):
        remove_inbox_folder(pair.hub, inbox_id)


def test_a_refused_bundle_is_said_once_and_left_where_it_is(pair) -> None:
    add_inbox_folder(pair.hub, pair.shared)
    good = laptop_bundle(pair)
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    good.unlink()
    tampered = pair.shared / "careplan-tampered.cpb"
    tampered.write_bytes(bytes(data))
    just_written(tampered)
    before = full_dump(pair.hub)

    # just written: perhaps still being copied, so it is tried again next time, silently
    round_ = import_waiting(pair.hub)
    assert round_.refused == [] and round_.imported == [] and check_inbox_folders(pair.hub)[0].waiting == 1

    settled(tampered)
    round_ = import_waiting(pair.hub)
    [refused] = round_.refused
    assert refused.file_name == "careplan-tampered.cpb" and "authenticity check" in refused.message
    assert refused.message.endswith("Nothing was imported.")
    [status] = check_inbox_folders(pair.hub)
    assert status.waiting == 0 and status.refused == (refused,)
    assert refusals(pair.hub) == 1
    # not tried again: no second message, no second audit event
    assert import_waiting(pair.hub).refused == [] and refusals(pair.hub) == 1
    assert tampered.exists()
    after = full_dump(pair.hub)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {"exchange_inbox", "exchange_set_aside", "audit_event"}

    # "Try again" reads it once more (and refuses it again: it is still damaged)
    assert forget_refusals(pair.hub) == 1
    assert check_inbox_folders(pair.hub)[0].waiting == 1
    assert len(import_waiting(pair.hub).refused) == 1

    # a refused file that changes (copied again, whole this time) is tried afresh and imported
    data[len(data) // 2] ^= 0x01  # mended
    tampered.write_bytes(bytes(data))
    settled(tampered, 30)
    round_ = import_waiting(pair.hub)
    assert len(round_.imported) == 1 and round_.refused == []
    assert check_inbox_folders(pair.hub)[0].refused == ()


def test_without_a_key_nothing_is_refused_and_no_folder_name_holds_an_nhs_number(pair, tmp_path) -> None:
    from careplan_desktop.models import ExchangeKey

    add_inbox_folder(pair.hub, pair.shared)
    settled(laptop_bundle(pair))
    with pair.hub.transaction() as session:
        for key in session.scalars(select(ExchangeKey)):
            session.delete(key)
    round_ = import_waiting(pair.hub)
    assert round_.no_key and round_.refused == [] and round_.imported == []
    assert check_inbox_folders(pair.hub)[0].waiting == 1

    named = tmp_path / "for 999 000 0018"
    named.mkdir()
    with pytest.raises(ExchangeError, match="NHS number"):
        add_inbox_folder(pair.hub, named)
    with pytest.raises(ExchangeError, match="NHS number"):
        add_destination(pair.hub, named)
    with pytest.raises(ExchangeError, match="cannot be found"):
        add_inbox_folder(pair.hub, tmp_path / "not there")

    # an unplugged drive: not reachable, nothing waits, nothing is forgotten
    stick = tmp_path / "stick"
    stick.mkdir()
    add_inbox_folder(pair.hub, stick, "USB stick")
    stick.rmdir()
    unplugged = next(s for s in check_inbox_folders(pair.hub) if s.name == "USB stick")
    assert not unplugged.reachable and unplugged.waiting == 0


def test_an_applied_bundle_file_is_not_opened_again(pair) -> None:
    """The names of imported files are known: a folder of old bundles costs a listing, not a decryption."""
    add_inbox_folder(pair.hub, pair.shared)
    laptop_bundle(pair)
    import_waiting(pair.hub)
    with pair.hub.reader() as session:
        assert session.scalar(select(func.count()).select_from(AppliedBundle)) == 1
    assert check_inbox_folders(pair.hub)[0].waiting == 0


def test_an_unexpected_error_sets_the_bundle_aside_in_plain_words_and_the_round_goes_on(pair, monkeypatch) -> None:
    """Issue 14: no exception leaves the round; the reason never names an exception."""
    import sqlalchemy.exc

    from careplan_desktop.exchange import inbox_folders

    add_inbox_folder(pair.hub, pair.shared)
    with pair.laptop.transaction() as session:
        session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS)).phone = "01632 960 001"
    first = export_bundle(pair.laptop, pair.usb, printouts=False).path
    first = settled(Path(shutil.copy(first, pair.shared / "careplan-1.cpb")))
    with pair.laptop.transaction() as session:
        session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS)).phone = "01632 960 002"
    settled(Path(shutil.copy(export_bundle(pair.laptop, pair.usb, printouts=False).path, pair.shared / "careplan-2.cpb")))
    real = inbox_folders.apply_bundle

    def failing(vault, bundle):
        if bundle.file_name == first.name:
            raise sqlalchemy.exc.IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))
        return real(vault, bundle)

    monkeypatch.setattr(inbox_folders, "apply_bundle", failing)
    round_ = import_waiting(pair.hub)
    assert [f.file_name for f in round_.refused] == ["careplan-1.cpb"] and len(round_.imported) == 1
    assert "IntegrityError" not in round_.refused[0].message and "clashes" in round_.refused[0].message
    with pair.hub.reader() as session:
        assert session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS)).phone == "01632 960 002"
    assert import_waiting(pair.hub).refused == []  # said once
