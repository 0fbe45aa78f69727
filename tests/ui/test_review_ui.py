"""Reviewing Lorna's agreed plan from her overview: one goal achieved and one partly, with notes in
her words; confidence re-scored beside the last score; "Modify the plan" records the review and
opens the new draft in the Consultation area; version 2 is agreed. The vault then holds the
review linked to version 1, version 2 with the achieved goal kept as achieved, and the audit
events. The reviews-due view lists her."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Goal, Patient, PlanVersion, Review
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.agreement import agree_plan, compare_versions
from careplan_desktop.services.review.plan_review import plan_timeline
from careplan_desktop.store import Vault

from .helpers import enter, wait_for_register

LEFT = Qt.MouseButton.LeftButton


def demo_on(day: dt.date, tmp_path, make_context, demo_vaults):
    """A demo vault made on `day` (Lorna's review is due 5 days later) and a context whose today is `day`."""
    path = demo_vaults.copy(tmp_path / "fixed" / "demo.vault", DEMO_PASSPHRASE, patients=20, today=day)
    context = make_context(path, Vault.unlock(path, DEMO_PASSPHRASE))
    context.today = lambda: day
    return context


def test_lornas_review_modifies_the_plan_and_version_2_is_agreed(qtbot, tmp_path, make_context,
                                                                  open_window, demo_vaults) -> None:
    context = demo_on(dt.date(2026, 3, 10), tmp_path, make_context, demo_vaults)
    vault = context.vault
    with vault.reader() as session:
        lorna = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
    window = open_window(context)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    qtbot.keyClicks(register.search, "999 000 0018")
    enter(register.search)
    qtbot.waitUntil(lambda: register.overview.person is not None and register.overview.person.uuid == lorna)
    assert "Version 1 agreed" in register.overview.shown_text()  # the timeline
    if os.environ.get("CAREPLAN_SCREENSHOTS"):
        register.overview.grab().save(os.environ["CAREPLAN_SCREENSHOTS"].replace(".png", "-overview.png"))

    qtbot.mouseClick(register.overview.findChild(QPushButton, "overview_review"), LEFT)
    screen = window.current_screen()
    assert screen.objectName() == "reviews_screen"
    form = screen.form
    qtbot.waitUntil(lambda: form.sheet is not None and form.sheet.patient_uuid == lorna, timeout=10_000)
    qtbot.waitUntil(lambda: screen.due_list.due is not None, timeout=10_000)
    listed = [r.name for r in screen.due_list.due.due + screen.due_list.due.overdue]
    assert "Lorna Baxter" in listed  # due on 15 March
    assert form.last_confidence.text() == "last time: 6 out of 10"
    sheet = form.sheet
    home, bingo = sheet.goals
    form.set_goal(bingo.uuid, "achieved", "Pat takes me every Thursday now.")
    form.set_goal(home.uuid, "partly", "I cook most days, not when my knees are bad.")
    form.confidence.setValue(8)
    form.what_changed.setPlainText("My knees are worse in the cold.")
    if os.environ.get("CAREPLAN_SCREENSHOTS"):
        screen.resize(1280, 900)
        screen.grab().save(os.environ["CAREPLAN_SCREENSHOTS"])

    with qtbot.waitSignal(screen.draft_opened, timeout=10_000) as opened:
        qtbot.mouseClick(form.findChild(QPushButton, "review_modify"), LEFT)
    draft_uuid = opened.args[0]
    assert window.current_screen().objectName() != "reviews_screen"  # the consultation, on the new draft
    qtbot.waitUntil(lambda: not context.tasks.is_busy, timeout=10_000)

    # the difference from version 1, then agreeing version 2
    changes = compare_versions(vault, sheet.version_uuid, draft_uuid)
    assert any(d.section == "goals" for d in changes)
    outcome = agree_plan(vault, draft_uuid, agreed_by_person="Lorna Baxter", agreed_by_clinician="Andrea Clarke",
                         confirm_missing=True, practice=context.practice)
    assert outcome.agreed and outcome.superseded_uuid == sheet.version_uuid

    with vault.reader() as session:
        review = session.scalar(select(Review))
        assert (review.plan_version_uuid, review.outcome, review.confidence) == (sheet.version_uuid, "modified", 8)
        assert {e["goal_uuid"]: e["progress"] for e in review.goal_progress} == {bingo.uuid: "achieved", home.uuid: "partly"}
        assert review.what_changed == "My knees are worse in the cold."
        versions = {v.number: v for v in session.scalars(select(PlanVersion).join(Patient).where(Patient.uuid == lorna))}
        assert (versions[1].status, versions[2].status, versions[2].uuid) == ("superseded", "agreed", draft_uuid)
        goals = {g.text: g for g in session.scalars(select(Goal).where(Goal.plan_version_id == versions[2].id))}
        achieved = goals[bingo.text]
        assert (achieved.status, achieved.progress, achieved.progress_note) == (
            "achieved", "achieved", "Pat takes me every Thursday now.")
        assert (goals[home.text].status, goals[home.text].progress) == ("active", "partly")
        v1_goals = [g.status for g in session.scalars(select(Goal).where(Goal.plan_version_id == versions[1].id))]
        assert v1_goals == ["active", "active"]  # version 1 is fixed
        events = [(e.action, e.entity) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
        assert ("reviewed", "review") in events and ("agreed", "plan_version") in events
    assert [e.kind for e in plan_timeline(vault, lorna)] == ["agreed", "modified", "agreed"]
    assert sheet.agreed_on < dt.date(2026, 3, 10)  # version 1, agreed before the demo's day


def test_reviews_due_view_continue_and_exit_with_the_clock_fixed(qtbot, tmp_path, make_context, open_window,
                                                                 demo_vaults) -> None:
    """Demo made on 10 March 2026 (Lorna due 15 March, James 9 July), looked at on 1 April 2026:
    April has nobody due and Lorna is 2 weeks overdue; July has James. Continuing Lorna's plan
    sets her next review 3 months on (level 3); exiting James records his route back."""
    from careplan_desktop.services.demo.case_studies import JAMES_NHS

    context = demo_on(dt.date(2026, 3, 10), tmp_path, make_context, demo_vaults)
    context.today = lambda: dt.date(2026, 4, 1)
    window = open_window(context)
    screen = window.show_area("reviews")
    due_list = screen.due_list
    qtbot.waitUntil(lambda: due_list.due is not None, timeout=10_000)
    assert (due_list.due.start, due_list.due.due) == (dt.date(2026, 4, 1), ())
    assert [(r.name, r.weeks_overdue) for r in due_list.due.overdue] == [("Lorna Baxter", 2)]
    assert due_list.summary.text() == "0 due in April 2026 · 1 overdue on 01/04/2026"
    overdue_group = due_list.tree.topLevelItem(0)
    lorna_item = overdue_group.child(0).child(0)
    assert (overdue_group.child(0).text(0), lorna_item.text(0), lorna_item.text(1), lorna_item.text(2)) == (
        "Andrea Clarke, community matron (1)", "Lorna Baxter", "16/03/2026 (2 wk overdue)", "housebound, level 3")  # Sunday 15 March: the Monday

    due_list.tree.setCurrentItem(lorna_item)
    qtbot.mouseClick(due_list.findChild(QPushButton, "reviews_review"), LEFT)
    qtbot.waitUntil(lambda: screen.form.sheet is not None, timeout=10_000)
    with qtbot.waitSignal(screen.recorded, timeout=10_000):
        qtbot.mouseClick(screen.form.findChild(QPushButton, "review_continue"), LEFT)
    assert screen.status.text() == "Review recorded; the plan continues. Next review 01/07/2026."
    qtbot.waitUntil(lambda: due_list.due is not None and due_list.due.overdue == (), timeout=10_000)

    due_list.set_month(dt.date(2026, 7, 1))
    qtbot.waitUntil(lambda: due_list.due is not None and due_list.due.start == dt.date(2026, 7, 1), timeout=10_000)
    assert sorted(r.name for r in due_list.due.due) == ["James Okafor", "Lorna Baxter"]
    with context.vault.reader() as session:
        james = session.scalar(select(Patient.uuid).where(Patient.nhs_number == JAMES_NHS))
    screen.open_person(james)
    qtbot.waitUntil(lambda: screen.form.sheet is not None and screen.form.sheet.patient_uuid == james, timeout=10_000)
    with qtbot.waitSignal(screen.recorded, timeout=10_000):
        screen.exit_to_self_care("Ring Priya if sitting gets harder.")
    qtbot.waitUntil(lambda: due_list.due is not None and [r.name for r in due_list.due.due] == ["Lorna Baxter"],
                    timeout=10_000)
    assert [e.kind for e in plan_timeline(context.vault, james)] == ["agreed", "exited"]
    with context.vault.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == james))
        assert (patient.care_status, patient.route_back) == ("self_care", "Ring Priya if sitting gets harder.")


