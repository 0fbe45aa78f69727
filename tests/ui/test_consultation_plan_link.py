"""From the consultation, "Agree or print..." saves what was typed and opens that person's plan
window, where the draft just typed is what the key elements and the agree dialog see."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.planning.versions import current_draft
from careplan_desktop.store import Vault

from .consultation_child import click, go_to_section, open_consultation, start_plan, type_text
from .test_consultation import uuid_for

PURPOSE = "A yearly check of my breathing and my mood."


def test_agree_or_print_saves_and_opens_the_persons_plan(qtbot, demo_vault_path: Path, make_context, open_window):
    vault = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    window = open_window(make_context(demo_vault_path, vault))
    screen = open_consultation(window, "jack morr", qtbot.waitUntil)
    if screen.draft is None:
        start_plan(screen, qtbot.waitUntil, blank=False)
    jack = uuid_for(vault, "9990000026")
    assert screen.patient_uuid == jack
    go_to_section(screen, "Purpose")
    type_text(" " + PURPOSE)

    click(screen.findChild(QPushButton, "open_plan_window"))

    assert PURPOSE in current_draft(vault, jack).purpose  # saved before the window read the vault
    plan_window = screen.plan_link.windows.windows[jack]
    qtbot.waitUntil(plan_window.isVisible, timeout=5_000)
    assert plan_window.patient_uuid == jack  # Jack's plan, never the person opened before
    window.lock()
    assert screen.plan_link.windows.windows == {}  # locking closes the plan window with the rest
