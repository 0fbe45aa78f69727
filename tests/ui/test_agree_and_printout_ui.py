"""Lorna's plan from the register: a new version, completed, agreed with an element missing
(confirmed and recorded), fixed once agreed, a later version, and the differences; her
yellow-folder printout saved from the dialog (normal and large print) and printed; the copies
given to Lorna and to her daughter Susan logged and shown on the plan."""

from __future__ import annotations

import dataclasses
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.agreement import copies_given, versions_of
from careplan_desktop.services.planning.versions import DraftAgreedError, load_version, save_draft
from careplan_desktop.store import Vault
from careplan_desktop.ui.changes import person_key
from careplan_desktop.ui.plan import pdf_pages
from careplan_desktop.ui.plan.agree_dialog import AgreeDialog
from careplan_desktop.ui.plan.plan_screen import PlanScreen
from careplan_desktop.ui.plan.printout_dialog import DEFAULT_FILE_NAME, LARGE_FILE_NAME, PrintoutDialog
from careplan_desktop.ui.plan.versions_dialog import VersionsDialog
from careplan_desktop.ui.workers import SynchronousPool

from ..documents.pdf_text import reader
from ..test_cli_printout import check_printout, expected_printout
from .helpers import enter, press_shortcut, wait_for_register

LEFT = Qt.MouseButton.LeftButton


def lorna_uuid(vault: Vault) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))


