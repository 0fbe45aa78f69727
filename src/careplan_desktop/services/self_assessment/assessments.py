"""The practice's self-assessments: start one (new, or from the last completed one's answers),
save the answers, complete it (its figures from the records kept in it, and then fixed), and
read past ones back.

Each function is one user action and one transaction (audited by the flush rules). Who may
start, save and complete is decided by `services.staff.roles` ("assess the practice"); anyone
signed in may read them. A completed assessment cannot change (`models.self_assessment`'s
flush rule refuses it, whoever writes); the next one is a new draft. There is at most one draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .evidence import Figure, evidence_in
from .toolkit import Question, Section, questions_in_order, toolkit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from careplan_desktop.store import Vault

RATINGS = ("yes", "partly", "no")
LONGEST = 4000  # characters in one box: a paragraph, not a document


class AssessmentProblem(ValueError):
    """What the person asked cannot be done; the message says why in plain words."""


@dataclass(frozen=True)
class AnswerInput:
    """One question's answer as typed on the screen or given to a command."""

    question_key: str
    rating: str | None = None
    notes: str = ""
    action: str = ""
    action_by: str = ""
    action_due: dt.date | None = None


@dataclass(frozen=True)
class Answer:
    position: int
    question_key: str
    question_text: str  # the words as answered
    meaning: str
    section_key: str
    section_title: str
    rating: str | None
    notes: str
    action: str
    action_by: str
    action_due: dt.date | None
    previous: str | None  # the rating in the completed assessment this one started from
    evidence: tuple[str, ...]  # figure keys shown beside it

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.rating != self.previous

    def as_input(self) -> AnswerInput:
        return AnswerInput(self.question_key, self.rating, self.notes, self.action, self.action_by, self.action_due)


@dataclass(frozen=True)
class Assessment:
    uuid: str
    assessed_on: dt.date
    status: str
    started_by: str
    taking_part: str
    started_from_uuid: str | None
    started_from_date: dt.date | None
    completed_at: dt.datetime | None
    completed_by: str | None
    completed_by_role: str | None
    answers: tuple[Answer, ...]
    evidence: tuple[Figure, ...] = field(default=())  # kept at completion; () for a draft
    evidence_on: dt.date | None = None  # the day they were counted

    @property
    def is_completed(self) -> bool:
        return self.status == "completed"

    def count(self, rating: str | None) -> int:
        return sum(1 for answer in self.answers if answer.rating == rating)

    @property
    def changed(self) -> int:
        return sum(1 for answer in self.answers if answer.changed)


@dataclass(frozen=True)
class PastAssessment:
    uuid: str
    assessed_on: dt.date
    status: str
    completed_by: str | None
    yes: int
    partly: int
    no: int


# -- reading -----------------------------------------------------------------------------------
def _view(session: Session, row, sections: tuple[Section, ...] | None = None) -> Assessment:
    from sqlalchemy import select

    from careplan_desktop.models import SelfAssessment

    sections = sections if sections is not None else toolkit()
    by_key: dict[str, tuple[Section, Question]] = {q.key: (s, q) for s in sections for q in s.questions}
    previous, previous_date = {}, None
    if row.started_from_uuid:
        earlier = session.scalar(select(SelfAssessment).where(SelfAssessment.uuid == row.started_from_uuid))
        if earlier is not None:
            previous = {a.question_key: a.rating for a in earlier.answers}
            previous_date = earlier.assessed_on
    answers = []
    for stored in row.answers:
        section, question = by_key.get(stored.question_key, (None, None))
        answers.append(Answer(
            stored.position, stored.question_key, stored.question_text, question.meaning if question else "",
            section.key if section else stored.question_key.partition(".")[0],
            section.title if section else stored.question_key.partition(".")[0].capitalize(),
            stored.rating, stored.notes, stored.action, stored.action_by, stored.action_due,
            previous.get(stored.question_key), question.evidence if question else ()))
    return Assessment(row.uuid, row.assessed_on, row.status, row.started_by, row.taking_part, row.started_from_uuid,
                      previous_date, row.completed_at, row.completed_by, row.completed_by_role, tuple(answers),
                      tuple(Figure.from_stored(f) for f in (row.evidence or {}).get("figures", ())),
                      _date((row.evidence or {}).get("counted_on")))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _row(session: Session, uuid: str):
    from sqlalchemy import select

    from careplan_desktop.models import SelfAssessment

    row = session.scalar(select(SelfAssessment).where(SelfAssessment.uuid == uuid))
    if row is None:
        raise AssessmentProblem("That self-assessment is not in this vault.")
    return row


