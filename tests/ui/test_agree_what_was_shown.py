"""The agree dialog agrees exactly the draft it showed: a draft saved under it (as the
consultation's autosave in another window would) is refused with a message, the vault keeps it
as a draft, and the dialog then shows the plan as it now is. Autosave's own notice ("draft:")
makes an open dialog read the draft again before anyone presses Agree."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS
from careplan_desktop.services.planning.versions import current_draft, load_version, save_draft, start_draft
from careplan_desktop.store import Vault
from careplan_desktop.ui.plan.agree_dialog import AgreeDialog
from careplan_desktop.ui.plan.plan_screen import PlanScreen
from careplan_desktop.ui.plan.printout_dialog import PrintoutDialog

from ..documents.pdf_text import page_texts

from .test_consultation import uuid_for

LEFT = Qt.MouseButton.LeftButton
NEW_GOAL = "To walk to the newsagent and back every morning."
REFUSED = "The plan was changed after this window opened, so nothing was agreed."


def jack_uuid(vault: Vault) -> str:
    return uuid_for(vault, JACK_NHS)


def open_agree(qtbot, context, uuid: str) -> tuple[PlanScreen, AgreeDialog]:
    screen = PlanScreen(context, uuid)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.state is not None and screen.agree_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(screen.agree_button, LEFT)
    dialog = screen.dialogs[-1]
    assert isinstance(dialog, AgreeDialog)
    if dialog.missing:
        dialog.confirm_missing.click()
    assert dialog.agree_button.isEnabled()
    return screen, dialog


def change_goal(vault: Vault, uuid: str) -> None:
    draft = current_draft(vault, uuid)
    first = dataclasses.replace(draft.goals[0], text=NEW_GOAL)
    save_draft(vault, dataclasses.replace(draft, goals=(first, *draft.goals[1:])))


def test_a_draft_changed_under_the_open_dialog_is_refused_and_shown(qtbot, demo_vault_path, make_context) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    vault = context.vault
    uuid = jack_uuid(vault)
    screen, dialog = open_agree(qtbot, context, uuid)
    assert NEW_GOAL not in dialog.preview.toPlainText()
    version_uuid = dialog.draft.version_uuid

    change_goal(vault, uuid)  # saved with no notice: another window's autosave, a moment ago
    qtbot.mouseClick(dialog.agree_button, LEFT)
    qtbot.waitUntil(lambda: NEW_GOAL in dialog.preview.toPlainText(), timeout=10_000)
    assert dialog.problem.isVisible() and REFUSED in dialog.problem.text()
    assert dialog.isVisible() and dialog.outcome is None
    assert load_version(vault, version_uuid).status == "draft", "nothing was agreed"
    assert load_version(vault, version_uuid).goals[0].text == NEW_GOAL

    # what is shown now can be agreed
    if dialog.missing and not dialog.confirm_missing.isChecked():
        dialog.confirm_missing.click()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.agree_button, LEFT)
    agreed = load_version(vault, version_uuid)
    assert agreed.status == "agreed" and agreed.goals[0].text == NEW_GOAL


def test_autosaves_notice_makes_the_open_dialog_show_the_new_draft(qtbot, demo_vault_path, make_context) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    vault = context.vault
    uuid = jack_uuid(vault)
    screen, dialog = open_agree(qtbot, context, uuid)
    context.tasks.write(lambda control: change_goal(vault, uuid))  # as the consultation's autosave does: no notice
    qtbot.waitUntil(lambda: NEW_GOAL in dialog.preview.toPlainText(), timeout=10_000)
    assert "changed after this window opened" in dialog.problem.text()
    qtbot.waitUntil(lambda: screen.state is not None and screen.state.draft.goals[0].text == NEW_GOAL, timeout=10_000)


def test_printout_pressed_at_once_after_agree_prints_the_version_just_agreed(
        qtbot, demo_vault_path, make_context) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    vault = context.vault
    uuid = uuid_for(vault, LORNA_NHS)  # agreed version 1; version 2 is started here
    start_draft(vault, uuid, today=dt.date(2026, 12, 2))
    screen, dialog = open_agree(qtbot, context, uuid)
    draft = dialog.draft
    assert draft.number == 2 and screen.state.agreed.number == 1
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.agree_button, LEFT)
    opened = len(screen.dialogs)
    qtbot.mouseClick(screen.printout_button, LEFT)  # at once: the window may not show it yet
    if len(screen.dialogs) == opened:  # the button waited for the window to show the new state
        qtbot.waitUntil(screen.printout_button.isEnabled, timeout=10_000)
        assert "not yet agreed" not in screen.status.text()
        qtbot.mouseClick(screen.printout_button, LEFT)
    printout = screen.dialogs[-1]
    assert isinstance(printout, PrintoutDialog)
    assert printout.version_uuid == draft.version_uuid
    qtbot.waitUntil(lambda: printout.pdf is not None, timeout=20_000)
    assert f"Version {draft.number}, agreed on" in printout.summary.text()
    text = " ".join(page_texts(printout.pdf))
    assert f"version {draft.number}" in text.casefold()