def test_a_review_is_booked_or_declined_from_the_reviews_view(qtbot, tmp_path, make_context, open_window,
                                                              demo_vaults) -> None:
    from careplan_desktop.models import Appointment, Recall
    from careplan_desktop.services.demo.case_studies import JAMES_NHS
    from careplan_desktop.ui.recall.booking import Booking

    context = demo_on(dt.date(2026, 3, 10), tmp_path, make_context, demo_vaults)
    with context.vault.reader() as session:
        lorna, james = (session.scalar(select(Patient.uuid).where(Patient.nhs_number == n)) for n in (LORNA_NHS, JAMES_NHS))
    window = open_window(context)
    screen = window.show_area("reviews")
    qtbot.waitUntil(lambda: screen.due_list.due is not None, timeout=10_000)
    starts = dt.datetime(2026, 3, 13, 10, 0)  # a Friday, three days on
    screen.book(lorna, Booking(starts, 40, "Andrea Clarke", None))
    qtbot.waitUntil(lambda: screen.status.text() == "Review booked.", timeout=10_000)
    with context.vault.reader() as session:
        booked = session.scalar(select(Appointment).join(Patient).where(Patient.uuid == lorna, Appointment.starts_at == starts))
        assert (booked.purpose, booked.location, booked.status) == ("review", "home visit", "booked")  # housebound
    with context.vault.reader() as session:
        james_due = session.scalar(select(Patient.next_review_date).where(Patient.uuid == james))
    qtbot.waitUntil(lambda: not context.tasks.is_busy, timeout=10_000)
    screen.due_list.set_month(james_due)
    qtbot.waitUntil(lambda: screen.due_list.row_for(james) is not None, timeout=10_000)
    screen._declined(james)
    qtbot.waitUntil(lambda: screen.status.text().startswith("Recorded that the person declined"), timeout=10_000)
    with context.vault.reader() as session:
        recall = session.scalar(select(Recall).join(Patient).where(Patient.uuid == james))
        assert (recall.status, recall.due_year, recall.due_month) == ("declined", james_due.year, james_due.month)
