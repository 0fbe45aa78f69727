"""Every damaged, foreign, future or unsafe bundle is refused with a clear message, and the vault
is left exactly as it was (every row of every table compared)."""

from __future__ import annotations

import json
import stat
import uuid
import zipfile
from pathlib import Path

import pytest

from careplan_desktop.exchange import BundleRefused, container
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.keys import create_key_file
from careplan_desktop.services.demo.case_studies import LORNA_NHS

from .helpers import full_dump, person, reseal, unseal_bundle

AUTH = "failed its authenticity check"
UNSAFE = "not safe to open"


@pytest.fixture(scope="module")
def bundle(shared_pair) -> Path:
    with shared_pair.laptop.transaction() as session:
        person(session, LORNA_NHS).phone = "01632 960 333"
    return export_bundle(shared_pair.laptop, shared_pair.usb, scope="people", nhs_numbers=(LORNA_NHS,), printouts=False).path


@pytest.fixture
def pair(shared_pair):
    """Every refusal leaves the vaults unchanged (each test checks it), so they can share a pair."""
    return shared_pair


def _refused(pair, data: bytes, match: str, **kwargs) -> str:
    path = pair.folder / f"crafted-{uuid.uuid4().hex[:6]}.cpb"
    path.write_bytes(data)
    before = full_dump(pair.hub)
    with pytest.raises(BundleRefused, match=match or None) as refused:
        import_bundle(pair.hub, path, **kwargs)
    assert full_dump(pair.hub) == before
    assert str(refused.value).endswith("Nothing was imported.")
    return str(refused.value)


@pytest.mark.parametrize("where", [0, 7, 8, 9, 12, 25, 30, 33, 34, 200, "middle", -17, -1])
def test_any_single_byte_flipped(pair, bundle, where):
    data = bytearray(bundle.read_bytes())
    offset = len(data) // 2 if where == "middle" else where
    data[offset] ^= 0x01
    message = _refused(pair, bytes(data), "")
    expected = {0: "not a CarePlan bundle", 7: "not a CarePlan bundle", 8: "newer CarePlan Desktop",
                9: "format is not one", 12: "not made with this practice's exchange key",
                25: "not made with this practice's exchange key"}.get(where, AUTH)
    assert expected in message


@pytest.mark.parametrize("keep", [0, 5, 20, 40, "half", -1])
def test_a_truncated_file(pair, bundle, keep):
    data = bundle.read_bytes()
    size = len(data) // 2 if keep == "half" else keep if keep >= 0 else len(data) - 1
    message = _refused(pair, data[:size], "")
    assert any(words in message for words in ("cut short", AUTH, "not a CarePlan bundle"))


def test_another_practices_key(pair, bundle, tmp_path):
    entries, _, _ = unseal_bundle(bundle, pair.key_file)
    info, other_key = create_key_file(tmp_path / "other.key", practice="Another practice")
    _refused(pair, reseal(entries, other_key, info.key_id), "another practice")


def test_a_future_format_version(pair, bundle):
    entries, key, key_id = unseal_bundle(bundle, pair.key_file)
    message = _refused(pair, reseal(entries, key, key_id, version=2), "newer CarePlan Desktop")
    assert message.startswith("This bundle was made by a newer CarePlan Desktop. Update this computer, then import it again.")


