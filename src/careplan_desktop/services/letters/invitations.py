"""Invitation letters for a month's recall: who gets one, what it carries, the administrator's list, the log.

:func:`prepare_invitations` decides for each person selected, in the order given:

* skipped when they are no longer on the register (never a letter for someone who has died);
* first invitation: skipped "no care planning appointment booked" until their care planning
  appointment for the month is booked, and "needs tests: no tests appointment booked" when their
  conditions need tests and the tests appointment is missing (book both again);
* second invitation: only for people recorded as did not attend this month; anyone else is
  skipped "did not miss an appointment this month";
* otherwise one letter, tailored: the tests appointment and the checks their conditions need
  (none for depression or epilepsy alone), the care planning appointment, large print, easy
  read, and help at the appointment said only as recorded (:func:`letter_parts.support_lines`).

:attr:`InvitationBatch.to_check` is the administrator's list before printing: braille (the app
cannot print braille: the letter must be transcribed), and help needed that is not arranged.
:func:`make_invitations` writes the PDF (privately), then in one transaction logs each letter
(`letter_log`, kind "invitation" or "second_invitation") and records the invitation on the
recall (first: invited on, status invited if it was to invite; second: second invitation on).
If logging fails the PDF is removed. No Qt; no patient data in messages.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select

from careplan_desktop.documents.invitation_letter import InvitationLetterData, render_invitations
from careplan_desktop.documents.letter_data import AppointmentDetails, PracticeDetails
from careplan_desktop.domain.reference import load_reference_data
from careplan_desktop.models import Appointment, Condition, LetterLog, Patient, Recall, RecallStatus, utcnow
from careplan_desktop.services.letters.results_letters import (
    SkippedPerson, address_lines, appointment_details, on_register, salutation,
)
from careplan_desktop.services.recall.booking import HCA
from careplan_desktop.services.staff.roles import require
from careplan_desktop.store import Vault
from careplan_desktop.store.private_files import write_private

FIRST, SECOND = "invitation", "second_invitation"
NO_REVIEW = "no care planning appointment booked"
NO_TESTS = "needs tests: no tests appointment booked"
NOT_MISSED = "did not miss an appointment this month"
BRAILLE = "braille: this letter must be transcribed into braille (the app cannot print braille)"
_CHUNK = 500


@dataclass(frozen=True)
class PreparedInvitation:
    patient_uuid: str
    name: str
    nhs_number: str
    data: InvitationLetterData
    braille: bool = False


@dataclass(frozen=True)
class ToCheck:
    """A line of the administrator's list before printing."""

    name: str
    nhs_number: str
    what: str


@dataclass(frozen=True)
class InvitationBatch:
    kind: str  # FIRST or SECOND
    year: int
    month: int
    letters: tuple[PreparedInvitation, ...]
    skipped: tuple[SkippedPerson, ...]

    @property
    def to_check(self) -> tuple[ToCheck, ...]:
        """Braille letters to transcribe, and help needed that is not recorded as arranged."""
        found = []
        for letter in self.letters:
            if letter.braille:
                found.append(ToCheck(letter.name, letter.nhs_number, BRAILLE))
            data = letter.data
            booked = data.review
            for need, done, label in ((data.interpreter_language, booked and booked.interpreter_arranged,
                                       f"an interpreter ({data.interpreter_language})"),
                                      (data.bsl, booked and booked.bsl_arranged, "a BSL interpreter"),
                                      (data.needs_companion, booked and booked.companion_arranged, "someone with them")):
                if need and not done:
                    found.append(ToCheck(letter.name, letter.nhs_number,
                                         f"{label}: not arranged; the letter tells them how to ask"))
        return tuple(found)


