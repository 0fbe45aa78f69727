"""An export that fails midway leaves no file under the final name and everything still pending."""

from __future__ import annotations

import pytest

from careplan_desktop.exchange import ExchangeError, export as export_module, outbox
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.models import SentRecord
from careplan_desktop.services.demo.case_studies import LORNA_NHS

from .helpers import person


def _pending(vault):
    return {d.folder: d.pending for d in outbox.check_destinations(vault)}


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_failure_while_renaming(pair, monkeypatch):
    outbox.add_destination(pair.laptop, pair.usb, "USB stick")
    before = _pending(pair.laptop)

    def broken_replace(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module.os, "replace", broken_replace)
    with pytest.raises(ExchangeError, match="did not finish .*No space left.*still|did not finish"):
        export_bundle(pair.laptop, pair.usb)
    assert _files(pair.usb) == []  # no final file, no temporary left behind
    assert _pending(pair.laptop) == before and pair.laptop.count(SentRecord) == 0
    [status] = outbox.check_destinations(pair.laptop)
    assert "did not finish" in status.last_error
    monkeypatch.undo()
    done = export_bundle(pair.laptop, pair.usb)  # tried again: everything goes
    assert done.records > 0
    assert _pending(pair.laptop)[str(pair.usb.resolve())].changes == 0


def test_failure_while_writing(pair, monkeypatch):
    with pair.laptop.transaction() as session:
        person(session, LORNA_NHS).phone = "01632 960 444"
    export_bundle(pair.laptop, pair.usb)
    with pair.laptop.transaction() as session:
        person(session, LORNA_NHS).phone = "01632 960 445"
    before, files = _pending(pair.laptop), _files(pair.usb)
    real_fsync = export_module.os.fsync

    def fsync_then_fail(descriptor):
        real_fsync(descriptor)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(export_module.os, "fsync", fsync_then_fail)
    with pytest.raises(ExchangeError, match="did not finish"):
        export_bundle(pair.laptop, pair.usb)
    assert _files(pair.usb) == files and _pending(pair.laptop) == before
    assert list(before.values())[0].records == 1


def test_a_bundle_that_does_not_read_back_is_removed(pair, monkeypatch):
    outbox.add_destination(pair.laptop, pair.usb, "USB stick")
    before = _pending(pair.laptop)
    assert before[str(pair.usb.resolve())].records > 0

    def bad_read_back(path, expected, keys):
        raise ExchangeError("The bundle read back from the folder differs from what was written.")

    monkeypatch.setattr(export_module, "_verify", bad_read_back)
    with pytest.raises(ExchangeError, match="read back"):
        export_bundle(pair.laptop, pair.usb)
    assert _files(pair.usb) == []
    assert pair.laptop.count(SentRecord) == 0 and _pending(pair.laptop) == before
    [status] = outbox.check_destinations(pair.laptop)
    assert "read back" in status.last_error
