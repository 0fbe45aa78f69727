"""Issue 14, section 1: "merges what does not clash". Two versions of one record differ: the
fields only one side filled (two registrations of one person, linked) or only one side changed
(since a common version) are merged; only fields both set differently clash, and then the record
waits as a conflict shown merged except for the clash, both versions kept. Real bundles between vaults (export, import)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careplan_desktop.domain import nhs_number
from careplan_desktop.exchange import field_merge
from careplan_desktop.exchange.conflicts import list_conflicts, resolve_conflict
from careplan_desktop.exchange.records import ENTITIES
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.register.import_rows import guess_mapping, read_headers
from careplan_desktop.services.register.importing import import_register

from .helpers import introduce, logical_dump, person
from .test_round_trips import new_laptop, records_only, send

TODAY = dt.date(2026, 5, 4)
ADA = nhs_number.complete("943476590")
HEADER = "NHS Number,Forename,Surname,Date of Birth,Telephone,Postcode\n"


def _registered(pair, name: str, phone: str, postcode: str):
    vault = new_laptop(pair, name)
    csv = pair.folder / f"{name[:4]}.csv"
    csv.write_text(HEADER + f"{ADA},Ada,Allen,01/01/1940,{phone},{postcode}\n")
    assert import_register(vault, csv, guess_mapping(read_headers(csv)), today=TODAY).imported == 1
    return vault


def _ada(vault) -> tuple[str, str]:
    with vault.reader() as session:
        ada = person(session, ADA)
        return ada.phone, ada.postcode


def _swap(a, b, folder: Path) -> None:
    send(a, b, folder / "to-b")
    send(b, a, folder / "to-a")
    send(a, b, folder / "to-b")


def test_two_registrations_of_one_person_merge_what_one_side_filled_and_keep_only_the_clash(pair) -> None:
    a = _registered(pair, "Desk one", "01632 960 100", "")
    b = _registered(pair, "Desk two", "01632 960 200", "LS1 4AB")
    introduce(a, b)
    try:
        _swap(a, b, pair.folder)
        # the phones clash: Ada waits in the conflicts inbox, shown merged except for the phone
        [at_a], [at_b] = list_conflicts(a), list_conflicts(b)
        assert at_a.differing == at_b.differing == ("phone",)  # only the field both set differently
        assert (at_a.local["phone"], at_a.incoming["phone"]) == ("01632 960 100", "01632 960 200")
        assert (at_b.local["phone"], at_b.incoming["phone"]) == ("01632 960 200", "01632 960 100")
        assert at_a.local["postcode"] == at_a.incoming["postcode"] == "LS1 4AB"  # what only desk two filled
        assert _ada(a) == ("01632 960 100", None) and _ada(b) == ("01632 960 200", "LS1 4AB")  # nothing overwritten
        # the nurse at desk one keeps desk two's phone: it reaches desk two and settles it there
        resolve_conflict(a, at_a.id, "keep_incoming")
        _swap(a, b, pair.folder)
        assert _ada(a) == _ada(b) == ("01632 960 200", "LS1 4AB")
        assert list_conflicts(a) == list_conflicts(b) == []
        assert records_only(logical_dump(a))["patient"] == records_only(logical_dump(b))["patient"]
    finally:
        a.lock()
        b.lock()


def _edit_lorna(vault, **values) -> None:
    with vault.transaction() as session:
        lorna = person(session, LORNA_NHS)
        for name, value in values.items():
            setattr(lorna, name, value)


def _lorna(vault, *names) -> tuple:
    with vault.reader() as session:
        lorna = person(session, LORNA_NHS)
        return tuple(getattr(lorna, n) for n in names)


def test_fields_changed_on_one_side_each_since_they_last_agreed_are_merged_without_a_conflict(pair) -> None:
    hub = pair.hub
    laptop = new_laptop(pair)
    try:
        send(hub, laptop, pair.folder / "to-laptop", scope="all")
        _edit_lorna(hub, phone="01632 960 301")  # at the practice
        _edit_lorna(laptop, postcode="ZZ99 3CC", next_review_date=dt.date(2027, 2, 1))  # at her home
        at_hub = send(laptop, hub, pair.folder / "to-hub")
        assert at_hub.conflicts == [] and at_hub.changed["patient"] == 1
        at_laptop = send(hub, laptop, pair.folder / "to-laptop")
        assert at_laptop.conflicts == []
        expected = ("01632 960 301", "ZZ99 3CC", dt.date(2027, 2, 1))
        for vault in (hub, laptop):
            assert _lorna(vault, "phone", "postcode", "next_review_date") == expected
        assert records_only(logical_dump(hub)) == records_only(logical_dump(laptop))
    finally:
        laptop.lock()


def test_a_field_changed_on_both_sides_is_the_only_conflict_and_the_rest_is_merged(pair) -> None:
    hub = pair.hub
    laptop = new_laptop(pair)
    try:
        send(hub, laptop, pair.folder / "to-laptop", scope="all")
        _edit_lorna(hub, phone="01632 960 401")
        _edit_lorna(laptop, phone="01632 960 402", postcode="ZZ99 4DD")
        send(laptop, hub, pair.folder / "to-hub")
        send(hub, laptop, pair.folder / "to-laptop")
        [at_hub], [at_laptop] = list_conflicts(hub), list_conflicts(laptop)
        assert at_hub.differing == at_laptop.differing == ("phone",)  # the postcode only the laptop changed: merged
        assert (at_hub.local["phone"], at_hub.incoming["phone"]) == ("01632 960 401", "01632 960 402")
        assert at_hub.local["postcode"] == at_hub.incoming["postcode"] == "ZZ99 4DD"
        # the nurse at the hub keeps the hub's phone: the merge is written, and it settles the laptop too
        resolve_conflict(hub, at_hub.id, "keep_local")
        send(hub, laptop, pair.folder / "to-laptop")
        for vault in (hub, laptop):
            assert _lorna(vault, "phone", "postcode") == ("01632 960 401", "ZZ99 4DD")
        assert list_conflicts(hub) == list_conflicts(laptop) == []
    finally:
        laptop.lock()


def test_without_the_revisions_of_the_changes_every_differing_field_clashes() -> None:
    """An audit trail that cannot say which version changed what (before issue 14) merges
    nothing: the safe side is a conflict, never a guess."""
    entity = ENTITIES["patient"]
    local = {f.name: None for f in entity.fields} | {"phone": "1", "postcode": "A"}
    incoming = dict(local, phone="2", postcode="B")
    mine, theirs = {"hub": 1, "laptop": 2}, {"hub": 3}  # both grew from the hub's revision 1
    unknown = field_merge.merge(entity, local, incoming, mine, theirs, [])
    assert unknown.clashes == ("phone", "postcode") and unknown.taken == ()
    known = field_merge.merge(entity, local, incoming, mine, theirs, [("laptop", 2, ["phone"]), ("hub", 3, ["postcode"])])
    assert known.clashes == () and known.taken == ("postcode",) and known.merged["phone"] == "1"
