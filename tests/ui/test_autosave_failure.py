"""When autosave cannot write (here: the disk is full, injected by making the planning service's
save raise), nothing typed is lost: the text stays on screen, the workspace says plainly that it
is NOT saved and why, switching person asks first (and "stay" keeps the nurse with the text),
and once the fault clears the retry puts it in the vault."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS
from careplan_desktop.services.planning.versions import current_draft
from careplan_desktop.store import Vault
from careplan_desktop.ui.consultation import autosave as autosave_module
from careplan_desktop.ui.consultation.autosave import PROBLEM, SAVED

from .consultation_child import click, open_consultation, start_plan, type_text
from .test_consultation import uuid_for

TYPED = "My knees are worse this winter."


@pytest.fixture
def window(demo_vault_path: Path, make_context, open_window):
    return open_window(make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)))


class DiskFull:
    """The planning service's save, failing as a full disk does until `clear()`."""

    def __init__(self, monkeypatch) -> None:
        self.real = autosave_module.save_draft
        self.failing = True
        self.tries = 0
        monkeypatch.setattr(autosave_module, "save_draft", self)

    def __call__(self, vault, draft, **options):
        if self.failing:
            self.tries += 1
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.real(vault, draft, **options)


def answer_question(choice: str, seen: list[str]) -> None:
    """When the question shows: note its text and press the button named `choice`."""
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text() == choice)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, press)


def test_a_failed_autosave_keeps_the_text_asks_before_switching_and_saves_once_the_disk_has_room(
        qtbot, window, monkeypatch) -> None:
    vault = window.context.vault
    lorna, jack = uuid_for(vault, LORNA_NHS), uuid_for(vault, JACK_NHS)
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=True)
    qtbot.waitUntil(lambda: not screen.autosave.is_dirty and not screen.autosave.is_saving, timeout=10_000)
    screen.autosave.retry_timer.setInterval(200)  # the retry's pace, so the test need not wait 5 seconds
    disk = DiskFull(monkeypatch)

    type_text(TYPED)
    qtbot.waitUntil(lambda: screen.autosave.state == PROBLEM, timeout=10_000)
    status = screen.ui.status.text()
    assert status.startswith("NOT SAVED.") and "no space left on the disk" in status
    assert screen.collect().about_me.story_new == TYPED, "the text stays on screen"
    assert current_draft(vault, lorna).about_me.story_new == "", "nothing reached the vault"
    qtbot.waitUntil(lambda: disk.tries >= 3, timeout=10_000)  # it keeps trying
    assert screen.autosave.state == PROBLEM and screen.autosave.is_dirty

    # switching person asks first; "stay" keeps the nurse with Lorna's text
    register = window.show_area("register")
    register.search.clear()
    QTest.keyClicks(register.search, "morrison")
    QTest.keyClick(register.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: register.overview.person is not None and register.overview.person.uuid == jack,
                    timeout=10_000)
    seen: list[str] = []
    answer_question("Stay and keep it", seen)
    click(register.overview.findChild(QPushButton, "overview_consultation"))
    assert len(seen) == 1 and "NOT saved" in seen[0] and "no space left on the disk" in seen[0]
    assert window.current_screen() is screen
    assert screen.draft is not None and screen.draft.patient_uuid == lorna
    assert screen.collect().about_me.story_new == TYPED

    # quitting asks too; staying keeps the window open, with the workspace on screen
    window.show_area("register")
    answer_question("Stay and keep it", seen)
    window.close()
    assert len(seen) == 2 and window.isVisible() and window.context.is_unlocked
    assert window.current_screen() is screen

    # the disk has room again: the next retry saves it, and the status says so
    disk.failing = False
    qtbot.waitUntil(lambda: screen.autosave.state == SAVED, timeout=10_000)
    assert screen.ui.status.text().startswith("Saved ")
    assert current_draft(vault, lorna).about_me.story_new == TYPED


def test_discarding_knowingly_leaves_the_person_and_the_vault_as_it_was(qtbot, window, monkeypatch) -> None:
    vault = window.context.vault
    lorna, jack = uuid_for(vault, LORNA_NHS), uuid_for(vault, JACK_NHS)
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=True)
    qtbot.waitUntil(lambda: not screen.autosave.is_dirty and not screen.autosave.is_saving, timeout=10_000)
    DiskFull(monkeypatch)
    type_text(TYPED)
    seen: list[str] = []
    answer_question("Discard what was not saved", seen)
    screen.open_person(jack)
    assert len(seen) == 1
    qtbot.waitUntil(lambda: screen.draft is not None and screen.draft.patient_uuid == jack, timeout=10_000)
    assert current_draft(vault, lorna).about_me.story_new == ""


def test_a_refused_snapshot_is_not_taken_for_saved(qtbot, window, monkeypatch) -> None:
    """A planning rule's refusal is not retried in a loop, but leaving still asks: it is not in the vault."""
    from careplan_desktop.services.planning.versions import DraftAgreedError

    def refuse(vault, draft, **options):
        raise DraftAgreedError()

    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=True)
    qtbot.waitUntil(lambda: not screen.autosave.is_dirty and not screen.autosave.is_saving, timeout=10_000)
    monkeypatch.setattr(autosave_module, "save_draft", refuse)
    type_text(TYPED)
    assert screen.autosave.flush() is False
    assert screen.autosave.is_dirty and screen.ui.status.text().startswith("NOT SAVED: This version")
    seen: list[str] = []
    answer_question("Discard what was not saved", seen)
    window.close()
    assert len(seen) == 1 and not window.isVisible()


def test_an_autosave_updates_the_open_plan_window_of_the_same_person(qtbot, window) -> None:
    """Lorna's consultation and her plan window (opened from the register) are both open; what is
    typed in the consultation reaches the plan window through the autosave's own changes: the
    consultation names no window and sends no notice (issue 18)."""
    from careplan_desktop.ui.plan.plan_html import plan_html

    lorna = uuid_for(window.context.vault, LORNA_NHS)
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    start_plan(screen, qtbot.waitUntil, blank=True)
    plan_window = window.show_area("register").plan_windows.open(lorna)
    qtbot.waitUntil(lambda: plan_window.screen.state is not None and plan_window.screen.state.draft is not None,
                    timeout=10_000)
    assert TYPED not in plan_html(plan_window.screen.state.draft)
    heard: list = []
    window.context.changes.changed.connect(heard.append)

    window.show_area("consultation")
    QTest.keyClicks(screen.ui.pages.currentWidget().first_field(), TYPED)  # the plan window has the focus
    qtbot.waitUntil(lambda: not screen.autosave.is_dirty and not screen.autosave.is_saving, timeout=10_000)
    assert TYPED in plan_html(current_draft(window.context.vault, lorna))
    qtbot.waitUntil(lambda: TYPED in plan_html(plan_window.screen.state.draft), timeout=10_000)
    told = [what for what in heard if what.by is screen.autosave]
    assert told and all(lorna in what.changes.people for what in told)
    assert all(what.by is screen.autosave for what in heard), "nothing else wrote: no hand-made notice"
    plan_window.close()


