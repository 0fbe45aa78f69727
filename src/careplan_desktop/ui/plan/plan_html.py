"""Any version of a plan as read-only HTML for a QTextBrowser, and the differences between two
versions. Every piece of plan text is escaped: a goal holding '<' shows as typed."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtGui import QGuiApplication

from careplan_desktop.services.planning.versions import SHARING_RECIPIENTS, PlanDraft, money
from careplan_desktop.services.planning.compare import SECTION_TITLES, Difference, value_text

from ..dates import local_date, uk_date
from ..widgets import good_colour, problem_colour

STATUS_WORDS = {"draft": "draft, not yet agreed", "agreed": "agreed", "superseded": "agreed, since replaced"}
CHANGE_WORDS = {"added": "Added", "removed": "Removed", "changed": "Changed"}


def esc(text: object) -> str:
    return html.escape(str(text)).replace("\n", "<br>")


def _join(*parts: str) -> str:
    return " · ".join(esc(p.strip()) for p in parts if p and p.strip())


def version_heading(draft: PlanDraft) -> str:
    """"Version 2, agreed on 14/08/2026 by Lorna Baxter and Andrea Clarke" (plain text)."""
    text = f"Version {draft.number}, {STATUS_WORDS.get(draft.status, draft.status)}"
    if draft.agreement is not None:
        a = draft.agreement
        text += f" on {uk_date(local_date(a.agreed_at))} by {a.agreed_by_person} and {a.agreed_by_clinician}"
    elif draft.started_on:
        text += f" (started {uk_date(draft.started_on)})"
    return text


class _Page:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def section(self, title: str, body: str) -> None:
        if body:
            self.parts.append(f"<h3 style='margin-bottom:2px'>{esc(title)}</h3>{body}")

    def text(self, title: str, value: str) -> None:
        if value and value.strip():
            self.section(title, f"<p style='margin-top:0'>{esc(value.strip())}</p>")

    def items(self, title: str, lines: Iterable[str]) -> None:
        lines = [line for line in lines if line]
        if lines:
            self.section(title, "<ul style='margin-top:0'>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>")


def plan_html(draft: PlanDraft) -> str:
    """The whole version, in the order the consultation shows it."""
    page = _Page()
    about = draft.about_me
    page.text("Purpose", draft.purpose)
    page.text("Information shared beforehand", about.information_beforehand)
    page.text("What I brought from the letter", about.brought_from_letter)
    page.text("What's new", about.story_new)
    page.text("What's good", about.story_good)
    page.text("What's tough", about.story_tough)
    page.text("What matters to me", about.what_matters)
    page.items("Goals", (_join(g.text, "" if g.status == "active" else g.status) for g in draft.goals))
    page.items("What I will do", (esc(s.text) for s in draft.self_care if s.text.strip()))
    page.items("Support from others", (_join(s.name, s.details, s.contact, s.status) for s in draft.support))
    page.items("Information given", (_join(i.topic, i.source, uk_date(i.given_on), i.method, i.recipient)
                                     for i in draft.information))
    page.items("What I need that nobody provides yet", (_join(u.need, u.theme) for u in draft.unmet_needs))
    page.items("Actions", (_join(a.what, a.who and f"who: {a.who}", a.due_on and f"by {uk_date(a.due_on)}", a.status)
                           for a in draft.actions))
    c = draft.contingency
    page.text("Warning signs", c.warning_signs)
    page.text("What I do", c.what_i_do)
    page.text("What others do", c.what_others_do)
    page.items("Who to call", (_join(x.name, x.phone, x.hours, x.when_to_call) for x in c.contacts))
    page.items("Risks", (_join(r.description, r.agreed_approach) for r in draft.risks))
    page.text("Risk discussion", draft.risk_discussion)
    page.text("Safeguarding", draft.safeguarding_concern)
    page.items("Medicines", (_join(m.name, m.dose, m.when, m.purpose, m.colour and f"{m.colour} box")
                             for m in draft.medicines))
    page.items("Equipment", (_join(e.name, e.notes) for e in draft.equipment))
    page.items("Who was involved", (_join(p.name, p.role, "lead professional" if p.is_lead else "")
                                    for p in draft.participants))
    page.text("Carer involvement", draft.carer_involvement)
    page.text("Carer's own needs", draft.carer_needs)
    if draft.plan_title.strip():
        page.text("The person calls their plan", draft.plan_title)
    wishes = draft.future_care  # every recorded answer, with its title from the history's
    page.items("Future care wishes", (
        esc(f"{SECTION_TITLES[f'future_care.{name}']}: {value_text(getattr(wishes, name))}")
        for name in wishes.__dataclass_fields__ if name != "on_printout" and value_text(getattr(wishes, name)))
        if wishes.choice else ())
    if wishes.choice:
        page.text("Future care wishes on the printout", "yes, the person agreed" if wishes.on_printout else "no")
    page.text("End of life and advance care preferences", draft.end_of_life_preferences)
    if draft.budget is not None:
        b = draft.budget
        lines = [_join(f"Budget {money(b.amount_pence)}", b.management and f"managed: {b.management}")]
        lines += [_join(line.description, line.category, money(line.amount_pence)) for line in b.lines]
        page.items("Personal health budget", lines)
    if draft.confidence is not None:
        page.text("Confidence to manage my health", f"{draft.confidence} out of 10")
    review = _join(uk_date(draft.review_date), draft.review_method)
    if review:
        page.section("Review", f"<p style='margin-top:0'>{review}</p>")
    consents = draft.sharing.as_dict()
    page.items("Shared with (the person's consent)", (
        esc(label) + (": yes" if consents[code] else ": no") for code, label in SHARING_RECIPIENTS.items()
        if consents[code] is not None))
    if draft.agreement is not None and draft.agreement.missing_at_agreement:
        page.text("Missing when agreed", ", ".join(draft.agreement.missing_at_agreement))
    if not page.parts:
        return "<p><i>Nothing has been recorded in this version yet.</i></p>"
    return f"<h2>{esc(version_heading(draft))}</h2>" + "".join(page.parts)


def differences_html(differences: Sequence[Difference], older: str, newer: str) -> str:
    """What changed, grouped by section: removed text struck through in red, added in green."""
    if not differences:
        return f"<p>No differences between {esc(older)} and {esc(newer)}.</p>"
    out = [f"<h2>From {esc(older)} to {esc(newer)}</h2>",
           f"<p>{len(differences)} change{'s' if len(differences) != 1 else ''}.</p>"]
    section = None
    for d in differences:
        if d.section != section:
            if section is not None:
                out.append("</ul>")
            section = d.section
            out.append(f"<h3 style='margin-bottom:2px'>{esc(d.title)}</h3><ul style='margin-top:0'>")
        removed, added = problem_colour(QGuiApplication.palette()).name(), good_colour(QGuiApplication.palette()).name()
        before = (f"<span style='color:{removed}; text-decoration:line-through'>{esc(d.before)}</span>"
                  if d.before else "")
        after = f"<span style='color:{added}'><b>{esc(d.after)}</b></span>" if d.after else ""
        if d.kind == "changed":
            body = f"{before}<br>\u2192 {after}"  # →
        else:
            body = before or after
        out.append(f"<li><b>{CHANGE_WORDS.get(d.kind, d.kind)}:</b> {body}</li>")
    out.append("</ul>")
    return "".join(out)


def differences_text(differences: Sequence[Difference]) -> list[str]:
    """One line per difference (for tests and the clipboard)."""
    return [f"{d.title}: {d.kind}: {d.before!s} -> {d.after!s}" for d in differences]
