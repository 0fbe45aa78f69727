"""Issue 17 section 3, from the screens: Lorna brought back from self-care on her overview, and
her level of need changed on her overview and in the Reviews area; each reaches the plan's
timeline and the next review date (shown, and held by the vault).

The demo is made on Tuesday 10 March 2026: Lorna (level 3) agreed version 1 on Monday
15 December 2025 (85 days before). The practice's intervals are 12, 6 and 3 months."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from careplan_desktop.models import Patient, PlanVersion
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.review.plan_review import exit_to_self_care, plan_timeline
from careplan_desktop.ui.widgets import labels_text

from .helpers import enter, wait_for_register
from .test_review_ui import demo_on

LEFT = Qt.MouseButton.LeftButton
DAY = dt.date(2026, 3, 10)


def _lorna(vault) -> tuple[str, int, dt.date | None, str]:
    with vault.reader() as session:
        p = session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS))
        return p.uuid, p.level_of_need, p.next_review_date, p.care_status


def _open_overview(qtbot, window, uuid: str):
    register = window.screen_for("register")
    wait_for_register(qtbot, window)
    qtbot.keyClicks(register.search, "999 000 0018")
    enter(register.search)
    qtbot.waitUntil(lambda: register.overview.person is not None and register.overview.person.uuid == uuid)
    return register


def test_lorna_back_from_self_care_and_a_new_level_from_her_overview(qtbot, tmp_path, make_context, open_window,
                                                                     demo_vaults):
    context = demo_on(DAY, tmp_path, make_context, demo_vaults)
    vault = context.vault
    lorna = _lorna(vault)[0]
    exit_to_self_care(vault, lorna, "Ring Andrea if your knees or sugars get worse.", today=dt.date(2026, 3, 2))
    window = open_window(context)
    register = _open_overview(qtbot, window, lorna)
    assert "Left active review for self-care" in register.overview.shown_text()

    # Back into active review: asked, Enter says yes
    qtbot.mouseClick(register.overview.findChild(QPushButton, "overview_re_enter"), LEFT)
    question = register.status_dialog
    qtbot.waitUntil(question.isVisible)
    QTest.keyClick(question, Qt.Key.Key_Return)
    # a review due now: today is a Tuesday, a working day
    qtbot.waitUntil(lambda: _lorna(vault)[2:] == (DAY, "active"), timeout=10_000)
    qtbot.waitUntil(lambda: "Came back into active review from version 1" in register.overview.shown_text(),
                    timeout=10_000)
    assert "Next review\n10/03/2026" in register.overview.shown_text()
    with vault.reader() as session:
        numbers = sorted((v.number, v.status) for v in session.scalars(
            select(PlanVersion).join(Patient).where(Patient.uuid == lorna)))
    assert numbers == [(1, "agreed"), (2, "draft")]  # the new draft from her last plan
    assert register.overview.findChild(QPushButton, "overview_re_enter") is None  # she is in active review

    # Level 3 to 2: six months from her agreement on 15 December 2025 is Monday 15 June 2026
    qtbot.mouseClick(register.overview.findChild(QPushButton, "overview_change_level"), LEFT)
    dialog = register.status_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.level)  # the keyboard starts on the list
    QTest.keyClick(dialog.level, Qt.Key.Key_Up)
    QTest.keyClick(dialog.level, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _lorna(vault)[1:3] == (2, dt.date(2026, 6, 15)), timeout=10_000)
    qtbot.waitUntil(lambda: "Level of need changed from 3 to 2; next review 15/06/2026"
                    in register.overview.shown_text(), timeout=10_000)
    shown = register.overview.shown_text()
    assert "Next review\n15/06/2026" in shown and "2 – Disease-specific care management" in shown
    kinds = [(e.date, e.kind) for e in plan_timeline(vault, lorna)]
    assert kinds == [(dt.date(2025, 12, 15), "agreed"), (dt.date(2026, 3, 2), "exited"),
                     (DAY, "re-entered"), (DAY, "level changed")]


def test_a_new_level_from_the_reviews_area(qtbot, tmp_path, make_context, open_window, demo_vaults):
    context = demo_on(DAY, tmp_path, make_context, demo_vaults)
    vault = context.vault
    lorna = _lorna(vault)[0]
    window = open_window(context)
    screen = window.show_area("reviews")
    screen.open_person(lorna)
    qtbot.waitUntil(lambda: screen.form.sheet is not None, timeout=10_000)
    assert screen.form.findChild(QPushButton, "review_re_enter") is None  # she is in active review
    qtbot.mouseClick(screen.form.findChild(QPushButton, "review_change_level"), LEFT)
    dialog = screen.care_dialog
    qtbot.waitUntil(dialog.isVisible)
    QTest.keyClick(dialog.level, Qt.Key.Key_Home)  # level 1: twelve months, Tuesday 15 December 2026
    QTest.keyClick(dialog.level, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _lorna(vault)[1:3] == (1, dt.date(2026, 12, 15)), timeout=10_000)
    qtbot.waitUntil(lambda: screen.status.text() == "Level of need changed to 1. Next review 15/12/2026.",
                    timeout=10_000)
    qtbot.waitUntil(lambda: screen.form.sheet is not None and screen.form.sheet.level_of_need == 1, timeout=10_000)
    assert "review due 15/12/2026" in labels_text(screen.form.widget())
    last = plan_timeline(vault, lorna)[-1]
    assert (last.date, last.kind, last.text) == (DAY, "level changed",
                                                 "Level of need changed from 3 to 1; next review 15/12/2026")
