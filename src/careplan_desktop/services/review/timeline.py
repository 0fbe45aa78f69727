"""The history of a person's plan, oldest first: each version agreed, each review (continued,
modified, exited to self-care, re-entered) and each change of level of need with the next review
it set. Reads only; no Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from careplan_desktop.domain.dates import local_date
from careplan_desktop.models import AuditEvent, PlanVersion, Review
from careplan_desktop.services.planning.versions import patient_id_for
from careplan_desktop.store import Vault

#: the audit action of a change of level of need; its details name the day and the next review
LEVEL_CHANGED = "level of need changed"


@dataclass(frozen=True)
class TimelineEvent:
    date: dt.date
    kind: str  # agreed, reviewed, modified, exited, re-entered, level changed
    text: str
    version_uuid: str | None = None


_REVIEW_TEXT = {
    "continued": ("reviewed", "Reviewed version {n}; the plan continues unchanged"),
    "modified": ("modified", "Reviewed version {n}; the plan is being changed"),
    "exited": ("exited", "Left active review for self-care"),
    "re-entered": ("re-entered", "Came back into active review from version {n}"),
}


def _level_event(event: AuditEvent) -> tuple[tuple, TimelineEvent]:
    details = event.details or {}
    day = dt.date.fromisoformat(details["on"]) if details.get("on") else local_date(event.at)
    text = f"Level of need changed from {details.get('from')} to {details.get('to')}"
    if details.get("next_review"):
        text += "; next review " + dt.date.fromisoformat(details["next_review"]).strftime("%d/%m/%Y")
    return (day, 2, dt.time(), event.id), TimelineEvent(day, "level changed", text)


def plan_timeline(vault: Vault, patient_uuid: str) -> list[TimelineEvent]:
    """Every agreement and review of the person's plan, oldest first (a review before an agreement
    on the same day)."""
    with vault.reader() as session:
        patient_id = patient_id_for(session, patient_uuid)
        versions = list(session.scalars(select(PlanVersion).where(PlanVersion.patient_id == patient_id)))
        numbers = {v.uuid: v.number for v in versions}
        keyed = []
        for v in versions:
            if v.agreed_at is not None:
                keyed.append(((local_date(v.agreed_at), 1, v.agreed_at.time(), v.id),
                              TimelineEvent(local_date(v.agreed_at), "agreed", f"Version {v.number} agreed", v.uuid)))
        for event in session.scalars(select(AuditEvent).where(AuditEvent.patient_id == patient_id,
                                                               AuditEvent.action == LEVEL_CHANGED)):
            keyed.append(_level_event(event))
        for r in session.scalars(select(Review).where(Review.patient_id == patient_id)):
            kind, text = _REVIEW_TEXT.get(r.outcome, ("reviewed", "Reviewed version {n}"))
            keyed.append(((r.reviewed_on, 0, dt.time(), r.id),
                          TimelineEvent(r.reviewed_on, kind, text.format(n=numbers.get(r.plan_version_uuid, "?")),
                                        r.plan_version_uuid)))
        return [event for _, event in sorted(keyed, key=lambda pair: pair[0])]
