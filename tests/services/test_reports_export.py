"""The report for commissioners (issue 15 section 2): the CSV holds the rows the screen shows;
with small numbers hidden no count from 1 to 4 is in it and the denominators are rounded; no
name, NHS number or date of birth of anyone is in the PDF or the CSV (pypdf and a byte scan);
each export is audited; the headless command writes both."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from careplan_desktop.app import main
from careplan_desktop.documents.letter_data import PracticeDetails
from careplan_desktop.models import AuditEvent
from careplan_desktop.services.reports.export import export_report, report_csv, table_rows
from careplan_desktop.services.reports.figures import ReportFilters, compute_report
from careplan_desktop.services.reports.period import last_quarter, month

from tests.conftest import TEST_PASSPHRASE
from tests.documents.pdf_text import page_texts
from tests.services.report_vault import BIRTHS, NHS, PEOPLE, TODAY, build_report_vault

PRACTICE = PracticeDetails("Riverside Surgery", ("1 River Road", "Hexham NE46 1AA"), "01434 600000")


@pytest.fixture
def report(vault, tmp_path):
    build_report_vault(vault, tmp_path)
    return vault, compute_report(vault, ReportFilters(last_quarter(TODAY)), today=TODAY)


def identifiers() -> list[bytes]:
    """Every way a person of the test vault could be named: names, NHS numbers, dates of birth."""
    out: list[str] = []
    for (given, family, _conditions, _level), nhs, born in zip(PEOPLE, NHS, BIRTHS):
        out += [given + " " + family, family, nhs, f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}", born.strftime("%d/%m/%Y"),
                born.isoformat()]
    out += ["Bob Allen", "Sue Dunn", "Val Ives"]  # carers
    return [text.encode() for text in out]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_holds_the_rows_the_screen_shows(report):
    _vault, made = report
    rows = csv_rows(report_csv(made, suppress=False))
    shown = [(f.key, row.breakdown, str(row.count), "" if row.denominator is None else str(row.denominator))
             for f in made.figures for row in f.rows]
    assert [(r["figure"], r["breakdown"], r["count"], r["denominator"]) for r in rows][:-1] == shown
    assert rows[-1] == {"figure": "letter_to_plan_days", "breakdown": "median days", "count": "14", "denominator": "3"}
    assert {"figure": "reviews_overdue", "breakdown": "overdue at the end", "count": "3", "denominator": "7"} in rows


def test_small_numbers_hidden_in_the_csv(report):
    _vault, made = report
    rows = csv_rows(report_csv(made, suppress=True))
    assert not [r for r in rows if r["count"] in ("1", "2", "3", "4") or r["denominator"] in ("1", "2", "3", "4")]
    by_row = {(r["figure"], r["breakdown"]): (r["count"], r["denominator"]) for r in rows}
    assert by_row["offer", "accepted"] == ("7", "10")  # 7 of 10 on the register: 7 shown, 10 a multiple of 5
    assert by_row["offer", "declined"] == ("<5", "10")
    assert by_row["register", "on the register"] == ("10", "")
    assert by_row["plans_agreed", "first plans"] == ("<5", "")
    assert by_row["quality_missing_elements", "actions"] == ("<5", "<5")  # of 4 plans agreed: small too
    assert by_row["letter_to_plan_days", "median days"] == ("", "<5")  # over 3 plans: hidden


def test_no_one_is_named_in_either_file(report, tmp_path):
    vault, made = report
    pdf = export_report(vault, made, tmp_path / "report.pdf", as_pdf=True, suppress=True, practice=PRACTICE)
    plain_csv = export_report(vault, made, tmp_path / "report.csv", as_pdf=False, suppress=False)
    text = "\n".join(page_texts(pdf)).encode()
    for data in (pdf.read_bytes(), text, plain_csv.read_bytes()):
        found = [name for name in identifiers() if name in data]
        assert not found
    assert b"Riverside Surgery" in text and b"01/04/2026 to 30/06/2026" in text
    with vault.reader() as session:
        events = session.execute(select(AuditEvent.action, AuditEvent.details).where(
            AuditEvent.action == "report exported").order_by(AuditEvent.id)).all()
    assert [(d["format"], d["small_numbers_hidden"], d["from"], d["to"]) for _a, d in events] == [
        ("pdf", True, "2026-04-01", "2026-06-30"), ("csv", False, "2026-04-01", "2026-06-30")]


def test_a_figure_with_nothing_to_count_still_makes_the_pdf(report, tmp_path):
    vault, _made = report
    empty = compute_report(vault, ReportFilters(month(2020, 1)), today=TODAY)  # before anyone joined
    assert not empty.figure("services").rows  # a figure with no rows at all, not even a 0
    pdf = export_report(vault, empty, tmp_path / "empty.pdf", as_pdf=True, suppress=True, practice=PRACTICE)
    whole = " ".join(page_texts(pdf))
    assert "Nothing to count in this period." in whole
    for figure in empty.figures:
        assert figure.title in whole


def test_the_pdf_has_every_figure_and_a_quality_page(report, tmp_path):
    vault, made = report
    pdf = export_report(vault, made, tmp_path / "report.pdf", as_pdf=True, suppress=True, practice=PRACTICE)
    pages = page_texts(pdf)
    whole = " ".join(pages)
    for figure in made.figures:
        assert figure.title in whole
    quality = [n for n, page in enumerate(pages) if page.startswith("Quality of care planning")]
    assert quality and "Plans with all nine key elements" in pages[quality[0]]
    assert "declined <5 10" in whole and "accepted 7 10" in whole
    assert "About 10 people were on the long-term-condition register on 30/06/2026." in whole  # rounded: a total
    assert "About 5 people on the register had an agreed care plan on 30/06/2026." in whole  # 7, rounded
    assert "Fewer than 5 people were given an information prescription during the period." in whole
    rows = table_rows(made, True)
    assert all(row.count != str(n) for row in rows for n in range(1, 5))


def test_the_report_command_writes_both_files(vault, vault_path, tmp_path, monkeypatch, capsys):
    build_report_vault(vault, tmp_path)
    vault.lock()
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", TEST_PASSPHRASE)
    out_csv, out_pdf = tmp_path / "q2.csv", tmp_path / "q2.pdf"
    assert main(["report", "--vault", str(vault_path), "--from", "2026-04-01", "--to", "2026-06-30",
                 "--condition", "diabetes-type-2", "--csv", str(out_csv), "--pdf", str(out_pdf),
                 "--suppress-small"]) == 0
    rows = {(r["figure"], r["breakdown"]): r["count"] for r in csv_rows(out_csv.read_bytes())}
    assert rows["register", "on the register"] == "5"  # 6 people with diabetes, rounded: others are shares of it
    assert rows["reviews_overdue", "overdue at the end"] == "<5"
    assert "Type 2 diabetes" in " ".join(page_texts(out_pdf))
    assert main(["report", "--vault", str(vault_path), "--from", "2026-04-01", "--to", "2026-06-30"]) == 0
    assert "reviews_overdue\toverdue at the end\t3\t7" in capsys.readouterr().out
    assert main(["report", "--vault", str(vault_path), "--from", "2026-06-30", "--to", "2026-04-01"]) == 2
    assert main(["report", "--vault", str(vault_path), "--from", "2026-04-01", "--to", "2026-06-30",
                 "--condition", "gout"]) == 2
