"""The consultation's draft as plain frozen dataclasses: every section the nurse and the person
edit together, in the shape the consultation screen shows it.

A `PlanDraft` is a snapshot. The screen changes it with `dataclasses.replace` and hands the new
snapshot to `planning.save_draft` (autosave runs that off the GUI thread). Text uses "" for
blank. Every list item has `uuid`: None (or a uuid the screen made with `models.new_uuid()`) for
an item added in this consultation, the stored part's uuid otherwise; `carried_forward` says it
was copied from the last agreed version. No ORM rows, no Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

GOAL_STATUSES = ("active", "achieved", "no longer wanted")
SUPPORT_STATUSES = ("offered", "taken up", "refused")
ACTION_STATUSES = ("not started", "in progress", "done")
REVIEW_METHODS = ("face to face", "phone", "home visit")
BUDGET_MANAGEMENT = ("notional", "third party", "direct payment")
BUDGET_CATEGORIES = ("personal assistant", "service", "equipment", "contingency", "other")
#: what a goal or an unmet need is about (optional; counted in the reports, issue 15)
GOAL_THEMES = ("staying independent", "getting out and about", "managing my condition", "mood and wellbeing",
               "work and money", "family and carers", "end of life", "other")
#: how an information prescription was given, and to whom (optional; counted in the reports)
INFORMATION_METHODS = ("directly", "posted", "electronic", "pharmacy", "information centre")
INFORMATION_RECIPIENTS = ("the person", "the carer")
#: whether the person talked about their future care: blank when not asked; "not now" is a valid answer
FUTURE_CARE_CHOICES = ("talked", "not now")
RESUSCITATION_FORMS = ("none", "ReSPECT", "DNACPR", "ReSPECT and DNACPR")
YES_NO = ("yes", "no")
#: who the person may agree to share the plan with: code -> what the nurse reads
SHARING_RECIPIENTS = {
    "carer": "Carer",
    "gp_practice": "GP practice",
    "out_of_hours": "Out-of-hours and ambulance",
    "social_care": "Social care",
    "hospital": "Hospital",
}


class PlanRuleError(ValueError):
    """A draft that breaks a planning rule; `str(error)` is fit to show the nurse and never
    quotes anyone's details."""


class DraftAgreedError(PlanRuleError):
    def __init__(self) -> None:
        super().__init__(
            "This version of the plan has been agreed since you opened it, so these changes were not "
            "saved to it. Start a new version to make changes; the agreed one stays as it was."
        )


class PlanNotFound(PlanRuleError, LookupError):
    def __init__(self) -> None:
        super().__init__("This version of the plan is no longer in the vault. Open the person's record again.")


@dataclass(frozen=True)
class AboutMe:
    story_new: str = ""  # what's new
    story_good: str = ""  # what's good
    story_tough: str = ""  # what's tough
    what_matters: str = ""
    communication_preferences: str = ""
    brought_from_letter: str = ""  # what the person wrote on the results letter's prompts
    information_beforehand: str = ""  # what was shared before the consultation


@dataclass(frozen=True)
class GoalItem:
    """A personal outcome in the person's own words."""

    text: str = ""
    addresses: tuple[str, ...] = ()  # condition codes or needs it addresses
    status: str = "active"
    uuid: str | None = None
    carried_forward: bool = False
    theme: str = ""  # one of GOAL_THEMES, or "" (not chosen)
    need: str = ""  # the need it answers, in the person's words
    importance: int | None = None  # how much it matters to the person, 1-10 (the list's order is theirs)


@dataclass(frozen=True)
class SelfCareItem:
    """What I will do; `goal_uuids` ties it to the goals it serves (the golden thread)."""

    text: str = ""
    uuid: str | None = None
    carried_forward: bool = False
    goal_uuids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupportItem:
    """Support from others: a service or "more than medicine", often picked from the directory."""

    name: str = ""
    kind: str = ""
    details: str = ""
    contact: str = ""
    directory_entry_uuid: str | None = None
    status: str = "offered"
    uuid: str | None = None
    carried_forward: bool = False
    goal_uuids: tuple[str, ...] = ()  # the goals it serves


@dataclass(frozen=True)
class InformationItem:
    """An information prescription: what information was given, from where, when."""

    topic: str = ""
    source: str = ""
    given_on: dt.date | None = None
    uuid: str | None = None
    carried_forward: bool = False
    method: str = ""  # one of INFORMATION_METHODS, or "" (not recorded)
    recipient: str = ""  # one of INFORMATION_RECIPIENTS, or ""


@dataclass(frozen=True)
class UnmetNeedItem:
    """What I need that nobody provides yet, with its theme (one of GOAL_THEMES, or "")."""

    need: str = ""
    theme: str = ""
    uuid: str | None = None
    carried_forward: bool = False


@dataclass(frozen=True)
class ActionItem:
    what: str = ""
    who: str = ""
    due_on: dt.date | None = None
    status: str = "not started"
    uuid: str | None = None
    carried_forward: bool = False
    goal_uuids: tuple[str, ...] = ()  # the goals it serves


@dataclass(frozen=True)
class ContactItem:
    """Who to call when things go wrong."""

    name: str = ""
    phone: str = ""
    hours: str = ""
    when_to_call: str = ""
    uuid: str | None = None
    carried_forward: bool = False