def test_lornas_plan_is_completed_agreed_and_versioned(qtbot, demo_vault_path, make_context, open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    vault = context.vault
    uuid = lorna_uuid(vault)
    window = open_window(context)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    qtbot.keyClicks(register.search, "999 000 0018")
    enter(register.search)
    qtbot.waitUntil(lambda: register.overview.person is not None and register.overview.person.uuid == uuid)
    qtbot.mouseClick(register.overview.findChild(QPushButton, "overview_care_plan"), LEFT)
    screen: PlanScreen = register.plan_windows.windows[uuid].screen
    qtbot.waitUntil(lambda: screen.state is not None)
    assert screen.status.text().startswith("Agreed plan: Version 1, agreed on ")
    assert not screen.agree_button.isEnabled()

    # a new version grows from version 1; what was shared beforehand and the review belong to
    # one consultation, so the key-elements tab names them as missing
    qtbot.mouseClick(screen.new_version_button, LEFT)
    qtbot.waitUntil(lambda: screen.state is not None and screen.state.draft is not None)
    draft = screen.state.draft
    assert draft.number == 2
    assert screen.quality.report.missing_codes == ("information_beforehand", "review")
    assert "Missing: Information shared beforehand; Review: when and how." in screen.quality.shown_text()
    assert "review" not in screen.quality.ticked() and "goals" in screen.quality.ticked()

    # the consultation fills in the review (its autosave calls save_draft): the panel ticks it
    # and still names what is missing
    filled = dataclasses.replace(draft, review_date=draft.started_on.replace(year=draft.started_on.year + 1),
                                 review_method="home visit")
    save_draft(vault, filled)
    context.changes.notify(person_key(uuid))
    qtbot.waitUntil(lambda: screen.quality.report is not None
                    and screen.quality.report.missing_codes == ("information_beforehand",))
    assert "review" in screen.quality.ticked()
    assert "Missing: Information shared beforehand." in screen.quality.shown_text()

    # agreeing with an element missing asks for confirmation, naming it
    qtbot.mouseClick(screen.agree_button, LEFT)
    dialog = screen.dialogs[-1]
    assert isinstance(dialog, AgreeDialog) and dialog.isVisible()
    assert dialog.person.text() == "Lorna Baxter" and dialog.clinician.text() == "Nora Hughes"
    # before agreeing, what changed since version 1 is shown: version 1 said what was shared
    # beforehand ("Results letter sent a week before the visit."); this draft does not yet
    qtbot.waitUntil(lambda: dialog.changes is not None and dialog.changes.differences is not None)
    assert dialog.changes.title() == "What changed since version 1"
    shown = dialog.changes.label.text()
    assert "\u2022 Information shared beforehand, removed: Results letter sent a week before the visit." in shown
    assert "Review date, changed:" in shown
    assert dialog.missing_box.isVisible()
    assert dialog.missing_label.text() == "1 key element is missing from this plan:"
    assert "Information shared beforehand" in dialog.missing_list.text()
    assert dialog.copy_boxes["carer"].isEnabled() and not dialog.copy_boxes["hospital"].isEnabled()
    assert not dialog.agree_button.isEnabled()
    dialog.confirm_missing.click()
    assert dialog.agree_button.isEnabled() and dialog.agree_button.text() == "&Agree with these missing"
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.agree_button, LEFT)
    assert dialog.outcome.agreed and dialog.outcome.missing[0].code == "information_beforehand"

    # recorded: version 2 is agreed with what was missing, version 1 is superseded
    version_2 = load_version(vault, draft.version_uuid)
    assert version_2.status == "agreed"
    assert version_2.agreement.missing_at_agreement == ("information_beforehand",)
    assert version_2.agreement.agreed_by_person == "Lorna Baxter"
    assert [v.status for v in versions_of(vault, uuid)] == ["superseded", "agreed"]
    qtbot.waitUntil(lambda: screen.state.agreed is not None and screen.state.agreed.number == 2)
    assert "Agreed with these missing: Information shared beforehand." in screen.status.text()

    # agreeing fixed it: an edit to version 2 is refused, and a new version 3 opens instead
    changed_goal = "To go to bingo every Thursday with Pat, and the quiz on Fridays."
    with pytest.raises(DraftAgreedError):
        save_draft(vault, dataclasses.replace(version_2, goals=version_2.goals[:1]))
    qtbot.mouseClick(screen.new_version_button, LEFT)
    qtbot.waitUntil(lambda: screen.state.draft is not None and screen.state.draft.number == 3)
    version_3 = screen.state.draft
    old_goal = version_3.goals[1].text
    save_draft(vault, dataclasses.replace(
        version_3, goals=(version_3.goals[0], dataclasses.replace(version_3.goals[1], text=changed_goal))))
    assert load_version(vault, draft.version_uuid) == version_2  # version 2 still reads the same

    # the versions dialog: version 2 readable as agreed, and the difference from 2 to 3
    qtbot.mouseClick(screen.versions_button, LEFT)
    versions = screen.dialogs[-1]
    assert isinstance(versions, VersionsDialog)
    qtbot.waitUntil(lambda: len(versions.versions) == 3)
    assert [versions.version_list.item(i).text().splitlines()[0] for i in range(3)] == \
        ["Version 1", "Version 2", "Version 3"]
    assert "agreed on" in versions.version_list.item(1).text() and "(current)" in versions.version_list.item(1).text()
    versions.version_list.setCurrentRow(1)
    qtbot.waitUntil(lambda: "Version 2, agreed" in versions.reader_text())
    assert old_goal in versions.reader_text() and changed_goal not in versions.reader_text()
    versions.older.setCurrentIndex(1)
    versions.newer.setCurrentIndex(2)
    qtbot.mouseClick(versions.compare_button, LEFT)
    qtbot.waitUntil(lambda: bool(versions.differences))
    shown = versions.comparison_text()
    assert "From version 2 to version 3" in shown
    assert "Goals" in shown and "Changed:" in shown and old_goal in shown and changed_goal in shown
    assert [(d.section, d.kind) for d in versions.differences if d.section == "goals"] == [("goals", "changed")]
    versions.reject()

    # locking closes the plan window and its dialogs: nothing of Lorna's stays on screen
    printout = screen.open_printout()
    qtbot.waitUntil(lambda: printout.pdf is not None)
    plan_window = register.plan_windows.windows[uuid]
    assert plan_window.isVisible() and printout.isVisible()
    press_shortcut(printout, "Ctrl+L")  # from the dialog, as the nurse would
    assert context.vault is None and register.plan_windows.windows == {}
    assert not plan_window.isVisible() and not printout.isVisible()
    assert printout.pdf is None and screen.state is None and screen.quality.report is None
    assert "Baxter" not in screen.title.text() + screen.status.text() + screen.reader.toPlainText()


@pytest.fixture
def lorna(tmp_path: Path, make_context, demo_vaults):
    """A small demo vault and a context whose jobs run at once; Lorna's agreed version 1."""
    path = tmp_path / "demo" / "demo.vault"
    vault = demo_vaults.open(path, DEMO_PASSPHRASE, patients=3)
    context = make_context(path, vault, pool=SynchronousPool())
    uuid = lorna_uuid(vault)
    version = [v for v in versions_of(vault, uuid) if v.status == "agreed"][-1]
    return context, uuid, version.uuid


