"""The yellow-folder printout's data: one plan version, with the person's appointments and
latest results, mapped into `documents.plan_data.YellowFolderData` for the renderer.

* key actions this year: actions with someone responsible and not done, soonest first
  (undated ones last);
* who to call: the contingency contacts; care team: the lead professional, the people
  involved in planning (not the person themselves), the GP and carers, with a phone number
  where the plan or the register has one;
* results: the latest of each result in plain English from the results catalogue, with the
  one before it and how it compares with the target that fits the person's age. An agreed
  version shows the results as they stood when it was agreed (taken on or before that day, on
  this computer's calendar); only the current agreed version adds, in a part of its own, the
  results taken since ("latest results"). A draft shows the latest results;
* a lead professional with no number of their own is shown with the practice's number, and
  the "when I am unwell" page gets the practice's name and number;
* large print follows the person's own need unless the caller says otherwise.
`folder_data` reads the data of many versions at once (a few queries for all of them, as an
export of a thousand plans needs); `yellow_folder_data` is the same for one. Reads only;
recording that a copy was given is `agreement.record_copy_given`, and keeping the PDF is
`printout_store`. No Qt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import select

from careplan_desktop.documents.plan_data import (
    ActionLine, AppointmentLine, CareTeamLine, ContactLine, GoalLine, GoalProgressLine, MedicineLine, ResultLine,
    ReviewSummary, SupportLine, YellowFolderData,
)
from careplan_desktop.models import Appointment, Carer, Goal, Patient, PlanVersion, Result, Review, VersionStatus
from careplan_desktop.services.practice.details import read_practice
from careplan_desktop.services.practice.values import PracticeSettings
from careplan_desktop.store import Vault

from careplan_desktop.domain.dates import age_on, local_date
from careplan_desktop.services.planning.draft import PlanDraft, PlanNotFound
from careplan_desktop.services.planning.printout_person import person_parts
from careplan_desktop.services.planning.rows import load_parts_of, read_draft
from careplan_desktop.domain.reference import ReferenceData, load_reference_data
from careplan_desktop.services.results.readings import reading, target_text
from careplan_desktop.services.register.status import refuse_if_died

THE_PERSON_ROLES = {"the person", "person", "me", "myself", "patient", "the patient"}
PRINTOUT_WHAT = "printout"
BATCH = 400  # plan versions read together (keeps each IN list well inside SQLite's limit)


def _blank(text: str | None) -> bool:
    return not (text and text.strip())


def _or_none(text: str | None) -> str | None:
    return None if _blank(text) else text.strip()  # type: ignore[union-attr]


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def goals_with_what_serves_them(draft: PlanDraft) -> dict[str, tuple]:
    """The goals in the person's order, each with the "what I will do" and support that serve it;
    what serves no goal shown on printed goals stays in its own section."""
    goals = [g for g in draft.goals if not _blank(g.text)]
    doing = [s for s in draft.self_care if not _blank(s.text)]
    helpers = [s for s in draft.support if not _blank(s.name) and s.status != "refused"]
    shown = {g.uuid for g in goals}

    def helper(s) -> SupportLine:
        return SupportLine(s.name.strip(), _or_none(s.details), _or_none(s.contact))

    return {
        "goals": tuple(GoalLine(g.text.strip(), g.status,
                                tuple(s.text.strip() for s in doing if g.uuid in s.goal_uuids),
                                tuple(helper(s) for s in helpers if g.uuid in s.goal_uuids)) for g in goals),
        "what_i_will_do": tuple(s.text.strip() for s in doing if not shown & set(s.goal_uuids)),
        "support": tuple(helper(s) for s in helpers if not shown & set(s.goal_uuids)),
    }


def key_actions(draft: PlanDraft) -> tuple[ActionLine, ...]:
    owned = [(i, a) for i, a in enumerate(draft.actions) if not _blank(a.what) and not _blank(a.who) and a.status != "done"]
    owned.sort(key=lambda pair: (pair[1].due_on is None, pair[1].due_on or dt.date.min, pair[0]))
    return tuple(ActionLine(a.what.strip(), a.who.strip(), a.due_on) for _, a in owned)


def _phone_for(name: str, draft: PlanDraft, carers: list[Carer]) -> str | None:
    """A number for someone in the care team from the plan's contacts or the carers."""
    wanted = " ".join(name.casefold().split())
    for contact in draft.contingency.contacts:
        if " ".join(contact.name.casefold().split()).startswith(wanted) and not _blank(contact.phone):
            return contact.phone.strip()
    return next((c.phone for c in carers if _same(c.name, name) and c.phone), None)


