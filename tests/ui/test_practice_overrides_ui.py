"""A broken practice override (its own copy of a wording or reference file) is reported when the
main window opens, naming the file and what is wrong, and a printout needing it is refused with
that message: never made with words or targets silently missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from careplan_desktop.models import Patient, PlanVersion, VersionStatus
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.ui.plan.printout_dialog import PrintoutDialog
from careplan_desktop.ui.workers import SynchronousPool

from ..services.test_overrides import bundled, fresh_caches, override  # noqa: F401 (fresh_caches: autouse)


def without_greeting(data_dir: Path) -> Path:
    source = bundled("wording/results_letter.toml")
    assert 'greeting = "Dear {name},"\n' in source
    return override(data_dir, "wording/results_letter.toml", source.replace('greeting = "Dear {name},"\n', "", 1))


def broken_results(data_dir: Path) -> Path:
    return override(data_dir, "reference/results.json", '{"version": 1, "results": [')


def shown_messages(window) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_the_main_window_reports_broken_overrides_when_it_opens(qtbot, data_dir, vault_path, vault, make_context,
                                                                 open_window) -> None:
    letter, results = without_greeting(data_dir), broken_results(data_dir)
    window = open_window(make_context(vault_path, vault))
    qtbot.waitUntil(lambda: shown_messages(window) != [], timeout=5000)
    [message] = shown_messages(window)
    assert message.startswith("Some of your practice's own wording or reference files cannot be used:")
    assert f"The practice's wording file {letter} cannot be used: it has no key 'greeting' in [standard]" in message
    assert f"{results}: cannot be read" in message
    assert "Letters and printouts that need them will not be made until each file is corrected or removed" in message


def test_a_sound_override_is_not_reported(qtbot, data_dir, vault_path, vault, make_context, open_window) -> None:
    source = bundled("wording/results_letter.toml")
    override(data_dir, "wording/results_letter.toml", source.replace("Dear {name},", "Hello {name},", 1))
    window = open_window(make_context(vault_path, vault))
    assert window.report_broken_overrides() == [] and shown_messages(window) == []


@pytest.fixture
def lorna_printout(tmp_path: Path, make_context, demo_vaults):
    path = tmp_path / "demo" / "demo.vault"
    vault = demo_vaults.open(path, DEMO_PASSPHRASE, patients=3)
    context = make_context(path, vault, pool=SynchronousPool())
    with vault.reader() as session:
        version = session.scalar(select(PlanVersion.uuid).join(Patient).where(
            Patient.nhs_number == LORNA_NHS, PlanVersion.status == VersionStatus.AGREED.value))
    return context, version


@pytest.mark.parametrize("broken", ["reference", "wording"])
def test_the_printout_is_refused_naming_the_broken_file(qtbot, data_dir, lorna_printout, broken) -> None:
    context, version = lorna_printout
    if broken == "reference":
        path, words = broken_results(data_dir), "cannot be read"
    else:
        source = bundled("wording/yellow_folder.toml")
        path = override(data_dir, "wording/yellow_folder.toml", source.replace("[standard.unwell]", "[standard.unwel]", 1))
        words = "it has no key 'unwell."
    dialog = PrintoutDialog(context, version)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.problem.isVisible() and str(path) in dialog.problem.text() and words in dialog.problem.text()
    assert dialog.pdf is None and not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    dialog.close()
