"""Issue 14, section 1: one person, however many computers registered them. Two new computers
each import the practice's register list (so each person has a different record id on each),
then exchange bundles in both orders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from careplan_desktop.domain import nhs_number
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.conflicts import list_conflicts
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.models import Patient
from careplan_desktop.services.register.import_rows import guess_mapping, read_headers
from careplan_desktop.services.register.importing import import_register

from .helpers import introduce
from .test_round_trips import new_laptop

TODAY = dt.date(2026, 5, 4)
PEOPLE = [(nhs_number.complete(f"94347659{i}"), given, family, born) for i, (given, family, born) in enumerate([
    ("Ada", "Allen", "01/01/1940"), ("Ben", "Hale", "05/03/1948"), ("Cora", "Nash", "12/07/1951"),
    ("Dev", "Shah", "30/11/1962"), ("Edna", "Wood", "02/02/1938")])]
HEADER = "NHS Number,Forename,Surname,Date of Birth,Telephone\n"


def register_list(folder: Path, name: str, people=PEOPLE, phones=("",) * 5) -> Path:
    path = folder / name
    path.write_text(HEADER + "".join(f"{n},{g},{f},{b},{p}\n" for (n, g, f, b), p in zip(people, phones)))
    return path


def two_computers(pair, first_list: Path, second_list: Path):
    a, b = new_laptop(pair, "Desk one"), new_laptop(pair, "Desk two")
    introduce(a, b)
    for vault, csv in ((a, first_list), (b, second_list)):
        report = import_register(vault, csv, guess_mapping(read_headers(csv)), today=TODAY)
        assert report.imported == len(PEOPLE)
    return a, b


def _people(vault) -> dict[str, tuple]:
    with vault.reader() as session:
        rows = session.scalars(select(Patient)).all()
        assert len(rows) == len({p.nhs_number for p in rows})
        return {p.nhs_number: (p.uuid, p.family_name, p.date_of_birth, p.phone) for p in rows}


def _swap(a, b, folder: Path, first: str):
    folder.mkdir()
    bundles = {}
    for vault, name in ((a, "a"), (b, "b")):
        (folder / name).mkdir()
        bundles[name] = export_bundle(vault, folder / name, printouts=False).path
    order = [(b, bundles["a"]), (a, bundles["b"])] if first == "a" else [(a, bundles["b"]), (b, bundles["a"])]
    return [import_bundle(vault, path) for vault, path in order]


def test_two_computers_that_registered_the_same_people_end_with_one_record_each_in_either_order(pair) -> None:
    phones_a = ("01632 960 100", "", "", "", "")  # what one list holds and the other lacks is kept
    ends = []
    for first in ("a", "b"):
        folder = pair.folder / f"order-{first}"
        folder.mkdir()
        a, b = two_computers(pair, register_list(folder, "a.csv", phones=phones_a), register_list(folder, "b.csv"))
        try:
            _swap(a, b, folder / "round1", first)
            _swap(a, b, folder / "round2", first)  # what each settled goes back once
            people_a, people_b = _people(a), _people(b)
            assert len(people_a) == len(PEOPLE) and {n: v[:3] for n, v in people_a.items()} == {
                n: v[:3] for n, v in people_b.items()}  # one record per person, the same id on both
            assert people_a == people_b
            # Ada's phone is on one list only: filled on one side, empty on the other, so it is merged
            assert people_a[PEOPLE[0][0]][3] == "01632 960 100"
            ends.append([sorted((c.kind, c.entity, c.record_uuid) for c in list_conflicts(v)) for v in (a, b)])
        finally:
            a.lock()
            b.lock()
    assert ends == [[[], []], [[], []]]  # nothing clashed: no conflict on either computer, in either order


def test_same_nhs_number_with_different_details_waits_in_the_conflicts_inbox_with_both_shown(pair) -> None:
    other = list(PEOPLE)
    other[2] = (PEOPLE[2][0], "Cora", "Nash", "13/07/1951")  # another date of birth under Cora's NHS number
    folder = pair.folder / "clash"
    folder.mkdir()
    a, b = two_computers(pair, register_list(folder, "a.csv"), register_list(folder, "b.csv", other))
    try:
        cora = PEOPLE[2][0]
        cora_here = _people(a)[cora]
        _swap(a, b, folder / "round1", "a")
        assert _people(a)[cora] == cora_here  # nothing merged
        assert len(_people(a)) == len(PEOPLE) and len(_people(b)) == len(PEOPLE)
        [waiting] = [c for c in list_conflicts(a) if c.kind == "same_nhs_number"]
        assert waiting.explanation.startswith("Same NHS number, different details: check.")
        assert waiting.local["date_of_birth"] == "1951-07-12" and waiting.incoming["date_of_birth"] == "1951-07-13"
        assert waiting.local["nhs_number"] == waiting.incoming["nhs_number"] == cora
        assert "date_of_birth" in waiting.differing
        # the other four people are one record each on both computers
        assert {n: v for n, v in _people(a).items() if n != cora} == {n: v for n, v in _people(b).items() if n != cora}
    finally:
        a.lock()
        b.lock()
