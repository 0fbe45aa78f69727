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
from careplan_desktop.services.demo import DEMO_PASSPHRASE
from careplan_desktop.services.demo_people import LORNA_NHS
from careplan_desktop.services.plan_agreement import agree_plan, compare_versions
from careplan_desktop.services.reviews import plan_timeline
from careplan_desktop.store import Vault

from .helpers import enter, wait_for_register

LEFT = Qt.MouseButton.LeftButton


def test_lornas_review_modifies_the_plan_and_version_2_is_agreed(qtbot, demo_vault_path, make_context,
                                                                  open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
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

    qtbot.mouseClick(register.overview.findChild(QPushButton, "overview_review"), LEFT)
    screen = window.current_screen()
    assert screen.objectName() == "reviews_screen"
    form = screen.form
    qtbot.waitUntil(lambda: form.sheet is not None and form.sheet.patient_uuid == lorna, timeout=10_000)
    qtbot.waitUntil(lambda: screen.due_list.due is not None, timeout=10_000)
    listed = [r.name for r in screen.due_list.due.due + screen.due_list.due.overdue]
    assert "Lorna Baxter" in listed  # due within days of the demo's today
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
                         confirm_missing=True, settings=context.settings)
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
    assert dt.date.today() >= sheet.agreed_on
