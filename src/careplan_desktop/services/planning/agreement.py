"""Agreeing a plan, its history, and the copies given.

* `agree_plan` fixes a draft. When key elements are missing it first returns them for the
  nurse to confirm (nothing changes); once confirmed, one transaction records what was
  missing, when and by whom it was agreed, supersedes the previous agreed version and sets
  the person's next review date (the plan's, or the default for their level of need). Then the
  yellow-folder printout is made and kept in the vault (`printout_store`; never blocks agreeing).
  A copy for anyone but the person needs the person's consent recorded in the plan.
* `compare_versions`, `versions_of` and `load_version` show the history (earlier versions
  stay readable); a new draft after agreement is `planning.start_draft`.
* `record_copy_given` / `copies_given`: whether the person and the carer got their copy.
* `record_printout`: the audit event for a printout saved or printed (who, which version, what
  print size; no names in its details).
No Qt; plain frozen dataclasses out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple, Sequence

from sqlalchemy import select

from careplan_desktop.models import (
    Carer, Participant, PlanVersion, PrintLog, VersionStatus, record_event, utcnow,
)
from careplan_desktop.services.practice.details import read_practice
from careplan_desktop.services.practice.values import PracticeSettings
from careplan_desktop.store import Vault

from careplan_desktop.domain.dates import local_date
from careplan_desktop.services.planning.quality import ElementCheck, QualityWarning, assess
from careplan_desktop.services.planning.versions import (  # noqa: F401  (start_draft and load_version are part of this API too)
    default_review_date, load_version, patient_id_for, start_draft, version_with_owner,
)
from careplan_desktop.services.planning.compare import SECTION_TITLES, Difference, differences  # noqa: F401
from careplan_desktop.services.planning.draft import SHARING_RECIPIENTS, ParticipantItem, PlanDraft, PlanRuleError
from careplan_desktop.services.planning.rows import read_draft
from careplan_desktop.services.planning.printout import PRINTOUT_WHAT
from careplan_desktop.services.register.status import refuse_if_died
from careplan_desktop.services.staff.roles import require

new_draft_from_agreed = start_draft

COPY_RECIPIENTS = ("person", *SHARING_RECIPIENTS)
ALREADY_AGREED = ("This version of the plan has already been agreed. Start a new version to make changes; "
                  "the agreed one stays as it was.")
WHO_AGREED = "Record who agreed the plan: the person (or who agreed for them) and the clinician."
CHANGED_SINCE_SHOWN = ("The plan was changed after this window opened, so nothing was agreed. The window now "
                       "shows the plan as it is: read it again, then agree.")
DIFFERENT_PEOPLE = "These two versions belong to different people's plans, so they cannot be compared."


@dataclass(frozen=True)
class AgreeOutcome:
    """`agreed` False: nothing was changed; `missing` (to confirm) or `needs_consent` say why."""

    agreed: bool
    version_uuid: str
    missing: tuple[ElementCheck, ...] = ()
    needs_consent: tuple[str, ...] = ()  # copy recipients the person has not consented to
    warnings: tuple[QualityWarning, ...] = ()
    agreed_at: dt.datetime | None = None
    next_review_date: dt.date | None = None
    superseded_uuid: str | None = None

    @property
    def needs_confirmation(self) -> bool:
        return not self.agreed and bool(self.missing) and not self.needs_consent


class VersionSummary(NamedTuple):
    uuid: str
    number: int
    status: str  # draft, agreed, superseded
    agreed_at: dt.datetime | None


@dataclass(frozen=True)
class CopyGiven:
    uuid: str
    version_uuid: str
    given_to: str  # person, carer
    carer_uuid: str | None
    carer_name: str
    given_at: dt.datetime
    given_by: str
    large_print: bool


@dataclass(frozen=True)
class CopiesStatus:
    person: bool
    carer: bool
    lines: tuple[CopyGiven, ...]


class DraftChangedError(PlanRuleError):
    """The draft in the vault is not the one the nurse was shown: nothing was agreed."""

    def __init__(self) -> None:
        super().__init__(CHANGED_SINCE_SHOWN)


def _same_content(a: PlanDraft, b: PlanDraft) -> bool:
    return dataclasses.replace(a, revision=0) == dataclasses.replace(b, revision=0)


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def agree_plan(
    vault: Vault,
    version_uuid: str,
    *,
    agreed_by_person: str,
    agreed_by_clinician: str,
    involved: Sequence[str] | None = None,
    copies_to: Sequence[str] = ("person",),
    confirm_missing: bool = False,
    practice: PracticeSettings | None = None,
    shown: PlanDraft | None = None,
) -> AgreeOutcome:
    """Agree a draft (one transaction). `shown` is the draft exactly as the nurse saw it: if the
    vault's draft differs (saved from elsewhere since), DraftChangedError and nothing changes.
    `involved` names anyone who took part and is not yet
    listed (added as participants before the check); `copies_to` uses the codes in
    COPY_RECIPIENTS; `confirm_missing` is the nurse's confirmation that the plan may be agreed
    with key elements missing (they are recorded with it)."""
    require(vault, "agree plans")
    if not (agreed_by_person.strip() and agreed_by_clinician.strip()):
        raise PlanRuleError(WHO_AGREED)
    unknown = [code for code in copies_to if code not in COPY_RECIPIENTS]
    if unknown:
        raise PlanRuleError(f"A copy can go to: {', '.join(COPY_RECIPIENTS)}.")
    with vault.transaction() as session:
        version, patient = version_with_owner(session, version_uuid)
        if version.status != VersionStatus.DRAFT.value:
            raise PlanRuleError(ALREADY_AGREED)
        draft = read_draft(session, version, patient.uuid)
        if shown is not None and not _same_content(shown, draft):
            raise DraftChangedError()
        new_names: list[str] = []
        for name in involved or ():
            name = " ".join(name.split())
            if name and not any(_same_name(name, p.name) for p in (*draft.participants, *map(ParticipantItem, new_names))):
                new_names.append(name)
        view = dataclasses.replace(draft, participants=draft.participants + tuple(map(ParticipantItem, new_names)))
        report = assess(session, version, patient, view)
        consents = draft.sharing.as_dict()
        needs_consent = tuple(code for code in dict.fromkeys(copies_to) if code != "person" and consents[code] is not True)
        if needs_consent or (report.missing and not confirm_missing):
            return AgreeOutcome(False, version_uuid, report.missing, needs_consent, report.warnings)
        for position, name in enumerate(new_names, start=len(draft.participants)):
            session.add(Participant(plan_version=version, name=name, position=position))
        session.flush()  # parts first: they can only be added while the version is a draft
        superseded = None
        for previous in session.scalars(select(PlanVersion).where(
                PlanVersion.patient_id == patient.id, PlanVersion.status == VersionStatus.AGREED.value)):
            previous.status = VersionStatus.SUPERSEDED.value
            superseded = previous.uuid
        agreed_at = utcnow()
        version.status = VersionStatus.AGREED.value
        version.agreed_at = agreed_at
        version.agreed_by_person = agreed_by_person.strip()
        version.agreed_by_clinician = agreed_by_clinician.strip()
        version.missing_at_agreement = list(report.missing_codes)
        next_review = version.review_date or default_review_date(patient.level_of_need, local_date(agreed_at), practice or read_practice(session))
        if patient.next_review_date != next_review:
            patient.next_review_date = next_review
        record_event(session, "agreed", "plan_version", version.uuid, patient.id,
                     {"missing": list(report.missing_codes), "copies_to": list(dict.fromkeys(copies_to)),
                      "superseded": superseded,
                      "warnings": sorted({warning.code for warning in report.warnings})})  # counted in the reports
    from careplan_desktop.services.planning.printout_store import remember_printout  # reportlab: imported when first agreeing, not at start-up

    remember_printout(vault, version_uuid, practice=practice)  # the yellow-folder PDF, kept in the vault
    return AgreeOutcome(True, version_uuid, report.missing, (), report.warnings, agreed_at, next_review, superseded)


def compare_versions(vault: Vault, older_uuid: str, newer_uuid: str) -> list[Difference]:
    """What changed from one version of a person's plan to another (rule: `compare`)."""
    with vault.reader() as session:
        older, older_owner = version_with_owner(session, older_uuid)
        newer, newer_owner = version_with_owner(session, newer_uuid)
        if older_owner.id != newer_owner.id:
            raise PlanRuleError(DIFFERENT_PEOPLE)
        before = read_draft(session, older, older_owner.uuid)
        after = read_draft(session, newer, newer_owner.uuid)
    return differences(before, after)


