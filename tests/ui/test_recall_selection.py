"""Recall actions over a selection: recording a status is one transaction for everyone
selected (a failure for one of three changes nobody, and the message says so), and what an
action did stays on screen after the list reloads, until the nurse does something else."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTime, Qt
from sqlalchemy import event, select

from careplan_desktop.models import Patient, Recall

from .test_recall_view import TODAY, click_row, demo_path, expected_month, open_recall  # noqa: F401 (fixture)

LEFT = Qt.MouseButton.LeftButton


def statuses(vault, uuids: list[str]) -> dict[str, str | None]:
    with vault.reader() as session:
        found = dict(session.execute(select(Patient.uuid, Recall.status).join(Recall, Recall.patient_id == Patient.id)
                                     .where(Patient.uuid.in_(uuids), Recall.due_year == TODAY.year,
                                            Recall.due_month == TODAY.month)).all())
    return {uuid: found.get(uuid) for uuid in uuids}


def test_seen_for_three_people_is_all_or_nothing(qtbot, demo_path, make_context, open_window) -> None:  # noqa: F811
    window, screen, vault = open_recall(qtbot, make_context, open_window, demo_path)
    expected = expected_month(vault, TODAY.year, TODAY.month)
    three = [u for u in expected["due"] if expected["status"][u] == "to_invite"][:3]
    assert len(three) == 3
    click_row(qtbot, screen, screen.model.indexes_of(three[0])[0])
    for uuid in three[1:]:
        click_row(qtbot, screen, screen.model.indexes_of(uuid)[0], Qt.KeyboardModifier.ControlModifier)
    assert set(screen.selected_uuids()) == set(three)
    before = statuses(vault, three)
    with vault.reader() as session:
        third_id = session.scalar(select(Patient.id).where(Patient.uuid == three[2]))

    def fail_for_the_third(mapper, connection, recall) -> None:  # the write for one person fails
        if recall.patient_id == third_id:
            raise OSError("injected failure")

    event.listen(Recall, "before_insert", fail_for_the_third)
    event.listen(Recall, "before_update", fail_for_the_third)
    try:
        qtbot.mouseClick(screen.ui.seen, LEFT)
        qtbot.waitUntil(lambda: screen.ui.problem.isVisible(), timeout=10_000)
    finally:
        event.remove(Recall, "before_insert", fail_for_the_third)
        event.remove(Recall, "before_update", fail_for_the_third)
    assert "Nothing was recorded for any of the 3 people selected." in screen.ui.problem.text()
    assert statuses(vault, three) == before, "nobody's status changed"
    assert not screen.ui.result.isVisible()

    # the fault gone, the same click records all three
    qtbot.waitUntil(screen.ui.seen.isEnabled, timeout=10_000)
    qtbot.mouseClick(screen.ui.seen, LEFT)
    qtbot.waitUntil(lambda: screen.ui.result.isVisible(), timeout=10_000)
    assert statuses(vault, three) == {uuid: "seen" for uuid in three}
    assert screen.ui.result.text() == "Recorded “seen” for 3 people."


def test_what_booking_did_stays_on_screen_after_the_list_reloads(qtbot, demo_path, make_context,  # noqa: F811
                                                                  open_window) -> None:
    window, screen, vault = open_recall(qtbot, make_context, open_window, demo_path)
    expected = expected_month(vault, TODAY.year, TODAY.month)
    person = next(u for u in expected["due"] if expected["status"][u] == "to_invite")
    click_row(qtbot, screen, screen.model.indexes_of(person)[0])
    qtbot.mouseClick(screen.ui.book, LEFT)
    dialog = screen.booking_dialog
    dialog.date.setDate(QDate(2025, 6, 10))
    dialog.time.setTime(QTime(10, 0))
    qtbot.mouseClick(dialog.book_button, LEFT)
    # the list is read again after the booking, and the person selected again
    qtbot.waitUntil(lambda: screen.model.row_of(person) is not None and screen.model.row_of(person).status == "booked"
                    and not screen._loading, timeout=10_000)
    assert screen.ui.selection.text() == "1 person selected"
    assert screen.ui.result.isVisible() and screen.ui.result.text().startswith("Booked 1 care planning appointment")

    # the next action replaces it
    qtbot.mouseClick(screen.ui.invite, LEFT)
    qtbot.waitUntil(lambda: screen.ui.result.isVisible() and screen.ui.result.text().startswith("Invitation"),
                    timeout=10_000)
