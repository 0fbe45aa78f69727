"""Issue 15 "It must show" 4, through the window: a self-assessment is answered with keys and
clicks, saved, completed (the figures from the records kept), printed (the answers are in the
PDF), and started again from the last (its answers carried, what changed shown). Answers typed
and not saved survive the idle lock, and quitting with them asks to save or discard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from careplan_desktop.services.self_assessment.assessments import latest_completed, list_assessments, open_draft
from careplan_desktop.store import Vault
from careplan_desktop.ui.workers import SynchronousPool
from tests.conftest import TEST_PASSPHRASE
from tests.documents.pdf_text import page_texts
from tests.services.test_self_assessment import NEXT_YEAR, TODAY, build_known_practice

LEFT = Qt.MouseButton.LeftButton
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def practice_vault(tmp_path: Path):
    path = tmp_path / "practice" / "practice.vault"
    vault = Vault.create(path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Nora Hughes", user_role="practice nurse",
                         device_name="Test PC")
    build_known_practice(vault)
    return path, vault


def open_area(qtbot, make_context, open_window, practice_vault, today: dt.date = TODAY):
    path, vault = practice_vault
    context = make_context(path, vault, pool=SynchronousPool(), today=today)
    window = open_window(context)
    screen = window.show_area("self_assessment")
    qtbot.waitUntil(lambda: screen.status.text() != "", timeout=5_000)
    window.activateWindow()  # the keyboard's mnemonics reach an active window only
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    return window, screen


def press_when_asked(qtbot, button: QMessageBox.StandardButton, seen: list) -> None:
    """When a question box shows: note its text and click `button`."""
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.button(button), LEFT)
    QTimer.singleShot(0, press)


RATING_KEYS = {Qt.Key.Key_Y: "yes", Qt.Key.Key_P: "partly", Qt.Key.Key_N: "no"}


def alt(qtbot, screen, key: Qt.Key) -> None:
    """Alt+key where the cursor is; a button's mnemonic clicks it (Qt animates the click)."""
    QTest.keyClick(QApplication.focusWidget() or screen, key, ALT)
    if key in RATING_KEYS:
        qtbot.waitUntil(screen.panel.rating_buttons[RATING_KEYS[key]].isChecked, timeout=2_000)


def answer(qtbot, screen, rating_key: Qt.Key) -> None:
    """Answer the question shown with its Alt mnemonic (Y, P or N), then Alt+X to the next."""
    shown = screen.current
    alt(qtbot, screen, rating_key)
    alt(qtbot, screen, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: screen.current == shown + 1, timeout=2_000)