class _Raw:
    """Adds one entry with a crafted name or attributes, listed in the manifest."""

    def __init__(self, name: str, data: bytes = b"{}", mode: int | None = None) -> None:
        self.name, self.data, self.mode = name, data, mode
        import hashlib

        self.hashes = {name: hashlib.sha256(data).hexdigest()}

    def __call__(self, archive: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo(self.name)
        info.compress_type = zipfile.ZIP_DEFLATED
        if self.mode is not None:
            info.external_attr = self.mode << 16
        archive.writestr(info, self.data)


@pytest.mark.parametrize("name, reason", [("../x", "climbs out"), ("records/../../x.json", "climbs out"),
                                          ("/x", "absolute path"), ("C:\\x", "backslash"), ("C:x", "drive letter"),
                                          ("records/", "folder"), ("notes.txt", "never use")])
def test_unsafe_entry_names(pair, bundle, name, reason):
    entries, key, key_id = unseal_bundle(bundle, pair.key_file)
    message = _refused(pair, reseal(entries, key, key_id, raw=_Raw(name)), UNSAFE)
    assert reason in message


def test_a_link_entry(pair, bundle):
    entries, key, key_id = unseal_bundle(bundle, pair.key_file)
    del entries["records/patient.json"]
    link = _Raw("records/patient.json", b"/etc/passwd", stat.S_IFLNK | 0o777)
    assert "a link" in _refused(pair, reseal(entries, key, key_id, raw=link), UNSAFE)


def test_an_oversized_entry(pair, bundle):
    entries, key, key_id = unseal_bundle(bundle, pair.key_file)
    entries[f"printouts/{uuid.uuid4()}.pdf"] = b"%PDF-" + bytes(range(256)) * 8000
    limits = container.Limits(max_entry_bytes=1_000_000)
    assert "larger than" in _refused(pair, reseal(entries, key, key_id), UNSAFE, limits=limits)


def test_a_highly_compressed_entry(pair, bundle):
    entries, key, key_id = unseal_bundle(bundle, pair.key_file)
    entries[f"printouts/{uuid.uuid4()}.pdf"] = b"%PDF-" + b"\0" * 20_000_000
    assert "zip bomb" in _refused(pair, reseal(entries, key, key_id), UNSAFE)


def test_too_many_entries(pair, bundle):
    entries, key, key_id = unseal_bundle(bundle, pair.key_file)
    for _ in range(30):
        entries[f"fhir/{uuid.uuid4()}.json"] = b'{"resourceType": "Bundle", "type": "document"}'
    _refused(pair, reseal(entries, key, key_id), "more than 20 entries", limits=container.Limits(max_entries=20))


def test_an_entry_changed_after_the_manifest(pair, bundle):
    entries, key, key_id = unseal_bundle(bundle, pair.key_file)
    records = json.loads(entries["records/patient.json"])
    records[0]["phone"] = "01632 960 999"
    entries["records/patient.json"] = json.dumps(records).encode()
    _refused(pair, reseal(entries, key, key_id, fix_manifest=False), "does not match its manifest hash")


@pytest.mark.parametrize("change, words", [
    (lambda r: r.update(nhs_number="12345"), "field 'nhs_number' is not ten digits"),
    (lambda r: r.update(nhs_number="９９９０００００１８"),  # Lorna's number in full-width digits
     "field 'nhs_number' holds characters that look like digits but are not the digits 0-9"),
    (lambda r: r.update(nhs_number="9990000017"), "field 'nhs_number' is not a valid NHS number"),
    (lambda r: r.pop("given_name"), "lacks the field 'given_name'"),
    (lambda r: r.update(given_name=None), "field 'given_name' is missing a value"),
    (lambda r: r.update(revision="2"), "field 'revision' is not a whole number"),
    (lambda r: r.update(date_of_birth="14/03/1948"), "field 'date_of_birth' is not a date"),
    (lambda r: r.update(secret_field=1), "unknown field 'secret_field'"),
    (lambda r: r.update(clock={"x": -1}), "field 'clock' is not a history clock"),
    (lambda r: r.update(level_of_need=7), "level_of_need"),
])
def test_a_record_that_fails_its_schema(pair, bundle, change, words):
    entries, key, key_id = unseal_bundle(bundle, pair.key_file)
    records = json.loads(entries["records/patient.json"])
    change(records[0])
    entries["records/patient.json"] = json.dumps(records).encode()
    message = _refused(pair, reseal(entries, key, key_id, signer=pair.laptop), "fails its checks")
    assert words in message
    assert "Lorna" not in message and LORNA_NHS not in message


def test_a_bundle_made_here_is_refused(pair):
    path = export_bundle(pair.hub, pair.usb).path
    _refused(pair, path.read_bytes(), "made on this computer")


def test_no_key_installed(tmp_path, template, bundle):
    from .conftest import Pair

    pair = Pair(tmp_path, template)
    from sqlalchemy import delete

    from careplan_desktop.models import ExchangeKey

    with pair.hub.transaction() as session:
        session.execute(delete(ExchangeKey))
    before = full_dump(pair.hub)
    try:
        with pytest.raises(Exception, match="no practice exchange key"):
            import_bundle(pair.hub, bundle)
        assert full_dump(pair.hub) == before
    finally:
        pair.close()