def versions_of(vault: Vault, patient_uuid: str) -> list[VersionSummary]:
    """Every version of the person's plan, oldest first."""
    with vault.reader() as session:
        patient_id = patient_id_for(session, patient_uuid)
        rows = session.execute(
            select(PlanVersion.uuid, PlanVersion.number, PlanVersion.status, PlanVersion.agreed_at)
            .where(PlanVersion.patient_id == patient_id).order_by(PlanVersion.number)
        ).all()
    return [VersionSummary(*row) for row in rows]


# -- copies of the yellow-folder printout ------------------------------------------------------------

def _copy(log: PrintLog, carer_names: dict[str, str]) -> CopyGiven:
    return CopyGiven(log.uuid, log.plan_version_uuid, log.given_to, log.carer_uuid,
                     carer_names.get(log.carer_uuid or "", ""), log.given_at, log.given_by or "", log.large_print)


def record_copy_given(
    vault: Vault, version_uuid: str, given_to: str, carer_uuid: str | None = None, large_print: bool = False
) -> CopyGiven:
    """Record that a printed copy was given to the person or to a carer. A carer's copy needs
    the person's consent: to share the plan with their carer, or to this carer's copy."""
    if given_to not in ("person", "carer"):
        raise PlanRuleError("A copy is given to the person or to a carer.")
    with vault.transaction() as session:
        version, patient = version_with_owner(session, version_uuid)
        carer = None
        if given_to == "carer":
            carers = list(session.scalars(select(Carer).where(Carer.patient_id == patient.id).order_by(Carer.id)))
            if carer_uuid is None and len(carers) == 1:
                carer = carers[0]
            else:
                carer = next((c for c in carers if c.uuid == carer_uuid), None)
            if carer is None:
                raise PlanRuleError("Choose which of the person's carers is getting the copy.")
            draft = read_draft(session, version, patient.uuid)
            if draft.sharing.carer is not True and carer.copy_consent_recorded_on is None:
                raise PlanRuleError("The person has not consented to their carer having a copy of the plan. "
                                    "Record their consent in the plan first.")
        log = PrintLog(patient_id=patient.id, plan_version_uuid=version.uuid, given_to=given_to,
                       carer_uuid=carer.uuid if carer else None, given_at=utcnow(), given_by=vault.user_name or None,
                       large_print=large_print)
        session.add(log)
        session.flush()
        return _copy(log, {carer.uuid: carer.name} if carer else {})


