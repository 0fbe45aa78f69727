"""Results letters from the vault, read back from the PDF with pypdf; the batch over a demo month
against rules applied by hand to what the vault holds; the log, the recall status, reprints,
wording overrides and the headless command."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.models import Appointment, AuditEvent, LetterLog, Patient, Recall, RecallStatus, Result
from careplan_desktop.services.letters import results_letters as service
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault
from careplan_desktop.services.demo.case_studies import JACK_NHS, JAMES_NHS, LORNA_NHS
from careplan_desktop.services.recall.birth_month import recall_cohort, set_recall_status
from careplan_desktop.services.recall.booking import Arranged, book_appointments
from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.store import Vault

from ..documents.pdf_text import WORDING, bundled_wording, large_print_body, page_texts, plain, text_spans

TODAY = dt.date(2026, 11, 2)
LORNA_VISIT = dt.datetime(2026, 11, 16, 10, 30)


def long_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def spaced(nhs: str) -> str:
    return f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"


def uuid_of(vault: Vault, nhs: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == nhs))


def make(vault: Vault, uuids, out: Path, **kw) -> tuple[service.LetterBatch, bytes]:
    batch = service.prepare_letters(vault, uuids, today=TODAY, **kw)
    pdf = service.render_letters(batch.letters, service.practice_details(vault)) if batch.letters else b""
    if batch.letters:
        service.save_and_log(vault, batch.letters, pdf, out, sent_at=dt.datetime.combine(TODAY, dt.time(9)))
    return batch, pdf


@pytest.fixture
def demo(tmp_path: Path, demo_vaults):
    vault = demo_vaults.open(tmp_path / "demo.vault", DEMO_PASSPHRASE, patients=5, today=TODAY)
    book_appointments(vault, [uuid_of(vault, LORNA_NHS)], 2026, 11, LORNA_VISIT,
                      with_whom="Andrea Clarke, community matron")
    yield vault
    vault.lock()


def test_lornas_letter_holds_her_appointment_each_result_with_last_time_and_target_and_the_prompts(
        demo: Vault, tmp_path: Path) -> None:
    lorna = uuid_of(demo, LORNA_NHS)
    batch, pdf = make(demo, [lorna], tmp_path / "lorna.pdf")
    assert [letter.name for letter in batch.letters] == ["Lorna Baxter"] and batch.skipped == ()
    assert (tmp_path / "lorna.pdf").read_bytes() == pdf
    text = " ".join(page_texts(pdf))
    words = bundled_wording("results_letter")["standard"]
    assert "Lorna Baxter" in text and "14 Mill Lane" in text and "ZZ99 4LB" in text and spaced(LORNA_NHS) in text
    assert "Dear Lorna," in text and long_date(TODAY) in text
    assert "Monday 16 November 2026" in text and "10:30am" in text and "about 40 minutes" in text
    assert "Andrea Clarke (community matron)" in text
    assert plain(words["appointment"]["where"]["home_visit"]) in text  # she is housebound: a home visit
    reference = load_reference_data()
    with demo.reader() as session:
        rows = session.scalars(select(Result).join(Patient).where(Patient.nhs_number == LORNA_NHS)
                               .order_by(Result.taken_on, Result.id)).all()
    by_code: dict[str, list[Result]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    assert len(by_code) == 6
    for code, history in by_code.items():
        kind, latest = reference.result(code), history[-1]
        assert kind.plain_name[:1].upper() + kind.plain_name[1:] in text
        assert f"This time: {latest.value_text} {latest.unit}, on {long_date(latest.taken_on)}" in text
        if len(history) > 1:
            previous = history[-2]
            assert f"Last time: {previous.value_text} {previous.unit}, on {long_date(previous.taken_on)}" in text
        if kind.target:  # Lorna (born 14 March 1948) is 78: the target for people under 80
            assert f"The usual target: {kind.target.text_under_80 or kind.target.text}" in text
    assert "140/90 or below" in text and "150/90" not in text and "80 or over" not in text
    assert "Last time: 62 mmol/mol, on 16 April 2026" in text  # HbA1c 200 days before
    for item in words["prompts"]["items"]:
        assert item["title"] in text and item["hint"] in text
    assert "Please have this letter ready when Andrea Clarke (community matron) comes to see you." in text


def test_a_large_print_letter_is_at_least_16_point_in_the_pdf(demo: Vault, tmp_path: Path) -> None:
    _, pdf = make(demo, [uuid_of(demo, LORNA_NHS)], tmp_path / "lorna.pdf")  # Lorna needs large print
    footer = {"Lorna Baxter", f"NHS number: {spaced(LORNA_NHS)}"}
    assert len(large_print_body(pdf, footer)) > 50


def test_easy_read_and_an_interpreter_change_the_letter(demo: Vault, tmp_path: Path) -> None:
    jack = uuid_of(demo, JACK_NHS)
    with demo.transaction() as session:
        person = session.scalar(select(Patient).where(Patient.uuid == jack))
        person.easy_read, person.interpreter_language = True, "Polish"
    book_appointments(demo, [jack], 2026, 11, dt.datetime(2026, 11, 20, 14, 0), with_whom="Kate Ellis",
                      arranged={jack: Arranged(interpreter=True)})
    batch, pdf = make(demo, [jack], tmp_path / "jack.pdf")
    text = " ".join(page_texts(pdf))
    easy = bundled_wording("results_letter")["easy_read"]
    assert easy["greeting"].format(name="Jack") in text
    assert easy["appointment"]["interpreter"].format(language="Polish") in text
    assert "you smoke at the moment" in text  # a choice result in its plain words
    assert min(span.size for span in text_spans(pdf, 0)) < 16  # easy read is not large print
    assert batch.not_arranged == ()


def test_a_letter_claims_an_interpreter_only_when_one_is_recorded_for_the_appointment(
        demo: Vault, tmp_path: Path) -> None:
    """Jack needs a Polish interpreter. Booked without one arranged, his letter tells him how to
    ask and the batch lists him; rebooked with one arranged, the letter says it is booked."""
    jack = uuid_of(demo, JACK_NHS)
    with demo.transaction() as session:
        session.scalar(select(Patient).where(Patient.uuid == jack)).interpreter_language = "Polish"
    words = bundled_wording("results_letter")["standard"]["appointment"]
    booked = words["interpreter"].format(language="Polish")
    book_appointments(demo, [jack], 2026, 11, dt.datetime(2026, 11, 20, 14, 0))
    with demo.reader() as session:
        assert session.scalar(select(Appointment.interpreter_arranged).join(Patient)
                              .where(Patient.uuid == jack, Appointment.status == "booked")) is False
    batch, pdf = make(demo, [jack], tmp_path / "jack.pdf")
    text = " ".join(page_texts(pdf))
    assert booked not in text and "We have booked" not in text
    phone = service.practice_details(demo).phone
    assert words["interpreter_ask"].format(language="Polish", practice_phone=phone) in text
    assert [(p.name, p.what) for p in batch.not_arranged] == [("Jack Morrison", ("an interpreter (Polish)",))]

    book_appointments(demo, [jack], 2026, 11, dt.datetime(2026, 11, 23, 14, 0),
                      arranged={jack: Arranged(interpreter=True)})
    batch, pdf = make(demo, [jack], tmp_path / "jack-again.pdf")
    text = " ".join(page_texts(pdf))
    assert booked in text and "If you would like an interpreter" not in text
    assert batch.not_arranged == ()


def test_nothing_is_recorded_as_arranged_for_a_need_the_person_does_not_have(demo: Vault) -> None:
    lorna = uuid_of(demo, LORNA_NHS)  # no interpreter, BSL or companion needs
    book_appointments(demo, [lorna], 2026, 11, dt.datetime(2026, 11, 18, 9, 0),
                      arranged={lorna: Arranged(interpreter=True, bsl=True, companion=True)})
    with demo.reader() as session:
        row = session.execute(select(Appointment.interpreter_arranged, Appointment.bsl_arranged,
                                     Appointment.companion_arranged).join(Patient)
                              .where(Patient.uuid == lorna, Appointment.status == "booked")).one()
    assert tuple(row) == (None, None, None)


def test_the_target_fits_the_persons_age_on_the_letters_date(demo: Vault, tmp_path: Path) -> None:
    """Lorna's blood pressure target: 140/90 at 78; once she is 80 (born 14 March 1948, so from
    14 March 2028) the 80-and-over target of 150/90, and never both."""
    lorna = uuid_of(demo, LORNA_NHS)
    bp = next(r for r in load_reference_data().results if r.code == "blood_pressure")
    assert (bp.target.text_under_80, bp.target.text_80_and_over) == ("140/90 or below", "150/90 or below")
    for letter_date, shown, not_shown in ((dt.date(2028, 3, 13), "140/90 or below", "150/90"),
                                          (dt.date(2028, 3, 14), "150/90 or below", "140/90")):
        with demo.transaction() as session:  # her results and appointment moved to the letter's date
            person = session.scalar(select(Patient).where(Patient.uuid == lorna))
            for result in session.scalars(select(Result).where(Result.patient_id == person.id)):
                result.taken_on = letter_date - dt.timedelta(days=3)
        book_appointments(demo, [lorna], letter_date.year, letter_date.month,
                          dt.datetime.combine(letter_date + dt.timedelta(days=7), dt.time(10)))
        batch = service.prepare_letters(demo, [lorna], today=letter_date)
        text = " ".join(page_texts(service.render_letters(batch.letters, service.practice_details(demo))))
        assert f"The usual target: {shown}" in text and not_shown not in text and "80 or over" not in text


def test_changing_a_wording_file_changes_the_letter(demo: Vault, tmp_path: Path, data_dir: Path) -> None:
    source = (WORDING / "results_letter.toml").read_text(encoding="utf-8")
    old = 'within_target = "This is within the usual target."'
    assert old in source
    override = data_dir / "resources" / "wording" / "results_letter.toml"
    override.parent.mkdir(parents=True)
    override.write_text(source.replace(old, 'within_target = "Good news: this is where we hoped."', 1), encoding="utf-8")
    _, pdf = make(demo, [uuid_of(demo, LORNA_NHS)], tmp_path / "lorna.pdf")
    text = " ".join(page_texts(pdf))
    assert "Good news: this is where we hoped." in text and "This is within the usual target." not in text


def hand_rules(vault: Vault, uuids: list[str], since: dt.date) -> tuple[dict, dict]:
    """Who should get a letter (uuid: the uuids of the results it shows; none for a letter with
    the prompts only) and who is skipped (uuid: reason), worked out from the rows directly."""
    month_start, month_end = dt.datetime(2026, 11, 1), dt.datetime(2026, 12, 1)
    starts = max(month_start, dt.datetime.combine(TODAY, dt.time()))
    eligible, skipped = {}, {}
    with vault.reader() as session:
        for uuid in uuids:
            pid = session.scalar(select(Patient.id).where(Patient.uuid == uuid))
            booked = session.scalars(select(Appointment).where(
                Appointment.patient_id == pid, Appointment.status == "booked", Appointment.purpose == "review",
                Appointment.starts_at >= starts, Appointment.starts_at < month_end)).all()
            results = session.scalars(select(Result).where(Result.patient_id == pid)
                                      .order_by(Result.taken_on, Result.id)).all()
            recent_codes = {r.code for r in results if since <= r.taken_on <= TODAY}
            if not booked:
                skipped[uuid] = "no appointment booked"
            else:  # no recent results: the letter with the prompts only (issue 16), no result shown
                shown = set()
                for code in recent_codes:
                    history = [r for r in results if r.code == code]
                    shown |= {r.uuid for r in history[-2:]}
                eligible[uuid] = shown
    return eligible, skipped


def test_a_demo_month_gives_one_letter_per_eligible_person_lists_the_skipped_and_logs_each(tmp_path: Path) -> None:
    vault = create_demo_vault(tmp_path / "month.vault", DEMO_PASSPHRASE, patients=200, today=TODAY)
    try:
        lorna, jack, james = (uuid_of(vault, nhs) for nhs in (LORNA_NHS, JACK_NHS, JAMES_NHS))
        book_appointments(vault, [lorna], 2026, 11, LORNA_VISIT, with_whom="Andrea Clarke, community matron")
        book_appointments(vault, [james], 2026, 11, dt.datetime(2026, 11, 18, 9, 0), with_whom="Priya Nair")
        cohort = recall_cohort(vault, 2026, 11, today=TODAY)
        uuids = list(dict.fromkeys([r.uuid for r in (*cohort.rows, *cohort.overdue)] + [lorna, jack, james]))
        since = TODAY - dt.timedelta(days=30)  # James's results are 60 days old
        eligible, skipped = hand_rules(vault, uuids, since)
        assert len(eligible) >= 8 and lorna in eligible and len(skipped) >= 2
        print(f"{len(uuids)} selected: {len(eligible)} letters, {len(skipped)} skipped")
        # James's results are older than the cut-off: his letter has the prompts and no results
        assert skipped[jack] == "no appointment booked" and eligible[james] == set()
        with vault.reader() as session:
            statuses_before = {r.patient_id: r.status for r in session.scalars(select(Recall))}
            numbers = dict(session.execute(select(Patient.uuid, Patient.nhs_number)).all())

        out = tmp_path / "letters.pdf"
        batch, pdf = make(vault, uuids, out, since=since, month=(2026, 11))

        assert [letter.patient_uuid for letter in batch.letters] == [u for u in uuids if u in eligible]
        assert {letter.patient_uuid for letter in batch.prompts_only} == {u for u, shown in eligible.items() if not shown}
        assert {p.patient_uuid: p.reason for p in batch.skipped} == skipped
        pages = page_texts(out.read_bytes())
        assert sum(1 for page in pages if re.search(r"Page 1 of \d+", page)) == len(eligible)
        text = " ".join(pages)
        assert all(spaced(numbers[uuid]) in text for uuid in eligible)
        assert not any(spaced(numbers[uuid]) in text for uuid in skipped)
        with vault.reader() as session:
            logs = session.execute(select(LetterLog, Patient.uuid).join(Patient)).all()
            recalls = {r.appointment_id: r for r in session.scalars(select(Recall))}
            appointments = {a.uuid: a for a in session.scalars(select(Appointment))}
            created = session.scalars(select(AuditEvent.record_uuid).where(
                AuditEvent.entity == "letter_log", AuditEvent.action == "created")).all()
            statuses_after = {r.patient_id: r.status for r in session.scalars(select(Recall))}
            skipped_ids = set(session.scalars(select(Patient.id).where(Patient.uuid.in_(list(skipped)))))
        assert sorted(uuid for _, uuid in logs) == sorted(eligible)  # exactly one letter each
        for log, uuid in logs:
            assert set(log.result_uuids) == eligible[uuid]
            assert log.sent_by == vault.actor.user_uuid and log.kind == "results"
            assert log.sent_at == dt.datetime.combine(TODAY, dt.time(9))
            appointment = appointments[log.appointment_uuid]
            assert appointment.status == "booked" and dt.datetime(2026, 11, 1) <= appointment.starts_at
            assert recalls[appointment.id].status == RecallStatus.LETTER_SENT.value
        assert sorted(created) == sorted(log.uuid for log, _ in logs)  # audited in the same commit
        assert {pid: statuses_after.get(pid) for pid in skipped_ids} == {pid: statuses_before.get(pid)
                                                                         for pid in skipped_ids}
    finally:
        vault.lock()


def test_a_seen_recall_is_not_set_back_and_a_reprint_is_the_letter_as_sent(demo: Vault, tmp_path: Path) -> None:
    lorna = uuid_of(demo, LORNA_NHS)
    batch, _ = make(demo, [lorna], tmp_path / "first.pdf")
    with pytest.raises(service.NoLetterYet):
        service.reprint_letter(demo, uuid_of(demo, JACK_NHS))
    again = service.reprint_letter(demo, lorna)
    assert again.data == batch.letters[0].data and again.result_uuids == batch.letters[0].result_uuids
    service.record_reprint(demo, lorna)
    with demo.reader() as session:
        log_uuid = session.scalar(select(LetterLog.uuid))
        assert session.scalar(select(AuditEvent.record_uuid).where(AuditEvent.action == "reprinted")) == log_uuid
    set_recall_status(demo, lorna, 2026, 11, RecallStatus.SEEN.value)
    service.log_letters(demo, batch.letters)
    with demo.reader() as session:
        assert session.scalars(select(Recall.status).join(Patient).where(Patient.uuid == lorna)).all() == ["seen"]
        assert len(session.scalars(select(LetterLog)).all()) == 2


def test_the_letters_command_makes_logs_and_lists_the_skipped(tmp_path: Path, data_dir: Path) -> None:
    today = dt.date.today()
    visit = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(10, 30))
    vault_file = tmp_path / "cli.vault"
    vault = create_demo_vault(vault_file, DEMO_PASSPHRASE, patients=5, today=today)
    with vault.transaction() as session:  # she needs someone with her: not recorded as arranged
        session.scalar(select(Patient).where(Patient.nhs_number == LORNA_NHS)).needs_companion = True
    book_appointments(vault, [uuid_of(vault, LORNA_NHS)], visit.year, visit.month, visit)
    vault.lock()
    out = tmp_path / "out" / f"results-letters-{today.isoformat()}.pdf"
    out.parent.mkdir()
    env = {**os.environ, "CAREPLAN_DATA_DIR": str(data_dir), "CAREPLAN_PASSPHRASE": DEMO_PASSPHRASE}
    done = subprocess.run([sys.executable, "-m", "careplan_desktop", "letters", "--vault", str(vault_file),
                           "--month", f"{visit:%Y-%m}", "--people", f"{LORNA_NHS},{JACK_NHS}", "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=180, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert f"Made 1 letter in {out}" in done.stdout
    assert f"{spaced(JACK_NHS)}  Jack Morrison: no appointment booked" in done.stdout
    assert "Not arranged for 1 (their letter tells them how to ask" in done.stdout
    assert f"{spaced(LORNA_NHS)}  Lorna Baxter: someone with them" in done.stdout
    assert "Lorna Baxter" in " ".join(page_texts(out))
    assert [path.name for path in out.parent.iterdir()] == [out.name]
    vault = Vault.unlock(vault_file, DEMO_PASSPHRASE)
    try:
        with vault.reader() as session:
            statuses = session.scalars(select(Recall.status).join(Patient).where(Patient.nhs_number == LORNA_NHS))
            assert statuses.all() == ["letter_sent"]
            assert session.scalars(select(Patient.nhs_number).join(LetterLog)).all() == [LORNA_NHS]
    finally:
        vault.lock()


def test_a_child_process_lays_out_the_same_letters_and_stops_when_asked(demo: Vault) -> None:
    uuids = [uuid_of(demo, nhs) for nhs in (LORNA_NHS, JACK_NHS)]
    book_appointments(demo, uuids[1:], 2026, 11, dt.datetime(2026, 11, 20, 14, 0))
    letters = service.prepare_letters(demo, uuids, today=TODAY).letters
    practice = service.practice_details(demo)
    seen: list[tuple[int, int]] = []
    in_child = service.render_letters(letters, practice, separate_process=True, progress=lambda *p: seen.append(p))
    assert seen == [(1, 2), (2, 2)]
    assert page_texts(in_child) == page_texts(service.render_letters(letters, practice))
    stopped = service.render_letters(letters, practice, separate_process=True, should_stop=lambda: True,
                                     progress=lambda *p: seen.append(p))
    assert stopped is None and len(seen) == 2  # stopped before the first letter: nothing laid out


def test_a_letter_made_two_days_before_the_appointment_says_in_2_days_and_nothing_about_a_week(
        demo: Vault, tmp_path: Path) -> None:
    lorna = uuid_of(demo, LORNA_NHS)
    book_appointments(demo, [lorna], 2026, 11, dt.datetime(2026, 11, 4, 10, 30))  # TODAY is Monday 2 November
    _, pdf = make(demo, [lorna], tmp_path / "lorna.pdf")
    text = " ".join(page_texts(pdf))
    assert "Your appointment is on Wednesday 4 November 2026, in 2 days." in text
    assert "week" not in text.lower()


@pytest.fixture
def uk_clock(monkeypatch):
    """This computer's clock on UK time (the vault stores UTC)."""
    import time

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_reprint_is_dated_with_the_local_day_it_was_sent_not_the_utc_day(demo: Vault, tmp_path: Path,
                                                                              uk_clock) -> None:
    """Logged at 00:30 on Sunday 25 October 2026 in the UK, still summer time (23:30 UTC on the
    24th): the letter said 25 October 2026, and so does its reprint."""
    lorna = uuid_of(demo, LORNA_NHS)
    batch = service.prepare_letters(demo, [lorna], today=dt.date(2026, 10, 25))
    service.log_letters(demo, batch.letters, sent_at=dt.datetime(2026, 10, 24, 23, 30))
    again = service.reprint_letter(demo, lorna)
    assert again.data.letter_date == dt.date(2026, 10, 25)
    text = " ".join(page_texts(service.render_letters([again], service.practice_details(demo))))
    assert "25 October 2026" in text and "24 October 2026" not in text
