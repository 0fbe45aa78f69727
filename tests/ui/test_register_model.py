"""The register model on its own (no vault), and the register refreshing after a change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.register.listing import RegisterRow
from careplan_desktop.store import Vault
from careplan_desktop.ui.changes import REGISTER, changed_people, person_key
from careplan_desktop.ui.register.model import AGE, NAME, NEXT_REVIEW, UUID_ROLE, RegisterModel
from careplan_desktop.ui.register.screen import people_count

from .helpers import wait_for_register

TODAY = dt.date(2025, 6, 1)


def row(family: str, given: str, nhs: str, born: dt.date, review: dt.date | None = None) -> RegisterRow:
    age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
    return RegisterRow(f"uuid-{nhs}", nhs, family, given, born, age, "Hypertension", 1, review)


ROWS = [
    row("Adams", "Ann", "9990000101", dt.date(1950, 1, 2), dt.date(2025, 1, 1)),
    row("Baker", "Bob", "9990000102", dt.date(1990, 3, 4)),
    row("Carter", "Cath", "9990000103", dt.date(1970, 5, 6), dt.date(2026, 1, 1)),
]


def test_filter_sort_and_clear(qapp) -> None:
    model = RegisterModel(today=lambda: TODAY)
    model.set_rows(list(ROWS), {"uuid-9990000102": "Bobby"})
    assert model.rowCount() == 3 and model.columnCount() == 7
    assert model.index(0, NAME).data() == "ADAMS, Ann"
    assert model.index(0, 1).data() == "999 000 0101"
    assert model.index(0, 2).data() == "02/01/1950"

    model.set_filter("bobby")  # preferred names are searched too
    assert [model.row_at(r).given_name for r in range(model.rowCount())] == ["Bob"]
    assert model.index(0, 0).data(UUID_ROLE) == "uuid-9990000102"
    model.set_filter("")

    model.sort(AGE, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, AGE).data() for r in range(3)] == ["35", "55", "75"]
    model.set_filter("e")  # Baker and Carter; the order survives a search
    assert [model.index(r, AGE).data() for r in range(model.rowCount())] == ["35", "55"]
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert [model.row_at(r).family_name for r in range(model.rowCount())] == ["Carter", "Baker"]
    model.set_filter("")
    model.sort(NEXT_REVIEW, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r).family_name for r in range(3)] == ["Adams", "Carter", "Baker"]  # none last

    overdue = model.index(0, NEXT_REVIEW)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "overdue" in overdue.data(Qt.ItemDataRole.ToolTipRole)

    model.clear()
    assert model.rowCount() == 0 and model.total_count == 0


def test_people_count_wording() -> None:
    assert people_count(12, 50003) == "12 of 50,003 people"
    assert people_count(50003, 50003) == "50,003 people"
    assert people_count(1, 1) == "1 person"


def test_change_names() -> None:
    assert changed_people(frozenset({REGISTER, person_key("abc")})) == {"abc"}


def test_the_register_refreshes_when_told_of_a_change(
    qtbot, demo_vault_path: Path, make_context, open_window
) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    before = register.model.total_count
    qtbot.keyClicks(register.search, "zebedee")
    assert register.model.rowCount() == 0
    assert "No one matches" in register.count_label.text()

    with context.vault.transaction() as session:  # another screen adds someone
        session.add(Patient(nhs_number="9434765919", given_name="Zebedee", family_name="Quill",
                            date_of_birth=dt.date(1960, 2, 3), birth_month=2, sex="male"))
    context.changes.notify(REGISTER)
    qtbot.waitUntil(lambda: register.model.total_count == before + 1, timeout=5000)
    assert register.model.rowCount() == 1
    assert register.model.index(0, NAME).data() == "QUILL, Zebedee"

    # the open person's overview follows changes to their record
    register.open_selected()
    qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
    with context.vault.transaction() as session:
        person = session.scalar(select(Patient).where(Patient.nhs_number == "9434765919"))
        person.phone = "01632 960 999"
        uuid = person.uuid
    context.changes.notify(person_key(uuid))
    qtbot.waitUntil(lambda: register.overview.person.phone == "01632 960 999", timeout=5000)
    assert "01632 960 999" in register.overview.shown_text()
