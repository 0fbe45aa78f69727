"""The recall view on a demo vault, the clock fixed at 1 June 2025.

The expectation is computed here from what the vault holds, by the recall rules written out
in DOMAIN.md "Entry and recall" (never from the screen or the recall service):
* a person with a review date is due in the month of that date (overdue once it has passed);
* otherwise in their birth month, and at level 2 and 3 also every 6 and 3 months after it;
* anyone already recalled for the month stays in it;
* people exited to self-care and people who declined care planning are listed apart.
Groups: one per condition (catalogue order; a person is under each of their conditions), or
by number of conditions (0, 1, 2, 3 or more). Within a group: by family name, given name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, QTime, Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from careplan_desktop.models import Appointment, Condition, Patient, Recall
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.domain.nhs_number import complete
from careplan_desktop.services.register.person import PersonForm, save_person
from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.store import Vault
from careplan_desktop.ui.main_window import MainWindow
from careplan_desktop.ui.recall.model import FLAGS, NAME, STATUS, UUID_ROLE
from careplan_desktop.ui.recall.screen import RecallScreen

from ..documents.pdf_text import page_texts

TODAY = dt.date(2025, 6, 1)
INTERVALS = {1: 12, 2: 6, 3: 3}


# added to the demo so that every kind of row is there: (given, born, level, review date, codes, extra)
EXTRA_PEOPLE = [
    ("Selma", dt.date(1950, 6, 3), 1, None, ["asthma"], {"care_status": "self_care"}),
    ("Dora", dt.date(1951, 6, 4), 2, None, ["copd"], {"offer_status": "declined"}),
    ("Gwen", dt.date(1940, 3, 5), 3, None, ["dementia", "hypertension"], {"housebound": True}),
    ("Ravi", dt.date(1960, 1, 6), 1, dt.date(2025, 6, 20), ["schizophrenia"], {}),
    ("Owen", dt.date(1958, 9, 7), 1, dt.date(2025, 4, 1), ["asthma"], {}),  # overdue since April
]


@pytest.fixture
def demo_path(tmp_path: Path, demo_vaults) -> Path:
    path = tmp_path / "demo" / "demo.vault"
    vault = demo_vaults.open(path, DEMO_PASSPHRASE, patients=60, today=TODAY)
    for serial, (given, born, level, review, codes, extra) in enumerate(EXTRA_PEOPLE):
        form = PersonForm(nhs_number=complete(f"99930000{serial}"), given_name=given, family_name="Extra",
                          date_of_birth=born, level_of_need=level, next_review_date=review,
                          conditions=[(code, None) for code in codes], **extra)
        assert save_person(vault, form, today=TODAY).saved
    vault.lock()
    return path


# -- the expectation, by hand ------------------------------------------------------------------------
def expected_month(vault: Vault, year: int, month: int) -> dict:
    start = dt.date(year, month, 1)
    end = dt.date(year + month // 12, month % 12 + 1, 1)
    catalogue = load_reference_data().conditions
    with vault.reader() as session:
        people = session.execute(select(
            Patient.id, Patient.uuid, Patient.given_name, Patient.family_name, Patient.nhs_number,
            Patient.date_of_birth, Patient.level_of_need, Patient.housebound, Patient.care_status,
            Patient.offer_status, Patient.next_review_date)).all()
        codes = defaultdict(set)
        for patient_id, code in session.execute(select(Condition.patient_id, Condition.code)):
            codes[patient_id].add(code)
        recalled = dict(session.execute(select(Recall.patient_id, Recall.status).where(
            Recall.due_year == year, Recall.due_month == month)).all())
    groups: dict[str, list] = {"rows": [], "overdue": [], "self_care": [], "declined": []}
    for p in people:
        if p.next_review_date is not None:
            due = start <= p.next_review_date < end
            overdue = p.next_review_date < start
        else:
            months = (year * 12 + month) - (p.date_of_birth.year * 12 + p.date_of_birth.month)
            due, overdue = months >= 0 and months % INTERVALS[p.level_of_need] == 0, False
        if p.id in recalled:
            bucket = "rows"
        elif not (due or overdue):
            continue
        elif p.care_status == "self_care":
            bucket = "self_care"
        elif p.offer_status == "declined":
            bucket = "declined"
        else:
            bucket = "overdue" if overdue else "rows"
        groups[bucket].append(p)
    for rows in groups.values():
        rows.sort(key=lambda p: (p.family_name.casefold(), p.given_name.casefold(), p.nhs_number))
    due_rows = groups["rows"]
    by_condition = [(c.name, [p.uuid for p in due_rows if c.code in codes[p.id]]) for c in catalogue]
    by_count = [(label, [p.uuid for p in due_rows if test(len(codes[p.id]))]) for label, test in (
        ("No conditions recorded", lambda n: n == 0), ("1 condition", lambda n: n == 1),
        ("2 conditions", lambda n: n == 2), ("3 or more conditions", lambda n: n >= 3))]
    apart = [(label, [p.uuid for p in groups[key]]) for key, label in (
        ("overdue", "Overdue from an earlier month"), ("self_care", "Exited to self-care: not invited"),
        ("declined", "Declined care planning: not invited"))]
    gp_led = {c.code for c in catalogue if c.gp_led}
    flags = {p.uuid: " · ".join((["Home visit"] if p.housebound else []) + (["GP-led"] if codes[p.id] & gp_led
                                                                                else []))
             for rows in groups.values() for p in rows}
    status = {p.uuid: recalled.get(p.id, "to_invite") for p in due_rows}
    return {"by_condition": [(label, uuids) for label, uuids in by_condition if uuids],
            "by_count": [(label, uuids) for label, uuids in by_count if uuids or label != "No conditions recorded"],
            "apart": [(label, uuids) for label, uuids in apart if uuids], "flags": flags, "status": status,
            "due": [p.uuid for p in due_rows]}


def heading(label: str, count: int) -> str:
    return f"{label} ({count:,} {'person' if count == 1 else 'people'})"


# -- what the tree shows --------------------------------------------------------------------------------
def shown(screen: RecallScreen) -> list[tuple[str, list[str]]]:
    model = screen.model
    groups = []
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        groups.append((group.data(), [model.index(r, 0, group).data(UUID_ROLE) for r in range(model.rowCount(group))]))
    return groups


def cell(screen: RecallScreen, uuid: str, column: int) -> str:
    index = screen.model.indexes_of(uuid)[0]
    return index.siblingAtColumn(column).data() or ""


def open_recall(qtbot, make_context, open_window, path: Path) -> tuple[MainWindow, RecallScreen, Vault]:
    vault = Vault.unlock(path, DEMO_PASSPHRASE)
    context = make_context(path, vault)
    context.today = lambda: TODAY
    window = open_window(context)
    screen = window.show_area("recall")
    qtbot.waitUntil(lambda: screen.cohort is not None, timeout=10_000)
    return window, screen, vault


def click_row(qtbot, screen: RecallScreen, index: QModelIndex, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    screen.tree.scrollTo(index)
    # the middle of the part of the row that is in view (a group's heading spans every column,
    # which may be wider than the view)
    centre = screen.tree.visualRect(index).intersected(screen.tree.viewport().rect()).center()
    QTest.mouseClick(screen.tree.viewport(), Qt.MouseButton.LeftButton, modifier, centre)


def test_the_month_is_grouped_by_condition_and_by_number_of_conditions(
        qtbot, demo_path, make_context, open_window) -> None:
    window, screen, vault = open_recall(qtbot, make_context, open_window, demo_path)
    expected = expected_month(vault, 2025, 6)
    assert len(expected["due"]) >= 5 and len(expected["apart"]) == 3  # every kind of row is there
    assert {"Home visit · GP-led", "GP-led"} <= set(expected["flags"].values())
    assert screen.ui.month.currentText() == "June 2025"

    assert shown(screen) == [(heading(label, len(uuids)), uuids)
                             for label, uuids in expected["by_condition"] + expected["apart"]]
    for uuid, flags in expected["flags"].items():
        assert cell(screen, uuid, FLAGS) == flags
    words = {"to_invite": "To", "booked": "Booked", "invited": "Invited"}
    assert {uuid: cell(screen, uuid, STATUS).split(" ")[0] for uuid in expected["status"]} == {
        uuid: words[status] for uuid, status in expected["status"].items()}
    assert f"{len(expected['due'])} people due in June 2025" in screen.ui.summary.text()

    qtbot.mouseClick(screen.ui.by_count, Qt.MouseButton.LeftButton)
    assert shown(screen) == [(heading(label, len(uuids)), uuids)
                             for label, uuids in expected["by_count"] + expected["apart"]]

    # the month after: loaded again, against the same rules for July
    qtbot.mouseClick(screen.ui.next, Qt.MouseButton.LeftButton)
    assert screen.ui.month.currentText() == "July 2025"
    july = expected_month(vault, 2025, 7)
    qtbot.waitUntil(lambda: screen.cohort is not None and screen.cohort.month == 7, timeout=10_000)
    assert shown(screen) == [(heading(label, len(uuids)), uuids) for label, uuids in july["by_count"] + july["apart"]]


def test_booking_a_selection_updates_their_recall_status(qtbot, demo_path, make_context, open_window,
                                                         tmp_path) -> None:
    window, screen, vault = open_recall(qtbot, make_context, open_window, demo_path)
    expected = expected_month(vault, 2025, 6)
    to_invite = [u for u in expected["due"] if expected["status"][u] == "to_invite"]
    assert len(to_invite) >= 3
    first, second = to_invite[:2]

    # one click, then a Ctrl+click: two people
    click_row(qtbot, screen, screen.model.indexes_of(first)[0])
    click_row(qtbot, screen, screen.model.indexes_of(second)[0], Qt.KeyboardModifier.ControlModifier)
    assert set(screen.selected_uuids()) == {first, second}
    assert screen.ui.selection.text() == "2 people selected"

    qtbot.mouseClick(screen.ui.book, Qt.MouseButton.LeftButton)
    dialog = screen.booking_dialog
    assert dialog is not None and dialog.length.value() == 40  # a double appointment by default
    assert dialog.date.date() == QDate(2025, 6, 2)  # 1 June 2025 is a Sunday: the Monday
    dialog.date.setDate(QDate(2025, 6, 10))
    dialog.time.setTime(QTime(10, 0))
    dialog.with_whom.clear()
    qtbot.keyClicks(dialog.with_whom, "Nora Nurse")
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(screen.model.row_of(u) and screen.model.row_of(u).status == "booked"
                                for u in (first, second)), timeout=10_000)
    order = screen.selected_uuids()
    assert cell(screen, order[0], STATUS) == "Booked"

    with vault.reader() as session:
        rows = session.execute(select(Patient.uuid, Patient.housebound, Recall.status, Appointment.starts_at,
                                      Appointment.length_minutes, Appointment.with_whom, Appointment.location)
                               .join(Recall, Recall.patient_id == Patient.id)
                               .join(Appointment, Appointment.id == Recall.appointment_id)
                               .where(Patient.uuid.in_([first, second]), Recall.due_year == 2025,
                                      Recall.due_month == 6)).all()
    booked = {r.uuid: r for r in rows}
    for position, uuid in enumerate(order):  # back-to-back double appointments, in the order shown
        r = booked[uuid]
        assert (r.status, r.starts_at, r.length_minutes, r.with_whom) == (
            "booked", dt.datetime(2025, 6, 10, 10, 0) + dt.timedelta(minutes=40 * position), 40, "Nora Nurse")
        assert r.location == ("home visit" if r.housebound else "surgery")

    # a whole group: its heading; the invitation is recorded for everyone in it not yet booked
    group_key = screen.model.groups[0].key
    members = [screen.model.people[m].uuid for m in screen.model.groups[0].members]
    click_row(qtbot, screen, screen.model.group_index(group_key))
    assert screen.selected_uuids() == members
    before = {u: screen.model.row_of(u).status for u in members}
    qtbot.mouseClick(screen.ui.invite, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(screen.model.row_of(u).status != "to_invite" for u in members), timeout=10_000)
    assert {u: screen.model.row_of(u).status for u in members} == {
        u: "invited" if s == "to_invite" else s for u, s in before.items()}
    with vault.reader() as session:
        invited = set(session.scalars(select(Patient.uuid).join(Recall).where(
            Recall.status == "invited", Recall.invited_on == TODAY)))
    assert invited == {u for u, s in before.items() if s == "to_invite"}

    # what happened: one of the two did not attend: they need a second invitation, and its letter is offered
    click_row(qtbot, screen, screen.model.indexes_of(first)[0])
    qtbot.mouseClick(screen.ui.did_not_attend, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.row_of(first).status == "did_not_attend", timeout=10_000)
    assert cell(screen, first, STATUS) == "Did not attend: needs a 2nd invitation"
    with vault.reader() as session:
        status = session.scalar(select(Appointment.status).join(Recall, Recall.appointment_id == Appointment.id)
                                .join(Patient, Patient.id == Recall.patient_id).where(Patient.uuid == first))
    assert status == "dna"
    offered = screen.invitations_dialog  # recording it offers their second invitation letter
    assert offered is not None and offered.second and offered.patient_uuids == [first]
    qtbot.waitUntil(lambda: offered.batch is not None, timeout=10_000)
    offered.path.setText(str(tmp_path / "second.pdf"))
    qtbot.mouseClick(offered.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(screen, first, STATUS) == "Did not attend (2nd invitation 01/06/2025)",
                    timeout=20_000)
    assert "We are sorry we missed you" in " ".join(page_texts(tmp_path / "second.pdf"))


def test_a_lock_empties_the_view_and_keeps_the_month_and_the_booking_typed(
        qtbot, demo_path, make_context, open_window) -> None:
    window, screen, vault = open_recall(qtbot, make_context, open_window, demo_path)
    qtbot.mouseClick(screen.ui.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.cohort is not None and screen.cohort.month == 7, timeout=10_000)
    person = screen.model.people[screen.model.groups[0].members[0]].uuid
    click_row(qtbot, screen, screen.model.indexes_of(person)[0])
    qtbot.mouseClick(screen.ui.book, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.booking_dialog.with_whom, " and Kate")

    window.lock()
    assert screen.model.rowCount() == 0 and screen.booking_dialog is None
    assert screen.ui.summary.text() == ""
    unlock = window.lock_flow.dialog
    qtbot.keyClicks(unlock.passphrase, DEMO_PASSPHRASE)
    QTest.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.booking_dialog is not None, timeout=10_000)
    assert screen.ui.month.currentText() == "July 2025"
    assert screen.selected_uuids() == [person]
    assert screen.booking_dialog.with_whom.text() == "Nora Hughes and Kate"
    screen.booking_dialog.reject()
    assert screen.booking_dialog is None
    assert screen.model.rowCount() > 0 and NAME == 0


def test_results_letters_for_a_group(qtbot, demo_path, make_context, open_window) -> None:
    from careplan_desktop.ui.letters import LettersDialog

    window, screen, vault = open_recall(qtbot, make_context, open_window, demo_path)
    group = screen.model.groups[0]
    click_row(qtbot, screen, screen.model.group_index(group.key))
    qtbot.mouseClick(screen.ui.letters, Qt.MouseButton.LeftButton)
    dialogs = [w for w in window.findChildren(LettersDialog) if w.isVisible()]
    assert len(dialogs) == 1
    assert dialogs[0].patient_uuids == [screen.model.people[m].uuid for m in group.members]
    dialogs[0].reject()
