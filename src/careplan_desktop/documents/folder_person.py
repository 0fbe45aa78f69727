"""The yellow folder's parts about the person, each under its own heading, in the person's
words: about me and what matters to me, the information I was given, my personal health budget,
and my wishes for my future care (on a page of their own, only when the person agreed they go on
the printout). The plan's own title, when the person chose one, is the printout's title.
Headings and joining words come from ``resources/wording/yellow_folder.toml``; the styles are
the folder's own, so each part is set in normal, large print and easy read alike."""

from __future__ import annotations

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import NotAtTopPageBreak

from .flowables import Block
from .folder_parts import FolderKit, _key, _section
from .plan_data import YellowFolderData
from .sections import Section
from .styles import NHS_BLUE, PALE_GREY, WARM_YELLOW


def pounds(pence: int) -> str:
    """£24,000 for whole pounds, £24,000.50 otherwise."""
    whole, part = divmod(abs(int(pence)), 100)
    sign = "-" if pence < 0 else ""
    return f"{sign}£{whole:,}" + (f".{part:02d}" if part else "")


def plan_title(data: YellowFolderData, kit: FolderKit) -> str:
    """The name the person chose for their plan, else the usual title."""
    return data.plan_title.strip() or kit.words.text("title")


def _said(kit: FolderKit, heading_key: str, text: str) -> list[Flowable]:
    """A small heading with the person's words under it; nothing when they said nothing."""
    if not (text and text.strip()):
        return []
    return [Block([kit.para(kit.words.text(heading_key), kit.styles.subheading), kit.para(text.strip())],
                  space_after=kit.styles.look.space)]


def about_me(data: YellowFolderData, kit: FolderKit) -> list[Flowable]:
    """What matters to me (in a yellow panel), then my story, then how I like to be contacted."""
    about, s = data.about_me, kit.styles
    story: list[Flowable] = []
    if about.what_matters.strip():
        story.append(Block([kit.para(kit.words.text("about_me.what_matters"), s.box_heading),
                            kit.para(about.what_matters.strip())],
                           padding=s.look.body * 0.8, background=WARM_YELLOW, space_after=s.look.space * 2))
    parts = [*_said(kit, "about_me.story_new", about.story_new), *_said(kit, "about_me.story_good", about.story_good),
             *_said(kit, "about_me.story_tough", about.story_tough),
             *_said(kit, "about_me.communication", about.communication)]
    if parts:
        story += _section(kit, "about_me.heading", parts)
    return story


def information_given(data: YellowFolderData, kit: FolderKit) -> list[Flowable]:
    items: list[Flowable] = []
    for line in data.information:
        parts: list[Flowable] = [kit.para(line.topic, kit.styles.subheading)]
        if line.source:
            parts.append(kit.line(kit.words.text("information.source", source=line.source)))
        if line.given_on:
            parts.append(kit.line(kit.words.text("information.given_on", date=kit.common.date(line.given_on))))
        items.append(Block(parts, bar=NHS_BLUE, padding=kit.styles.look.body * 0.35,
                           space_after=kit.styles.look.space * 1.5))
    if not items:
        return []
    return _section(kit, "information.heading", [kit.para(kit.words.text("information.intro")), *items])


def health_budget(data: YellowFolderData, kit: FolderKit) -> list[Flowable]:
    """The amount, how it is managed, and what each part of the money is for."""
    budget = data.budget
    if budget is None:
        return []
    s, w = kit.styles, kit.words
    items: list[Flowable] = [kit.para(w.text("budget.amount", amount=pounds(budget.amount_pence)), s.body)]
    managed = w.optional_text(f"budget.managed.{_key(budget.management)}") if budget.management else None
    items.append(Block([kit.para(w.text("budget.managed_heading"), s.subheading),
                        kit.para(managed or w.text("budget.managed_not_decided"))],
                       padding=s.look.body * 0.6, background=PALE_GREY, space_after=s.look.space * 1.5))
    if budget.lines:
        items.append(kit.para(w.text("budget.lines_intro"), s.subheading))
    for line in budget.lines:
        kind = w.optional_text(f"budget.category.{_key(line.category)}") or line.category
        items.append(Block([kit.para(w.text("budget.line", amount=pounds(line.amount_pence), description=line.description)),
                            kit.line(w.text("budget.kind", kind=kind))],
                           bar=NHS_BLUE, padding=s.look.body * 0.35, space_after=s.look.space * 1.5))
    left = budget.amount_pence - budget.planned_pence
    if budget.lines and left > 0:
        items.append(kit.para(w.text("budget.not_planned", amount=pounds(left))))
    return _section(kit, "budget.heading", items)


def future_care_page(data: YellowFolderData, kit: FolderKit) -> list[Flowable]:
    """My wishes for my future care, on a page of their own; nothing at all unless the person
    agreed they go on the printout (the service passes them only then)."""
    wishes = data.future_care
    if wishes is None:
        return []
    s, w = kit.styles, kit.words
    title = Block([kit.para(w.text("future_care.heading"), s.title), kit.para(w.text("future_care.intro"))],
                  padding=s.look.body, background=WARM_YELLOW, space_after=s.look.space * 2)
    parts: list[Flowable] = [
        *_said(kit, "future_care.what_matters", wishes.what_matters),
        *_said(kit, "future_care.place_of_care", wishes.place_of_care),
        *_said(kit, "future_care.place_of_death", wishes.place_of_death),
    ]
    form = {"none": "none", "respect": "respect", "dnacpr": "dnacpr",
            "respect_and_dnacpr": "both"}.get(_key(wishes.resuscitation_form))
    if form:
        lines = [kit.para(w.text("future_care.form_heading"), s.subheading), kit.para(w.text(f"future_care.form.{form}"))]
        if form != "none" and wishes.form_kept_where.strip():
            lines.append(kit.line(w.text("future_care.kept_where", where=wishes.form_kept_where.strip())))
        if form != "none":
            lines.append(kit.para(w.text("future_care.check_the_form")))
        parts.append(Block(lines, bar=NHS_BLUE, padding=s.look.body * 0.35, space_after=s.look.space * 1.5))
    if wishes.lpa in ("yes", "no"):
        lines = [kit.para(w.text("future_care.lpa_heading"), s.subheading), kit.para(w.text(f"future_care.lpa.{wishes.lpa}"))]
        if wishes.lpa == "yes" and wishes.lpa_who.strip():
            lines.append(kit.line(w.text("future_care.lpa_who", who=wishes.lpa_who.strip())))
        if wishes.lpa == "yes" and wishes.lpa_contact.strip():
            lines.append(kit.line(w.text("future_care.lpa_contact", contact=wishes.lpa_contact.strip())))
        parts.append(Block(lines, bar=NHS_BLUE, padding=s.look.body * 0.35, space_after=s.look.space * 1.5))
    if wishes.advance_decision in ("yes", "no"):
        lines = [kit.para(w.text("future_care.adrt_heading"), s.subheading),
                 kit.para(w.text(f"future_care.adrt.{wishes.advance_decision}"))]
        if wishes.advance_decision == "yes" and wishes.advance_decision_where.strip():
            lines.append(kit.line(w.text("future_care.kept_where", where=wishes.advance_decision_where.strip())))
        parts.append(Block(lines, bar=NHS_BLUE, padding=s.look.body * 0.35, space_after=s.look.space * 1.5))
    parts += _said(kit, "future_care.who_to_tell", wishes.who_to_tell)
    if not parts:
        parts = [kit.para(w.text("future_care.nothing_written"))]
    return [NotAtTopPageBreak(), Section(title, parts, lambda: kit.continued("future_care.heading"))]
