"""The practice's care planning self-assessments (issue 15, seed 004 appendix 2).

One `SelfAssessment` is one sitting of the practice meeting: its date, who started it, who took
part, and, once completed, who completed it and the figures from the records on that day. Its
`SelfAssessmentAnswer` rows hold each question's answer (yes, partly, no), the evidence written
down and the action agreed, who will do it and by when; each keeps the question's words as they
were, so a completed assessment prints the same for ever.

A completed assessment is fixed: the flush rule below refuses any change to it or its answers,
whoever writes (the screens and the headless command alike). The next one starts as a new draft.
They are the practice's records, not a person's: no patient id, audited like every other row.
"""

from __future__ import annotations

import datetime as dt
import enum
from itertools import chain
from typing import Any

from sqlalchemy import ForeignKey, String, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import Base, Traveller
from .rules import committed_value


class AssessmentStatus(str, enum.Enum):
    DRAFT = "draft"
    COMPLETED = "completed"


class Rating(str, enum.Enum):
    """The toolkit's scale: "Achieved? Yes/no/partly"."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class CompletedAssessmentError(Exception):
    """Something tried to change a completed self-assessment."""

    def __init__(self) -> None:
        super().__init__("This self-assessment has been completed and cannot be changed. "
                         "Start a new one from its answers to make changes.")


class SelfAssessment(Traveller, Base):
    __tablename__ = "self_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessed_on: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(16), default=AssessmentStatus.DRAFT.value)
    started_by: Mapped[str]
    taking_part: Mapped[str] = mapped_column(default="")  # the names of those at the meeting
    started_from_uuid: Mapped[str | None] = mapped_column(String(36))  # the completed one it began from
    completed_at: Mapped[dt.datetime | None]
    completed_by: Mapped[str | None]
    completed_by_role: Mapped[str | None] = mapped_column(String(32))
    #: the figures from the records when completed, then never changed:
    #: {"counted_on": "YYYY-MM-DD", "figures": [{key, count, total, text}]}
    evidence: Mapped[dict[str, Any] | None]

    answers: Mapped[list[SelfAssessmentAnswer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="SelfAssessmentAnswer.position")


class SelfAssessmentAnswer(Traveller, Base):
    __tablename__ = "self_assessment_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("self_assessment.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]  # the question's place in the toolkit
    question_key: Mapped[str] = mapped_column(String(64))
    question_text: Mapped[str]  # the words as they were on the day
    rating: Mapped[str | None] = mapped_column(String(8))  # yes, partly, no; None: not answered yet
    notes: Mapped[str] = mapped_column(default="")  # the evidence written down
    action: Mapped[str] = mapped_column(default="")  # the action agreed
    action_by: Mapped[str] = mapped_column(default="")  # who will do it
    action_due: Mapped[dt.date | None]  # by when

    assessment: Mapped[SelfAssessment] = relationship(back_populates="answers")


def _really_changed(obj: Any) -> bool:
    state = inspect(obj)
    return any(state.attrs[attr.key].history.has_changes() for attr in state.mapper.column_attrs)


@event.listens_for(Session, "before_flush")
def _completed_stay_as_they_were(session: Session, _flush_context: Any, _instances: Any) -> None:
    """Refuse any change to a completed assessment or its answers (completing is the last)."""
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, SelfAssessment):
            assessment = obj
        elif isinstance(obj, SelfAssessmentAnswer):
            assessment = obj.assessment
        else:
            continue
        if assessment is None or obj in session.dirty and obj not in session.deleted and not _really_changed(obj):
            continue
        if committed_value(assessment, "status", AssessmentStatus.DRAFT.value) == AssessmentStatus.COMPLETED.value:
            raise CompletedAssessmentError()
