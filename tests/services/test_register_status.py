"""A register kept true (issue 13 §4): someone marked as died, moved away or off the register
leaves recall, reviews due and the month's letter batch; a letter or printout for someone who
has died is refused; restoring them brings them back; each change is one audited transaction.

Dates are pinned: the demo is made on 2 November 2026, Lorna is due (review date 9 November)
and booked for 16 November, so she is in the month's recall, reviews due and letters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.models import AuditEvent, LetterLog, Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import JACK_NHS, LORNA_NHS
from careplan_desktop.services.letters import results_letters as letters
from careplan_desktop.services.planning.agreement import record_printout, versions_of
from careplan_desktop.services.planning.printout import yellow_folder_data
from careplan_desktop.services.recall.birth_month import recall_cohort, record_invitations
from careplan_desktop.services.recall.booking import book_appointments
from careplan_desktop.services.register.listing import load_register, open_person
from careplan_desktop.services.register.status import (
    DIED, LEFT_REGISTER, MOVED_AWAY, NotOnRegister, PersonHasDied, RegisterStatusError, restore_to_register,
    set_register_status,
)
from careplan_desktop.services.review.due import month_period, reviews_due
from careplan_desktop.store import Vault

TODAY = dt.date(2026, 11, 2)
DIED_ON = dt.date(2026, 10, 30)
LORNA_VISIT = dt.datetime(2026, 11, 16, 10, 30)
SENT_AT = dt.datetime(2026, 11, 2, 9, 0)


@pytest.fixture
def demo(tmp_path: Path, demo_vaults):
    vault = demo_vaults.open(tmp_path / "demo.vault", DEMO_PASSPHRASE, patients=5, today=TODAY)
    book_appointments(vault, [uuid_of(vault, LORNA_NHS)], 2026, 11, LORNA_VISIT, with_whom="Andrea Clarke")
    yield vault
    vault.lock()


def uuid_of(vault: Vault, nhs: str) -> str:
    with vault.reader() as session:
        return session.scalar(select(Patient.uuid).where(Patient.nhs_number == nhs))


def in_recall(vault: Vault, uuid: str) -> bool:
    cohort = recall_cohort(vault, 2026, 11, today=TODAY)
    return any(row.uuid == uuid for group in (cohort.rows, cohort.overdue, cohort.self_care, cohort.declined)
               for row in group)


def in_reviews_due(vault: Vault, uuid: str) -> bool:
    due = reviews_due(vault, *month_period(2026, 11), today=TODAY)
    return any(row.patient_uuid == uuid for row in due.due + due.overdue)


def letter_batch(vault: Vault) -> letters.LetterBatch:
    """The month's batch as the letters command makes it: everyone in the month's recall."""
    cohort = recall_cohort(vault, 2026, 11, today=TODAY)
    return letters.prepare_letters(vault, [row.uuid for row in (*cohort.rows, *cohort.overdue)], today=TODAY,
                                   month=(2026, 11))


def test_someone_marked_as_died_leaves_recall_reviews_due_and_the_letter_batch_and_restoring_brings_them_back(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    assert in_recall(demo, lorna) and in_reviews_due(demo, lorna)
    others = [letter.patient_uuid for letter in letter_batch(demo).letters if letter.patient_uuid != lorna]
    assert [letter.patient_uuid for letter in letter_batch(demo).letters] == [lorna, *others]

    set_register_status(demo, lorna, DIED, on=DIED_ON, today=TODAY)
    assert not in_recall(demo, lorna)
    assert not in_reviews_due(demo, lorna)
    batch = letter_batch(demo)
    assert [letter.patient_uuid for letter in batch.letters] == others and lorna not in {s.patient_uuid for s in batch.skipped}
    # asked for by name (the letters dialog's selection, `letters --people`): skipped, and why
    named = letters.prepare_letters(demo, [lorna], today=TODAY, month=(2026, 11))
    assert named.letters == () and [(s.patient_uuid, s.reason) for s in named.skipped] == [
        (lorna, "has died: no letter is made")]
    # the register's default view and its count leave her out; her record still opens
    rows, _ = load_register(demo, TODAY)
    assert [r.on_register for r in rows if r.uuid == lorna] == [False]
    assert sum(r.on_register for r in rows) == len(rows) - 1
    overview = open_person(demo, lorna, TODAY)
    assert overview.register_status_text == "Died 30 October 2026"
    assert "agreed" in overview.plan_status.lower()

    restore_to_register(demo, lorna, today=TODAY)
    assert in_recall(demo, lorna) and in_reviews_due(demo, lorna)
    assert [letter.patient_uuid for letter in letter_batch(demo).letters] == [lorna, *others]
    assert open_person(demo, lorna, TODAY).register_status_text == ""


@pytest.mark.parametrize("status, on, reason", [(MOVED_AWAY, dt.date(2026, 9, 1), None),
                                                (LEFT_REGISTER, None, "Diagnosis of COPD was revised")])
def test_moved_away_or_left_the_register_leaves_recall_reviews_and_letters_too(demo, status, on, reason):
    lorna = uuid_of(demo, LORNA_NHS)
    set_register_status(demo, lorna, status, on=on, reason=reason, today=TODAY)
    assert not in_recall(demo, lorna) and not in_reviews_due(demo, lorna)
    named = letters.prepare_letters(demo, [lorna], today=TODAY, month=(2026, 11))
    assert named.letters == () and named.skipped[0].reason.startswith("no longer on the register")


def test_a_letter_a_reprint_and_a_printout_for_someone_who_has_died_are_refused(demo, tmp_path: Path):
    lorna = uuid_of(demo, LORNA_NHS)
    batch = letters.prepare_letters(demo, [lorna], today=TODAY, month=(2026, 11))
    pdf = letters.render_letters(batch.letters, letters.practice_details(demo))
    letters.save_and_log(demo, batch.letters, pdf, tmp_path / "sent.pdf", sent_at=SENT_AT)
    version = versions_of(demo, lorna)[-1].uuid
    prepared = letters.prepare_letters(demo, [lorna], today=TODAY, month=(2026, 11))  # made before she died

    set_register_status(demo, lorna, DIED, on=DIED_ON, today=TODAY)
    message = "No results letter is made for this person: they are recorded as having died on 30 October 2026"
    with pytest.raises(PersonHasDied, match=message):
        letters.reprint_letter(demo, lorna)
    with pytest.raises(PersonHasDied, match=message):
        letters.record_reprint(demo, lorna)
    out = tmp_path / "late.pdf"
    with pytest.raises(PersonHasDied, match=message):  # prepared before, logged after: refused, no PDF left
        letters.save_and_log(demo, prepared.letters, pdf, out, sent_at=SENT_AT)
    assert not out.exists()
    with demo.reader() as session:
        assert session.scalar(select(LetterLog.id).where(LetterLog.sent_at != SENT_AT)) is None
    with pytest.raises(PersonHasDied, match="No printout is made for this person"):
        yellow_folder_data(demo, version, today=TODAY)
    with pytest.raises(PersonHasDied, match="No printout is made"):
        record_printout(demo, version, "saved", large_print=False)

    restore_to_register(demo, lorna, today=TODAY)
    assert letters.reprint_letter(demo, lorna).patient_uuid == lorna
    assert yellow_folder_data(demo, version, today=TODAY).full_name == "Lorna Baxter"


def test_invitations_and_bookings_for_someone_off_the_register_are_refused_and_nothing_is_recorded(demo):
    lorna, jack = uuid_of(demo, LORNA_NHS), uuid_of(demo, JACK_NHS)
    set_register_status(demo, jack, MOVED_AWAY, on=dt.date(2026, 10, 1), today=TODAY)
    with pytest.raises(NotOnRegister, match="1 of the selected person is no longer on the register"):
        record_invitations(demo, [lorna, jack], 2026, 11, TODAY)
    with pytest.raises(NotOnRegister):
        book_appointments(demo, [jack], 2026, 11, dt.datetime(2026, 11, 17, 9))
    assert not in_recall(demo, jack)


def test_each_change_is_checked_and_audited_with_its_source(demo):
    lorna = uuid_of(demo, LORNA_NHS)
    with pytest.raises(RegisterStatusError, match="cannot be in the future"):
        set_register_status(demo, lorna, DIED, on=dt.date(2026, 11, 3), today=TODAY)
    with pytest.raises(RegisterStatusError, match="Enter the date they died"):
        set_register_status(demo, lorna, DIED, today=TODAY)
    with pytest.raises(RegisterStatusError, match="Say why they left the register"):
        set_register_status(demo, lorna, LEFT_REGISTER, reason="  ", today=TODAY)
    with pytest.raises(RegisterStatusError, match="already recorded"):
        restore_to_register(demo, lorna, today=TODAY)
    with demo.reader() as session:
        assert session.scalar(select(Patient.register_status).where(Patient.uuid == lorna)) == "active"

    set_register_status(demo, lorna, MOVED_AWAY, on=DIED_ON, reason="ignored for this status", today=TODAY)
    set_register_status(demo, lorna, DIED, on=DIED_ON, today=TODAY)
    restore_to_register(demo, lorna, today=TODAY)
    with demo.reader() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.record_uuid == lorna,
                                                          AuditEvent.action == "changed")
                                 .order_by(AuditEvent.id)).all()
        p = session.scalar(select(Patient).where(Patient.uuid == lorna))
        assert (p.register_status, p.register_status_on, p.register_status_reason) == ("active", None, None)
    changes = [(e.details["register_status"], e.details["source"]) for e in events
               if e.details.get("source") == "register status"]
    assert changes == [("moved_away", "register status"), ("died", "register status"), ("active", "register status")]


def _full_list(vault: Vault, path: Path, leave_out: set[str], rejected: str | None = None) -> Path:
    """The practice system's full list: everyone in the vault but `leave_out`, as the vault has them;
    the NHS number `rejected` is on a row that cannot be imported (an unknown condition)."""
    lines = ["NHS number,Surname,Forename,DOB,Conditions"]
    with vault.reader() as session:
        for p in session.scalars(select(Patient).order_by(Patient.id)):
            if p.nhs_number in leave_out:
                continue
            condition = "Dragon pox" if p.nhs_number == rejected else ""
            lines.append(f"{p.nhs_number},{p.family_name},{p.given_name},{p.date_of_birth:%d/%m/%Y},{condition}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _everyone(vault: Vault) -> dict:
    with vault.reader() as session:
        return {p.uuid: (p.revision, p.register_status, p.register_status_on, p.given_name, p.family_name)
                for p in session.scalars(select(Patient))}


def test_a_full_list_import_reports_those_missing_from_it_as_to_check_and_changes_nobody(demo, tmp_path: Path):
    from careplan_desktop.services.register.import_rows import guess_mapping, read_headers
    from careplan_desktop.services.register.importing import import_register

    lorna, jack = uuid_of(demo, LORNA_NHS), uuid_of(demo, JACK_NHS)
    with demo.reader() as session:
        gone = session.scalars(select(Patient).where(Patient.nhs_number.not_in([LORNA_NHS, JACK_NHS]))
                               .order_by(Patient.id)).all()
        already_died, rejected = gone[0], gone[1]  # off the list too, and on the list but not importable
    set_register_status(demo, already_died.uuid, DIED, on=DIED_ON, today=TODAY)
    path = _full_list(demo, tmp_path / "full.csv", {LORNA_NHS, JACK_NHS, already_died.nhs_number},
                      rejected=rejected.nhs_number)
    mapping = guess_mapping(read_headers(path))
    before = _everyone(demo)

    report = import_register(demo, path, mapping, today=TODAY, full_list=True)
    assert (report.imported, report.updated, len(report.rejected)) == (0, 0, 1)
    assert [(c.patient_uuid, c.name, c.nhs_number) for c in report.to_check] == [
        (lorna, "Lorna Baxter", LORNA_NHS), (jack, "Jack Morrison", JACK_NHS)]
    assert _everyone(demo) == before  # nobody changed, nobody's status set by the import

    not_full = import_register(demo, path, mapping, today=TODAY)
    assert not_full.to_check == () and _everyone(demo) == before