def care_team(draft: PlanDraft, patient: Patient, carers: list[Carer], practice_phone: str) -> tuple[CareTeamLine, ...]:
    own_names = {f"{patient.given_name} {patient.family_name}", f"{patient.preferred_name or ''} {patient.family_name}"}
    team: list[CareTeamLine] = []
    lead_name, lead_role = "", ""
    if not _blank(patient.lead_professional):
        lead_name, _, lead_role = (patient.lead_professional or "").partition(",")
        lead_name, lead_role = lead_name.strip(), lead_role.strip()
    for p in draft.participants:
        if _blank(p.name) or p.role.strip().casefold() in THE_PERSON_ROLES or any(_same(p.name, n) for n in own_names):
            continue
        is_lead = p.is_lead or (bool(lead_name) and _same(p.name, lead_name))
        team.append(CareTeamLine(p.name.strip(), _or_none(p.role), _phone_for(p.name, draft, carers), is_lead))
    if lead_name and not any(_same(line.name, lead_name) for line in team):
        team.append(CareTeamLine(lead_name, lead_role or None, _phone_for(lead_name, draft, carers), True))
    if practice_phone:  # the lead is who the person calls first: never shown without a number
        team = [dataclasses.replace(line, phone=practice_phone, practice_number=True)
                if line.is_lead and not line.phone else line for line in team]
    if not _blank(patient.gp_name) and not any(_same(line.name, patient.gp_name or "") for line in team):
        team.append(CareTeamLine(patient.gp_name.strip(), "GP", practice_phone or None))  # type: ignore[union-attr]
    for carer in carers:
        if not any(_same(line.name, carer.name) for line in team):
            team.append(CareTeamLine(carer.name, carer.relationship_to_person or "carer", carer.phone))
    team.sort(key=lambda line: not line.is_lead)  # the named lead first
    return tuple(team)


def result_lines(results: list[Result], reference: ReferenceData | None, age: int, *,
                 codes: set[str] | None = None, variant: str = "standard") -> tuple[ResultLine, ...]:
    """The latest of each result with the one before it, in catalogue order (only ``codes``
    when given)."""
    by_code: dict[str, list[Result]] = {}
    for result in sorted(results, key=lambda r: (r.taken_on, r.id)):
        by_code.setdefault(result.code, []).append(result)
    order = {kind.code: i for i, kind in enumerate(reference.results)} if reference else {}
    lines = []
    for code in sorted(by_code, key=lambda c: (order.get(c, len(order)), c)):
        if codes is not None and code not in codes:
            continue
        history = by_code[code]
        latest, previous = history[-1], (history[-2] if len(history) > 1 else None)
        try:
            kind = reference.result(code) if reference else None
        except KeyError:
            kind = None
        if kind is None:  # not in the catalogue: no plain words to explain it, so left out
            continue
        lines.append(ResultLine(
            code=code, plain_name=kind.plain_name, measures=kind.measures,
            value_text=kind.plain_choice(latest.value_text) if kind.kind == "choice" else latest.value_text,
            unit=latest.unit or kind.unit or None, taken_on=latest.taken_on,
            previous_value_text=(kind.plain_choice(previous.value_text) if kind.kind == "choice" else previous.value_text)
            if previous else None,
            previous_taken_on=previous.taken_on if previous else None,
            target_text=target_text(kind, age),
            reading=reading(kind, latest, age, previous is not None),
        ))
    return tuple(lines)


class _Sources(NamedTuple):
    """What one version's printout is made from, as read from the vault."""

    version: PlanVersion
    patient: Patient
    draft: PlanDraft
    carers: list[Carer]
    results: list[Result]
    appointments: list[Appointment]
    review_summary: ReviewSummary | None


def _by_patient(rows) -> defaultdict[int, list]:
    out: defaultdict[int, list] = defaultdict(list)
    for row in rows:
        out[row.patient_id].append(row)
    return out


