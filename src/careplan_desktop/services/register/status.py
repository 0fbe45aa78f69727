"""A register kept true: a person marked as died (with the date), moved away or registered
elsewhere (with the date), or left the long-term-condition register (with the reason), and
restored to the register when that was a mistake.

Each change is one transaction: the person's record changes and the flush rules write its
audit row ("updated", naming the fields) in it, with the source "register status". The status
travels in plan bundles as any other field of the person does.

Who is on the register is one condition, `Patient.on_register` (SQL and Python alike): recall,
reviews due, letter and invitation batches and the register's figures use it. A letter or
printout for someone who has died is refused here with `PersonHasDied`, so the screens and the
headless commands give the same message. The import never sets a status (it only reports the
people missing from a full list, `importing.ImportReport.to_check`).

Imported by the register list at start-up, so SQLAlchemy is imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplan_desktop import models
from careplan_desktop.models.codes import RegisterStatus, is_on_register  # noqa: F401 (also read from here)
from careplan_desktop.store import Vault

ACTIVE, DIED = RegisterStatus.ACTIVE.value, RegisterStatus.DIED.value
MOVED_AWAY, LEFT_REGISTER = RegisterStatus.MOVED_AWAY.value, RegisterStatus.LEFT_REGISTER.value
#: what a nurse reads for each status (the choice in the dialog, the register filter)
STATUS_NAMES = {ACTIVE: "On the register", DIED: "Died", MOVED_AWAY: "Moved away or registered elsewhere",
                LEFT_REGISTER: "Left the long-term-condition register"}
NEEDS_DATE = (DIED, MOVED_AWAY)
REASON_LENGTH = 200
AUDIT_SOURCE = "register status"


def long_date(day: dt.date) -> str:
    """'3 November 2026'."""
    return f"{day.day} {day:%B %Y}"


def status_text(status: str, on: dt.date | None = None, reason: str | None = None) -> str:
    """The status as the top of the overview shows it: "Died 3 November 2026", "Moved away or
    registered elsewhere 3 November 2026", "Left the long-term-condition register: moved to
    end-of-life care". "" for someone on the register."""
    if is_on_register(status):
        return ""
    name = STATUS_NAMES.get(status, status.replace("_", " ").capitalize())
    if status in NEEDS_DATE:
        return f"{name} {long_date(on)}" if on else name
    return f"{name}: {reason}" if reason else name


class RegisterStatusError(ValueError):
    """A status that cannot be recorded as given; the message says what to do."""


class PersonHasDied(RegisterStatusError):
    """A letter, invitation or printout asked for someone recorded as having died."""

    def __init__(self, what: str, died_on: dt.date | None) -> None:
        when = f" on {long_date(died_on)}" if died_on else ""
        super().__init__(f"No {what} is made for this person: they are recorded as having died{when}. "
                         "If that is a mistake, restore them to the register from their overview first.")


class NotOnRegister(RegisterStatusError):
    """An invitation or booking asked for people who have left the register since the list was made."""

    def __init__(self, count: int) -> None:
        people = "person is" if count == 1 else "people are"
        super().__init__(f"{count} of the selected {people} no longer on the register (died, moved away or left it), "
                         "so nothing was recorded. Refresh the list and try again.")


def refuse_off_register(patients) -> None:
    """Stop an invitation or booking batch that holds anyone no longer on the register."""
    gone = sum(not p.on_register for p in patients)
    if gone:
        raise NotOnRegister(gone)


def refuse_if_died(patient, what: str) -> None:
    """Stop a letter ("results letter"), an invitation or a printout for someone who has died."""
    if patient.register_status == DIED:
        raise PersonHasDied(what, patient.register_status_on)


@dataclass(frozen=True)
class StatusChange:
    """What was recorded, for the screen's message."""

    patient_uuid: str
    status: str
    on: dt.date | None
    reason: str | None

    @property
    def text(self) -> str:
        return status_text(self.status, self.on, self.reason) or STATUS_NAMES[ACTIVE]


def check_status(status: str, on: dt.date | None, reason: str | None, today: dt.date) -> str | None:
    """What is wrong with a status as given (a message to show beside the choice), or None."""
    if status not in STATUS_NAMES:
        return "Choose died, moved away or left the register."
    if status in NEEDS_DATE:
        if on is None:
            return f"Enter the date {'they died' if status == DIED else 'they moved away or registered elsewhere'}."
        if on > today:
            return "The date cannot be in the future."
    if status == LEFT_REGISTER:
        text = (reason or "").strip()
        if not text:
            return "Say why they left the register."
        if len(text) > REASON_LENGTH:
            return f"Keep the reason to {REASON_LENGTH} characters or fewer."
    return None


def set_register_status(vault: Vault, patient_uuid: str, status: str, *, on: dt.date | None = None,
                        reason: str | None = None, today: dt.date | None = None) -> StatusChange:
    """Record that the person died (`on`), moved away (`on`) or left the register (`reason`), or
    (ACTIVE) restore them to it: one transaction with its audit row. A date cannot be in the
    future; the date and reason that do not belong to the status are cleared."""
    from sqlalchemy import select

    today = today or dt.date.today()
    problem = check_status(status, on, reason, today)
    if problem:
        raise RegisterStatusError(problem)
    on = on if status in NEEDS_DATE else None
    reason = (reason or "").strip() or None if status == LEFT_REGISTER else None
    from careplan_desktop.services.register.listing import PersonNotFound

    with vault.transaction() as session:
        patient = session.scalar(select(models.Patient).where(models.Patient.uuid == patient_uuid))
        if patient is None:
            raise PersonNotFound()
        if (patient.register_status, patient.register_status_on, patient.register_status_reason) == (status, on, reason):
            raise RegisterStatusError("That is already recorded for this person: nothing was changed.")
        session.info["audit_context"] = {"source": AUDIT_SOURCE, "register_status": status}
        patient.register_status, patient.register_status_on, patient.register_status_reason = status, on, reason
    return StatusChange(patient_uuid, status, on, reason)


def restore_to_register(vault: Vault, patient_uuid: str, *, today: dt.date | None = None) -> StatusChange:
    """Undo a status recorded by mistake: the person is on the register again (one transaction,
    audited); recall, reviews due and letters include them again."""
    return set_register_status(vault, patient_uuid, ACTIVE, today=today)