def test_answer_save_complete_print_and_start_again_from_the_last(
        qtbot, tmp_path: Path, make_context, open_window, practice_vault, monkeypatch) -> None:
    path, vault = practice_vault
    window, screen = open_area(qtbot, make_context, open_window, practice_vault)
    assert screen.status.text() == "No self-assessment has been started yet. Start one below."
    assert not screen.start_last.isEnabled()  # nothing completed to start from
    qtbot.mouseClick(screen.start_blank, LEFT)
    assert open_draft(vault) is not None and screen.questions.count() == 33
    assert "Draft started by Nora Hughes" in screen.status.text()

    # question 1 with the keyboard: Partly, the evidence, an action, who and by when
    screen.panel.notes.setFocus()
    alt(qtbot, screen, Qt.Key.Key_P)
    alt(qtbot, screen, Qt.Key.Key_E)  # to the evidence
    assert screen.panel.notes.hasFocus()
    qtbot.keyClicks(screen.panel.notes, "Searches run each month")
    QTest.keyClick(screen.panel.notes, Qt.Key.Key_Tab)
    assert screen.panel.action.hasFocus()
    qtbot.keyClicks(screen.panel.action, "Code everyone with diabetes")
    QTest.keyClick(screen.panel.action, Qt.Key.Key_Tab)
    qtbot.keyClicks(screen.panel.action_by, "Sam Porter")
    QTest.keyClick(screen.panel.action_by, Qt.Key.Key_Tab)
    qtbot.keyClicks(screen.panel.action_due, "30/09/2026")
    assert screen.questions.item(0).text().endswith("[Partly]")
    alt(qtbot, screen, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: screen.current == 1, timeout=2_000)
    # question 4 (a key worker) shows its figure from the records, counted by hand in the services test
    for _ in range(2):
        answer(qtbot, screen, Qt.Key.Key_Y)
    assert screen.panel.figures.text() == ("From the records: 1 of 4 people on the register (25%) have a named "
                                           "lead professional.")
    alt(qtbot, screen, Qt.Key.Key_N)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    saved = open_draft(vault)
    assert [a.rating for a in saved.answers[:5]] == ["partly", "yes", "yes", "no", None]
    assert (saved.answers[0].notes, saved.answers[0].action, saved.answers[0].action_by,
            saved.answers[0].action_due) == ("Searches run each month", "Code everyone with diabetes", "Sam Porter",
                                             dt.date(2026, 9, 30))
    assert screen.done_label.text() == "Saved."

    # the rest with clicks on the answers and the list
    qtbot.mouseClick(screen.start_blank, LEFT)  # a second draft is not allowed: the button is off
    assert len(list_assessments(vault)) == 1
    for row in range(4, 33):
        screen.questions.setCurrentRow(row)
        qtbot.mouseClick(screen.panel.rating_buttons["yes"], LEFT)
    qtbot.keyClicks(screen.taking_part, "Dr Helen Shah, Nora Hughes, Sam Porter")
    seen: list[str] = []
    press_when_asked(qtbot, QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(screen.complete_button, LEFT)
    assert seen and seen[0].startswith("Complete this self-assessment now?")
    done = latest_completed(vault)
    assert done is not None and (done.count("yes"), done.count("partly"), done.count("no")) == (31, 1, 1)
    assert done.taking_part == "Dr Helen Shah, Nora Hughes, Sam Porter" and done.evidence_on == TODAY
    assert "Completed on 15/06/2026 by Nora Hughes" in screen.status.text()
    assert screen.panel.notes.isReadOnly() and not screen.save_button.isEnabled()

    out = tmp_path / "meeting.pdf"
    monkeypatch.setattr(screen, "choose_print_file", lambda: str(out))
    qtbot.mouseClick(screen.print_button, LEFT)
    text = " ".join(page_texts(out))
    assert "Who took part: Dr Helen Shah, Nora Hughes, Sam Porter" in text
    assert "1. Is there provision to identify people in potential need? Answer: Partly Evidence: Searches run " \
           "each month" in text
    assert "4. Is a key worker identified for each individual? Answer: No" in text
    assert "Answers: 31 Yes, 1 Partly, 1 No, 0 not answered yet." in text
    assert "Code everyone with diabetes" in text and "30 September 2026" in text
    assert screen.done_label.text() == "Printed to meeting.pdf."

    # a year on: start again from the last; the answers are carried and a change is shown
    screen.context.today = lambda: NEXT_YEAR
    qtbot.mouseClick(screen.start_last, LEFT)
    draft = open_draft(vault)
    assert draft.started_from_uuid == done.uuid and draft.assessed_on == NEXT_YEAR
    assert [a.rating for a in draft.answers] == [a.rating for a in done.answers]
    assert screen.taking_part.text() == "Dr Helen Shah, Nora Hughes, Sam Porter"
    screen.questions.setCurrentRow(3)
    assert screen.panel.previous.text() == "Last time: No"
    qtbot.mouseClick(screen.panel.rating_buttons["yes"], LEFT)
    assert screen.status.text().endswith("Started from the assessment completed on 15/06/2026: 1 answer changed since.")
    assert screen.questions.item(3).text().endswith("individual? [Yes, was No]")
    qtbot.mouseClick(screen.save_button, LEFT)
    assert open_draft(vault).answers[3].rating == "yes" and open_draft(vault).changed == 1
    assert latest_completed(vault).answers[3].rating == "no"  # the completed one as it was


def sign_in_again(qtbot, window) -> None:
    dialog = window.lock_flow.dialog
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.context.is_unlocked, timeout=10_000)


def test_answers_not_saved_survive_the_lock_and_quitting_asks_to_save(
        qtbot, make_context, open_window, practice_vault) -> None:
    path, vault = practice_vault
    window, screen = open_area(qtbot, make_context, open_window, practice_vault)
    qtbot.mouseClick(screen.start_blank, LEFT)
    screen.questions.setCurrentRow(2)
    qtbot.mouseClick(screen.panel.rating_buttons["partly"], LEFT)
    qtbot.keyClicks(screen.panel.notes, "Consent asked at the first visit")

    window.lock()
    assert screen.questions.count() == 0 and screen.panel.notes.toPlainText() == ""  # nothing shown while locked
    sign_in_again(qtbot, window)
    qtbot.waitUntil(lambda: screen.questions.count() == 33, timeout=5_000)
    assert screen.current == 2 and screen.panel.rating_buttons["partly"].isChecked()
    assert screen.panel.notes.toPlainText() == "Consent asked at the first visit"
    assert screen.is_dirty()
    vault = window.context.vault
    assert open_draft(vault).answers[2].rating is None  # kept in memory only, not written

    seen: list[str] = []
    press_when_asked(qtbot, QMessageBox.StandardButton.Save, seen)
    window.close()
    assert seen == ["Some answers of the self-assessment are not saved. Save them now?"]
    reopened = Vault.unlock(path, TEST_PASSPHRASE)
    try:
        kept = open_draft(reopened).answers[2]
        assert (kept.rating, kept.notes) == ("partly", "Consent asked at the first visit")
    finally:
        reopened.lock()


