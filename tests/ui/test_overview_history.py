"""The overview shows the plan's history, read with the overview off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from careplan_desktop.models import Patient, PlanVersion
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS
from careplan_desktop.store import Vault

from .helpers import enter, wait_for_register


def agreed_on(vault: Vault, nhs_number: str) -> str:
    with vault.reader() as session:
        version = session.scalar(select(PlanVersion).join(Patient, Patient.id == PlanVersion.patient_id)
                                 .where(Patient.nhs_number == nhs_number, PlanVersion.status == "agreed"))
        return version.agreed_at.strftime("%d/%m/%Y")


def open_in_register(qtbot, window, search: str) -> None:
    register = window.screen_for("register")
    register.search.clear()
    qtbot.keyClicks(register.search, search)
    enter(register.search)
    qtbot.waitUntil(lambda: register.overview.person is not None
                    and register.overview.person.nhs_number == search.replace(" ", ""), timeout=10_000)


def test_the_overview_shows_the_plan_history(qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    vault = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    window = open_window(make_context(demo_vault_path, vault))
    wait_for_register(qtbot, window)
    overview = window.screen_for("register").overview

    open_in_register(qtbot, window, "999 000 0018")  # Lorna: version 1 agreed in the demo
    agreed = [label.text() for label in overview.findChildren(QLabel, "timeline_agreed")]
    assert len(agreed) == 1 and agreed[0].startswith(agreed_on(vault, LORNA_NHS))
    assert "Plan history" in overview.shown_text()

    open_in_register(qtbot, window, "999 000 0026")  # Jack: a draft only, nothing agreed
    assert overview.person.nhs_number == JACK_NHS
    assert overview.findChildren(QLabel, "timeline_agreed") == []
    assert "No plan agreed yet" in overview.shown_text()
