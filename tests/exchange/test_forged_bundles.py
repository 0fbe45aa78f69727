"""Issue 14, section 4 (the checks done so far): what a bundle brings is checked as the forms
check it, and a record claiming the importing computer wrote it is refused. Each refusal says
why and leaves the vault's logical dump unchanged."""

from __future__ import annotations

import json
import secrets

import pytest

from careplan_desktop.exchange import BundleRefused
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.services.demo.case_studies import LORNA_NHS

from .helpers import logical_dump, person, reseal, unseal_bundle


def _crafted(pair, change) -> bytes:
    with pair.laptop.transaction() as session:
        person(session, LORNA_NHS).phone = "01632 960 123"
    path = export_bundle(pair.laptop, pair.usb, printouts=False).path
    entries, key, key_id = unseal_bundle(path, pair.key_file)
    people = json.loads(entries["records/patient.json"])
    [lorna] = [p for p in people if p["nhs_number"] == LORNA_NHS]
    change(lorna, pair)
    entries["records/patient.json"] = json.dumps(people).encode()
    crafted = pair.usb / "crafted.cpb"
    crafted.write_bytes(reseal(entries, key, key_id, signer=pair.laptop))
    return crafted


def _claims_the_hub(lorna, pair):
    lorna["phone"], lorna["revision"] = "07700 900 666", lorna["revision"] + 5
    lorna["changed_by_device"] = pair.hub.actor.device_uuid


@pytest.mark.parametrize(("change", "reason"), [
    (_claims_the_hub, "says was written on this computer"),
    (lambda lorna, _: lorna.update(nhs_number="9990000019"), "is not a valid NHS number"),
    (lambda lorna, _: lorna.update(nhs_number="0000000000"), "is not a valid NHS number"),
    (lambda lorna, _: lorna.update(family_name=secrets.token_hex(2_500_000)), "is longer than 20,000 characters"),
    (lambda lorna, _: lorna.update(date_of_birth="1948-02-30"), "is not a date"),
    (lambda lorna, _: lorna.update(level_of_need=7), "is not 1, 2 or 3"),
], ids=["claims-the-importing-computer", "check-digit", "all-zeros", "5-MB-field", "date", "code"])
def test_a_forged_or_unsound_record_is_refused_and_nothing_changes(pair, change, reason) -> None:
    crafted = _crafted(pair, change)
    before = logical_dump(pair.hub)
    with pytest.raises(BundleRefused, match=reason) as refused:
        import_bundle(pair.hub, crafted)
    assert str(refused.value).endswith("Nothing was imported.")
    assert logical_dump(pair.hub) == before


def test_the_same_revision_with_other_content_is_a_conflict_not_dropped(pair) -> None:
    first = _crafted(pair, lambda lorna, _: None)
    import_bundle(pair.hub, first)
    entries, key, key_id = unseal_bundle(first, pair.key_file)
    people = json.loads(entries["records/patient.json"])
    [lorna] = [p for p in people if p["nhs_number"] == LORNA_NHS]
    lorna["phone"] = "07700 900 777"  # same revision and computer, other content
    manifest = json.loads(entries["manifest.json"])
    manifest["bundle_id"] = "another-bundle-0000"
    entries["manifest.json"] = json.dumps(manifest).encode()
    entries["records/patient.json"] = json.dumps(people).encode()
    (pair.usb / "again.cpb").write_bytes(reseal(entries, key, key_id, signer=pair.laptop))
    result = import_bundle(pair.hub, pair.usb / "again.cpb")
    assert [(c.kind, c.entity) for c in result.conflicts] == [("changed_both", "patient")]
    with pair.hub.reader() as session:
        assert person(session, LORNA_NHS).phone == "01632 960 123"


def _laptop_bundle(pair):
    with pair.laptop.transaction() as session:
        person(session, LORNA_NHS).phone = "01632 960 321"
    return export_bundle(pair.laptop, pair.usb, printouts=False).path


def test_an_unsigned_bundle_is_refused(pair) -> None:
    entries, key, key_id = unseal_bundle(_laptop_bundle(pair), pair.key_file)
    del entries["signature.json"]
    (pair.usb / "unsigned.cpb").write_bytes(reseal(entries, key, key_id))
    before = logical_dump(pair.hub)
    with pytest.raises(BundleRefused, match="This bundle is not signed"):
        import_bundle(pair.hub, pair.usb / "unsigned.cpb")
    assert logical_dump(pair.hub) == before


def test_a_bundle_signed_by_another_computer_than_it_names_is_refused(pair) -> None:
    entries, key, key_id = unseal_bundle(_laptop_bundle(pair), pair.key_file)
    manifest = json.loads(entries["manifest.json"])
    manifest["source_device"]["uuid"] = "0f0f0f0f-0000-4000-8000-000000000001"
    entries["manifest.json"] = json.dumps(manifest).encode()
    (pair.usb / "named.cpb").write_bytes(reseal(entries, key, key_id, signer=pair.laptop))
    before = logical_dump(pair.hub)
    with pytest.raises(BundleRefused, match="names another computer than the one that signed it"):
        import_bundle(pair.hub, pair.usb / "named.cpb")
    assert logical_dump(pair.hub) == before


def test_a_removed_computer_is_refused_and_a_new_one_waits_until_confirmed(pair) -> None:
    from careplan_desktop.exchange import signing

    laptop_uuid = pair.laptop.actor.device_uuid
    signing.remove_computer(pair.hub, laptop_uuid)  # the laptop was lost
    before = logical_dump(pair.hub)
    with pytest.raises(BundleRefused, match="was removed from this practice's computers"):
        import_bundle(pair.hub, _laptop_bundle(pair))
    assert logical_dump(pair.hub) == before

    # a computer the hub has not met: it waits, named with its fingerprint, until confirmed
    from careplan_desktop.store import Vault
    from tests.conftest import TEST_PASSPHRASE

    desk = Vault.create(pair.folder / "desk.vault", TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Rita Desk",
                        device_name="Reception desk")
    try:
        from careplan_desktop.exchange import keys

        keys.install_key(desk, pair.key_file)
        keys.name_this_device(desk, "Reception desk")
        shown = signing.own_computer(desk).fingerprint
        (pair.folder / "desk-usb").mkdir()
        bundle = export_bundle(desk, pair.folder / "desk-usb", scope="all", printouts=False).path
        with pytest.raises(BundleRefused, match="not yet confirmed here: \"Reception desk\"") as waiting:
            import_bundle(pair.hub, bundle)
        assert shown in str(waiting.value) and len(shown) == 19
        assert logical_dump(pair.hub) == before
        [new] = [c for c in signing.computers(pair.hub) if c.status == signing.WAITING]
        assert (new.name, new.fingerprint) == ("Reception desk", shown)
        signing.confirm_computer(pair.hub, new.device_uuid)
        assert import_bundle(pair.hub, bundle).conflicts == []
    finally:
        desk.lock()