def test_the_printout_saved_from_the_dialog_holds_lornas_plan(qtbot, lorna, tmp_path: Path) -> None:
    context, _, version_uuid = lorna
    expected = expected_printout(context.vault, version_uuid)
    dialog = PrintoutDialog(context, version_uuid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.large_print.isChecked()  # her record asks for large print
    assert "Lorna's record asks for large print." in dialog.size_note.text()
    assert "Lorna Baxter, NHS number 999 000 0018. Version 1, agreed on " in dialog.summary.text()
    offered: list[str] = []
    targets = iter([tmp_path / "large.pdf", tmp_path / "normal"])
    dialog.choose_save_path = lambda default: offered.append(default) or str(next(targets))

    qtbot.mouseClick(dialog.save_button, LEFT)
    assert Path(offered[0]).name == LARGE_FILE_NAME  # no name or NHS number in the file name
    check_printout(tmp_path / "large.pdf", expected, large_print=True)

    qtbot.mouseClick(dialog.normal_print, LEFT)
    assert "normal print" in dialog.summary.text()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert Path(offered[1]).name == DEFAULT_FILE_NAME
    check_printout(tmp_path / "normal.pdf", expected, large_print=False)  # ".pdf" added
    for saved in ("large.pdf", "normal.pdf"):
        assert stat.S_IMODE((tmp_path / saved).stat().st_mode) == 0o600, "readable by its owner only"
    assert f"{len(reader(tmp_path / 'normal.pdf').pages)} pages" in dialog.summary.text()
    dialog.close()
    # each save is audited: who, which version, what size (no name or file name in it)
    assert printout_events(context.vault, "printout saved") == [
        (version_uuid, {"version": 1, "status": "agreed", "print_size": "large print"}),
        (version_uuid, {"version": 1, "status": "agreed", "print_size": "normal print"})]


def printout_events(vault: Vault, action: str) -> list[tuple[str, dict]]:
    with vault.reader() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))
    assert all(e.user_uuid and e.entity == "plan_version" for e in events)
    return [(e.record_uuid, e.details) for e in events]


def test_copies_given_to_lorna_and_her_daughter_are_logged_and_shown_on_the_plan(qtbot, lorna) -> None:
    context, uuid, version_uuid = lorna
    screen = PlanScreen(context, uuid)
    qtbot.addWidget(screen)
    assert "Lorna does not have a copy of this version yet." in screen.copies.text()
    assert "Susan Baxter (daughter) does not have a copy yet." in screen.copies.text()
    dialog = screen.open_printout()
    assert [b.text() for b in dialog.copy_buttons.values()] == ["Copy given to Lorna", "Copy given to Susan"]

    qtbot.mouseClick(dialog.copy_button_for(None), LEFT)
    susan = next(key for key in dialog.copy_buttons if key != "person")
    qtbot.mouseClick(dialog.copy_button_for(susan), LEFT)

    copies = copies_given(context.vault, version_uuid)
    assert copies.person and copies.carer
    assert [(c.given_to, c.carer_name, c.large_print, c.given_by) for c in copies.lines] == [
        ("person", "", True, "Nora Hughes"), ("carer", "Susan Baxter", True, "Nora Hughes")]
    assert "Lorna has a copy (given " in dialog.copies_label.text()
    assert "Susan Baxter (daughter) has a copy (given " in dialog.copies_label.text()
    # the plan shows it too (the dialog told the open screens)
    assert "Lorna has a copy (given " in screen.copies.text() and "by Nora Hughes, large print" in screen.copies.text()
    assert "Susan Baxter (daughter) has a copy (given " in screen.copies.text()
    screen.close_dialogs()
    assert not screen.dialogs


@pytest.mark.skipif(not pdf_pages.available(), reason="no PDF page renderer (pypdfium2 or QtPdf) installed")
def test_printing_puts_every_page_on_the_printer(qtbot, lorna, tmp_path: Path) -> None:
    context, _, version_uuid = lorna
    dialog = PrintoutDialog(context, version_uuid)
    qtbot.addWidget(dialog)
    assert dialog.print_button.isEnabled()
    qtbot.mouseClick(dialog.print_button, LEFT)  # the Qt print dialog opens ...
    assert dialog._print_dialog is not None and dialog._print_dialog.isVisible()
    dialog._print_dialog.reject()  # ... and is cancelled
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # a PDF "printer": nothing leaves the machine
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == dialog.page_count == len(reader(dialog.pdf).pages)
    assert len(reader(tmp_path / "printed.pdf").pages) == dialog.page_count
    dialog.close()
    assert printout_events(context.vault, "printout printed") == [
        (version_uuid, {"version": 1, "status": "agreed", "print_size": "large print"})]


def test_without_a_page_renderer_the_pdf_can_still_be_saved(qtbot, lorna, tmp_path: Path, monkeypatch) -> None:
    context, _, version_uuid = lorna
    monkeypatch.setattr(pdf_pages, "ENGINE", None)
    dialog = PrintoutDialog(context, version_uuid)
    qtbot.addWidget(dialog)
    assert not dialog.print_button.isEnabled() and dialog.print_button.toolTip() == pdf_pages.NOT_AVAILABLE
    pages = len(reader(dialog.pdf).pages)  # counted without a page renderer
    assert dialog.page_count == pages and f"{pages} pages, large print." in dialog.summary.text()
    assert "No preview here" in dialog.preview.widget().findChild(QLabel).text()
    dialog.choose_save_path = lambda default: str(tmp_path / "plan.pdf")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert len(reader(tmp_path / "plan.pdf").pages) == pages
    dialog.close()
