"""The letters dialog as the recall view opens it (`produce_letters(context, uuids, parent)`), and
the reprint from the register: who is skipped and why, the PDF, the log, Cancel, and the lock."""

from __future__ import annotations

import datetime as dt
import stat
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, LetterLog, Patient, Recall
from careplan_desktop.services.letters import results_letters as service
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS
from careplan_desktop.services.recall.booking import book_appointments
from careplan_desktop.domain.working_days import next_working_day
from careplan_desktop.store import Vault
from careplan_desktop.ui.letters import LettersDialog, produce_letters

from ..documents.pdf_text import page_texts
from .helpers import enter, wait_for_register



def visit_after(day: dt.date) -> dt.datetime:
    """A clinic appointment a week or so after `day`, on a working day."""
    return dt.datetime.combine(next_working_day(day + dt.timedelta(days=7)), dt.time(10, 30))


def uuid_of(vault: Vault, nhs: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == nhs))


def book(vault: Vault, today: dt.date, *numbers: str) -> list[str]:
    uuids = [uuid_of(vault, nhs) for nhs in numbers]
    visit = visit_after(today)
    book_appointments(vault, uuids, visit.year, visit.month, visit, with_whom="Nora Hughes, practice nurse")
    return uuids


def logged(vault: Vault) -> list[str]:
    with vault.reader() as session:
        return session.scalars(select(Patient.nhs_number).join(LetterLog)).all()


def ready(qtbot, dialog: LettersDialog) -> None:
    qtbot.waitUntil(lambda: dialog.batch is not None, timeout=5000)


@pytest.fixture
def unlocked(demo_vault_path: Path, demo_day: dt.date, make_context, open_window):
    """The demo, with the screens' today the day it was made on (a run can pass midnight)."""
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE), today=demo_day)
    return context, open_window(context)


def test_letters_for_a_selection_list_the_skipped_save_the_pdf_and_log(qtbot, unlocked, tmp_path: Path) -> None:
    context, window = unlocked
    lorna = book(context.vault, context.today(), LORNA_NHS)[0]
    jack = uuid_of(context.vault, JACK_NHS)
    dialog = produce_letters(context, [lorna, jack], window)
    assert dialog.path.text().endswith(f"results-letters-{context.today().isoformat()}.pdf")  # no patient data
    ready(qtbot, dialog)
    state = dialog.state()
    assert state["summary"] == "1 letter to make. 1 person skipped (no letter):"
    assert state["skipped"] == [["Jack Morrison", "999 000 0026", "no appointment booked"]]
    out = tmp_path / "out"
    out.mkdir()
    dialog.path.setText(str(out / "results-letters.pdf"))
    with qtbot.waitSignal(context.changes.changed, timeout=10_000) as changed:
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert "recall" in changed.args[0] and f"person:{lorna}" in changed.args[0]
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=10_000)  # screens are told first, then the dialog
    assert dialog.made == 1 and dialog.progress.value() == 1
    assert "Saved 1 letter as results-letters.pdf" in dialog.status.text()
    assert [path.name for path in out.iterdir()] == ["results-letters.pdf"]  # nothing else written
    assert stat.S_IMODE((out / "results-letters.pdf").stat().st_mode) == 0o600, "readable by its owner only"
    text = " ".join(page_texts(out / "results-letters.pdf"))
    assert "Lorna Baxter" in text and "Jack Morrison" not in text
    assert logged(context.vault) == [LORNA_NHS]
    with context.vault.reader() as session:
        assert session.scalars(select(Recall.status).join(Patient).where(Patient.uuid == lorna)).all() == ["letter_sent"]
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # now "Close"
    assert not dialog.isVisible()


def test_cancel_stops_before_the_next_letter_and_nothing_is_saved_or_logged(
        qtbot, unlocked, tmp_path: Path, monkeypatch) -> None:
    context, window = unlocked
    uuids = book(context.vault, context.today(), LORNA_NHS, JACK_NHS)
    real = service.render_results_letters

    def held_after_each_letter(letters, practice, out, *, progress=None, should_stop=None):
        def held(done, total):  # a slow printer: each letter waits until Cancel is seen
            progress(done, total)
            deadline = time.monotonic() + 10
            while not should_stop() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(letters, practice, out, progress=held, should_stop=should_stop)

    monkeypatch.setattr(service, "render_results_letters", held_after_each_letter)
    dialog = produce_letters(context, uuids, window)
    ready(qtbot, dialog)
    assert dialog.state()["summary"] == "2 letters to make."
    dialog.path.setText(str(tmp_path / "letters.pdf"))
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() == 1, timeout=5000)
    assert dialog.cancel_button.text() == "Cancel"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cancelled" in dialog.status.text(), timeout=5000)
    assert not (tmp_path / "letters.pdf").exists() and logged(context.vault) == []
    assert dialog.isVisible() and dialog.make_button.isEnabled()  # ready to try again


def test_reprint_from_the_register_and_the_lock_closes_the_dialog(qtbot, unlocked, tmp_path: Path) -> None:
    context, window = unlocked
    lorna = book(context.vault, context.today(), LORNA_NHS)[0]
    batch = service.prepare_letters(context.vault, [lorna], today=context.today())
    sent_at = dt.datetime.combine(context.today(), dt.time(11, 0))
    service.log_letters(context.vault, batch.letters, sent_at=sent_at)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    qtbot.keyClicks(register.search, "Baxter")
    enter(register.search)
    qtbot.waitUntil(lambda: register.overview.person is not None, timeout=5000)
    qtbot.mouseClick(register.overview.findChild(QPushButton, "overview_reprint_letter"), Qt.MouseButton.LeftButton)
    dialog = window.findChild(LettersDialog)
    ready(qtbot, dialog)
    assert dialog.state()["summary"].startswith(f"The letter sent on {sent_at:%d/%m/%Y} (large print")
    dialog.path.setText(str(tmp_path / "reprint.pdf"))
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.made == 1, timeout=10_000)
    assert "Lorna Baxter" in " ".join(page_texts(tmp_path / "reprint.pdf"))
    with context.vault.reader() as session:
        assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "reprinted")) == "reprinted"
    assert logged(context.vault) == [LORNA_NHS]  # a reprint is not a second letter

    again = produce_letters(context, [lorna], window)
    ready(qtbot, again)
    assert again.skipped.rowCount() == 0 and again.isVisible()
    window.lock()
    assert not again.isVisible() and again.batch is None


def test_people_whose_help_is_not_arranged_are_listed_before_the_letters_are_made(
        qtbot, unlocked, demo_day: dt.date, tmp_path: Path) -> None:
    """Lorna needs a BSL interpreter and her appointment does not record one as booked: the
    dialog names her before anything is made, and her letter tells her how to ask."""
    context, window = unlocked
    with context.vault.transaction() as session:
        session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS)).bsl = True
    lorna = book(context.vault, demo_day, LORNA_NHS)[0]
    dialog = produce_letters(context, [lorna], window)
    ready(qtbot, dialog)
    assert dialog.state()["not_arranged"] == [["Lorna Baxter", "999 000 0018", "a BSL interpreter"]]
    assert dialog.not_arranged.isVisibleTo(dialog) and dialog.not_arranged_note.isVisibleTo(dialog)
    assert "not recorded as arranged" in dialog.not_arranged_note.text()
    dialog.path.setText(str(tmp_path / "letters.pdf"))
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.made == 1, timeout=20_000)
    text = " ".join(page_texts(tmp_path / "letters.pdf"))
    assert "British Sign Language (BSL) interpreter" in text and "We have booked" not in text
