"""Two agreed versions of one plan grown from the same earlier version (a "parallel" conflict):
Lorna's plan agreed at home on the laptop, and another agreed at the practice.

Both are fixed and both are kept. The nurse either keeps one (the other becomes superseded), or
merges them: the version she picks as the base stays the agreed one for now, the other becomes
superseded, and a new **draft** grows from the base with each section taken from the base,
from the other version or, for lists, from both (`services.planning.merge`). An agreed plan
needs the person's agreement, so the merge never agrees anything: the draft is checked and
agreed with the person in their plan, as any draft is. Everything travels as usual: the other
computer gets the superseded version and the draft, which settles the conflict there too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from sqlalchemy.orm import Session

from careplan_desktop.models import Conflict, VersionStatus
from careplan_desktop.services.planning.versions import PlanDraft, PlanRuleError, version_with_owner
from careplan_desktop.services.planning.merge import (
    BASE, BOTH, MERGE_SECTIONS, OTHER, same_section, section_lines, start_merged_draft,
)
from careplan_desktop.services.planning.rows import read_draft

from .errors import ExchangeError

LOCAL, INCOMING = "local", "incoming"
BASE_GONE = ("The version chosen to continue from is no longer the agreed one here (it has been superseded since). "
             "Keep one of the two instead, or start a new version from the current plan.")
CHOOSE_BASE = "Choose which version the new draft continues from: this computer's or the other one."


@dataclass(frozen=True)
class PlanMerge:
    """The nurse's merge: `base` ("local" or "incoming") is the version the draft grows from and
    stays agreed for now; `sections` maps a section key (services.planning.merge) to "local",
    "incoming" or, for lists, "both". A section not named comes from the base."""

    base: str
    sections: Mapping[str, str] = field(default_factory=dict)

    def for_planning(self) -> dict[str, str]:
        return {key: BOTH if choice == BOTH else BASE if choice == self.base else OTHER
                for key, choice in self.sections.items()}


@dataclass(frozen=True)
class VersionSide:
    uuid: str
    number: int
    status: str
    agreed_at: dt.datetime | None
    agreed_by_person: str
    agreed_by_clinician: str


@dataclass(frozen=True)
class SectionPair:
    key: str
    title: str
    is_list: bool
    local: tuple[str, ...]
    incoming: tuple[str, ...]
    same: bool


@dataclass(frozen=True)
class ParallelPlans:
    """The two versions side by side, section by section (for the conflicts inbox)."""

    person: str
    local: VersionSide
    incoming: VersionSide
    sections: tuple[SectionPair, ...]


def pair_uuids(conflict: Conflict) -> tuple[str | None, str]:
    """(the version agreed here, the version that came in)."""
    return (conflict.local_snapshot or {}).get("uuid"), conflict.record_uuid


def _side(draft: PlanDraft) -> VersionSide:
    agreement = draft.agreement
    return VersionSide(draft.version_uuid, draft.number, draft.status, agreement and agreement.agreed_at,
                       agreement.agreed_by_person if agreement else "", agreement.agreed_by_clinician if agreement else "")


def side_by_side(session: Session, conflict: Conflict) -> ParallelPlans | None:
    """Both versions read whole; None when either is no longer in this vault."""
    local_uuid, incoming_uuid = pair_uuids(conflict)
    try:
        local_version, patient = version_with_owner(session, local_uuid or "")
        incoming_version, _ = version_with_owner(session, incoming_uuid)
    except PlanRuleError:
        return None
    local = read_draft(session, local_version, patient.uuid)
    incoming = read_draft(session, incoming_version, patient.uuid)
    sections = tuple(SectionPair(s.key, s.title, s.is_list, section_lines(local, s.key), section_lines(incoming, s.key),
                                 same_section(local, incoming, s.key)) for s in MERGE_SECTIONS)
    person = " ".join(p for p in (patient.given_name, patient.family_name) if p)
    return ParallelPlans(person, _side(local), _side(incoming), sections)


def merge_into_draft(session: Session, conflict: Conflict, merge: PlanMerge) -> tuple[str, str, PlanDraft]:
    """The new draft, in the caller's transaction: (base uuid, other uuid, the draft). The
    caller supersedes the other version and records the choice."""
    if not isinstance(merge, PlanMerge) or merge.base not in (LOCAL, INCOMING):
        raise ExchangeError(CHOOSE_BASE)
    wrong = sorted(k for k, v in merge.sections.items() if v not in (LOCAL, INCOMING, BOTH))
    if wrong:
        raise ExchangeError(f"Choose this computer's, the other one, or both for: {', '.join(wrong)}.")
    local_uuid, incoming_uuid = pair_uuids(conflict)
    base, other = (local_uuid, incoming_uuid) if merge.base == LOCAL else (incoming_uuid, local_uuid)
    try:
        version, _ = version_with_owner(session, base or "")
        if version.status != VersionStatus.AGREED.value:
            raise ExchangeError(BASE_GONE)
        draft = start_merged_draft(session, base, other, merge.for_planning())
    except PlanRuleError as error:
        raise ExchangeError(str(error)) from error
    return base, other, draft