def _review_summaries(session, owners: list[tuple[PlanVersion, Patient]]) -> dict[str, ReviewSummary | None]:
    """The latest review of each version (or of the version it grew from), with goal progress."""
    people = {patient.id for _, patient in owners}
    reviewed = {uuid for version, _ in owners for uuid in (version.uuid, version.parent_uuid) if uuid}
    found = _by_patient(session.scalars(select(Review).where(Review.patient_id.in_(people),
                                                             Review.plan_version_uuid.in_(reviewed))))
    latest: dict[str, Review | None] = {}
    for version, patient in owners:
        mine = [r for r in found[patient.id] if r.plan_version_uuid in (version.uuid, version.parent_uuid)]
        latest[version.uuid] = max(mine, key=lambda r: (r.reviewed_on, r.id), default=None)
    progress = {uuid: [e for e in review.goal_progress or () if isinstance(e, dict) and e.get("goal_uuid")]
                for uuid, review in latest.items() if review is not None}
    goal_uuids = {e["goal_uuid"] for entries in progress.values() for e in entries}
    texts = {(patient_id, uuid): text for uuid, text, patient_id in session.execute(
        select(Goal.uuid, Goal.text, PlanVersion.patient_id).join(PlanVersion, PlanVersion.id == Goal.plan_version_id)
        .where(PlanVersion.patient_id.in_(people), Goal.uuid.in_(goal_uuids)))} if goal_uuids else {}
    out: dict[str, ReviewSummary | None] = {}
    for version, patient in owners:
        review = latest[version.uuid]
        if review is None:
            out[version.uuid] = None
            continue
        lines = tuple(GoalProgressLine(texts[(patient.id, e["goal_uuid"])], str(e.get("progress") or ""),
                                       e.get("note") or None)
                      for e in progress[version.uuid] if (patient.id, e["goal_uuid"]) in texts)
        out[version.uuid] = ReviewSummary(review.reviewed_on, lines, review.next_review_date)
    return out


def _read_sources(session, version_uuids: list[str], today: dt.date) -> dict[str, _Sources]:
    """Everything the printouts of these versions are made from: a few queries for all of them."""
    owners = [(version, patient) for version, patient in session.execute(
        select(PlanVersion, Patient).join(Patient, Patient.id == PlanVersion.patient_id)
        .where(PlanVersion.uuid.in_(version_uuids)))]
    if len(owners) < len(set(version_uuids)):
        raise PlanNotFound()
    people = {patient.id for _, patient in owners}
    parts = load_parts_of(session, [version for version, _ in owners])
    carers = _by_patient(session.scalars(select(Carer).where(Carer.patient_id.in_(people)).order_by(Carer.id)))
    results = _by_patient(session.scalars(select(Result).where(Result.patient_id.in_(people))))
    appointments = _by_patient(session.scalars(
        select(Appointment).where(Appointment.patient_id.in_(people), Appointment.status == "booked",
                                  Appointment.starts_at >= dt.datetime.combine(today, dt.time()))
        .order_by(Appointment.starts_at, Appointment.id)))
    reviews = _review_summaries(session, owners)
    return {version.uuid: _Sources(version, patient, read_draft(session, version, patient.uuid, parts[version.id]),
                                   carers[patient.id], results[patient.id], appointments[patient.id],
                                   reviews[version.uuid])
            for version, patient in owners}


def _results_then_and_since(source: _Sources, agreed: dt.date | None, today: dt.date,
                            reference: ReferenceData | None) -> tuple[tuple[ResultLine, ...], tuple[ResultLine, ...]]:
    """(the results of the plan, the latest results taken since it was agreed). A draft's are
    the latest results; an agreed version's are those taken on or before the day it was agreed
    (never a later one), and only the current agreed version adds the ones taken since."""
    patient = source.patient
    variant = "easy_read" if patient.easy_read else "standard"
    if agreed is None:
        return result_lines(source.results, reference, age_on(patient.date_of_birth, today), variant=variant), ()
    then = [r for r in source.results if r.taken_on <= agreed]
    discussed = result_lines(then, reference, age_on(patient.date_of_birth, agreed), variant=variant)
    if source.version.status != VersionStatus.AGREED.value:
        return discussed, ()
    newer = {r.code for r in source.results if agreed < r.taken_on <= today}
    latest = result_lines([r for r in source.results if r.taken_on <= today], reference,
                          age_on(patient.date_of_birth, today), codes=newer, variant=variant) if newer else ()
    return discussed, latest


