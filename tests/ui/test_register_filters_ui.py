"""The register's filter bar on the demo vault: the people shown are those the vault says match."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from careplan_desktop.models import Condition, Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store import Vault

from .helpers import wait_for_register


def shown_uuids(register) -> set[str]:
    return {register.model.row_at(r).uuid for r in range(register.model.rowCount())}


def choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_filters_narrow_the_register_and_apply_on_top_of_the_search(
        qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    context = make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE))
    window = open_window(context)
    wait_for_register(qtbot, window)
    register = window.screen_for("register")
    entry = register.entry
    everyone = register.model.total_count
    with context.vault.reader() as session:
        copd = set(session.scalars(select(Patient.uuid).join(Condition).where(Condition.code == "copd")))
        copd_level_2 = set(session.scalars(select(Patient.uuid).join(Condition).where(
            Condition.code == "copd", Patient.level_of_need == 2)))
        jack = session.scalar(select(Patient.uuid).where(Patient.given_name == "Jack"))
        # made-up people called Jackson may have COPD at level 2 too
        named_jack = {p.uuid for p in session.scalars(select(Patient))
                      if "jack" in f"{p.given_name} {p.family_name} {p.preferred_name or ''}".lower()}
    assert copd and jack in copd_level_2  # Jack: COPD, level 2

    assert not entry.filters.isVisible()
    qtbot.mouseClick(entry.filters_button, Qt.MouseButton.LeftButton)
    assert entry.filters.isVisible()
    choose(entry.filters.combos["condition"], "copd")
    qtbot.waitUntil(lambda: shown_uuids(register) == copd, timeout=10_000)
    assert entry.filters.note.text() == f"{len(copd)} of {everyone} people match the filters."
    assert entry.filters_button.text() == "Filters (1 on)"

    choose(entry.filters.combos["level"], 2)
    assert shown_uuids(register) == copd_level_2
    qtbot.keyClicks(register.search, "jack")  # the search works within the filtered people
    assert shown_uuids(register) == copd_level_2 & named_jack and jack in named_jack

    register.search.clear()
    qtbot.mouseClick(entry.filters.clear_button, Qt.MouseButton.LeftButton)
    assert register.model.rowCount() == everyone and entry.filters_button.text() == "Filters"