def test_the_area_fits_1366_by_768_at_200_percent_text_with_names_and_unique_mnemonics(
        qtbot, qapp, make_context, open_window, practice_vault) -> None:
    import re

    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit

    font = qapp.font()
    original = font.pointSizeF()
    font.setPointSizeF(original * 2)
    qapp.setFont(font)
    try:
        window, screen = open_area(qtbot, make_context, open_window, practice_vault)
        qtbot.mouseClick(screen.start_blank, LEFT)
        window.resize(1366, 768)
        qtbot.wait(50)  # let the layout settle
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768
        page = screen.scroll.widget()
        assert page.minimumSizeHint().width() <= screen.scroll.viewport().width()  # nothing beyond the right edge
        fields = [f for kind in (QLineEdit, QPlainTextEdit, QComboBox, QListWidget) for f in screen.findChildren(kind)]
        for field in fields:
            if field.isVisibleTo(screen) and field.parent() is not None and not field.objectName().startswith("qt_"):
                assert field.accessibleName(), field.objectName()
        texts = [w.text() for kind in (QAbstractButton, QLabel) for w in screen.findChildren(kind)
                 if w.isVisibleTo(screen)]
        letters = [m.group(1).lower() for text in texts for m in [re.search(r"&(\w)", text)] if m]
        assert len(letters) == len(set(letters)) and not set(letters) & {"f", "g", "h"}  # the menus' are F, G, H
    finally:
        font.setPointSizeF(original)
        qapp.setFont(font)


def test_a_drafts_figures_follow_the_records_and_typed_answers_stay(
        qtbot, make_context, open_window, practice_vault) -> None:
    from careplan_desktop.models import Patient

    path, vault = practice_vault
    window, screen = open_area(qtbot, make_context, open_window, practice_vault)
    qtbot.mouseClick(screen.start_blank, LEFT)
    screen.questions.setCurrentRow(3)
    assert screen.panel.figures.text().endswith("1 of 4 people on the register (25%) have a named lead professional.")

    def add_someone_with_a_lead(control) -> None:  # as the register would, through the task runner
        with vault.transaction() as session:
            session.add(Patient(nhs_number="9990000107", given_name="New", family_name="Person",
                                date_of_birth=dt.date(1944, 2, 2), birth_month=2, lead_professional="Nora Hughes"))

    window.context.tasks.write(add_someone_with_a_lead, name="add a person")
    qtbot.waitUntil(lambda: screen.panel.figures.text().endswith(
        "2 of 5 people on the register (40%) have a named lead professional."), timeout=5_000)
    assert screen.current == 3

    qtbot.mouseClick(screen.panel.rating_buttons["partly"], LEFT)
    qtbot.keyClicks(screen.panel.action, "Ask each person who they see most")
    screen.refresh(screen.assessment.uuid)  # read again while answers are typed: they stay on screen
    assert screen.current == 3 and screen.panel.rating_buttons["partly"].isChecked()
    assert screen.panel.action.text() == "Ask each person who they see most" and screen.is_dirty()
    qtbot.mouseClick(screen.save_button, LEFT)
    assert (open_draft(vault).answers[3].rating, open_draft(vault).answers[3].action) == (
        "partly", "Ask each person who they see most")


def test_a_draft_not_wanted_is_thrown_away_after_asking_and_the_completed_one_stays(
        qtbot, make_context, open_window, practice_vault) -> None:
    path, vault = practice_vault
    window, screen = open_area(qtbot, make_context, open_window, practice_vault)
    qtbot.mouseClick(screen.start_blank, LEFT)
    for row in range(33):
        screen.questions.setCurrentRow(row)
        qtbot.mouseClick(screen.panel.rating_buttons["no"], LEFT)
    seen: list[str] = []
    press_when_asked(qtbot, QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(screen.complete_button, LEFT)
    completed = latest_completed(vault)
    assert not screen.throw_away.isEnabled()  # a completed one is kept for ever
    qtbot.mouseClick(screen.start_last, LEFT)
    screen.questions.setCurrentRow(0)
    qtbot.mouseClick(screen.panel.rating_buttons["yes"], LEFT)

    press_when_asked(qtbot, QMessageBox.StandardButton.No, seen)  # asked, and kept
    qtbot.mouseClick(screen.throw_away, LEFT)
    assert open_draft(vault) is not None
    press_when_asked(qtbot, QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(screen.throw_away, LEFT)
    assert seen[1:] == [seen[2]] * 2 and seen[2].startswith("Throw away this draft and every answer in it?")
    assert open_draft(vault) is None and [p.uuid for p in list_assessments(vault)] == [completed.uuid]
    assert screen.assessment.uuid == completed.uuid and not screen.is_dirty()
    assert screen.done_label.text() == "The draft was thrown away. The completed assessments are kept."
