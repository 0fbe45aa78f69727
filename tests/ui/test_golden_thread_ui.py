"""Issue 17, the golden thread, driven like a nurse. In Lorna's consultation (her new version grown
from version 1): her bingo goal is moved first (Alt+Up) and marked 9 out of 10; a new "what I
will do", her befriending service and her action "Ask Pat about lifts to bingo" are linked to it
with the keyboard and mouse. The goals page shows what serves each goal; the key-elements panel
asks how her other goal will be met. Agreed from the plan window; the yellow folder (pypdf) shows
what she will do and who supports her under the bingo goal, in her order; the review of that
plan shows, under the bingo goal, its actions and support, and records how each went."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from sqlalchemy import select

from careplan_desktop.models import Review, SelfCareAction, SupportService
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.printout import yellow_folder_data
from careplan_desktop.services.planning.printout_store import printout_pdf, render_pdf
from careplan_desktop.services.planning.versions import load_version
from careplan_desktop.store import Vault
from careplan_desktop.ui.plan.agree_dialog import AgreeDialog

from ..documents.pdf_text import page_texts
from .consultation_child import (
    click, focused, go_to_section, open_consultation, press, start_plan, tick_first_entry, type_text,
)
from .test_consultation import saved, uuid_for

LEFT = Qt.MouseButton.LeftButton
HOME = "To stay living in my own home and cook my own meals."
BINGO = "To go to bingo every Thursday with my neighbour Pat."
MONEY = "Put my bingo money in my purse on Wednesday night."
LIFTS = "Ask Pat about lifts to bingo"
BEFRIENDING = "Age UK befriending"
REVIEW_DAY = dt.date(2026, 12, 1)


def shoot(widget, name: str) -> None:
    """With CAREPLAN_SCREENSHOTS=FOLDER, save what the nurse sees (CAREPLAN_SCREENSHOT_SCALE=2:
    text at 200%, in a 1366x768 window) for looking at; otherwise nothing."""
    folder = os.environ.get("CAREPLAN_SCREENSHOTS")
    if folder:
        scale = os.environ.get("CAREPLAN_SCREENSHOT_SCALE", "1")
        Path(folder).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}-{int(float(scale) * 100)}.png"))


def shoot_pdf(pdf: bytes, name: str) -> None:
    """With CAREPLAN_SCREENSHOTS=FOLDER, each page of a printout as an image to look at."""
    folder = os.environ.get("CAREPLAN_SCREENSHOTS")
    if folder and os.environ.get("CAREPLAN_SCREENSHOT_SCALE", "1") == "1":
        import pypdfium2

        for number, page in enumerate(pypdfium2.PdfDocument(pdf), start=1):
            page.render(scale=1.2).to_pil().save(str(Path(folder) / f"{name}-page{number}.png"))


@pytest.fixture
def window(demo_vault_path: Path, make_context, open_window):
    vault = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    scale = float(os.environ.get("CAREPLAN_SCREENSHOT_SCALE", "1")) if os.environ.get("CAREPLAN_SCREENSHOTS") else 1
    if scale != 1:
        font = QApplication.instance().font()
        font.setPointSizeF(font.pointSizeF() * scale)
        QApplication.instance().setFont(font)
    opened = open_window(make_context(demo_vault_path, vault))
    if os.environ.get("CAREPLAN_SCREENSHOTS"):
        opened.resize(1366, 768)
    return opened


def test_lornas_bingo_goal_is_served_printed_and_reviewed(qtbot, window) -> None:
    context = window.context
    vault = context.vault
    lorna = uuid_for(vault, LORNA_NHS)
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=False)

    # her order: bingo first (Alt+Up from inside its card), 9 out of 10
    go_to_section(screen, "My goals")
    goals_page = screen.pages["goals"]
    goals = goals_page.goals
    assert [card.editors["text"].value() for card in goals.cards] == [HOME, BINGO]
    click(goals.cards[1].editors["text"])
    press(Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [card.editors["text"].value() for card in goals.cards] == [BINGO, HOME]
    assert focused() is goals.cards[0].editors["text"]  # the cursor moved with it
    importance = goals.cards[0].editors["importance"]
    click(importance)
    QTest.keyClick(importance, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("9")
    assert importance.value() == 9
    bingo_uuid = goals.cards[0].item.uuid

    # a new "what I will do", linked to bingo from the keyboard; her befriending service too
    go_to_section(screen, "What I will do and support")
    support_page = screen.pages["support"]
    self_care = support_page.self_care
    click(self_care.add_button)
    type_text(MONEY)
    press(Qt.Key.Key_Tab)
    assert focused() is self_care.cards[-1].editors["goal_uuids"]
    tick_first_entry(lambda: press(Qt.Key.Key_Space))
    qtbot.waitUntil(lambda: self_care.cards[-1].editors["goal_uuids"].value() == (bingo_uuid,))
    befriending = next(c for c in support_page.support.cards if c.editors["name"].value() == BEFRIENDING)
    qtbot.waitUntil(lambda: befriending.editors["goal_uuids"].height() > 0)
    support_page.ensureWidgetVisible(befriending.editors["goal_uuids"])
    tick_first_entry(lambda: click(befriending.editors["goal_uuids"]))
    qtbot.waitUntil(lambda: befriending.editors["goal_uuids"].value() == (bingo_uuid,))
    shoot(window, "consultation-support")

    # her action about lifts serves it as well
    go_to_section(screen, "Actions")
    actions = screen.pages["actions"].actions
    lifts = next(c for c in actions.cards if c.editors["what"].value() == LIFTS)
    qtbot.waitUntil(lambda: lifts.editors["goal_uuids"].height() > 0)  # the page laid out
    screen.pages["actions"].ensureWidgetVisible(lifts.editors["goal_uuids"])
    tick_first_entry(lambda: click(lifts.editors["goal_uuids"]))
    qtbot.waitUntil(lambda: lifts.editors["goal_uuids"].value() == (bingo_uuid,))
    shoot(window, "consultation-actions")

    # the goals page: what serves each goal; the other goal is flagged
    go_to_section(screen, "My goals")
    thread = goals_page.thread.text().splitlines()
    assert thread[:4] == [f"Goal 1: {BINGO}", f"    • I will: {MONEY}", f"    • Support: {BEFRIENDING}",
                          f"    • Action: {LIFTS} (Lorna)"]
    assert thread[4:] == [f"Goal 2: {HOME}", "    ⚠ Nothing serves this goal yet: how will it be met?"]
    shoot(window, "consultation-goals")
    screen.side.side_tabs.setCurrentWidget(screen.quality)
    qtbot.waitUntil(lambda: screen.quality.report is not None
                    and [w.subject for w in screen.quality.report.unserved_goals] == [HOME], timeout=10_000)
    assert "How will each goal be met?" in screen.quality.shown_text()
    shoot(window, "consultation-key-elements")

    QTest.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved(qtbot, screen)
    draft = load_version(vault, screen.draft.version_uuid)
    assert [(g.text, g.importance) for g in draft.goals] == [(BINGO, 9), (HOME, None)]
    assert [s.text for s in draft.self_care if s.goal_uuids == (bingo_uuid,)] == [MONEY]
    assert [s.name for s in draft.support if s.goal_uuids == (bingo_uuid,)] == [BEFRIENDING]
    assert [a.what for a in draft.actions if a.goal_uuids == (bingo_uuid,)] == [LIFTS]

    # agreed from the plan window, with what is missing confirmed
    click(screen.plan_link.button)
    plan = screen.plan_link.windows.windows[lorna].screen
    qtbot.waitUntil(lambda: plan.state is not None and plan.state.draft is not None, timeout=10_000)
    qtbot.mouseClick(plan.agree_button, LEFT)
    dialog = plan.dialogs[-1]
    assert isinstance(dialog, AgreeDialog)
    assert dialog.unserved.isVisible()  # asked once more before agreeing
    shoot(dialog, "agree-unserved")
    assert dialog.unserved.text() == f"Nothing in the plan serves these goals yet. How will each be met?\n\u2022 {HOME}"
    if dialog.missing_box.isVisible():
        dialog.confirm_missing.click()
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        qtbot.mouseClick(dialog.agree_button, LEFT)
    assert load_version(vault, draft.version_uuid).status == "agreed"

    # the yellow folder: under the bingo goal, first, what she will do and who supports her
    text = " ".join(page_texts(printout_pdf(vault, draft.version_uuid, large_print=False)))
    goals_part = text[text.index("My goals"):]
    order = [goals_part.index(words) for words in (
        BINGO, "What I will do for this:", MONEY, "Who supports me with this:", BEFRIENDING, HOME)]
    assert order == sorted(order)
    rest = goals_part[goals_part.index(HOME):]
    assert "Do my knee exercises after breakfast." in rest  # serves no goal: in "What I will do"
    assert MONEY not in rest and BEFRIENDING not in rest  # printed once, under its goal

    # the same in large print and easy read
    for variant, changes in (("large-print", {"large_print": True}), ("easy-read", {"easy_read": True})):
        data = dataclasses.replace(yellow_folder_data(vault, draft.version_uuid), **changes)
        pdf = render_pdf(data)
        text = " ".join(page_texts(pdf))
        order = [text.index(words) for words in (BINGO, MONEY, BEFRIENDING, HOME)]
        assert order == sorted(order), variant
        shoot_pdf(pdf, f"printout-{variant}")
    shoot_pdf(printout_pdf(vault, draft.version_uuid, large_print=False), "printout-normal")

    # the review of that plan goes goal by goal: under bingo, its support and its action
    context.today = lambda: REVIEW_DAY
    reviews = window.show_area("reviews")
    reviews.open_person(lorna)
    qtbot.waitUntil(lambda: reviews.form.sheet is not None and reviews.form.sheet.version_uuid == draft.version_uuid,
                    timeout=10_000)
    shown = [label.text().strip() for label in reviews.form.widget().findChildren(QLabel)
             if label.objectName() in ("review_goal", "review_item")]
    assert shown[:4] == [f"1. {BINGO}", f"I will: {MONEY}", f"Support: {BEFRIENDING}",
                         f"Action: {LIFTS}  (Lorna · by {lifts.editors['due_on'].date_value():%d/%m/%Y})"]
    assert shown[4] == f"2. {HOME}"
    shoot(window, "review-goal-by-goal")
    lifts_uuid = next(a.uuid for a in draft.actions if a.what == LIFTS)
    status, note = reviews.form.action_boxes[lifts_uuid]
    reviews.form.ensureWidgetVisible(note)
    plan.window().close()  # back to the main window from the plan's own
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    status.setFocus()
    QTest.keyClick(status, Qt.Key.Key_Home)  # done
    press(Qt.Key.Key_Tab)
    assert focused() is note
    type_text("Pat drives me now.")
    with qtbot.waitSignal(reviews.recorded, timeout=10_000):
        qtbot.mouseClick(reviews.form.findChild(QPushButton, "review_continue"), LEFT)
    with vault.reader() as session:
        review = session.scalar(select(Review).where(Review.plan_version_uuid == draft.version_uuid))
        assert review.reviewed_on == REVIEW_DAY
        assert {"action_uuid": lifts_uuid, "status": "done", "note": "Pat drives me now."} in review.action_progress
        money = session.scalar(select(SelfCareAction.uuid).where(SelfCareAction.text == MONEY))
        befriending_uuid = session.scalar(select(SupportService.uuid).join(SupportService.plan_version).where(
            SupportService.name == BEFRIENDING, SupportService.plan_version.has(uuid=draft.version_uuid)))
        kinds = {(e["kind"], e["uuid"]) for e in review.support_progress}
        assert {("self_care", money), ("support", befriending_uuid)} <= kinds