def _checks(codes: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(conditions in everyday words, checks in everyday words, needs tests) for a person's condition codes."""
    reference = load_reference_data()
    kinds = {c.code: c for c in reference.conditions}
    wanted = {result for code in codes if code in kinds for result in kinds[code].results}
    checks = tuple(r.plain_name for r in reference.results if r.code in wanted and not r.computed)
    return tuple(kinds[c].plain for c in codes if c in kinds), checks, bool(wanted)


def prepare_invitations(vault: Vault, patient_uuids: Sequence[str], year: int, month: int, *,
                        today: dt.date | None = None, second: bool = False) -> InvitationBatch:
    today = today or dt.date.today()
    wanted = list(dict.fromkeys(patient_uuids))
    with vault.reader() as session:
        patients: dict[str, Patient] = {}
        for start in range(0, len(wanted), _CHUNK):
            patients.update((p.uuid, p) for p in session.scalars(
                select(Patient).where(Patient.uuid.in_(wanted[start:start + _CHUNK]))))
        ids = [p.id for p in patients.values()]
        recalls: dict[int, Recall] = {}
        codes: dict[int, list[str]] = {}
        for start in range(0, len(ids), _CHUNK):
            part = ids[start:start + _CHUNK]
            recalls.update((r.patient_id, r) for r in session.scalars(select(Recall).where(
                Recall.patient_id.in_(part), Recall.due_year == year, Recall.due_month == month).order_by(Recall.id)))
            for pid, code in session.execute(select(Condition.patient_id, Condition.code)
                                             .where(Condition.patient_id.in_(part)).order_by(Condition.id)):
                codes.setdefault(pid, []).append(code)
        booked_ids = {i for r in recalls.values() for i in (r.appointment_id, r.tests_appointment_id) if i}
        appointments = {a.id: a for a in session.scalars(
            select(Appointment).where(Appointment.id.in_(list(booked_ids))))} if booked_ids else {}
        letters: list[PreparedInvitation] = []
        skipped: list[SkippedPerson] = []
        for uuid, patient, name in on_register(wanted, patients, skipped):
            recall = recalls.get(patient.id)
            review = appointments.get(recall.appointment_id) if recall and recall.appointment_id else None
            tests = appointments.get(recall.tests_appointment_id) if recall and recall.tests_appointment_id else None
            conditions, checks, needs_tests = _checks(codes.get(patient.id, []))
            reason = None
            if second:
                if recall is None or recall.status != RecallStatus.DID_NOT_ATTEND.value:
                    reason = NOT_MISSED
            elif review is None or review.status != "booked":
                reason = NO_REVIEW
            elif needs_tests and (tests is None or tests.status != "booked"):
                reason = NO_TESTS
            if reason:
                skipped.append(SkippedPerson(uuid, name, patient.nhs_number, reason))
                continue
            data = InvitationLetterData(
                letter_date=today, salutation_name=salutation(patient), full_name=name,
                address_lines=address_lines(patient), nhs_number=patient.nhs_number, large_print=patient.large_print,
                easy_read=patient.easy_read, interpreter_language=(patient.interpreter_language or "").strip() or None,
                bsl=patient.bsl, needs_companion=patient.needs_companion, conditions=conditions,
                checks=checks if not second else (),
                review=None if second else appointment_details(review),
                tests=None if second or tests is None else _tests(tests),
                second=second, missed_on=review.starts_at.date() if second and review is not None else None)
            letters.append(PreparedInvitation(uuid, name, patient.nhs_number, data, bool(patient.braille)))
    return InvitationBatch(SECOND if second else FIRST, year, month, tuple(letters), tuple(skipped))


def _tests(appointment: Appointment) -> AppointmentDetails:
    details = appointment_details(appointment)
    return details if appointment.with_whom else replace(details, with_whom=HCA)


def render(batch: InvitationBatch, practice: PracticeDetails, progress=None) -> bytes:
    out = io.BytesIO()
    render_invitations([letter.data for letter in batch.letters], practice, out, progress=progress)
    return out.getvalue()


def make_invitations(vault: Vault, batch: InvitationBatch, practice: PracticeDetails,
                     out: str | os.PathLike[str], *, sent_by: str | None = None,
                     sent_at: dt.datetime | None = None, progress=None) -> int:
    """Render, save and log a prepared batch (nothing when it has no letters)."""
    if not batch.letters:
        return 0
    require(vault, "print letters")
    path = write_private(out, render(batch, practice, progress))
    try:
        return log_invitations(vault, batch, sent_by=sent_by, sent_at=sent_at)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def log_invitations(vault: Vault, batch: InvitationBatch, *, sent_by: str | None = None,
                    sent_at: dt.datetime | None = None) -> int:
    """One transaction: a log row per letter, and the invitation recorded on each recall."""
    require(vault, "print letters")
    sent_at = sent_at or utcnow()
    sent_by = sent_by or vault.actor.user_uuid
    on = batch.letters[0].data.letter_date if batch.letters else sent_at.date()
    with vault.transaction() as session:
        uuids = [letter.patient_uuid for letter in batch.letters]
        patients = {p.uuid: p for p in session.scalars(select(Patient).where(Patient.uuid.in_(uuids)))}
        if len(patients) != len(set(uuids)):
            raise LookupError("Someone in this batch has left the register. Check the people again.")
        ids = [p.id for p in patients.values()]
        recalls = {r.patient_id: r for r in session.scalars(select(Recall).where(
            Recall.patient_id.in_(ids), Recall.due_year == batch.year, Recall.due_month == batch.month))}
        review_ids = {r.appointment_id: r.patient_id for r in recalls.values() if r.appointment_id}
        reviews = {review_ids[a.id]: a.uuid for a in session.scalars(
            select(Appointment).where(Appointment.id.in_(list(review_ids))))} if review_ids else {}
        for letter in batch.letters:
            patient = patients[letter.patient_uuid]
            session.add(LetterLog(patient_id=patient.id, kind=batch.kind, sent_at=sent_at, sent_by=sent_by,
                                  appointment_uuid=None if batch.kind == SECOND else reviews.get(patient.id),
                                  result_uuids=[], large_print=letter.data.large_print))
            recall = recalls.get(patient.id)
            if recall is None:
                recall = Recall(patient_id=patient.id, due_year=batch.year, due_month=batch.month,
                                status=RecallStatus.INVITED.value)
                session.add(recall)
            if batch.kind == SECOND:
                recall.second_invitation_on = on
            else:
                recall.invited_on = recall.invited_on or on
                if recall.status == RecallStatus.TO_INVITE.value:
                    recall.status = RecallStatus.INVITED.value
    return len(batch.letters)
