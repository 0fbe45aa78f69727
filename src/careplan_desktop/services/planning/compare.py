"""What changed between two versions of one person's plan, for the review and the history.

Parts are not linked to the part they were carried from, so list sections are matched by
their text, in three steps, within one section:

1. the same main text (goal text, action, medicine name ..., ignoring case and spacing) is
   the same item: unchanged, or "changed" when its other details differ (a goal's status,
   an action's owner or date, a medicine's dose ...);
2. of the rest, an item at the same place in the list (first, second ...) in both versions
   is "changed" (the text was reworded);
3. anything still unmatched is "removed" (older only) or "added" (newer only).

Single texts and values (purpose, warning signs, review date, confidence, consents ...) are
"added" when they were blank before, "removed" when blank after, else "changed".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from careplan_desktop.services.planning.draft import SHARING_RECIPIENTS, PlanDraft
from careplan_desktop.services.planning.rows import VERSION_FIELDS, get_path

SECTION_TITLES = {
    "about_me.story_new": "What's new", "about_me.story_good": "What's good", "about_me.story_tough": "What's tough",
    "about_me.what_matters": "What matters to me", "about_me.communication_preferences": "How I like to communicate",
    "about_me.brought_from_letter": "What I brought from the letter",
    "about_me.information_beforehand": "Information shared beforehand", "purpose": "Purpose",
    "goals": "Goals", "self_care": "What I will do", "support": "Support from others",
    "information": "Information given", "unmet_needs": "What I need that nobody provides yet", "actions": "Actions",
    "contingency.warning_signs": "Warning signs", "contingency.what_i_do": "What I do",
    "contingency.what_others_do": "What others do", "contingency.contacts": "Who to call",
    "risks": "Risks", "risk_discussion": "Risk discussion", "safeguarding_concern": "Safeguarding",
    "medicines": "Medicines", "equipment": "Equipment", "participants": "Who was involved",
    "carer_involvement": "Carer involvement", "carer_needs": "Carer's own needs",
    "end_of_life_preferences": "End of life and advance care preferences",
    "future_care.choice": "Talking about future care", "future_care.what_matters": "What matters at the end of my life",
    "future_care.place_of_care": "Where I would like to be cared for",
    "future_care.place_of_death": "Where I would like to die", "future_care.resuscitation_form": "ReSPECT or DNACPR form",
    "future_care.form_kept_where": "Where the form is kept",
    "future_care.lpa": "Lasting Power of Attorney for health and welfare", "future_care.lpa_who": "Attorney",
    "future_care.lpa_contact": "Attorney's contact", "future_care.advance_decision": "Advance decision to refuse treatment",
    "future_care.advance_decision_where": "Where the advance decision is kept",
    "future_care.who_to_tell": "Who should be told", "future_care.on_printout": "Future care wishes on the printout",
    "plan_title": "The plan's title",
    "budget.amount_pence": "Personal health budget", "budget.management": "How the budget is managed",
    "budget.lines": "Budget lines", "confidence": "Confidence to manage my health",
    "review_date": "Review date", "review_method": "How the review will happen",
    **{f"sharing.{code}": f"Sharing with: {label}" for code, label in SHARING_RECIPIENTS.items()},
}


@dataclass(frozen=True)
class Difference:
    section: str  # a key of SECTION_TITLES
    kind: str  # "added", "removed" or "changed"
    before: str  # "" when added
    after: str  # "" when removed

    @property
    def title(self) -> str:
        return SECTION_TITLES.get(self.section, self.section)


def _money(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


def _date(day: Any) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


#: list section -> (main text, full description)
_LISTS: dict[str, tuple[Callable[[Any], str], Callable[[Any], str]]] = {
    "goals": (lambda g: g.text, lambda g: _join(g.text, g.need and f"need: {g.need}",
                                                 g.importance and f"matters {g.importance} out of 10",
                                                 "" if g.status == "active" else g.status, g.theme)),
    "self_care": (lambda s: s.text, lambda s: s.text),
    "support": (lambda s: s.name, lambda s: _join(s.name, s.details, s.contact, s.status)),
    "information": (lambda i: i.topic, lambda i: _join(i.topic, i.source, _date(i.given_on), i.method, i.recipient)),
    "unmet_needs": (lambda u: u.need, lambda u: _join(u.need, u.theme)),
    "actions": (lambda a: a.what, lambda a: _join(a.what, a.who and f"who: {a.who}",
                                                   a.due_on and f"by {_date(a.due_on)}", a.status)),
    "contingency.contacts": (lambda c: c.name, lambda c: _join(c.name, c.phone, c.hours, c.when_to_call)),
    "risks": (lambda r: r.description, lambda r: _join(r.description, r.agreed_approach)),
    "medicines": (lambda m: m.name, lambda m: _join(m.name, m.dose, m.when, m.purpose, m.colour)),
    "equipment": (lambda e: e.name, lambda e: _join(e.name, e.notes)),
    "participants": (lambda p: p.name, lambda p: _join(p.name, p.role, "lead" if p.is_lead else "")),
    "budget.lines": (lambda b: b.description, lambda b: _join(b.description, b.category, _money(b.amount_pence))),
}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def describe_item(section: str, item: Any) -> str:
    """One item of a list section as the history shows it: "Metformin; 500 mg; twice a day"."""
    return _LISTS[section][1](item)


def _compare_list(section: str, older: tuple, newer: tuple) -> list[Difference]:
    main, describe = _LISTS[section]
    out: list[Difference] = []
    left = dict(enumerate(older))
    right = dict(enumerate(newer))
    for j, item in list(right.items()):  # 1. same main text
        match = next((i for i, old in left.items() if _key(main(old)) == _key(main(item))), None)
        if match is not None:
            before, after = describe(left.pop(match)), describe(right.pop(j))
            if before != after:
                out.append(Difference(section, "changed", before, after))
    for j in [j for j in right if j in left]:  # 2. same place in the list
        out.append(Difference(section, "changed", describe(left.pop(j)), describe(right.pop(j))))
    out += [Difference(section, "removed", describe(item), "") for item in left.values()]  # 3.
    out += [Difference(section, "added", "", describe(item)) for item in right.values()]
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "strftime"):
        return _date(value)
    return str(value).strip()


def value_text(value: Any) -> str:
    """A single value as the history shows it ("" for blank, dates as 01/05/2026, yes or no)."""
    return _text(value)


def _compare_value(section: str, before: Any, after: Any) -> list[Difference]:
    old, new = _text(before), _text(after)
    if old == new:
        return []
    kind = "added" if not old else "removed" if not new else "changed"
    return [Difference(section, kind, old, new)]


def differences(older: PlanDraft, newer: PlanDraft) -> list[Difference]:
    """Every difference between two drafts, in the order the consultation shows sections."""
    out: list[Difference] = []
    single = [path for path in VERSION_FIELDS if path not in ("review_date", "review_method")]
    single[single.index("risk_discussion"):single.index("risk_discussion")] = [
        "contingency.warning_signs", "contingency.what_i_do", "contingency.what_others_do"]
    for path in single:
        out += _compare_value(path, get_path(older, path), get_path(newer, path))
    for section in _LISTS:
        out += _compare_list(section, get_path(older, section) or (), get_path(newer, section) or ())
    old_budget, new_budget = older.budget, newer.budget
    out += _compare_value("budget.amount_pence", old_budget and _money(old_budget.amount_pence),
                          new_budget and _money(new_budget.amount_pence))
    out += _compare_value("budget.management", old_budget and old_budget.management,
                          new_budget and new_budget.management)
    out += _compare_value("confidence", older.confidence, newer.confidence)
    out += _compare_value("review_date", older.review_date, newer.review_date)
    out += _compare_value("review_method", older.review_method, newer.review_method)
    for code in SHARING_RECIPIENTS:
        out += _compare_value(f"sharing.{code}", getattr(older.sharing, code), getattr(newer.sharing, code))
    order = list(SECTION_TITLES)
    return sorted(out, key=lambda d: order.index(d.section) if d.section in order else len(order))
