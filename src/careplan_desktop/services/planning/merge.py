"""Merging two fixed versions of one person's plan into the content of a new draft, section by
section: each section from the base, from the other version, or (list sections) from both.

Two versions agreed separately from the same earlier one (on a laptop at home and at the
practice, say) are both fixed; neither is ever edited. The merge only builds a `PlanDraft`;
`planning.start_merged_draft` opens the new draft (growing from the base) and saves it with the
same writer the consultation uses, so the draft is then checked and agreed with the person in
the usual way.

* "both" keeps the base's items, then the other's that are not already there. Items count as
  the same only when everything about them is the same (text compared ignoring case and
  spacing). Where the same medicine or goal differs (a dose, a status), both are kept for the
  nurse to check: the merge never chooses a detail for her.
* Every copied item is marked `carried_forward` and gets a new identity; "what I will do"
  stays tied to the goal with the same words. Confidence is asked afresh, as in any new draft.
* Single sections (about me, the contingency plan's words, the budget, sharing consent, the
  review ...) come whole from one version: a consent or a budget is never pieced together.
No Qt; plain dataclasses in and out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy.orm import Session

from careplan_desktop.models import VersionStatus, new_uuid

from careplan_desktop.services.planning.versions import draft_in_progress, money, open_version, validate_draft, version_with_owner
from careplan_desktop.services.planning.compare import SECTION_TITLES, describe_item, value_text
from careplan_desktop.services.planning.draft import SHARING_RECIPIENTS, FutureCareWishes, PlanDraft, PlanRuleError
from careplan_desktop.services.planning.rows import DraftWriter, get_path, read_draft

BASE, OTHER, BOTH = "base", "other", "both"


@dataclass(frozen=True)
class MergeSection:
    key: str
    title: str
    paths: tuple[str, ...]  # the PlanDraft paths it covers
    is_list: bool = False


MERGE_SECTIONS: tuple[MergeSection, ...] = (
    MergeSection("about_me", "About me and what matters to me", ("about_me",)),
    MergeSection("purpose", "Purpose of the plan", ("purpose",)),
    MergeSection("goals", "Goals", ("goals",), True),
    MergeSection("self_care", "What I will do", ("self_care",), True),
    MergeSection("support", "Support from others", ("support",), True),
    MergeSection("information", "Information given", ("information",), True),
    MergeSection("unmet_needs", "What I need that nobody provides yet", ("unmet_needs",), True),
    MergeSection("actions", "Actions", ("actions",), True),
    MergeSection("contingency", "When I am unwell",
                 ("contingency.warning_signs", "contingency.what_i_do", "contingency.what_others_do")),
    MergeSection("contacts", "Who to call", ("contingency.contacts",), True),
    MergeSection("risks", "Risks", ("risks",), True),
    MergeSection("safety", "Risk discussion and safeguarding", ("risk_discussion", "safeguarding_concern")),
    MergeSection("medicines", "Medicines", ("medicines",), True),
    MergeSection("equipment", "Equipment", ("equipment",), True),
    MergeSection("participants", "Who was involved", ("participants",), True),
    MergeSection("carer", "Carer involvement and needs", ("carer_involvement", "carer_needs")),
    MergeSection("end_of_life", "End of life and advance care preferences", ("end_of_life_preferences",)),
    MergeSection("future_care", "Future care wishes",
                 tuple(f"future_care.{f.name}" for f in dataclasses.fields(FutureCareWishes))),
    MergeSection("plan_title", "The plan's title", ("plan_title",)),
    MergeSection("budget", "Personal health budget", ("budget",)),
    MergeSection("sharing", "Sharing consent", ("sharing",)),
    MergeSection("review", "Review date and how", ("review_date", "review_method")),
)
SECTIONS = {section.key: section for section in MERGE_SECTIONS}
UNKNOWN_SECTION = "These are not sections of a plan: {names}."
NOT_FIXED = "Only agreed versions of a plan are merged this way. A draft can be changed as it is."
OTHER_PLAN = "These two versions belong to different plans, so they cannot be merged."
DRAFT_WAITING = ("A new version of this plan (version {number}) is already being drafted. Agree it, or finish with "
                 "it, before merging: a plan has one draft at a time.")
BOTH_FOR_LISTS = "Only lists (goals, actions, medicines ...) can be taken from both versions; choose one for: {names}."


# -- what each section holds --------------------------------------------------------------------
def _norm(value: Any) -> Any:
    """A value as compared: dataclasses as dicts without identity or carried-forward marks,
    text ignoring case and spacing."""
    if dataclasses.is_dataclass(value):
        return tuple((f.name, _norm(getattr(value, f.name))) for f in dataclasses.fields(value)
                     if f.name not in ("uuid", "carried_forward"))
    if isinstance(value, (tuple, list)):
        return tuple(_norm(v) for v in value)
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    return value


def _item_key(item: Any, goal_text: Mapping[str, str]) -> Any:
    """What makes two items the same; "what I will do" is tied to its goal by the goal's words."""
    if hasattr(item, "goal_uuids"):
        item = dataclasses.replace(item, goal_uuids=tuple(sorted(goal_text.get(g, "") for g in item.goal_uuids)))
    return _norm(item)


