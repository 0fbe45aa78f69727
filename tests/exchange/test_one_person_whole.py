"""Issue 14, section 1: one person whole. Conditions recorded for one person on two computers
end as one condition each (same code), unless the two copies disagree; a person who waits
("same NHS number, different details: check") waits with all their records, which are
imported once the check is done. Real bundles between vaults."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from careplan_desktop.exchange.conflicts import list_conflicts, resolve_conflict
from careplan_desktop.models import Condition

from .helpers import introduce, logical_dump, person
from .test_field_merge import HEADER, TODAY
from .test_round_trips import new_laptop, records_only, send
from .test_same_person import PEOPLE

from careplan_desktop.services.register.import_rows import guess_mapping, read_headers
from careplan_desktop.services.register.importing import import_register

DIABETES = ("diabetes-type-2", "44054006", "Type 2 diabetes mellitus")
HYPERTENSION = ("hypertension", "38341003", "Hypertension")
COPD = ("copd", "13645005", "Chronic obstructive pulmonary disease")
ADA, CORA = PEOPLE[0], PEOPLE[2]


def _desk(pair, name: str, people) -> object:
    vault = new_laptop(pair, name)
    csv = pair.folder / f"{name[:4]}{name[-3:]}.csv"
    csv.write_text(HEADER + "".join(f"{n},{g},{f},{b},,\n" for n, g, f, b in people))
    assert import_register(vault, csv, guess_mapping(read_headers(csv)), today=TODAY).imported == len(people)
    return vault


def _add_condition(vault, nhs: str, kind: tuple, diagnosed: dt.date | None) -> None:
    with vault.transaction() as session:
        code, snomed, display = kind
        session.add(Condition(patient=person(session, nhs), code=code, snomed_id=snomed, display=display,
                              diagnosed_on=diagnosed))


def _conditions(vault, nhs: str) -> list[tuple]:
    with vault.reader() as session:
        patient = person(session, nhs)
        rows = session.scalars(select(Condition).where(Condition.patient_id == patient.id)) if patient else []
        return sorted(((c.code, c.diagnosed_on) for c in rows), key=lambda pair: (pair[0], str(pair[1])))


def _exchange(a, b, folder) -> None:
    send(a, b, folder / "to-b")
    send(b, a, folder / "to-a")
    send(a, b, folder / "to-b")


def test_a_condition_recorded_on_both_computers_ends_as_one_unless_the_two_disagree(pair) -> None:
    a, b = _desk(pair, "Desk one", [ADA]), _desk(pair, "Desk two", [ADA])
    introduce(a, b)
    try:
        _add_condition(a, ADA[0], DIABETES, dt.date(2019, 3, 1))
        _add_condition(b, ADA[0], DIABETES, None)  # the date only desk one knows is kept
        _add_condition(a, ADA[0], HYPERTENSION, dt.date(2015, 6, 1))
        _add_condition(b, ADA[0], HYPERTENSION, dt.date(2016, 6, 1))  # two dates: both kept, nothing lost
        _add_condition(b, ADA[0], COPD, None)
        _exchange(a, b, pair.folder)
        expected = [("copd", None), ("diabetes-type-2", dt.date(2019, 3, 1)),
                    ("hypertension", dt.date(2015, 6, 1)), ("hypertension", dt.date(2016, 6, 1))]
        assert _conditions(a, ADA[0]) == _conditions(b, ADA[0]) == expected
        assert list_conflicts(a) == list_conflicts(b) == []
        dump_a, dump_b = records_only(logical_dump(a)), records_only(logical_dump(b))
        assert dump_a["condition"] == dump_b["condition"] and dump_a["tombstones"] == dump_b["tombstones"]
        assert len(dump_a["tombstones"]) == 1  # the removed copy of diabetes, a deletion that travels
    finally:
        a.lock()
        b.lock()


def test_a_person_who_waits_for_a_check_waits_with_their_records_until_the_other_computer_corrects_them(pair) -> None:
    wrong = (CORA[0], "Cora", "Nash", "13/07/1951")  # desk two has another date of birth
    a, b = _desk(pair, "Desk one", [ADA, CORA]), _desk(pair, "Desk two", [ADA, wrong])
    introduce(a, b)
    try:
        _add_condition(b, CORA[0], COPD, dt.date(2020, 1, 1))
        before = records_only(logical_dump(a))
        send(b, a, pair.folder / "to-a")
        [waiting] = list_conflicts(a)  # one check: no "removed here" conflict for her condition
        assert waiting.kind == "same_nhs_number"
        assert "1 other record of this person from Desk two" in waiting.explanation
        after = records_only(logical_dump(a))
        assert after["condition"] == before["condition"] and _conditions(a, CORA[0]) == []
        # desk two corrects her date of birth; her record comes again and brings the condition in
        with b.transaction() as session:
            person(session, CORA[0]).date_of_birth = dt.date(1951, 7, 12)
        send(b, a, pair.folder / "to-a")
        assert list_conflicts(a) == []
        assert _conditions(a, CORA[0]) == [("copd", dt.date(2020, 1, 1))]
        send(a, b, pair.folder / "to-b")
        send(b, a, pair.folder / "to-a")
        assert records_only(logical_dump(a))["patient"] == records_only(logical_dump(b))["patient"]
        assert _conditions(b, CORA[0]) == _conditions(a, CORA[0])
    finally:
        a.lock()
        b.lock()


def test_details_corrected_here_and_the_check_marked_done_bring_in_what_waited(pair) -> None:
    wrong = (CORA[0], "Cora", "Nash", "13/07/1951")  # this computer holds the wrong date of birth
    a, b = _desk(pair, "Desk one", [wrong]), _desk(pair, "Desk two", [CORA])
    introduce(a, b)
    try:
        _add_condition(b, CORA[0], COPD, dt.date(2020, 1, 1))
        send(b, a, pair.folder / "to-a")
        [waiting] = list_conflicts(a)
        with a.transaction() as session:
            person(session, CORA[0]).date_of_birth = dt.date(1951, 7, 12)
        resolve_conflict(a, waiting.id, "keep_local")
        assert list_conflicts(a) == []
        assert _conditions(a, CORA[0]) == [("copd", dt.date(2020, 1, 1))]
        with a.reader() as session:
            assert person(session, CORA[0]).date_of_birth == dt.date(1951, 7, 12)
        send(a, b, pair.folder / "to-b")
        send(b, a, pair.folder / "to-a")
        assert records_only(logical_dump(a))["patient"] == records_only(logical_dump(b))["patient"]
        assert list_conflicts(a) == list_conflicts(b) == []
    finally:
        a.lock()
        b.lock()
