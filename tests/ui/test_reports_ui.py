"""The Reports area (issue 15, "It must show" point 3): on the vault with known numbers
(tests/services/report_vault.py), a nurse opens Reports, chooses the last quarter and type 2
diabetes, chooses "overdue at the end" under Reviews, and the list holds exactly the people
whose review was overdue: Finn Gray (due 15/05/2026, never reviewed) and Kit Lane (due
01/03/2026). Opening one of them is the normal audited view in the Register. Today is pinned."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, Patient

from tests.services.report_vault import NHS, TODAY, build_report_vault

LEFT = Qt.MouseButton.LeftButton


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Choose an item by keyboard, as a person would: focus the list and type the first letters."""
    combo.setFocus()
    index = combo.findText(text)
    assert index >= 0, text
    while combo.currentIndex() != index:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up)


def open_reports(qtbot, tmp_path, vault, vault_path, make_context, open_window):
    uuids = build_report_vault(vault, tmp_path)
    window = open_window(make_context(vault_path, vault, today=TODAY))
    items = window.navigation.findItems("Reports", Qt.MatchFlag.MatchExactly)
    assert items
    window.navigation.setCurrentItem(items[0])
    screen = window.current_screen()
    assert screen.objectName() == "reports_screen"
    qtbot.waitUntil(lambda: screen.report is not None and len(screen.views) == len(screen.report.figures),
                    timeout=10_000)
    return window, screen, uuids


def test_reviews_overdue_for_diabetes_last_quarter(qtbot, tmp_path, vault, vault_path, make_context, open_window):
    window, screen, uuids = open_reports(qtbot, tmp_path, vault, vault_path, make_context, open_window)
    assert screen.report.filters.period.label == "01/07/2025 to 30/06/2026"  # the default: the last 12 whole months
    choose(qtbot, screen.choices.period, "Last quarter")
    choose(qtbot, screen.choices.condition, "Type 2 diabetes")
    qtbot.waitUntil(lambda: screen.report is not None and screen.report.filters.condition == "diabetes-type-2"
                    and screen.report.filters.period.label == "01/04/2026 to 30/06/2026"
                    and len(screen.views) == len(screen.report.figures), timeout=10_000)
    assert "01/04/2026 to 30/06/2026 · people with Type 2 diabetes" in screen.status.text()

    if os.environ.get("CAREPLAN_SCREENSHOTS"):
        window.resize(1366, 768)
        qtbot.wait(50)
        screen.scroll.verticalScrollBar().setValue(0)
        window.grab().save(os.path.join(os.environ["CAREPLAN_SCREENSHOTS"], "reports-area.png"))
    view = screen.views["reviews_overdue"]
    table = view.table
    row = view.row_for("overdue at the end")
    assert table.item(row, 1).text() == "2"
    screen.scroll.ensureWidgetVisible(view)
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())
    qtbot.waitUntil(lambda: screen.people_table.rowCount() == 2, timeout=10_000)
    shown = [(screen.people_table.item(r, 0).text(), screen.people_table.item(r, 1).text())
             for r in range(screen.people_table.rowCount())]
    assert shown == [("Finn Gray", NHS[5]), ("Kit Lane", NHS[10])]
    assert screen.people_title.text() == "Reviews overdue (2)"
    if os.environ.get("CAREPLAN_SCREENSHOTS"):
        window.grab().save(os.path.join(os.environ["CAREPLAN_SCREENSHOTS"], "reports-people-behind-reviews-overdue.png"))

    # opening one of them is the Register's audited view of their record
    with vault.reader() as session:
        before = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    screen.people_table.setFocus()
    qtbot.keyClick(screen.people_table, Qt.Key.Key_Return)
    register = window.screen_for("register")
    qtbot.waitUntil(lambda: register.overview.person is not None and register.overview.person.uuid == uuids[6],
                    timeout=10_000)
    assert window.current_screen() is register
    with vault.reader() as session:
        viewed = session.execute(select(AuditEvent.action, Patient.uuid).join(Patient, Patient.id == AuditEvent.patient_id)
                                 .where(AuditEvent.id > before, AuditEvent.action == "viewed")).all()
    assert ("viewed", uuids[6]) in viewed


def test_two_dates_that_do_not_read_say_so(qtbot, tmp_path, vault, vault_path, make_context, open_window):
    _window, screen, _uuids = open_reports(qtbot, tmp_path, vault, vault_path, make_context, open_window)
    choose(qtbot, screen.choices.period, "Two dates")
    qtbot.keyClicks(screen.choices.date_from, "31/06/2026")
    qtbot.keyClicks(screen.choices.date_to, "30/06/2026")
    qtbot.keyClick(screen.choices.date_to, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.problem.isVisible())
    assert screen.report.filters.period.label == "01/07/2025 to 30/06/2026"  # still the last report shown
    assert screen.problem.text() and "Traceback" not in screen.problem.text()


def test_the_report_exports_from_the_screen(qtbot, tmp_path, vault, vault_path, make_context, open_window):
    _window, screen, _uuids = open_reports(qtbot, tmp_path, vault, vault_path, make_context, open_window)
    out = tmp_path / "out"
    out.mkdir()
    assert screen.suppress.isChecked()
    screen.export_to(out / "report.csv", as_pdf=False)
    qtbot.waitUntil(lambda: (out / "report.csv").exists() and "Saved" in screen.status.text(), timeout=10_000)
    rows = (out / "report.csv").read_text(encoding="utf-8-sig").splitlines()
    # small numbers hidden by default
    assert rows[0] == "figure,breakdown,count,denominator"
    assert not any(line.rsplit(",", 2)[1] in ("1", "2", "3", "4") for line in rows[1:])


def test_a_healthcare_assistant_is_told_reports_need_another_sign_in(qtbot, tmp_path, make_context, open_window):
    from careplan_desktop.store import Vault

    from tests.conftest import TEST_PASSPHRASE

    path = tmp_path / "hca" / "hca.vault"
    vault = Vault.create(path, TEST_PASSPHRASE, TEST_PASSPHRASE, user_name="Hana Assistant",
                         user_role="healthcare assistant", device_name="Test PC")
    window = open_window(make_context(path, vault, today=TODAY))
    screen = window.show_area("reports")
    qtbot.waitUntil(lambda: screen.problem.isVisible())
    assert screen.problem.text() == "Reports need an administrator's or a clinician's sign-in."
    assert not screen.choices.isEnabled() and screen.report is None and not screen.pdf_button.isEnabled()
