"""What each role may do: the one table, checked by the services' write functions, so the
screens and the headless commands are refused alike, with a reason.

    require(vault, "agree plans")   # raises NotAllowed("Agreeing a plan needs a clinician's sign-in ...")

Roles (issue 13): administrators keep the register, run recall and letters, manage staff and
settings; healthcare assistants enter results, book appointments and print letters; practice
nurses, community matrons and GPs plan, agree and review (and do what an assistant does).
The practice self-assessment (issue 15) is filled in and completed at the practice meeting by
the practice manager (an administrator) or a clinician who leads care planning; a healthcare
assistant sees it but does not answer for the practice.
Whoever is signed in may change their own passphrase (no check needed).
"""

from __future__ import annotations

from typing import Any

ADMINISTRATOR = "administrator"
HEALTHCARE_ASSISTANT = "healthcare assistant"
PRACTICE_NURSE = "practice nurse"
COMMUNITY_MATRON = "community matron"
GP = "GP"

ROLES = (ADMINISTRATOR, HEALTHCARE_ASSISTANT, PRACTICE_NURSE, COMMUNITY_MATRON, GP)
CLINICIANS = (PRACTICE_NURSE, COMMUNITY_MATRON, GP)
_ALL = frozenset(ROLES)
_CLINICAL = frozenset(CLINICIANS)
_CLINICAL_AND_ASSISTANT = _CLINICAL | {HEALTHCARE_ASSISTANT}
_ADMIN_AND_CLINICAL = _CLINICAL | {ADMINISTRATOR}

#: what -> (who may, the refusal). The refusal says what is needed, not who is wrong.
MAY: dict[str, tuple[frozenset[str], str]] = {
    "enter results": (_CLINICAL_AND_ASSISTANT,
                      "Entering results needs a healthcare assistant's or a clinician's sign-in."),
    "book appointments": (_ALL, "Booking appointments needs a member of staff's sign-in."),
    "print letters": (_ALL, "Printing letters needs a member of staff's sign-in."),
    "plan": (_CLINICAL, "Writing a care plan needs a clinician's sign-in (a practice nurse, community matron or GP)."),
    "agree plans": (_CLINICAL, "Agreeing a plan needs a clinician's sign-in (a practice nurse, community matron or GP)."),
    "review plans": (_CLINICAL, "Reviewing a plan needs a clinician's sign-in (a practice nurse, community matron or GP)."),
    "keep the register": (_ADMIN_AND_CLINICAL, "Changing the register needs an administrator's or a clinician's sign-in."),
    "run recall": (_ALL, "Running recall needs a member of staff's sign-in."),
    "manage staff": (frozenset({ADMINISTRATOR}), "Adding or removing staff needs an administrator's sign-in."),
    "change settings": (frozenset({ADMINISTRATOR}), "Changing the practice's settings needs an administrator's sign-in."),
    "assess the practice": (_ADMIN_AND_CLINICAL,
                            "The practice self-assessment is filled in by an administrator (the practice manager) "
                            "or a clinician (a practice nurse, community matron or GP)."),
    "see any audit trail": (frozenset({ADMINISTRATOR}),
                            "Only an administrator can see everyone's audit trail and what a member of staff did."),
    "see reports": (_ADMIN_AND_CLINICAL, "Reports need an administrator's or a clinician's sign-in."),
    "see a person's audit trail": (_ADMIN_AND_CLINICAL,
                                   "A person's audit trail needs an administrator's or a clinician's sign-in."),
}


class NotAllowed(Exception):
    """The signed-in member of staff's role may not do this; the message says who may."""


def role_name(role: str | None) -> str:
    return role or "no role recorded"


def may(role: str | None, what: str) -> bool:
    return role in MAY[what][0]


def require(vault_or_actor: Any, what: str) -> None:
    """Raise NotAllowed unless the signed-in actor's role may do `what` (a key of MAY). Takes the
    vault, or a session's actor (`session.info["actor"]`)."""
    actor = getattr(vault_or_actor, "actor", vault_or_actor)
    if not may(getattr(actor, "role", None), what):
        raise NotAllowed(MAY[what][1])


def check_role(role: str) -> str:
    """A role as the table spells it (any case), or ValueError naming the roles."""
    for known in ROLES:
        if role.strip().casefold() == known.casefold():
            return known
    raise ValueError(f"A role is one of: {', '.join(ROLES)}.")
