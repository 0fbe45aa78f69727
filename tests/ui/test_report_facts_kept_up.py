"""The report's facts kept up to date while the app is used (ui/reports/keeping_up.py): a
little after a record changes, once nobody has typed for a while, the changed people's facts
are rebuilt on a worker, so the Reports area finds nothing to rebuild first; not while someone
types; and the main window starts it at unlock (the first build after the upgrade)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from careplan_desktop.domain.nhs_number import complete
from careplan_desktop.models import Patient
from careplan_desktop.ui.reports.keeping_up import FactsKeeper


def _stale(vault) -> set[int]:
    with vault.reader() as session:
        return set(session.scalars(text("SELECT patient_id FROM report_stale")))


def _a_person(vault) -> int:
    with vault.transaction() as session:
        person = Patient(nhs_number=complete("940000010"), given_name="Ada", family_name="Allen",
                         date_of_birth=dt.date(1950, 1, 2), birth_month=1, sex="female", level_of_need=2)
        session.add(person)
        session.flush()
        return person.id


def test_a_change_is_kept_up_with_once_the_app_is_quiet(qtbot, vault, vault_path, make_context):
    context = make_context(vault_path, vault)
    quiet = {"seconds": 0.0}  # someone is typing
    keeper = FactsKeeper(context, lambda: quiet["seconds"], after_ms=50)
    person = _a_person(vault)
    assert _stale(vault) == {person}  # the trigger marked them as the record was added

    fired = []
    keeper.timer.timeout.connect(lambda: fired.append(1))  # after the keeper's own look
    context.changes.notify("register")  # as every write tells the screens
    qtbot.waitUntil(lambda: len(fired) >= 2, timeout=5000)  # it looked twice: still typing, so nothing rebuilt
    assert _stale(vault) == {person} and not keeper.running

    quiet["seconds"] = 3600.0  # they stopped
    qtbot.waitUntil(lambda: not _stale(vault) and not keeper.running, timeout=5000)
    with vault.reader() as session:  # their facts: one row, saying what their record says
        assert session.execute(text("SELECT level_of_need FROM report_person WHERE patient_id = :p"),
                               {"p": person}).all() == [(2,)]


def test_the_main_window_keeps_up_from_unlock(qtbot, open_window, demo_vault_path, make_context):
    from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
    from careplan_desktop.store import Vault

    window = open_window(make_context(demo_vault_path, Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)))
    keeper = window.facts_keeper
    assert keeper.timer.isActive()  # started at unlock: the demo vault's people all wait to be built
    vault = window.context.vault
    assert _stale(vault)
    keeper.quiet_for = lambda: 3600.0
    keeper.timer.start(10)
    qtbot.waitUntil(lambda: not _stale(vault) and not keeper.running, timeout=20000)