def copies_given(vault: Vault, version_uuid: str) -> CopiesStatus:
    with vault.reader() as session:
        version, patient = version_with_owner(session, version_uuid)
        logs = list(session.scalars(select(PrintLog).where(
            PrintLog.patient_id == patient.id, PrintLog.plan_version_uuid == version.uuid).order_by(PrintLog.id)))
        names = dict(session.execute(select(Carer.uuid, Carer.name).where(Carer.patient_id == patient.id)).all())
        lines = tuple(_copy(log, names) for log in logs)
    return CopiesStatus(any(c.given_to == "person" for c in lines), any(c.given_to == "carer" for c in lines), lines)


PRINTOUT_ACTIONS = {"saved": "printout saved", "printed": "printout printed"}


def record_printout(vault: Vault, version_uuid: str, how: str, *, large_print: bool) -> None:
    """Audit a yellow-folder printout saved as a PDF or sent to a printer (one transaction): who
    (the vault's user, as every audit event), which plan version and the print size. The details
    hold no name, NHS number or file name."""
    if how not in PRINTOUT_ACTIONS:
        raise ValueError(f"how must be one of {', '.join(PRINTOUT_ACTIONS)}, not {how!r}")
    with vault.transaction() as session:
        version, patient = version_with_owner(session, version_uuid)
        refuse_if_died(patient, PRINTOUT_WHAT)
        record_event(session, PRINTOUT_ACTIONS[how], "plan_version", version.uuid, patient.id,
                     {"version": version.number, "status": version.status,
                      "print_size": "large print" if large_print else "normal print"})