def _newest(session: Session, status: str | None = None, on_or_before: dt.date | None = None):
    from sqlalchemy import select

    from careplan_desktop.models import SelfAssessment

    query = select(SelfAssessment)
    if status is not None:
        query = query.where(SelfAssessment.status == status)
    if on_or_before is not None:
        query = query.where(SelfAssessment.assessed_on <= on_or_before)
    order = (SelfAssessment.assessed_on.desc(), SelfAssessment.completed_at.desc(), SelfAssessment.id.desc())
    return session.scalar(query.order_by(*order).limit(1))


def load_assessment(vault: Vault, uuid: str) -> Assessment:
    with vault.reader() as session:
        return _view(session, _row(session, uuid))


def open_draft(vault: Vault) -> Assessment | None:
    """The assessment being filled in, if there is one."""
    with vault.reader() as session:
        row = _newest(session, "draft")
        return None if row is None else _view(session, row)


def latest_completed(vault: Vault, *, on_or_before: dt.date | None = None) -> Assessment | None:
    """The last completed assessment (by its date; the last one on or before a day if given)."""
    with vault.reader() as session:
        row = _newest(session, "completed", on_or_before)
        return None if row is None else _view(session, row)


def list_assessments(vault: Vault) -> list[PastAssessment]:
    """Every assessment, newest first (a draft among them, if there is one)."""
    from sqlalchemy import select

    from careplan_desktop.models import SelfAssessment

    with vault.reader() as session:
        rows = session.scalars(select(SelfAssessment).order_by(
            SelfAssessment.assessed_on.desc(), SelfAssessment.id.desc())).all()
        return [PastAssessment(row.uuid, row.assessed_on, row.status, row.completed_by,
                               *(sum(1 for a in row.answers if a.rating == r) for r in RATINGS)) for row in rows]


# -- writing -----------------------------------------------------------------------------------
def _may(vault: Vault) -> None:
    from careplan_desktop.services.staff.roles import require

    require(vault, "assess the practice")


def start_assessment(vault: Vault, on: dt.date, *, from_last: bool = True) -> Assessment:
    """A new draft dated `on`: every question of the toolkit, with the answers, evidence and
    actions of the last completed assessment as the starting point (`from_last`), or blank."""
    from careplan_desktop.models import SelfAssessment, SelfAssessmentAnswer

    _may(vault)
    with vault.transaction() as session:
        if _newest(session, "draft") is not None:
            raise AssessmentProblem("A self-assessment is already being filled in. Carry on with it, "
                                    "or complete it, before starting another.")
        last = _newest(session, "completed") if from_last else None
        kept = {a.question_key: a for a in last.answers} if last is not None else {}
        row = SelfAssessment(assessed_on=on, status="draft", started_by=vault.user_name or "",
                             taking_part=last.taking_part if last is not None else "",
                             started_from_uuid=last.uuid if last is not None else None)
        for position, (_, question) in enumerate(questions_in_order(), start=1):
            before = kept.get(question.key)
            row.answers.append(SelfAssessmentAnswer(
                position=position, question_key=question.key, question_text=question.text,
                rating=before.rating if before else None, notes=before.notes if before else "",
                action=before.action if before else "", action_by=before.action_by if before else "",
                action_due=before.action_due if before else None))
        session.add(row)
        session.flush()
        return _view(session, row)


