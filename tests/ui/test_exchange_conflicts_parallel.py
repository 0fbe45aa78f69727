"""Two versions of Lorna's plan agreed separately, at home on Andrea's laptop and at the practice
hub, both from her version 1: the hub's conflicts inbox shows them side by side, section by
section; the nurse picks what to take from each and merges them into a new draft, which she then
agrees with Lorna through the plan's agree dialog."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import select

from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.conflicts import list_conflicts
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.agreement import agree_plan, versions_of
from careplan_desktop.services.planning.versions import GoalItem, MedicineItem, load_version, save_draft, start_draft
from careplan_desktop.store import Vault
from careplan_desktop.ui.exchange.plan_merge_view import TAKE_COLUMN
from careplan_desktop.ui.plan.agree_dialog import AgreeDialog
from careplan_desktop.ui.plan.plan_screen import PlanScreen
from careplan_desktop.ui.workers import SynchronousPool


LEFT = Qt.MouseButton.LeftButton
AT_HOME = "To walk to the corner shop and back."
AT_HUB = "To go to the Thursday lunch club."


def lorna_uuid(vault: Vault) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))


def agree_new_version(vault: Vault, change) -> str:
    draft = start_draft(vault, lorna_uuid(vault))
    save_draft(vault, change(draft))
    assert agree_plan(vault, draft.version_uuid, agreed_by_person="Lorna Baxter", agreed_by_clinician="Andrea Clarke",
                      confirm_missing=True).agreed
    return draft.version_uuid


@pytest.fixture
def parallel(tmp_path: Path, two_vaults):  # noqa: F811
    """The hub (the demo vault) and Andrea's laptop (a copy), each with its own version 2 of
    Lorna's plan; the laptop's bundle imported at the hub. Yields (hub path, hub, laptop's v2, hub's v2)."""
    (demo_vault_path, hub), (_, laptop) = two_vaults
    on_laptop = agree_new_version(laptop, lambda d: dataclasses.replace(
        d, goals=d.goals + (GoalItem(AT_HOME),),
        medicines=d.medicines + (MedicineItem("Ramipril", "2.5 mg", "Every morning", "Heart", "green"),)))
    at_hub = agree_new_version(hub, lambda d: dataclasses.replace(
        d, goals=d.goals + (GoalItem(AT_HUB),), purpose="Stay well at home through the winter."))
    (tmp_path / "usb").mkdir()
    import_bundle(hub, export_bundle(laptop, tmp_path / "usb").path)
    laptop.lock()
    yield demo_vault_path, hub, on_laptop, at_hub


def row_of(view, key: str) -> int:
    return next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == key)


def choose(qtbot, view, key: str, wanted: str) -> None:
    """Pick an entry of a section's "Take" list with the keyboard, as a person would."""
    combo: QComboBox = view.combo(key)
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText() == wanted:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < combo.count() - 1 else Qt.Key.Key_Home)
    raise AssertionError(f"{wanted!r} is not offered for {key}")


