"""Keeping the local directory of services: opened from the consultation, imported from CSV,
added to and edited by typing, and a service no longer offered leaves the picker."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.directory.entries import list_directory, sample_directory_path
from careplan_desktop.store import Vault
from careplan_desktop.ui.directory import dialog as directory_dialog

from .consultation_child import click, go_to_section, open_consultation, press, type_text

SAMPLE_ROWS = 18


@pytest.fixture
def screen(qtbot, demo_vault_path: Path, make_context, open_window):
    window = open_window(make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)))
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    if screen.draft is None:
        click(screen.ui.start.blank)
        qtbot.waitUntil(lambda: screen.draft is not None, timeout=10_000)
    return screen


def picker_names(screen) -> list[str]:
    model = screen.pages["support"].picker.model
    return [model.item(row).text() for row in range(model.rowCount())]


def open_dialog(qtbot, screen):
    go_to_section(screen, "What I will do and support")
    click(screen.pages["support"].manage)
    dialog = screen.directory_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_import_add_edit_and_retire_services(qtbot, screen, tmp_path: Path, monkeypatch) -> None:
    vault = screen.context.vault
    assert picker_names(screen) == []
    dialog = open_dialog(qtbot, screen)
    assert dialog.ui.table.rowCount() == 0

    monkeypatch.setattr(directory_dialog, "choose_csv_file", lambda parent: str(sample_directory_path()))
    click(dialog.ui.import_csv)
    qtbot.waitUntil(lambda: dialog.ui.table.rowCount() == SAMPLE_ROWS, timeout=10_000)
    assert dialog.ui.report.text() == f"Imported: {SAMPLE_ROWS} added, 0 updated, 0 unchanged."
    qtbot.waitUntil(lambda: len(picker_names(screen)) == SAMPLE_ROWS, timeout=10_000)

    # find as you type
    click(dialog.ui.search)
    type_text("walk")
    assert dialog.ui.table.rowCount() == 1
    assert dialog.ui.table.item(0, 0).text() == "Walking for Health: Green Lanes walks"
    dialog.ui.search.clear()

    # a new service, typed
    click(dialog.ui.new)
    assert dialog.ui.name.hasFocus()
    type_text("Ashby Green Knit and Natter")
    press(Qt.Key.Key_Tab)
    type_text("peer support")
    press(Qt.Key.Key_Tab)
    type_text("Knitting, tea and a chat")
    press(Qt.Key.Key_Tab)
    type_text("01632 960 299")
    press(Qt.Key.Key_Tab)
    type_text("Wednesdays, 2pm to 4pm")
    click(dialog.ui.save)
    qtbot.waitUntil(lambda: any(e.name == "Ashby Green Knit and Natter" for e in list_directory(vault)), timeout=10_000)
    knit = next(e for e in list_directory(vault) if e.name == "Ashby Green Knit and Natter")
    assert (knit.kind, knit.offers, knit.contact, knit.hours) == (
        "peer support", "Knitting, tea and a chat", "01632 960 299", "Wednesdays, 2pm to 4pm")
    qtbot.waitUntil(lambda: "Ashby Green Knit and Natter  (peer support)" in picker_names(screen), timeout=10_000)

    # the same service twice is refused with the service's message
    click(dialog.ui.new)
    type_text("ashby green knit and natter")
    press(Qt.Key.Key_Tab)
    type_text("Peer support")
    click(dialog.ui.save)
    qtbot.waitUntil(dialog.ui.problem.isVisible, timeout=10_000)
    assert dialog.ui.problem.text().startswith("This service is already in the directory.")

    # edit one: pick it in the table, change the hours
    row = next(r for r in range(dialog.ui.table.rowCount()) if dialog.ui.table.item(r, 0).text() == "Memory Café")
    click(dialog.ui.table.viewport(), dialog.ui.table.visualItemRect(dialog.ui.table.item(row, 0)).center())
    assert dialog.ui.name.text() == "Memory Café"
    dialog.ui.hours.selectAll()
    click(dialog.ui.hours)
    dialog.ui.hours.selectAll()
    type_text("Last Friday of the month, 10am to noon")
    click(dialog.ui.save)
    qtbot.waitUntil(lambda: next(e for e in list_directory(vault) if e.name == "Memory Café").hours
                    == "Last Friday of the month, 10am to noon", timeout=10_000)

    # no longer offered: it leaves the picker, and stays in the vault
    click(dialog.ui.active)
    qtbot.waitUntil(lambda: all(e.name != "Memory Café" for e in list_directory(vault)), timeout=10_000)
    assert any(e.name == "Memory Café" and not e.active for e in list_directory(vault, include_inactive=True))
    qtbot.waitUntil(lambda: not any(name.startswith("Memory Café") for name in picker_names(screen)), timeout=10_000)

    # a file with a bad row: the rest comes in, the row is named
    bad = tmp_path / "more.csv"
    bad.write_text("name,kind,offers\nChair yoga,exercise,Gentle yoga sitting down\n,exercise,No name\n",
                   encoding="utf-8")
    dialog.import_file(bad)
    qtbot.waitUntil(lambda: dialog.ui.report.text().startswith("Imported: 1 added"), timeout=10_000)
    assert "Row 3: The name or the kind of service is missing." in dialog.ui.report.text()
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("title,type\nA,B\n", encoding="utf-8")
    dialog.import_file(wrong)
    qtbot.waitUntil(lambda: dialog.ui.report.text().startswith("Nothing was imported."), timeout=10_000)

    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.directory_dialog is None)
