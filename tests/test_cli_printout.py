"""`careplan-desktop printout`: Lorna's yellow-folder printout made headless, read back with pypdf.

`expected_printout` and `check_printout` are also used by the GUI test (tests/ui), so the PDF
saved from the dialog and the one from the command are held to the same checks."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.app import main
from careplan_desktop.models import AuditEvent, Patient, Result
from careplan_desktop.services.planning import agreement as plan_agreement
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, DEMO_PRACTICE
from careplan_desktop.services.demo.case_studies import JACK_NHS, JAMES_NHS, LORNA_NHS
from careplan_desktop.services.planning.agreement import agree_plan, versions_of
from careplan_desktop.services.planning.versions import load_version, start_draft
from careplan_desktop.services.register.listing import open_person
from careplan_desktop.store import Vault

from .documents.pdf_text import bundled_wording, flat, page_texts, plain, reader, text_spans

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
def lorna_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_vaults):
    path = tmp_path / "vault" / "demo.vault"
    vault = demo_vaults.open(path, DEMO_PASSPHRASE, patients=3)
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


# ---- what the printout says is true -------------------------------------------------------------

TODAY = dt.date(2026, 3, 2)  # the demo's today: Lorna's version 1 was agreed 85 days before, on 7 Dec 2025
AGREED = dt.date(2025, 12, 7)
WORDS = bundled_wording("yellow_folder")["standard"]
PRACTICE_PHONE = DEMO_PRACTICE.phone  # the practice's number, as the letters print it


@pytest.fixture
def pinned_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_vaults) -> Path:
    path = tmp_path / "vault" / "pinned.vault"
    demo_vaults.copy(path, DEMO_PASSPHRASE, patients=0, today=TODAY)
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", DEMO_PASSPHRASE)
    return path


def day(when: dt.date) -> str:
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def uuid_of(vault: Vault, nhs_number: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == nhs_number))


def printout(path: Path, out: Path, nhs_number: str, *extra: str) -> list[str]:
    assert main(["printout", "--vault", str(path), "--nhs-number", nhs_number, "--normal-print", *extra,
                 "--out", str(out)]) == 0
    return page_texts(out)


def test_lornas_agreed_version_1_holds_no_result_taken_after_it_was_agreed(pinned_vault: Path, tmp_path: Path):
    vault = Vault.unlock(pinned_vault, DEMO_PASSPHRASE)
    try:
        with vault.transaction() as session:
            lorna_id = session.scalar(select(Patient.id).where(Patient.nhs_number == LORNA_NHS))
            session.add(Result(patient_id=lorna_id, code="hba1c", value_text="87", value=87, unit="mmol/mol",
                               taken_on=AGREED + dt.timedelta(days=1)))
    finally:
        vault.lock()
    # the demo's own results: HbA1c 62 (200 days before today, so before agreeing) and 58 (12 days before)
    text = " ".join(printout(pinned_vault, tmp_path / "current.pdf", LORNA_NHS))
    talked_about, since = text.split(WORDS["latest_results"]["heading"], 1)
    assert "Version 1, agreed on 7 December 2025" in talked_about
    assert f"This time: 62 mmol/mol, on {day(TODAY - dt.timedelta(days=200))}" in talked_about
    assert "87 mmol/mol" not in talked_about and "58 mmol/mol" not in talked_about
    # the current plan may show them, only in their own part, dated from the agreement
    assert "after my plan was agreed on 7 December 2025" in since
    assert f"This time: 58 mmol/mol, on {day(TODAY - dt.timedelta(days=12))}" in since
    assert "Last time: 87 mmol/mol" in since

    vault = Vault.unlock(pinned_vault, DEMO_PASSPHRASE)
    try:  # once version 2 is agreed, version 1 is printed exactly as it stood
        draft = start_draft(vault, uuid_of(vault, LORNA_NHS), today=TODAY)
        assert agree_plan(vault, draft.version_uuid, agreed_by_person="Lorna Baxter",
                          agreed_by_clinician="Andrea Clarke", confirm_missing=True).agreed
    finally:
        vault.lock()
    text = " ".join(printout(pinned_vault, tmp_path / "version1.pdf", LORNA_NHS, "--plan-version", "1"))
    assert "Version 1, agreed on 7 December 2025" in text and "62 mmol/mol" in text
    for later in ("87 mmol/mol", "58 mmol/mol", "138/82", day(TODAY - dt.timedelta(days=12)),
                  WORDS["latest_results"]["heading"]):
        assert later not in text, later


def test_a_draft_printout_says_draft_on_every_page_and_never_agreed(pinned_vault: Path, tmp_path: Path):
    for size in ("--normal-print", "--large-print"):
        out = tmp_path / f"jack{size}.pdf"
        assert main(["printout", "--vault", str(pinned_vault), "--nhs-number", JACK_NHS, size, "--out", str(out)]) == 0
        pages = page_texts(out)
        assert len(pages) >= 4
        for number, page in enumerate(pages, start=1):
            assert "DRAFT" in page, number
            assert "agreed" not in page.lower(), number
    # a new draft of Lorna's agreed plan: it holds her HbA1c, whose catalogue target reads "or a level
    # agreed with you"; nothing says that this plan was agreed
    vault = Vault.unlock(pinned_vault, DEMO_PASSPHRASE)
    try:
        start_draft(vault, uuid_of(vault, LORNA_NHS), today=TODAY)
    finally:
        vault.lock()
    pages = printout(pinned_vault, tmp_path / "lorna-draft.pdf", LORNA_NHS, "--plan-version", "2")
    assert "58 mmol/mol" in " ".join(pages)  # a draft shows the latest results
    for number, page in enumerate(pages, start=1):
        assert "DRAFT" in page, number
        for claim in ("we agreed", "agreed on", "agreed to do", "plan was agreed"):
            assert claim not in page.lower(), (number, claim)


def test_james_when_i_am_unwell_page_is_not_empty(pinned_vault: Path, tmp_path: Path):
    pages = printout(pinned_vault, tmp_path / "james.pdf", JAMES_NHS)  # no contingency plan in his demo plan
    unwell = [page for page in pages if WORDS["unwell"]["heading"] in page]
    assert len(unwell) == 1
    assert flat(plain(WORDS["unwell"]["no_warning_signs"])) in unwell[0]
    assert PRACTICE_PHONE in unwell[0] and DEMO_PRACTICE.name in unwell[0]
    # his lead professional, Priya Nair, has no number of her own: she is shown with the practice's
    team = next(page for page in pages if WORDS["care_team"]["heading"] in page)
    lead = team.split(WORDS["care_team"]["lead"].format(name="Priya Nair"), 1)[1]
    assert lead.split("Dr Tom Reid")[0].count(PRACTICE_PHONE) == 1


def test_the_command_line_printout_is_audited(pinned_vault: Path, tmp_path: Path):
    printout(pinned_vault, tmp_path / "lorna.pdf", LORNA_NHS)
    assert main(["printout", "--vault", str(pinned_vault), "--nhs-number", LORNA_NHS, "--large-print",
                 "--out", str(tmp_path / "large.pdf")]) == 0
    vault = Vault.unlock(pinned_vault, DEMO_PASSPHRASE)
    try:
        version = [v for v in versions_of(vault, uuid_of(vault, LORNA_NHS))][-1]
        with vault.reader() as session:
            events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "printout saved")
                                          .order_by(AuditEvent.id)))
            lorna_id = session.scalar(select(Patient.id).where(Patient.nhs_number == LORNA_NHS))
    finally:
        vault.lock()
    assert [(e.entity, e.record_uuid, e.patient_id, e.details) for e in events] == [
        ("plan_version", version.uuid, lorna_id, {"version": 1, "status": "agreed", "print_size": "normal print"}),
        ("plan_version", version.uuid, lorna_id, {"version": 1, "status": "agreed", "print_size": "large print"}),
    ]
    assert all(e.user_uuid for e in events)  # who: the vault's user
    assert not any(word in str(e.details) for e in events for word in ("Lorna", "Baxter", LORNA_NHS, "pdf"))


@pytest.fixture
def london(monkeypatch: pytest.MonkeyPatch):
    """This computer's clock in the UK (British Summer Time in July)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_a_plan_agreed_at_half_past_midnight_in_summer_is_dated_that_day(pinned_vault: Path, tmp_path: Path,
                                                                        london, monkeypatch: pytest.MonkeyPatch):
    half_past_midnight_bst = dt.datetime(2027, 6, 30, 23, 30)  # as the vault stores it: naive UTC
    monkeypatch.setattr(plan_agreement, "utcnow", lambda: half_past_midnight_bst)
    vault = Vault.unlock(pinned_vault, DEMO_PASSPHRASE)
    try:
        jack = uuid_of(vault, JACK_NHS)
        draft = [v for v in versions_of(vault, jack) if v.status == "draft"][0]
        outcome = agree_plan(vault, draft.uuid, agreed_by_person="Jack Morrison", agreed_by_clinician="Kate Ellis",
                             confirm_missing=True)
        assert outcome.agreed
        # level 2: six months from 1 July 2027 is Saturday 1 January 2028, New Year's Day; Monday 3 January
        # is its substitute bank holiday, so the first working day is Tuesday 4 January
        assert outcome.next_review_date == dt.date(2028, 1, 4)
        assert "Version 1 agreed 01/07/2027" in open_person(vault, jack, today=TODAY, audit=False).plan_status
    finally:
        vault.lock()
    text = " ".join(printout(pinned_vault, tmp_path / "jack.pdf", JACK_NHS))
    assert "Version 1, agreed on 1 July 2027" in text and "30 June 2027" not in text
    assert "My next review is on Tuesday 4 January 2028" in text


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