def _goal_texts(*drafts: PlanDraft) -> dict[str, str]:
    return {g.uuid: _norm(g.text) for d in drafts for g in d.goals if g.uuid}


def same_section(a: PlanDraft, b: PlanDraft, key: str) -> bool:
    """Whether the two versions hold the same in this section (order of list items aside)."""
    section = SECTIONS[key]
    goals = _goal_texts(a, b)
    if section.is_list:
        path = section.paths[0]
        keys = [sorted((_item_key(i, goals) for i in get_path(d, path) or ()), key=repr) for d in (a, b)]
        return keys[0] == keys[1]
    return all(_norm(get_path(a, path)) == _norm(get_path(b, path)) for path in section.paths)


def section_lines(draft: PlanDraft, key: str) -> tuple[str, ...]:
    """The section as the nurse reads it, one line per item or field ("" fields left out)."""
    section = SECTIONS[key]
    if section.is_list:
        path = section.paths[0]
        return tuple(describe_item(path, item) for item in get_path(draft, path) or ())
    if key == "about_me":
        pairs = [(SECTION_TITLES[f"about_me.{f.name}"], getattr(draft.about_me, f.name))
                 for f in dataclasses.fields(draft.about_me)]
    elif key == "budget":
        budget = draft.budget
        if budget is None:
            return ()
        pairs = [("Amount", money(budget.amount_pence)),
                 ("Managed as", budget.management)]
        pairs += [("Line", describe_item("budget.lines", line)) for line in budget.lines]
    elif key == "sharing":
        pairs = [(label, {True: "yes", False: "no"}.get(getattr(draft.sharing, code), "not asked"))
                 for code, label in SHARING_RECIPIENTS.items()]
    else:
        pairs = [(SECTION_TITLES.get(path, section.title), get_path(draft, path)) for path in section.paths]
    if len(pairs) == 1:
        text = value_text(pairs[0][1])
        return (text,) if text else ()
    return tuple(f"{title}: {value_text(value)}" for title, value in pairs if value_text(value))


# -- merging -------------------------------------------------------------------------------------
def check_choices(choices: Mapping[str, str]) -> None:
    unknown = sorted(k for k in choices if k not in SECTIONS)
    if unknown:
        raise PlanRuleError(UNKNOWN_SECTION.format(names=", ".join(unknown)))
    wrong = sorted(k for k, v in choices.items() if v not in (BASE, OTHER, BOTH))
    wrong += sorted(k for k, v in choices.items() if v == BOTH and not SECTIONS[k].is_list)
    if wrong:
        raise PlanRuleError(BOTH_FOR_LISTS.format(names=", ".join(SECTIONS[k].title for k in wrong)))


def _with(draft: Any, path: str, value: Any) -> Any:
    """`draft` with the value at a dotted path replaced."""
    head, _, rest = path.partition(".")
    if rest:
        value = _with(getattr(draft, head), rest, value)
    return dataclasses.replace(draft, **{head: value})


