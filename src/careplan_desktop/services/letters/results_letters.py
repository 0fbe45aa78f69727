"""Pre-consultation results letters from the vault: who gets one, what it says, and the log.

:func:`prepare_letters` reads a selection of people (a recall group) with set-based queries and
decides, for each, in this order:

* skipped, "has died: no letter is made" (or "no longer on the register: moved away ..."):
  anyone not on the register (`Patient.on_register`) never gets a letter; logging and
  reprinting a letter for someone who has died is refused (`register.status.PersonHasDied`);

* skipped, "no appointment booked": no booked appointment from today on (within the month,
  when a month is given); the letter's appointment is the person's next booked one;
* otherwise one :class:`PreparedLetter`. Someone with no result in the catalogue taken on or
  after ``since`` (by default 90 days before today) and not after today (their conditions need
  no tests, as depression or epilepsy alone, or their results are not back) gets the letter
  with the reflective prompts and no results section (:attr:`PreparedLetter.prompts_only`);
  everyone else's letter shows each result kind taken since the cut-off, this time
  (the latest) and last time (the one before it, whenever it was), the target and the reading
  (:mod:`careplan_desktop.services.results.readings`), plus the person's communication needs (large print, easy read,
  an interpreter's language). A height is left out when the BMI worked out from it is shown.

:func:`log_letters` runs after the PDF is written: one transaction logs each letter (date, by
whom, the appointment, the uuids of every result it showed) and sets the recall for that
appointment to "letter sent" (never back from seen, did not attend or declined).
:func:`reprint_letter` rebuilds a logged letter as it was sent. No Qt; nothing written to disk
here except the PDF the caller names; reasons and messages never carry a result value.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select

from careplan_desktop.documents.letter_data import (
    LOCATIONS, AppointmentDetails, PracticeDetails, ResultLine, ResultsLetterData,
)
from careplan_desktop.documents.results_letter import render_results_letters
from careplan_desktop.models import Appointment, LetterLog, Patient, Recall, RecallStatus, Result, record_event, utcnow
from careplan_desktop.store.private_files import write_private
from careplan_desktop.services.practice.details import PracticeNotSetUp, practice_for_letters
from careplan_desktop.services.practice.values import PracticeSettings
from careplan_desktop.store import Vault

from careplan_desktop.domain.dates import age_on, local_date, uk
from careplan_desktop.domain.reference import ReferenceData, load_reference_data
from careplan_desktop.services.register.listing import gc_paused
from careplan_desktop.services.register.status import DIED, STATUS_NAMES, refuse_if_died
from careplan_desktop.services.results.readings import reading, shown_value, target_text
from careplan_desktop.services.staff.roles import require

DEFAULT_RESULTS_WINDOW_DAYS = 90
NO_APPOINTMENT = "no appointment booked"
LETTER_KIND = "results"
FALLBACK_WITH_WHOM = "the practice nurse"  # an appointment booked without a name
_CHUNK = 500
_ADVANCES = {RecallStatus.TO_INVITE.value, RecallStatus.INVITED.value, RecallStatus.BOOKED.value,
             RecallStatus.LETTER_SENT.value}


LETTER_WHAT = "results letter"
HAS_DIED = "has died: no letter is made"


def off_register(status: str) -> str:
    """Why someone no longer on the register is skipped."""
    return HAS_DIED if status == DIED else f"no longer on the register: {STATUS_NAMES[status].lower()}"


def on_register(wanted: Sequence[str], patients: Mapping[str, Patient], skipped: list[SkippedPerson]):
    """Each person asked for, in order, with their name, while they are on the register; one who
    has left it is skipped with the reason (one whose record went is passed over)."""
    for uuid in wanted:
        patient = patients.get(uuid)
        if patient is None:
            continue  # left the register since the list was made
        name = f"{patient.given_name} {patient.family_name}"
        if not patient.on_register:
            skipped.append(SkippedPerson(uuid, name, patient.nhs_number, off_register(patient.register_status)))
            continue
        yield uuid, patient, name


def default_since(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=DEFAULT_RESULTS_WINDOW_DAYS)


@dataclass(frozen=True)
class PreparedLetter:
    """One letter to print, and what the log will record about it."""

    patient_uuid: str
    name: str
    nhs_number: str
    data: ResultsLetterData
    appointment_uuid: str
    result_uuids: tuple[str, ...]  # this time's and last time's results, as shown
    braille: bool = False  # the person reads braille: the app cannot print it, the letter must be transcribed

    @property
    def prompts_only(self) -> bool:
        """The preparation letter with the prompts and no results (none taken since the cut-off)."""
        return not self.data.results


@dataclass(frozen=True)
class SkippedPerson:
    patient_uuid: str
    name: str
    nhs_number: str
    reason: str


@dataclass(frozen=True)
class NotArranged:
    """Someone whose letter tells them how to ask for help that is not recorded as arranged."""

    patient_uuid: str
    name: str
    nhs_number: str
    what: tuple[str, ...]  # "an interpreter (Polish)", "a BSL interpreter", "someone with them"


def not_arranged(letter: PreparedLetter) -> NotArranged | None:
    data, appointment = letter.data, letter.data.appointment
    what = tuple(label for need, done, label in (
        (data.interpreter_language, appointment.interpreter_arranged, f"an interpreter ({data.interpreter_language})"),
        (data.bsl, appointment.bsl_arranged, "a BSL interpreter"),
        (data.needs_companion, appointment.companion_arranged, "someone with them")) if need and not done)
    return NotArranged(letter.patient_uuid, letter.name, letter.nhs_number, what) if what else None


@dataclass(frozen=True)
class LetterBatch:
    letters: tuple[PreparedLetter, ...]
    skipped: tuple[SkippedPerson, ...]
    since: dt.date
    left_out: int = 0  # not large print, when only large-print letters were asked for

    @property
    def with_results(self) -> tuple[PreparedLetter, ...]:
        return tuple(letter for letter in self.letters if not letter.prompts_only)

    @property
    def prompts_only(self) -> tuple[PreparedLetter, ...]:
        """Letters with the prompts and no results section: the batch says who they are."""
        return tuple(letter for letter in self.letters if letter.prompts_only)

    @property
    def braille(self) -> tuple[PreparedLetter, ...]:
        """Letters to transcribe into braille before posting (the app cannot print braille)."""
        return tuple(letter for letter in self.letters if letter.braille)

    @property
    def not_arranged(self) -> tuple[NotArranged, ...]:
        """People in the batch who need an interpreter, BSL or someone with them where that is
        not recorded as arranged for the appointment: their letter says how to ask, and the
        administrator sees them before printing."""
        return tuple(found for found in map(not_arranged, self.letters) if found is not None)


class NoLetterYet(LookupError):
    def __init__(self) -> None:
        super().__init__("No results letter has been made for this person yet.")


def practice_details(source: Vault | PracticeSettings) -> PracticeDetails:
    """The letterhead, phone and signer from the practice's details in the vault (or as given);
    PracticeNotSetUp when they are not set up: no letter goes out without them."""
    practice = source if isinstance(source, PracticeSettings) else practice_for_letters(source)
    if not practice.is_set:
        raise PracticeNotSetUp()
    return PracticeDetails(practice.name, practice.address_lines, practice.phone, practice.letters_signed_by)


def _chunks(items: Sequence, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def salutation(patient: Patient) -> str:
    if patient.preferred_name and patient.preferred_name.strip():
        return patient.preferred_name.strip()
    if patient.title:
        return f"{patient.title} {patient.family_name}"
    return f"{patient.given_name} {patient.family_name}"


def address_lines(patient: Patient) -> tuple[str, ...]:
    lines = [part.strip() for part in (patient.address or "").split(",") if part.strip()]
    return tuple(lines + ([patient.postcode.strip()] if patient.postcode and patient.postcode.strip() else []))


def who(with_whom: str | None) -> str:
    """The person seen, as a letter names them mid-sentence: "Andrea Clarke, community matron"
    (how appointments are booked) reads "Andrea Clarke (community matron)"."""
    text = " ".join((with_whom or "").split())
    if not text:
        return FALLBACK_WITH_WHOM
    name, comma, role = text.partition(", ")
    return f"{name} ({role})" if comma and role and "(" not in text else text


def appointment_details(a: Appointment) -> AppointmentDetails:
    """The appointment as the letter shows it; only what is recorded true counts as arranged."""
    location = a.location if a.location in LOCATIONS else "surgery"
    return AppointmentDetails(a.starts_at, a.length_minutes, who(a.with_whom), location,  # type: ignore[arg-type]
                              interpreter_arranged=a.interpreter_arranged is True, bsl_arranged=a.bsl_arranged is True,
                              companion_arranged=a.companion_arranged is True)


def result_line(kind, latest: Result, previous: Result | None, age: int) -> ResultLine:
    """One result as the letter shows it, with the reading from :mod:`careplan_desktop.services.results.readings`."""
    choice = kind.kind == "choice"
    return ResultLine(
        code=kind.code, plain_name=kind.plain_name, measures=kind.measures,
        value_text=shown_value(kind, latest.value_text), unit=None if choice else (latest.unit or kind.unit or None),
        taken_on=latest.taken_on,
        previous_value_text=shown_value(kind, previous.value_text) if previous else None,
        previous_taken_on=previous.taken_on if previous else None,
        target_text=target_text(kind, age),
        reading=reading(kind, latest, age, previous is not None),  # type: ignore[arg-type]
    )


def _lines(history: list[Result], reference: ReferenceData, age: int, since: dt.date,
           today: dt.date) -> tuple[list[ResultLine], list[str]]:
    """This time vs last time for every kind taken since the cut-off, in catalogue order."""
    by_code: dict[str, list[Result]] = {}
    for result in sorted(history, key=lambda r: (r.taken_on, r.id)):
        if result.taken_on <= today:
            by_code.setdefault(result.code, []).append(result)
    lines: list[tuple[int, ResultLine, list[str]]] = []
    order = {kind.code: index for index, kind in enumerate(reference.results)}
    for code, results in by_code.items():
        if code not in order or results[-1].taken_on < since:
            continue
        kind = reference.result(code)
        latest, previous = results[-1], (results[-2] if len(results) > 1 else None)
        shown = [latest.uuid] + ([previous.uuid] if previous else [])
        lines.append((order[code], result_line(kind, latest, previous, age), shown))
    if any(line.code == "bmi" for _, line, _ in lines):
        lines = [item for item in lines if item[1].code != "height"]
    lines.sort(key=lambda item: item[0])
    return [line for _, line, _ in lines], [uuid for _, _, uuids in lines for uuid in uuids]


def _letter(patient: Patient, appointment: Appointment, results: list[Result], reference: ReferenceData,
            since: dt.date, today: dt.date, letter_date: dt.date, large_print: bool | None = None
            ) -> PreparedLetter:
    lines, uuids = _lines(results, reference, age_on(patient.date_of_birth, today), since, today)
    data = ResultsLetterData(
        letter_date=letter_date, salutation_name=salutation(patient),
        full_name=f"{patient.given_name} {patient.family_name}", address_lines=address_lines(patient),
        nhs_number=patient.nhs_number, large_print=patient.large_print if large_print is None else large_print,
        easy_read=patient.easy_read, interpreter_language=(patient.interpreter_language or "").strip() or None,
        bsl=patient.bsl, needs_companion=patient.needs_companion, appointment=appointment_details(appointment), results=tuple(lines))
    return PreparedLetter(patient.uuid, data.full_name, patient.nhs_number, data, appointment.uuid, tuple(uuids),
                          bool(patient.braille))


def prepare_letters(
    vault: Vault,
    patient_uuids: Sequence[str],
    *,
    since: dt.date | None = None,
    today: dt.date | None = None,
    month: tuple[int, int] | None = None,
    large_print_only: bool = False,
) -> LetterBatch:
    """The letters for a selection of people, in the order given, and who is skipped and why."""
    today = today or dt.date.today()
    since = since or default_since(today)
    reference = load_reference_data()
    wanted = list(dict.fromkeys(patient_uuids))
    starts = dt.datetime.combine(today, dt.time())
    ends = None
    if month is not None:
        year, number = month
        starts = max(starts, dt.datetime(year, number, 1))
        ends = dt.datetime(year + number // 12, number % 12 + 1, 1)
    with gc_paused(), vault.reader() as session:
        patients: dict[str, Patient] = {}
        for part in _chunks(wanted):
            patients.update((p.uuid, p) for p in session.scalars(select(Patient).where(Patient.uuid.in_(part))))
        ids = [p.id for p in patients.values()]
        booked: dict[int, Appointment] = {}
        results: dict[int, list[Result]] = {}
        for part in _chunks(ids):
            query = select(Appointment).where(Appointment.patient_id.in_(part), Appointment.status == "booked",
                                              Appointment.purpose == "review", Appointment.starts_at >= starts)
            if ends is not None:
                query = query.where(Appointment.starts_at < ends)
            for a in session.scalars(query.order_by(Appointment.starts_at.desc(), Appointment.id.desc())):
                booked[a.patient_id] = a  # the earliest wins
            for r in session.scalars(select(Result).where(Result.patient_id.in_(part))):
                results.setdefault(r.patient_id, []).append(r)
        letters: list[PreparedLetter] = []
        skipped: list[SkippedPerson] = []
        left_out = 0
        for uuid, patient, name in on_register(wanted, patients, skipped):
            if large_print_only and not patient.large_print:
                left_out += 1
                continue
            appointment = booked.get(patient.id)
            if appointment is None:
                skipped.append(SkippedPerson(uuid, name, patient.nhs_number, NO_APPOINTMENT))
                continue
            letters.append(_letter(patient, appointment, results.get(patient.id, []), reference, since, today, today))
    return LetterBatch(tuple(letters), tuple(skipped), since, left_out)


# -- the PDF and the log ---------------------------------------------------------------------------------
def render_letters(letters: Sequence[PreparedLetter], practice: PracticeDetails, *,
                   progress: Callable[[int, int], None] | None = None,
                   should_stop: Callable[[], bool] | None = None, separate_process: bool = False) -> bytes | None:
    """The letters as one PDF, in memory (no temporary file); None when stopped part way.

    ``separate_process``: lay them out in a child process (:mod:`.child_process`), so that a
    big batch never competes with the caller's threads for the interpreter (a GUI stays
    responsive); progress and stopping work the same."""
    data = [letter.data for letter in letters]
    if separate_process and data:
        from careplan_desktop.services.letters.child_process import render_in_child_process

        return render_in_child_process(data, practice, progress=progress, should_stop=should_stop)
    out = io.BytesIO()
    done = render_results_letters(data, practice, out, progress=progress, should_stop=should_stop)
    return out.getvalue() if done == len(letters) and letters else None


def log_letters(vault: Vault, letters: Sequence[PreparedLetter], *, sent_at: dt.datetime | None = None,
                sent_by: str | None = None) -> int:
    """Log each letter and mark its recall "letter sent": one transaction for the whole batch."""
    require(vault, "print letters")
    sent_at = sent_at or utcnow()
    sent_by = sent_by or vault.actor.user_uuid
    # thousands of short-lived ORM objects: a full garbage collection at their peak would pause
    # every thread (the GUI included) for 100-200 ms, and they form no cycles worth collecting
    with gc_paused(), vault.transaction() as session:
        patients: dict[str, Patient] = {}
        appointments: dict[str, Appointment] = {}
        for part in _chunks([letter.patient_uuid for letter in letters]):
            patients.update((p.uuid, p) for p in session.scalars(select(Patient).where(Patient.uuid.in_(part))))
        for part in _chunks([letter.appointment_uuid for letter in letters]):
            appointments.update((a.uuid, a) for a in session.scalars(
                select(Appointment).where(Appointment.uuid.in_(part))))
        recalls: list[Recall] = []
        for part in _chunks([p.id for p in patients.values()]):
            recalls += session.scalars(select(Recall).where(Recall.patient_id.in_(part)).order_by(Recall.id))
        by_appointment = {r.appointment_id: r for r in recalls if r.appointment_id is not None}
        by_month = {(r.patient_id, r.due_year, r.due_month): r for r in recalls}
        for letter in letters:
            patient, appointment = patients.get(letter.patient_uuid), appointments.get(letter.appointment_uuid)
            if patient is None or appointment is None:
                raise LookupError("Someone in this batch has left the register or had their appointment removed.")
            refuse_if_died(patient, LETTER_WHAT)  # marked as died since the batch was prepared: nothing is logged
            session.add(LetterLog(patient_id=patient.id, kind=LETTER_KIND, sent_at=sent_at, sent_by=sent_by,
                                  appointment_uuid=appointment.uuid, result_uuids=list(letter.result_uuids),
                                  large_print=letter.data.large_print))
            key = (patient.id, appointment.starts_at.year, appointment.starts_at.month)
            recall = by_appointment.get(appointment.id) or by_month.get(key)
            if recall is None:
                recall = Recall(patient_id=patient.id, due_year=key[1], due_month=key[2], appointment_id=appointment.id,
                                status=RecallStatus.LETTER_SENT.value)
                session.add(recall)
                by_month[key] = by_appointment[appointment.id] = recall
            elif recall.status in _ADVANCES:
                recall.status = RecallStatus.LETTER_SENT.value
                if recall.appointment_id is None:
                    recall.appointment_id = appointment.id
    return len(letters)


def save_and_log(vault: Vault, letters: Sequence[PreparedLetter], pdf: bytes, out: str | os.PathLike[str], *,
                 sent_by: str | None = None, sent_at: dt.datetime | None = None) -> int:
    """Write the PDF where the person chose, then log the letters; if logging fails the PDF is
    removed again, so a letter is never sent without its log."""
    path = write_private(out, pdf)  # owner only, atomically
    try:
        return log_letters(vault, letters, sent_at=sent_at, sent_by=sent_by)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def make_letters(vault: Vault, batch: LetterBatch, practice: PracticeDetails, out: str | os.PathLike[str], *,
                 sent_by: str | None = None, progress: Callable[[int, int], None] | None = None,
                 should_stop: Callable[[], bool] | None = None) -> int:
    """Render, save and log a prepared batch in one go (the headless command); 0 when stopped."""
    if not batch.letters:
        return 0
    pdf = render_letters(batch.letters, practice, progress=progress, should_stop=should_stop)
    return 0 if pdf is None else save_and_log(vault, batch.letters, pdf, out, sent_by=sent_by)


# -- reprinting --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LoggedLetter:
    uuid: str
    sent_at: dt.datetime
    large_print: bool
    result_count: int


def letters_sent(vault: Vault, patient_uuid: str) -> tuple[LoggedLetter, ...]:
    """The person's logged results letters, newest first."""
    with vault.reader() as session:
        rows = session.scalars(select(LetterLog).join(Patient, Patient.id == LetterLog.patient_id)
                               .where(Patient.uuid == patient_uuid, LetterLog.kind == LETTER_KIND)
                               .order_by(LetterLog.sent_at.desc(), LetterLog.id.desc()))
        return tuple(LoggedLetter(r.uuid, r.sent_at, r.large_print, len(r.result_uuids or ())) for r in rows)


