"""What the Exchange UI tests share: the Exchange screen of a window on one of the two vaults
(see the `two_vaults` fixture in conftest.py), and Lorna's plan purposes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from careplan_desktop.models import Patient, PlanVersion
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.store import Vault
from careplan_desktop.ui.exchange.screen import ExchangeScreen
from careplan_desktop.ui.workers import SynchronousPool

PURPOSE = "Stay well at home through the winter; travelled from the laptop."


def exchange_screen(qtbot, open_window, make_context, path: Path, vault: Vault) -> ExchangeScreen:
    window = open_window(make_context(path, vault, pool=SynchronousPool()))
    screen = window.show_area("exchange")
    qtbot.waitUntil(lambda: screen.overview is not None)
    return screen


def lorna(session) -> Patient:
    return session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS))


def lorna_purposes(vault: Vault) -> list[str]:
    with vault.reader() as session:
        return [v.purpose for v in session.scalars(
            select(PlanVersion).where(PlanVersion.patient_id == lorna(session).id).order_by(PlanVersion.number))]
