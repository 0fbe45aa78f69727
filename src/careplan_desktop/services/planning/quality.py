"""Is the plan complete? The nine key elements of a good personalised care plan (seed 002 §3),
plus budget spend and management when there is a personal health budget (§4), each decided
from what the plan actually holds, with the reason it matters. And two warnings: goals that
read like services (seed 003 §2.7), and a goal list word for word the same as another
person's plan (a standard plan copied between people, seed 003 §2.8).

It informs and never blocks: `agreement.agree_plan` asks the nurse to confirm what is
missing and records it. Words and goal patterns come from resources/wording/plan_quality.json
(a practice may override it). No Qt.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from careplan_desktop.models import Goal, Patient, PlanVersion
from careplan_desktop.domain.paths import resource_file
from careplan_desktop.store import Vault

from careplan_desktop.services.planning.versions import version_with_owner
from careplan_desktop.services.planning.draft import BUDGET_MANAGEMENT, PlanDraft
from careplan_desktop.services.planning.rows import read_draft

WORDING_FILE = "wording/plan_quality.json"
KEY_ELEMENTS = ("purpose", "information_beforehand", "goals", "self_care", "support", "contingency", "actions",
                "involved", "review")
BUDGET_ELEMENT = "budget"
WARNING_CODES = ("reads_like_service", "goal_not_served", "goals_copied")


class QualityWordingError(ValueError):
    """The plan quality wording file is missing or broken; the message names the file and key."""


@dataclass(frozen=True)
class ElementCheck:
    code: str  # one of KEY_ELEMENTS, or "budget"
    title: str
    present: bool
    why: str  # why it matters, one line
    hint: str = ""  # what would complete it; "" when present


@dataclass(frozen=True)
class QualityWarning:
    code: str  # one of WARNING_CODES
    message: str
    subject: str = ""  # the goal it is about (this person's own words), if any
    item_uuid: str | None = None


@dataclass(frozen=True)
class QualityReport:
    version_uuid: str
    elements: tuple[ElementCheck, ...]
    warnings: tuple[QualityWarning, ...] = ()
    unserved_goals: tuple[QualityWarning, ...] = ()  # goals nothing in the plan serves (code "goal_not_served")

    @property
    def missing(self) -> tuple[ElementCheck, ...]:
        return tuple(element for element in self.elements if not element.present)

    @property
    def missing_codes(self) -> tuple[str, ...]:
        return tuple(element.code for element in self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class QualityWording:
    elements: dict[str, dict[str, str]]
    warnings: dict[str, str]
    patterns: tuple[re.Pattern[str], ...]
    copied_goals_minimum: int

    def element(self, code: str, present: bool, hint_key: str = "hint") -> ElementCheck:
        words = self.elements[code]
        return ElementCheck(code, words["title"], present, words["why"], "" if present else words[hint_key])


_cache: dict[tuple[str, int], QualityWording] = {}
_lock = threading.Lock()


def _parse_wording(raw: Any, where: str) -> QualityWording:
    def need(condition: bool, what: str) -> None:
        if not condition:
            raise QualityWordingError(f"{where}: {what}")

    need(isinstance(raw, dict) and raw.get("version") == 1, 'expected {"version": 1, ...}')
    elements = raw.get("elements")
    need(isinstance(elements, dict), "'elements' must be an object")
    for code in (*KEY_ELEMENTS, BUDGET_ELEMENT):
        entry = elements.get(code)
        need(isinstance(entry, dict), f"'elements' has no entry '{code}'")
        for key in ("title", "why", "hint") + (("hint_lead",) if code == "involved" else ()):
            need(isinstance(entry.get(key), str) and entry[key].strip(), f"elements.{code} has no text '{key}'")
    warnings = raw.get("warnings")
    need(isinstance(warnings, dict) and all(isinstance(warnings.get(k), str) for k in WARNING_CODES),
         "'warnings' needs the texts " + ", ".join(f"'{k}'" for k in WARNING_CODES))
    patterns = []
    for number, entry in enumerate(raw.get("service_patterns") or [], start=1):
        need(isinstance(entry, dict) and isinstance(entry.get("pattern"), str), f"service pattern {number} has no 'pattern'")
        try:
            pattern = re.compile(entry["pattern"], re.IGNORECASE)
        except re.error as error:
            raise QualityWordingError(f"{where}: service pattern {number} is not a valid pattern ({error})") from None
        example = entry.get("example")
        need(not example or bool(pattern.search(example)), f"service pattern {number} does not catch its own example")
        patterns.append(pattern)
    minimum = raw.get("copied_goals_minimum", 2)
    need(isinstance(minimum, int) and minimum >= 1, "'copied_goals_minimum' must be a whole number, 1 or more")
    return QualityWording(elements, warnings, tuple(patterns), minimum)


def load_quality_wording() -> QualityWording:
    """The wording in use (a practice override wins), re-read when the file changes."""
    path = resource_file(WORDING_FILE)
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except OSError:
        raise QualityWordingError(f"The plan quality wording file {path} cannot be found.") from None
    with _lock:
        if key in _cache:
            return _cache[key]
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise QualityWordingError(f"The plan quality wording file {path} cannot be read ({error}).") from None
    wording = _parse_wording(raw, str(path))
    with _lock:
        _cache.clear()
        _cache[key] = wording
    return wording


# -- the checks --------------------------------------------------------------------------------------

def _has(text: str | None) -> bool:
    return bool(text and text.strip())


def key_elements(draft: PlanDraft, *, level_of_need: int = 1, wording: QualityWording | None = None
                 ) -> tuple[ElementCheck, ...]:
    """Each key element, present or not, decided from what the plan holds."""
    w = wording or load_quality_wording()
    c = draft.contingency
    what_to_do = _has(c.what_i_do) or _has(c.what_others_do) or any(_has(x.name) and _has(x.phone) for x in c.contacts)
    participants = [p for p in draft.participants if _has(p.name)]
    lead_needed = level_of_need >= 3 and participants and not any(p.is_lead for p in participants)
    checks = [
        w.element("purpose", _has(draft.purpose)),
        w.element("information_beforehand",
                  _has(draft.about_me.information_beforehand) or _has(draft.about_me.brought_from_letter)),
        w.element("goals", any(_has(g.text) and g.status != "no longer wanted" for g in draft.goals)),
        w.element("self_care", any(_has(s.text) for s in draft.self_care)),
        w.element("support", any(_has(s.name) and s.status != "refused" for s in draft.support)),
        w.element("contingency", _has(c.warning_signs) and what_to_do),
        w.element("actions", any(_has(a.what) and _has(a.who) for a in draft.actions)),
        w.element("involved", bool(participants) and not lead_needed, "hint_lead" if lead_needed else "hint"),
        w.element("review", draft.review_date is not None and _has(draft.review_method)),
    ]
    budget = draft.budget
    if budget is not None:
        spent = budget.amount_pence > 0 and any(_has(line.description) for line in budget.lines)
        checks.append(w.element(BUDGET_ELEMENT, spent and budget.management in BUDGET_MANAGEMENT))
    return tuple(checks)


def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def service_like_goals(draft: PlanDraft, wording: QualityWording | None = None) -> tuple[QualityWarning, ...]:
    w = wording or load_quality_wording()
    return tuple(
        QualityWarning("reads_like_service", w.warnings["reads_like_service"], goal.text, goal.uuid)
        for goal in draft.goals
        if _has(goal.text) and any(pattern.search(normalise(goal.text)) for pattern in w.patterns)
    )


def goals_not_served(draft: PlanDraft, wording: QualityWording | None = None) -> tuple[QualityWarning, ...]:
    """Each active goal that no "what I will do", support (not refused) or action is linked to:
    the golden thread is broken there ("how will this goal be met?")."""
    w = wording or load_quality_wording()
    served = {uuid for item in (*(s for s in draft.self_care if _has(s.text)),
                                *(s for s in draft.support if _has(s.name) and s.status != "refused"),
                                *(a for a in draft.actions if _has(a.what)))
              for uuid in item.goal_uuids}
    return tuple(
        QualityWarning("goal_not_served", w.warnings["goal_not_served"], goal.text, goal.uuid)
        for goal in draft.goals
        if _has(goal.text) and goal.status == "active" and goal.uuid not in served
    )


def goal_list_copied(session: Session, draft: PlanDraft, patient_id: int, minimum: int = 2) -> bool:
    """True when another person's latest version has the same goals (ignoring case, spacing
    and order). Reads only goal texts, and only of versions with as many goals as this one."""
    ours = sorted(normalise(goal.text) for goal in draft.goals if _has(goal.text))
    if len(ours) < minimum:
        return False
    latest = (select(PlanVersion.patient_id, func.max(PlanVersion.number).label("number"))
              .where(PlanVersion.patient_id != patient_id).group_by(PlanVersion.patient_id).subquery())
    latest_ids = select(PlanVersion.id).join(
        latest, and_(PlanVersion.patient_id == latest.c.patient_id, PlanVersion.number == latest.c.number))
    same_count = (select(Goal.plan_version_id)
                  .where(Goal.plan_version_id.in_(latest_ids), func.trim(Goal.text) != "")
                  .group_by(Goal.plan_version_id).having(func.count() == len(ours)))
    texts: dict[int, list[str]] = {}
    for version_id, text in session.execute(
            select(Goal.plan_version_id, Goal.text).where(Goal.plan_version_id.in_(same_count))):
        if _has(text):
            texts.setdefault(version_id, []).append(normalise(text))
    return any(sorted(theirs) == ours for theirs in texts.values())


def check_draft(draft: PlanDraft, *, level_of_need: int = 1, copied_elsewhere: bool = False,
                wording: QualityWording | None = None) -> QualityReport:
    """The report for a draft in hand (pure: no vault)."""
    w = wording or load_quality_wording()
    warnings = list(service_like_goals(draft, w))
    if copied_elsewhere:
        warnings.append(QualityWarning("goals_copied", w.warnings["goals_copied"]))
    return QualityReport(draft.version_uuid, key_elements(draft, level_of_need=level_of_need, wording=w), tuple(warnings),
                         goals_not_served(draft, w))


def assess(session: Session, version: PlanVersion, patient: Patient, draft: PlanDraft | None = None) -> QualityReport:
    """The report for a stored version (or `draft`, a changed view of it) inside a session."""
    w = load_quality_wording()
    draft = draft or read_draft(session, version, patient.uuid)
    copied = goal_list_copied(session, draft, patient.id, w.copied_goals_minimum)
    return check_draft(draft, level_of_need=patient.level_of_need, copied_elsewhere=copied, wording=w)


def check_plan(vault: Vault, version_uuid: str) -> QualityReport:
    """Which key elements a stored version has, and anything worth a second look."""
    with vault.reader() as session:
        version, patient = version_with_owner(session, version_uuid)
        return assess(session, version, patient)