def _tidy(text: str, what: str) -> str:
    text = (text or "").strip()
    if len(text) > LONGEST:
        raise AssessmentProblem(f"{what} is too long: keep it under {LONGEST} characters.")
    return text


def _apply(row, answers: Sequence[AnswerInput], taking_part: str | None, assessed_on: dt.date | None) -> None:
    if row.status != "draft":
        raise AssessmentProblem("This self-assessment has been completed and cannot be changed. "
                                "Start a new one from its answers to make changes.")
    stored = {a.question_key: a for a in row.answers}
    for given in answers:
        answer = stored.get(given.question_key)
        if answer is None:
            raise AssessmentProblem("One of the answers is for a question this assessment does not have.")
        if given.rating not in (None, *RATINGS):
            raise AssessmentProblem("An answer is Yes, Partly or No.")
        answer.rating = given.rating
        answer.notes = _tidy(given.notes, f"The evidence for question {answer.position}")
        answer.action = _tidy(given.action, f"The action for question {answer.position}")
        answer.action_by = _tidy(given.action_by, f"Who will do the action of question {answer.position}")
        answer.action_due = given.action_due
    if taking_part is not None:
        row.taking_part = _tidy(taking_part, "Who took part")
    if assessed_on is not None:
        row.assessed_on = assessed_on


def save_answers(vault: Vault, uuid: str, answers: Sequence[AnswerInput], *, taking_part: str | None = None,
                 assessed_on: dt.date | None = None) -> Assessment:
    """Keep the answers typed so far (and who took part, and the date), in one transaction."""
    _may(vault)
    with vault.transaction() as session:
        row = _row(session, uuid)
        _apply(row, answers, taking_part, assessed_on)
        session.flush()
        return _view(session, row)


def completion_problem(assessment: Assessment) -> str | None:
    """Why it cannot be completed yet (the first thing to fix), or None."""
    unanswered = [a.position for a in assessment.answers if a.rating is None]
    if unanswered:
        return (f"{len(unanswered)} question{'s are' if len(unanswered) != 1 else ' is'} not answered yet "
                f"(the first is question {unanswered[0]}). Answer every question Yes, Partly or No to complete it.")
    for answer in assessment.answers:
        if answer.action and not (answer.action_by and answer.action_due):
            return (f"The action agreed for question {answer.position} needs who will do it and by when.")
        if not answer.action and (answer.action_by or answer.action_due):
            return f"Question {answer.position} says who and when, but not the action agreed. Write the action."
    return None


def complete_assessment(vault: Vault, uuid: str, on: dt.date, answers: Sequence[AnswerInput] = (), *,
                        taking_part: str | None = None, assessed_on: dt.date | None = None) -> Assessment:
    """Complete the draft, with the answers still on screen (one transaction): the figures from
    the records on `on` are kept in it, and from now on nothing in it can change."""
    _may(vault)
    from careplan_desktop.models import utcnow

    with vault.transaction() as session:
        row = _row(session, uuid)
        if row.status != "draft":
            raise AssessmentProblem("This self-assessment has already been completed.")
        _apply(row, answers, taking_part, assessed_on)
        session.flush()
        problem = completion_problem(_view(session, row))
        if problem:
            raise AssessmentProblem(problem)
        row.evidence = {"counted_on": on.isoformat(),
                        "figures": [figure.as_stored() for figure in evidence_in(session, on)]}
        row.status = "completed"
        row.completed_at = utcnow()
        row.completed_by = vault.user_name or ""
        row.completed_by_role = vault.user_role or None
        session.flush()
        return _view(session, row)


def delete_draft(vault: Vault, uuid: str) -> None:
    """Throw away a draft that is not wanted (a completed assessment is kept for ever)."""
    _may(vault)
    with vault.transaction() as session:
        row = _row(session, uuid)
        if row.status != "draft":
            raise AssessmentProblem("A completed self-assessment is kept; it cannot be thrown away.")
        session.delete(row)