def _folder_data(source: _Sources, large_print: bool | None, today: dt.date, practice: PracticeSettings,
                 reference: ReferenceData | None) -> YellowFolderData:
    patient, draft, carers = source.patient, source.draft, source.carers
    c = draft.contingency
    agreed = local_date(draft.agreement.agreed_at) if draft.agreement else None
    discussed, latest = _results_then_and_since(source, agreed, today, reference)
    review_date = draft.review_date or (patient.next_review_date if draft.status == "agreed" else None)
    return YellowFolderData(
        full_name=f"{patient.given_name} {patient.family_name}",
        preferred_name=_or_none(patient.preferred_name),
        nhs_number=patient.nhs_number,
        date_of_birth=patient.date_of_birth,
        large_print=patient.large_print if large_print is None else large_print,
        easy_read=patient.easy_read,
        version_number=draft.number,
        agreed_on=agreed,
        review_date=review_date,
        review_method=_or_none(draft.review_method),
        key_actions=key_actions(draft),
        **goals_with_what_serves_them(draft),
        warning_signs=c.warning_signs.strip(),
        what_i_do=c.what_i_do.strip(),
        what_others_do=c.what_others_do.strip(),
        who_to_call=tuple(ContactLine(x.name.strip(), _or_none(x.phone), _or_none(x.hours), _or_none(x.when_to_call))
                          for x in c.contacts if not _blank(x.name)),
        medicines=tuple(MedicineLine(m.name.strip(), _or_none(m.dose), _or_none(m.when), _or_none(m.purpose),
                                     _or_none(m.colour)) for m in draft.medicines if not _blank(m.name)),
        equipment=tuple(e.name.strip() + (f" ({e.notes.strip()})" if not _blank(e.notes) else "")
                        for e in draft.equipment if not _blank(e.name)),
        care_team=care_team(draft, patient, carers, practice.phone),
        practice_name=practice.name,
        practice_phone=practice.phone,
        appointments=tuple(AppointmentLine(a.starts_at, a.with_whom or "", a.location) for a in source.appointments),
        results=discussed,
        latest_results=latest,
        review_summary=source.review_summary,
        **person_parts(draft),
    )


def folder_data(
    session,
    version_uuids: list[str],
    *,
    large_print: bool | None = None,
    today: dt.date | None = None,
    practice: PracticeSettings | None = None,
) -> dict[str, YellowFolderData]:
    """The printout data of many plan versions, read in one session (by version uuid)."""
    today = today or dt.date.today()
    practice = practice or read_practice(session)
    # A broken practice override stops the printout with a message naming the file: a plan printed
    # without its targets or plain words would look complete and not be.
    reference: ReferenceData | None = load_reference_data()
    out: dict[str, YellowFolderData] = {}
    wanted = list(dict.fromkeys(version_uuids))
    for start in range(0, len(wanted), BATCH):
        for uuid, source in _read_sources(session, wanted[start:start + BATCH], today).items():
            out[uuid] = _folder_data(source, large_print, today, practice, reference)
    return out


def yellow_folder_data(
    vault: Vault,
    version_uuid: str,
    *,
    large_print: bool | None = None,
    today: dt.date | None = None,
    practice: PracticeSettings | None = None,
) -> YellowFolderData:
    """Everything the yellow-folder printout shows for one version of a person's plan, to print
    or save; refused (`register.status.PersonHasDied`) for someone recorded as having died. (A
    plan bundle still carries their stored printout: their record travels, it is not printed.)"""
    with vault.reader() as session:
        patient = session.scalar(select(Patient).join(PlanVersion, PlanVersion.patient_id == Patient.id)
                                 .where(PlanVersion.uuid == version_uuid))
        if patient is not None:
            refuse_if_died(patient, PRINTOUT_WHAT)
        return folder_data(session, [version_uuid], large_print=large_print, today=today, practice=practice)[version_uuid]