def test_two_agreed_versions_are_merged_into_a_draft_and_agreed_with_lorna(
        qtbot, parallel, make_context, open_window) -> None:
    hub_path, hub, on_laptop, at_hub = parallel
    context = make_context(hub_path, hub, pool=SynchronousPool())
    window = open_window(context)
    screen = window.show_area("exchange")
    panel = screen.conflicts
    qtbot.waitUntil(lambda: len(panel.conflicts) == 1)
    screen.tabs.setCurrentWidget(panel)
    first = panel.list.item(0)
    assert first.text().startswith("Lorna Baxter\nPlan version: Two versions agreed separately")
    qtbot.mouseClick(panel.list.viewport(), LEFT, pos=panel.list.visualItemRect(first).center())

    # side by side, section by section: what differs first, highlighted, with a choice each
    view = panel.merge_view
    assert panel.pages.currentWidget() is view and view.isVisible()
    assert panel.merge_button.text() == "Merge into a new draft" and panel.merge_button.isEnabled()
    assert "agreed separately" in panel.explanation.text()
    assert view.base_local.isChecked() and view.base_incoming.text().startswith("Andrea's laptop's version 2, agreed ")
    differing = [view.table.item(r, 0).text() for r in range(view.table.rowCount())
                 if view.combo(view.table.item(r, 0).data(Qt.ItemDataRole.UserRole)) is not None]
    assert differing == ["Purpose of the plan", "Goals", "Medicines"]
    goals = row_of(view, "goals")
    assert AT_HUB in view.table.item(goals, 1).text() and AT_HOME in view.table.item(goals, 2).text()
    assert view.table.item(row_of(view, "sharing"), TAKE_COLUMN).text() == "Same in both"
    assert view.table.item(goals, 1).background().color() != view.table.item(row_of(view, "sharing"), 1).background().color()
    # lists start as "both"; other sections follow the version the draft continues from
    assert (view.choice("goals"), view.choice("medicines"), view.choice("purpose")) == ("both", "both", "local")

    # continue from the hub's version; medicines from the laptop; goals from both; the hub's purpose
    choose(qtbot, view, "medicines", "Andrea's laptop's")
    qtbot.mouseClick(view.base_incoming, LEFT)
    assert view.choice("purpose") == "incoming"  # follows the base until chosen
    qtbot.mouseClick(view.base_local, LEFT)
    choose(qtbot, view, "purpose", "This computer's")
    screen.refresh()  # what the 30-second outbox check sets off: the choices stay
    assert (view.base(), view.choice("medicines"), view.choice("goals")) == ("local", "incoming", "both")
    qtbot.mouseClick(panel.merge_button, LEFT)
    qtbot.waitUntil(lambda: panel.conflicts == [])

    # told plainly: a draft, not agreed; to go through with Lorna
    shown = panel.outcome.text()
    assert panel.outcome.isVisible() and "version 3 of Lorna Baxter's plan" in shown
    assert "It is not agreed yet" in shown and "agree it" in shown and "version 2 stays the agreed plan" in shown

    # the vault: a draft growing from the hub's version 2, of the chosen sections; nothing agreed changed
    lorna = lorna_uuid(hub)
    assert sorted((v.number, v.status) for v in versions_of(hub, lorna)) == [
        (1, "superseded"), (2, "agreed"), (2, "superseded"), (3, "draft")]
    draft_uuid = next(v.uuid for v in versions_of(hub, lorna) if v.status == "draft")
    draft, hub_v2, laptop_v2 = (load_version(hub, u) for u in (draft_uuid, at_hub, on_laptop))
    assert draft.parent_uuid == at_hub and hub_v2.status == "agreed" and laptop_v2.status == "superseded"
    assert [g.text for g in draft.goals] == [g.text for g in hub_v2.goals] + [AT_HOME]
    assert draft.medicines == tuple(dataclasses.replace(m, uuid=d.uuid, carried_forward=True)
                                    for m, d in zip(laptop_v2.medicines, draft.medicines))
    assert draft.purpose == hub_v2.purpose
    [resolved] = list_conflicts(hub, open_only=False)
    assert resolved.choice == "merged"

    # the draft goes through the usual agree dialog in Lorna's plan
    plan = PlanScreen(context, lorna)
    qtbot.addWidget(plan)
    qtbot.waitUntil(lambda: plan.state is not None and plan.state.draft is not None)
    assert plan.state.draft.number == 3 and plan.state.agreed.version_uuid == at_hub and plan.agree_button.isEnabled()
    qtbot.mouseClick(plan.agree_button, LEFT)
    dialog = plan.dialogs[-1]
    assert isinstance(dialog, AgreeDialog)
    qtbot.waitUntil(lambda: dialog.changes is not None and dialog.changes.differences is not None)
    assert dialog.changes.title() == "What changed since version 2"
    assert AT_HOME in dialog.changes.label.text() and "Ramipril" in dialog.changes.label.text()
    if not dialog.agree_button.isEnabled():
        dialog.confirm_missing.click()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.agree_button, LEFT)
    statuses = {v.uuid: v.status for v in versions_of(hub, lorna)}
    assert statuses[draft_uuid] == "agreed" and statuses[at_hub] == statuses[on_laptop] == "superseded"


def test_no_choice_can_be_made_while_a_write_runs(qtbot) -> None:
    from careplan_desktop.ui.exchange.conflicts_panel import ConflictsPanel

    panel = ConflictsPanel()
    qtbot.addWidget(panel)
    buttons = (panel.keep_local_button, panel.keep_incoming_button, panel.merge_button)
    for button, on in zip(buttons, (True, True, False)):
        button.setEnabled(on)
    panel.set_busy(True)
    assert [b.isEnabled() for b in buttons] == [False, False, False]
    panel.set_busy(False)
    assert [b.isEnabled() for b in buttons] == [True, True, False]
