"""Issue 13, "It must show" 1 (staff part), driven through the windows: an administrator signs in
and adds a healthcare assistant; the assistant signs in (Switch user), enters Lorna's results
(allowed) and tries to agree her plan (refused, saying why); a nurse signs in and agrees it; the
Audit view names each with their role; the assistant is removed and can no longer sign in, while
the others can. A locked screen shows no patient data."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Result, User
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.versions import load_version, start_draft
from careplan_desktop.store import Vault
from careplan_desktop.store.key_slots import NotOnStaffList
from careplan_desktop.ui.vault import UnlockDialog

from .helpers import enter
from .test_agree_what_was_shown import open_agree
from .test_consultation import uuid_for
from .test_results_entry_ui import TYPED, open_lornas_results, type_in_order

PAT_PASSPHRASE = "violet lantern harbour seven"
REFUSED = "Agreeing a plan needs a clinician's sign-in"
LEFT = Qt.MouseButton.LeftButton


def choose(qtbot, dialog: UnlockDialog, name: str, passphrase: str) -> None:
    """Sign in as a person would: pick your name by typing it in the list, then the passphrase."""
    dialog.who.setFocus()
    qtbot.keyClicks(dialog.who, name)
    assert dialog.who.currentText() == name
    qtbot.keyClicks(dialog.passphrase, passphrase)
    enter(dialog.passphrase)


def switch_to(qtbot, window, name: str, passphrase: str = DEMO_PASSPHRASE) -> None:
    window.switch_user_action.trigger()
    dialog = window.lock_flow.dialog
    assert dialog is not None and dialog.isVisible()
    # locked: the workspace is hidden, the register holds nobody
    assert not window.workspace.isVisible()
    assert window.screen_for("register").model.rowCount() == 0
    choose(qtbot, dialog, name, passphrase)
    qtbot.waitUntil(lambda: window.context.is_unlocked and window.context.vault.user_name == name, timeout=10_000)


def events_for(vault: Vault, action: str, entity: str) -> set[tuple[str, str]]:
    with vault.reader() as session:
        names = dict(session.execute(select(User.uuid, User.name)).all())
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == action, AuditEvent.entity == entity))
        return {(names.get(e.user_uuid, "?"), e.user_role) for e in rows}


def test_an_assistant_is_added_enters_results_cannot_agree_a_nurse_agrees_and_the_assistant_is_removed(
        qtbot, demo_vault_path: Path, demo_day, make_context, open_window, tmp_path: Path) -> None:
    nurse = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE, user="Nora Hughes")
    lorna = uuid_for(nurse, LORNA_NHS)
    draft_uuid = start_draft(nurse, lorna).version_uuid  # Lorna's plan is up for agreement again
    nurse.lock()

    # the administrator signs in from the sign-in dialog
    sign_in = UnlockDialog(demo_vault_path)
    qtbot.addWidget(sign_in)
    sign_in.show()
    assert [sign_in.who.itemText(i) for i in range(sign_in.who.count())] == [
        "Nora Hughes", "Sam Porter", "Dev Mistry", "Andrea Clarke", "Dr Helen Shah"]
    choose(qtbot, sign_in, "Sam Porter", DEMO_PASSPHRASE)
    assert sign_in.vault is not None and sign_in.vault.user_role == "administrator"
    context = make_context(demo_vault_path, sign_in.vault, today=demo_day)
    window = open_window(context)

    # ... and adds a healthcare assistant in Staff
    staff = window.show_area("staff")
    qtbot.waitUntil(lambda: staff.table.rowCount() == 5, timeout=10_000)
    qtbot.keyClicks(staff.name, "Pat Reid")
    staff.role.setFocus()
    qtbot.keyClicks(staff.role, "healthcare")
    assert staff.role.currentText() == "healthcare assistant"
    qtbot.keyClicks(staff.passphrase, PAT_PASSPHRASE)
    qtbot.keyClicks(staff.repeated, PAT_PASSPHRASE)
    qtbot.mouseClick(staff.add_button, LEFT)
    qtbot.waitUntil(lambda: "Added Pat Reid (healthcare assistant)" in staff.done_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: staff.table.rowCount() == 6, timeout=10_000)

    # the assistant signs in and enters Lorna's results: allowed
    switch_to(qtbot, window, "Pat Reid", PAT_PASSPHRASE)
    assert window.user_label.text() == "Signed in: Pat Reid (healthcare assistant)"
    window.show_area("register")
    results = open_lornas_results(qtbot, window)
    type_in_order(qtbot, results, [("hba1c", "61"), *TYPED[1:]])
    with qtbot.waitSignal(results.saved, timeout=10_000):
        enter(QApplication.focusWidget())
    with context.vault.reader() as session:
        pat = session.scalar(select(User.uuid).where(User.name == "Pat Reid"))
        entered = set(session.scalars(select(Result.entered_by).where(Result.taken_on == demo_day)))
    assert entered == {pat}
    qtbot.waitUntil(lambda: not results.isVisible(), timeout=5000)

    # ... and tries to agree her plan: refused, saying why, and nothing agreed
    screen, agree = open_agree(qtbot, context, lorna)
    qtbot.mouseClick(agree.agree_button, LEFT)
    qtbot.waitUntil(lambda: REFUSED in agree.problem.text(), timeout=10_000)
    assert load_version(context.vault, draft_uuid).status == "draft"
    agree.reject()
    screen.close()

    # a practice nurse signs in and agrees it
    switch_to(qtbot, window, "Nora Hughes")
    screen, agree = open_agree(qtbot, context, lorna)
    with qtbot.waitSignal(agree.accepted, timeout=15_000):
        qtbot.mouseClick(agree.agree_button, LEFT)
    assert load_version(context.vault, draft_uuid).status == "agreed"
    screen.close()

    # the audit trail names each with their role, in the vault and in the Audit view
    assert ("Pat Reid", "healthcare assistant") in events_for(context.vault, "created", "result")
    assert events_for(context.vault, "agreed", "plan_version") >= {("Nora Hughes", "practice nurse")}
    assert ("Sam Porter", "administrator") in events_for(context.vault, "staff added", "user")
    audit = window.show_area("audit")
    qtbot.keyClicks(audit.nhs_number, LORNA_NHS)
    enter(audit.nhs_number)
    qtbot.waitUntil(lambda: audit.table.rowCount() > 0, timeout=10_000)
    rows = [[audit.table.item(r, c).text() for c in range(6)] for r in range(audit.table.rowCount())]
    assert any(r[1:3] == ["Pat Reid", "healthcare assistant"] and r[4] == "created" and r[5] == "result" for r in rows)
    assert any(r[1:3] == ["Nora Hughes", "practice nurse"] and r[4] == "agreed" and r[5] == "plan" for r in rows)
    assert all(r[3] == "Demo practice PC" for r in rows if r[1] in ("Pat Reid", "Nora Hughes"))
    out = tmp_path / "lorna-trail.csv"
    audit.export_to(out, as_pdf=False)
    qtbot.waitUntil(lambda: "Exported" in audit.done_label.text(), timeout=10_000)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    exported = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert ["Pat Reid", "healthcare assistant"] in [r[1:3] for r in exported]
    assert ("Nora Hughes", "practice nurse") in events_for(context.vault, "audit trail exported", "audit_event")

    # the overview says who last changed the plan
    register = window.show_area("register")
    register.open_person(lorna)
    qtbot.waitUntil(lambda: "Nora Hughes (practice nurse)" in register.overview.shown_text(), timeout=10_000)

    # the administrator removes the assistant: from that moment they cannot sign in
    switch_to(qtbot, window, "Sam Porter")
    staff = window.show_area("staff")
    qtbot.waitUntil(lambda: staff.table.rowCount() == 6, timeout=10_000)
    row = next(r for r in range(6) if staff.table.item(r, 0).text() == "Pat Reid")
    staff.table.setCurrentCell(row, 0)
    qtbot.mouseClick(staff.remove_button, LEFT)
    qtbot.waitUntil(lambda: "Removed Pat Reid" in staff.done_label.text(), timeout=10_000)
    window.switch_user_action.trigger()
    dialog = window.lock_flow.dialog
    assert "Pat Reid" not in [dialog.who.itemText(i) for i in range(dialog.who.count())]
    with pytest.raises(NotOnStaffList):
        Vault.unlock(demo_vault_path, PAT_PASSPHRASE, user="Pat Reid")
    choose(qtbot, dialog, "Andrea Clarke", DEMO_PASSPHRASE)  # the others still can
    qtbot.waitUntil(lambda: window.context.is_unlocked, timeout=10_000)
    assert window.context.vault.user_role == "community matron"