@dataclass(frozen=True)
class Contingency:
    """When I am unwell: warning signs in my words, what I do, what others do, who to call."""

    warning_signs: str = ""
    what_i_do: str = ""
    what_others_do: str = ""
    contacts: tuple[ContactItem, ...] = ()
    carried_forward: bool = False

    @property
    def is_blank(self) -> bool:
        return not (self.warning_signs.strip() or self.what_i_do.strip() or self.what_others_do.strip())


@dataclass(frozen=True)
class RiskItem:
    description: str = ""
    agreed_approach: str = ""
    uuid: str | None = None
    carried_forward: bool = False


@dataclass(frozen=True)
class MedicineItem:
    name: str = ""
    dose: str = ""
    when: str = ""
    purpose: str = ""
    colour: str = ""  # the colour of the container (Lorna's system)
    uuid: str | None = None
    carried_forward: bool = False


@dataclass(frozen=True)
class EquipmentItem:
    name: str = ""
    notes: str = ""
    uuid: str | None = None
    carried_forward: bool = False


@dataclass(frozen=True)
class ParticipantItem:
    """Someone involved in the planning; one may be the named lead professional."""

    name: str = ""
    role: str = ""
    is_lead: bool = False
    uuid: str | None = None
    carried_forward: bool = False


@dataclass(frozen=True)
class BudgetLineItem:
    category: str = ""  # personal assistant, service, equipment, contingency, other
    description: str = ""
    amount_pence: int = 0
    uuid: str | None = None
    carried_forward: bool = False


@dataclass(frozen=True)
class HealthBudget:
    """A personal health budget: the amount, how it is managed, and the costed lines."""

    amount_pence: int = 0
    management: str = ""  # notional, third party, direct payment
    lines: tuple[BudgetLineItem, ...] = ()
    carried_forward: bool = False

    @property
    def lines_total_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines)


@dataclass(frozen=True)
class FutureCareWishes:
    """Future care wishes in the person's words, where they wished to talk about them; `choice`
    "not now" records that they did not want to, and is a complete answer. They go on the
    printout (a page of their own) only when `on_printout`: the person agreed."""

    choice: str = ""  # "", talked, not now
    what_matters: str = ""  # what matters to me at the end of my life
    place_of_care: str = ""
    place_of_death: str = ""
    resuscitation_form: str = ""  # "", none, ReSPECT, DNACPR, ReSPECT and DNACPR
    form_kept_where: str = ""
    lpa: str = ""  # Lasting Power of Attorney for health and welfare: "", yes, no
    lpa_who: str = ""
    lpa_contact: str = ""
    advance_decision: str = ""  # advance decision to refuse treatment: "", yes, no
    advance_decision_where: str = ""
    who_to_tell: str = ""
    on_printout: bool = False

    @property
    def talked(self) -> bool:
        return self.choice == "talked"


@dataclass(frozen=True)
class SharingConsents:
    """The person's explicit consent to share the plan: True, False, or None (not asked)."""

    carer: bool | None = None
    gp_practice: bool | None = None
    out_of_hours: bool | None = None  # out-of-hours and ambulance
    social_care: bool | None = None
    hospital: bool | None = None

    def as_dict(self) -> dict[str, bool | None]:
        return {code: getattr(self, code) for code in SHARING_RECIPIENTS}


@dataclass(frozen=True)
class Agreement:
    """How a version was agreed (read-only: set by `agreement.agree_plan`)."""

    agreed_at: dt.datetime
    agreed_by_person: str
    agreed_by_clinician: str
    missing_at_agreement: tuple[str, ...]  # key element codes the nurse confirmed were missing


@dataclass(frozen=True)
class PlanDraft:
    """One version of a person's plan, every section of the consultation.

    `version_uuid`, `patient_uuid`, `number`, `status`, `revision`, `parent_uuid`,
    `started_on` and `agreement` describe the version and are not changed by saving."""

    version_uuid: str
    patient_uuid: str
    number: int = 1
    status: str = "draft"
    revision: int = 1
    parent_uuid: str | None = None
    started_on: dt.date | None = None
    about_me: AboutMe = field(default_factory=AboutMe)
    purpose: str = ""
    goals: tuple[GoalItem, ...] = ()
    self_care: tuple[SelfCareItem, ...] = ()
    support: tuple[SupportItem, ...] = ()
    information: tuple[InformationItem, ...] = ()
    unmet_needs: tuple[UnmetNeedItem, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    contingency: Contingency = field(default_factory=Contingency)
    risks: tuple[RiskItem, ...] = ()
    risk_discussion: str = ""
    safeguarding_concern: str = ""
    medicines: tuple[MedicineItem, ...] = ()
    equipment: tuple[EquipmentItem, ...] = ()
    participants: tuple[ParticipantItem, ...] = ()
    carer_involvement: str = ""
    carer_needs: str = ""
    end_of_life_preferences: str = ""
    future_care: FutureCareWishes = field(default_factory=FutureCareWishes)
    plan_title: str = ""  # what the person calls their plan; "" for the usual title
    budget: HealthBudget | None = None
    confidence: int | None = None  # confidence to manage my health, 0-10
    review_date: dt.date | None = None
    review_method: str = ""  # face to face, phone, home visit
    sharing: SharingConsents = field(default_factory=SharingConsents)
    agreement: Agreement | None = None

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


@dataclass(frozen=True)
class SavedDraft:
    """What `save_draft` did. `draft` is the saved snapshot with every new item's uuid filled
    in: a screen that has not changed since the snapshot can take it as its new state."""

    version_uuid: str
    revision: int
    saved_at: dt.datetime
    rows_written: int  # parts and version rows added, changed or removed; 0 when nothing changed
    draft: PlanDraft
