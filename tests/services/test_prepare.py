"""Issue 16 (prepare): booking both appointments, prompts for everyone, second invitations.

The clock is fixed: the demo vault is made on Monday 2 June 2025 and the month is June 2025
(no bank holiday in it). The demo practice's clinic is 8:30am to 6pm, Monday to Friday.
Expected values are worked out here by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.app import main
from careplan_desktop.domain.nhs_number import complete
from careplan_desktop.models import Appointment, LetterLog, Patient, Recall
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.letters import invitations, results_letters
from careplan_desktop.services.recall.birth_month import recall_cohort, set_recall_status
from careplan_desktop.services.recall.booking import book_appointments
from careplan_desktop.services.recall.clinic_hours import BookingProblem, parse_hours
from careplan_desktop.services.register.person import PersonForm, save_person
from careplan_desktop.store import Vault

from ..documents.pdf_text import page_texts

TODAY = dt.date(2025, 6, 2)
NURSE = "Nora Hughes, practice nurse"


def add_person(vault: Vault, serial: int, given: str, codes: list[str], **extra) -> str:
    form = PersonForm(nhs_number=complete(f"99940000{serial}"), given_name=given, family_name="Prepare",
                      date_of_birth=dt.date(1950, 6, 10 + serial), level_of_need=1,
                      conditions=[(code, None) for code in codes], **extra)
    outcome = save_person(vault, form, today=TODAY)
    assert outcome.saved, outcome
    return outcome.patient_uuid


@pytest.fixture
def june(tmp_path: Path, demo_vaults):
    vault = demo_vaults.open(tmp_path / "june.vault", DEMO_PASSPHRASE, patients=5, today=TODAY)
    people = {"dee": add_person(vault, 1, "Dee", ["depression"]),  # no condition of hers needs tests
              "dan": add_person(vault, 2, "Dan", ["diabetes-type-2"]),  # needs tests; none taken yet
              "pat": add_person(vault, 3, "Pat", ["hypertension"], interpreter_language="Polish")}
    yield vault, people
    vault.lock()


def appointments_of(vault: Vault, uuid: str) -> tuple[Appointment | None, Appointment | None]:
    with vault.reader() as session:
        recall = session.scalar(select(Recall).join(Patient).where(Patient.uuid == uuid, Recall.due_month == 6))
        return (session.get(Appointment, recall.appointment_id),
                session.get(Appointment, recall.tests_appointment_id) if recall.tests_appointment_id else None)


def test_depression_only_gets_the_prompts_only_letter_in_the_months_batch(june, tmp_path: Path) -> None:
    vault, people = june
    order = [people["dee"], people["dan"]]
    with vault.transaction() as session:  # she reads braille: the batch says it must be transcribed
        session.scalar(select(Patient).where(Patient.uuid == people["dee"])).braille = True
    book_appointments(vault, order, 2025, 6, dt.datetime(2025, 6, 23, 9, 0), with_whom=NURSE, tests=True,
                      today=TODAY)
    dee_review, dee_tests = appointments_of(vault, people["dee"])
    dan_review, dan_tests = appointments_of(vault, people["dan"])
    assert dee_tests is None  # depression alone: no tests appointment
    assert dee_review.starts_at == dt.datetime(2025, 6, 23, 9, 0)
    assert dan_review.starts_at == dt.datetime(2025, 6, 23, 9, 40)  # back to back
    assert dan_tests.starts_at == dt.datetime(2025, 6, 9, 8, 30)  # two weeks before, when the clinic opens
    assert (dan_tests.purpose, dan_tests.length_minutes, dan_tests.with_whom) == ("tests", 20, None)

    cohort = recall_cohort(vault, 2025, 6, today=dt.date(2025, 6, 16))
    assert set(order) <= {row.uuid for row in cohort.rows}
    batch = results_letters.prepare_letters(vault, [row.uuid for row in cohort.rows], today=dt.date(2025, 6, 16),
                                            month=(2025, 6))
    letters = {letter.patient_uuid: letter for letter in batch.letters}
    assert set(order) <= set(letters)  # nobody skipped for having no results
    assert {people["dee"], people["dan"]} <= {letter.patient_uuid for letter in batch.prompts_only}
    assert [letter.patient_uuid for letter in batch.braille] == [people["dee"]]
    assert letters[people["dee"]].data.appointment.starts_at == dt.datetime(2025, 6, 23, 9, 0)
    assert letters[people["dan"]].data.appointment.starts_at == dt.datetime(2025, 6, 23, 9, 40)  # never the tests
    out = tmp_path / "letters.pdf"
    made = results_letters.make_letters(vault, results_letters.LetterBatch((letters[people["dee"]],), (), batch.since),
                                        results_letters.practice_details(vault), out)
    assert made == 1
    text = " ".join(page_texts(out))
    assert "Before your appointment" in text and "What matters most to you?" in text  # the prompts
    assert "There are no new test results to send you this time." in text
    assert "Your results" not in text and "This time:" not in text
    assert "Monday 23 June 2025" in text


def test_did_not_attend_leads_to_the_second_invitation(june, tmp_path: Path) -> None:
    vault, people = june
    pat, dan = people["pat"], people["dan"]
    book_appointments(vault, [pat, dan], 2025, 6, dt.datetime(2025, 6, 23, 9, 0), with_whom=NURSE, tests=True,
                      today=TODAY)
    set_recall_status(vault, pat, 2025, 6, "did_not_attend", on=dt.date(2025, 6, 23))
    rows = {row.uuid: row for row in recall_cohort(vault, 2025, 6, today=dt.date(2025, 6, 23)).rows}
    assert rows[pat].needs_second_invitation and not rows[dan].needs_second_invitation

    batch = invitations.prepare_invitations(vault, [pat, dan], 2025, 6, today=dt.date(2025, 6, 24), second=True)
    assert [letter.patient_uuid for letter in batch.letters] == [pat]
    assert [(s.patient_uuid, s.reason) for s in batch.skipped] == [(dan, "did not miss an appointment this month")]
    out = tmp_path / "second.pdf"
    assert invitations.make_invitations(vault, batch, results_letters.practice_details(vault), out) == 1
    text = " ".join(page_texts(out))
    assert "We are sorry we missed you" in text and "Monday 23 June 2025" in text
    assert "Please call us on" in text and "to choose a new time" in text
    rows = {row.uuid: row for row in recall_cohort(vault, 2025, 6, today=dt.date(2025, 6, 24)).rows}
    assert rows[pat].second_invitation_on == dt.date(2025, 6, 24) and not rows[pat].needs_second_invitation
    with vault.reader() as session:
        assert session.scalars(select(LetterLog.kind).join(Patient).where(Patient.uuid == pat)).all() == [
            "second_invitation"]


def test_times_given_exactly_outside_clinic_hours_clashing_or_tests_too_close_are_refused(june) -> None:
    vault, people = june
    pat, dan = people["pat"], people["dan"]
    book_appointments(vault, [pat], 2025, 6, [dt.datetime(2025, 6, 23, 10, 0)], with_whom=NURSE, today=TODAY)
    review, _ = appointments_of(vault, pat)
    assert review.length_minutes == 60  # an interpreter: 20 minutes more, 10:00 to 11:00
    assert "Interpreter (Polish): not arranged yet" in review.needs_note
    problems = [
        ([dt.datetime(2025, 6, 23, 10, 30)], None, "already booked"),  # inside 10:00-11:00
        ([dt.datetime(2025, 6, 23, 17, 40)], None, "outside the clinic's hours"),  # would end 18:20
        ([dt.datetime(2025, 6, 21, 10, 0)], None, "outside the clinic's hours"),  # a Saturday
        ([dt.datetime(2025, 6, 23, 11, 0)], [dt.datetime(2025, 6, 18, 9, 0)], "one to two weeks before"),  # 5 days
    ]
    for times, tests_at, words in problems:
        with pytest.raises(BookingProblem, match=words):
            book_appointments(vault, [dan], 2025, 6, times, with_whom=NURSE.upper(), tests=True,
                              tests_at=tests_at or [None], today=TODAY)
    assert appointments_of(vault, pat)[0].status == "booked"
    with vault.reader() as session:
        assert session.scalar(select(Recall.appointment_id).join(Patient).where(Patient.uuid == dan)) is None
    book_appointments(vault, [dan], 2025, 6, [dt.datetime(2025, 6, 23, 11, 0)], with_whom=NURSE, tests=True,
                      tests_at=[dt.datetime(2025, 6, 12, 17, 40)], today=TODAY)  # 11 days before, ends 18:00
    assert appointments_of(vault, dan)[1].starts_at == dt.datetime(2025, 6, 12, 17, 40)


def test_an_invitation_claims_help_only_as_recorded_and_braille_is_listed_for_transcription(
        june, tmp_path: Path) -> None:
    vault, people = june
    pat, dan, dee = people["pat"], people["dan"], people["dee"]
    with vault.transaction() as session:
        session.scalar(select(Patient).where(Patient.uuid == dee)).braille = True
    book_appointments(vault, [pat, dee], 2025, 6, dt.datetime(2025, 6, 23, 9, 0), with_whom=NURSE, tests=True,
                      today=TODAY)  # nothing ticked as arranged for Pat's interpreter
    book_appointments(vault, [dan], 2025, 6, dt.datetime(2025, 6, 24, 9, 0), with_whom=NURSE, today=TODAY)
    batch = invitations.prepare_invitations(vault, [pat, dan, dee], 2025, 6, today=TODAY)
    assert [letter.patient_uuid for letter in batch.letters] == [pat, dee]
    assert [(s.patient_uuid, s.reason) for s in batch.skipped] == [(dan, "needs tests: no tests appointment booked")]
    checks = {(c.name, c.what) for c in batch.to_check}
    assert checks == {("Pat Prepare", "an interpreter (Polish): not arranged; the letter tells them how to ask"),
                      ("Dee Prepare", "braille: this letter must be transcribed into braille (the app cannot print "
                                      "braille)")}
    out = tmp_path / "invitations.pdf"
    invitations.make_invitations(vault, batch, results_letters.practice_details(vault), out)
    text = " ".join(page_texts(out))
    assert "If you would like an interpreter who speaks Polish, please call us on" in text
    assert "We have booked" not in text


def test_clinic_hours_as_practices_type_them() -> None:
    assert parse_hours("8:30am to 6pm") == (dt.time(8, 30), dt.time(18, 0))
    assert parse_hours("9-17") == (dt.time(9), dt.time(17))
    assert parse_hours("09:00 - 12:30") == (dt.time(9), dt.time(12, 30))
    assert parse_hours("closed") is None and parse_hours("6pm to 8am") is None


def test_the_headless_book_and_invitations_commands(june, tmp_path: Path, capsys, monkeypatch) -> None:
    vault, people = june
    with vault.reader() as session:
        numbers = dict(session.execute(select(Patient.uuid, Patient.nhs_number)).all())
    vault.lock()
    monkeypatch.setenv("CAREPLAN_PASSPHRASE", DEMO_PASSPHRASE)
    monkeypatch.setattr("careplan_desktop.cli.booking._today", lambda: TODAY)
    path = str(vault.path)
    dan, dee = numbers[people["dan"]], numbers[people["dee"]]
    assert main(["book", "--vault", path, "--nhs-number", dan, "--review", "2025-06-24T14:00",
                 "--with", NURSE, "--tests", "2025-06-13T10:00"]) == 0
    printed = capsys.readouterr().out
    assert "care planning: Tue 24/06/2025 14:00, 40 minutes, with Nora Hughes, practice nurse (surgery)" in printed
    assert "tests and checks: Fri 13/06/2025 10:00, 20 minutes, with the healthcare assistant (surgery)" in printed
    assert main(["book", "--vault", path, "--nhs-number", dee, "--review", "2025-06-24T14:20", "--with", NURSE]) == 2
    assert "Nora Hughes, practice nurse is already booked from Tue 24/06/2025 14:00 to 14:40" in capsys.readouterr().err
    assert main(["book", "--vault", path, "--nhs-number", dee, "--review", "2025-06-24T14:40", "--with", NURSE,
                 "--home-visit"]) == 0
    assert "no tests appointment: their conditions need no tests" in capsys.readouterr().out
    assert main(["book", "--vault", path, "--nhs-number", dee, "--review", "24/06/2025"]) == 2
    assert "--review must be a day and time" in capsys.readouterr().err

    out = tmp_path / "invitations.pdf"
    assert main(["invitations", "--vault", path, "--month", "2025-06", "--people", f"{dan},{dee},"
                 f"{numbers[people['pat']]}", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Made 2 invitation letters" in printed
    assert "Skipped 1:" in printed and "Pat Prepare: no care planning appointment booked" in printed
    assert "Pat Prepare: an interpreter" not in printed  # skipped: nothing to check for her
    pages = page_texts(out)
    assert len([p for p in pages if "Page 1 of" in p]) == 2
    text = " ".join(pages)
    assert "Friday 13 June 2025" in text and "Tuesday 24 June 2025" in text and "What we will check" in text
    assert "You do not need any tests or checks before this appointment." in text  # Dee
    assert "at your home" in text  # Dee's home visit


def test_easy_read_invitations_say_it_simply(june, tmp_path: Path) -> None:
    vault, people = june
    dan, dee = people["dan"], people["dee"]
    with vault.transaction() as session:
        for person in session.scalars(select(Patient).where(Patient.uuid.in_([dan, dee]))):
            person.easy_read = True
    book_appointments(vault, [dan, dee], 2025, 6, dt.datetime(2025, 6, 23, 9, 0), with_whom=NURSE, tests=True,
                      today=TODAY)
    batch = invitations.prepare_invitations(vault, [dan, dee], 2025, 6, today=TODAY)
    out = tmp_path / "easy.pdf"
    assert invitations.make_invitations(vault, batch, results_letters.practice_details(vault), out) == 2
    text = " ".join(page_texts(out))
    assert "First: your tests" in text and "We will check:" in text  # Dan: diabetes needs tests
    assert "You do not need any tests this time." in text  # Dee: depression alone
    set_recall_status(vault, dee, 2025, 6, "did_not_attend", on=dt.date(2025, 6, 23))
    second = invitations.prepare_invitations(vault, [dee], 2025, 6, today=dt.date(2025, 6, 24), second=True)
    out = tmp_path / "easy-second.pdf"
    invitations.make_invitations(vault, second, results_letters.practice_details(vault), out)
    text = " ".join(page_texts(out))
    assert "We missed you" in text and "We did not see you." in text
