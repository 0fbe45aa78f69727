"""The local directory of services: picking, managing and importing from CSV."""

from __future__ import annotations

import csv
import re

import pytest
from sqlalchemy import func, select

from careplan_desktop.models import AuditEvent, DirectoryEntry
from careplan_desktop.services.directory.entries import (
    BadRow, DirectoryError, DirectoryForm, add_entry, deactivate_entry, directory_kinds, edit_entry,
    import_directory_csv, list_directory, sample_directory_path, search_directory, set_entry_active,
)


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_the_sample_directory_has_more_than_medicine_with_drama_range_numbers(vault):
    with open(sample_directory_path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kinds = {row["kind"] for row in rows}
    assert {"peer support", "befriending", "exercise", "cooking", "welfare rights", "volunteering",
            "structured education", "social prescribing", "talking therapies", "stop smoking"} <= kinds
    names = " ".join(row["name"] for row in rows)
    for expected in ("Breathe Easy", "DESMOND", "Age UK", "Talking Therapies"):
        assert expected in names
    assert all(re.fullmatch(r"01632 960 \d{3}", row["contact"]) for row in rows)
    report = import_directory_csv(vault, sample_directory_path())
    assert (report.added, report.updated, report.bad_rows) == (len(rows), 0, ())


def test_import_lists_bad_rows_by_spreadsheet_row_and_imports_the_rest(vault, tmp_path):
    path = write_csv(tmp_path / "directory.csv", [
        ["Name", "Kind", "Offers", "Contact"],  # row 1; hours and notes columns may be left out
        ["Knit and Natter", "peer support", "Knitting and a chat", "01632 960 301"],  # row 2
        ["", "exercise", "No name", ""],  # row 3
        ["Seated yoga", "", "No kind", ""],  # row 4
        ["knit and natter", "Peer Support", "Again", ""],  # row 5: the same as row 2
        ["Tai chi", "exercise", "Slow movement", "01632 960 302", "stray"],  # row 6: one cell too many
        ["Chair Zumba", "exercise", "Dance sitting down", "01632 960 303"],  # row 7
    ])
    report = import_directory_csv(vault, path)
    assert report.added == 2 and report.updated == 0
    assert [row.row_number for row in report.bad_rows] == [3, 4, 5, 6]
    assert report.bad_rows[2] == BadRow(5, "The same service is already on row 2.")
    assert sorted(item.name for item in list_directory(vault)) == ["Chair Zumba", "Knit and Natter"]


def test_importing_again_updates_instead_of_duplicating(vault, tmp_path):
    first = write_csv(tmp_path / "one.csv", [["name", "kind", "hours"], ["Memory Cafe", "peer support", "Fridays"]])
    import_directory_csv(vault, first)
    second = write_csv(tmp_path / "two.csv", [["name", "kind", "hours"], ["MEMORY CAFE", "peer support", "Thursdays"],
                                              ["Walking group", "exercise", ""]])
    report = import_directory_csv(vault, second)
    assert (report.added, report.updated, report.unchanged) == (1, 1, 0)
    again = import_directory_csv(vault, second)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert [(i.name, i.hours) for i in list_directory(vault)] == [("Walking group", ""), ("MEMORY CAFE", "Thursdays")]  # the file wins


def test_a_file_without_the_name_and_kind_columns_is_refused_whole(vault, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [["service", "what"], ["A", "B"]])
    with pytest.raises(DirectoryError, match="name and kind"):
        import_directory_csv(vault, path)
    assert vault.count(DirectoryEntry) == 0


def test_search_for_picking_in_the_consultation(vault):
    import_directory_csv(vault, sample_directory_path())
    assert [i.name for i in search_directory(vault, "breathe")] == ["Breathe Easy Ashby Green"]
    lungs = [i.name for i in search_directory(vault, "lung")]  # found in what they offer
    assert "Breathe Easy Ashby Green" in lungs
    assert all(i.kind == "exercise" for i in search_directory(vault, kind="Exercise"))
    assert [i.name for i in search_directory(vault, "type 2 diabetes course")] == ["DESMOND"]
    assert "cooking" in directory_kinds(vault)


def test_add_edit_and_deactivate(vault):
    entry = add_entry(vault, DirectoryForm(name=" Bowls  club ", kind="exercise", contact="01632 960 400"))
    assert (entry.name, entry.offers, entry.active) == ("Bowls club", "", True)
    with pytest.raises(DirectoryError, match="already in the directory"):
        add_entry(vault, DirectoryForm(name="bowls club", kind="Exercise"))
    with pytest.raises(DirectoryError, match="name"):
        add_entry(vault, DirectoryForm(kind="exercise"))
    edited = edit_entry(vault, entry.uuid, DirectoryForm(name="Bowls club", kind="exercise", offers="Indoor bowls"))
    assert edited.offers == "Indoor bowls" and edited.contact == ""
    deactivate_entry(vault, entry.uuid)
    assert search_directory(vault, "bowls") == []
    assert [i.active for i in list_directory(vault, include_inactive=True)] == [False]
    assert set_entry_active(vault, entry.uuid, True).active
    with vault.reader() as session:  # practice data: audited, with no person attached
        events = session.execute(select(AuditEvent.action, AuditEvent.patient_id)
                                 .where(AuditEvent.entity == "directory_entry")).all()
    assert [e.action for e in events] == ["created", "changed", "changed", "changed"]
    assert all(e.patient_id is None for e in events)
    with vault.reader() as session:
        assert session.scalar(select(func.count()).select_from(DirectoryEntry)) == 1