def _union(first: tuple, second: tuple, goal_text: Mapping[str, str]) -> tuple:
    seen = {_item_key(item, goal_text) for item in first}
    out = list(first)
    for item in second:
        key = _item_key(item, goal_text)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def merge_drafts(base: PlanDraft, other: PlanDraft, choices: Mapping[str, str]) -> PlanDraft:
    """The content of a new draft: each section as `choices` says ("base", "other" or, for
    lists, "both"); a section not named comes from the base. Identity fields are the base's
    until `planning.start_merged_draft` gives the draft its own."""
    check_choices(choices)
    goal_text = _goal_texts(base, other)
    merged = base
    for section in MERGE_SECTIONS:
        choice = choices.get(section.key, BASE)
        if section.is_list:
            path = section.paths[0]
            mine, theirs = get_path(base, path) or (), get_path(other, path) or ()
            merged = _with(merged, path, mine if choice == BASE else theirs if choice == OTHER
                           else _union(mine, theirs, goal_text))
        else:
            source = base if choice == BASE else other
            for path in section.paths:
                merged = _with(merged, path, get_path(source, path))
    return _as_new_copies(merged, goal_text)


def _as_new_copies(draft: PlanDraft, goal_text: Mapping[str, str]) -> PlanDraft:
    """Every item a new copy marked carried forward; "what I will do" tied to the kept goal
    with the same words; confidence left to be asked afresh."""
    goals = tuple(dataclasses.replace(g, uuid=new_uuid(), carried_forward=True) for g in draft.goals)
    by_text: dict[str, str] = {}
    for goal in goals:
        by_text.setdefault(_norm(goal.text), goal.uuid)

    def tied(item: Any) -> Any:
        if not hasattr(item, "goal_uuids"):
            return item
        kept = (by_text.get(goal_text.get(g, "")) for g in item.goal_uuids)
        return dataclasses.replace(item, goal_uuids=tuple(dict.fromkeys(g for g in kept if g)))

    self_care = tuple(tied(dataclasses.replace(s, uuid=None, carried_forward=True)) for s in draft.self_care)
    lists = {path: tuple(tied(dataclasses.replace(item, uuid=None, carried_forward=True))
                         for item in get_path(draft, path))
             for path in ("support", "information", "unmet_needs", "actions", "contingency.contacts", "risks",
                          "medicines",
                          "equipment", "participants")}
    contingency = dataclasses.replace(draft.contingency, contacts=lists.pop("contingency.contacts"), carried_forward=True)
    budget = draft.budget and dataclasses.replace(
        draft.budget, carried_forward=True,
        lines=tuple(dataclasses.replace(line, uuid=None, carried_forward=True) for line in draft.budget.lines))
    return dataclasses.replace(draft, goals=goals, self_care=self_care, contingency=contingency, budget=budget,
                               confidence=None, agreement=None, **lists)


def start_merged_draft(session: Session, base_uuid: str, other_uuid: str, choices: Mapping[str, str],
                       *, today: dt.date | None = None) -> PlanDraft:
    """In the caller's transaction: a new draft of the person's plan that grows from the fixed
    version `base_uuid`, its sections merged from it and the fixed version `other_uuid` (see
    `merge_drafts`). Neither version changes. Refused while the person has a draft in progress."""
    today = today or dt.date.today()
    base, patient = version_with_owner(session, base_uuid)
    other, owner = version_with_owner(session, other_uuid)
    if owner.id != patient.id or other.care_plan_id != base.care_plan_id:
        raise PlanRuleError(OTHER_PLAN)
    if base.status == VersionStatus.DRAFT.value or other.status == VersionStatus.DRAFT.value:
        raise PlanRuleError(NOT_FIXED)
    waiting = draft_in_progress(session, patient.id)
    if waiting is not None:
        raise PlanRuleError(DRAFT_WAITING.format(number=waiting.number))
    merged = merge_drafts(read_draft(session, base, patient.uuid), read_draft(session, other, patient.uuid), choices)
    validate_draft(merged)
    version = open_version(session, patient.id, base.care_plan_id, base, today)
    DraftWriter(session, version, today).write(dataclasses.replace(merged, version_uuid=version.uuid))
    session.flush()
    return read_draft(session, version, patient.uuid)
