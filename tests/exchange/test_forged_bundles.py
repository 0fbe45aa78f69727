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
    crafted.write_bytes(reseal(entries, key, key_id))
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
    (pair.usb / "again.cpb").write_bytes(reseal(entries, key, key_id))
    result = import_bundle(pair.hub, pair.usb / "again.cpb")
    assert [(c.kind, c.entity) for c in result.conflicts] == [("changed_both", "patient")]
    with pair.hub.reader() as session:
        assert person(session, LORNA_NHS).phone == "01632 960 123"