def reprint_letter(vault: Vault, patient_uuid: str, *, log_uuid: str | None = None) -> PreparedLetter:
    """A logged letter (the latest unless ``log_uuid`` names one) as it was sent: the same
    results, appointment, date and print size; address and needs as recorded now."""
    reference = load_reference_data()
    with vault.reader() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == patient_uuid))
        if patient is not None:
            refuse_if_died(patient, LETTER_WHAT)  # before anything else: whether or not a letter was sent
        query = (select(LetterLog, Patient).join(Patient, Patient.id == LetterLog.patient_id)
                 .where(Patient.uuid == patient_uuid, LetterLog.kind == LETTER_KIND))
        if log_uuid is not None:
            query = query.where(LetterLog.uuid == log_uuid)
        found = session.execute(query.order_by(LetterLog.sent_at.desc(), LetterLog.id.desc()).limit(1)).first()
        if found is None:
            raise NoLetterYet()
        log, patient = found
        appointment = session.scalar(select(Appointment).where(Appointment.uuid == log.appointment_uuid))
        shown = list(session.scalars(select(Result).where(Result.uuid.in_(list(log.result_uuids or ())))))
        if appointment is None or (log.result_uuids and not shown):
            raise NoLetterYet()
        sent_on = local_date(log.sent_at)  # the date the letter was printed with: this computer's day
        since = min((r.taken_on for r in shown), default=sent_on)  # none: it was sent with the prompts only
        letter = _letter(patient, appointment, shown, reference, since,
                         max(sent_on, max((r.taken_on for r in shown), default=sent_on)), sent_on,
                         large_print=log.large_print)
        return replace(letter, result_uuids=tuple(log.result_uuids or ()))


def record_reprint(vault: Vault, patient_uuid: str, log_uuid: str | None = None) -> None:
    """Audit that a letter was printed again (one transaction)."""
    with vault.transaction() as session:
        patient = session.scalar(select(Patient).where(Patient.uuid == patient_uuid))
        if patient is None:
            raise NoLetterYet()
        refuse_if_died(patient, LETTER_WHAT)
        if log_uuid is None:
            log_uuid = session.scalar(select(LetterLog.uuid).where(LetterLog.patient_id == patient.id,
                                                                   LetterLog.kind == LETTER_KIND)
                                      .order_by(LetterLog.sent_at.desc(), LetterLog.id.desc()).limit(1))
        record_event(session, "reprinted", "letter_log", log_uuid, patient.id)
