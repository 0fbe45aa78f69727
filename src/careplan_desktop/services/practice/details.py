"""Reading and saving the practice's details, kept in the vault's `practice` table.

`read_practice` works on a Vault (plain SQL, so the main window can read the idle lock's
minutes before SQLAlchemy is loaded) or on a Session (inside a service's transaction). Saving
is one transaction with its audit row (the flush rules write it: the row is a Traveller).
Who may change them is decided in one place, `settings_refusal`.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from careplan_desktop.store import Vault

from .values import DEFAULT_REVIEW_MONTHS, PracticeProblem, PracticeSettings, checked

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: the newest row is the practice's (two vaults set up apart agree after an exchange)
LATEST = ("SELECT name, address, phone, ods_code, clinic_hours, review_months, lock_minutes, "
          "letters_signed_by, uuid FROM practice ORDER BY changed_at DESC, id DESC LIMIT 1")

NOT_SET_UP = ("The practice's details are not set up yet, so letters cannot say who they are from. "
              "Set them in Settings (or with careplan-desktop practice), then try again.")


class PracticeNotSetUp(RuntimeError):
    def __init__(self) -> None:
        super().__init__(NOT_SET_UP)


class SettingsRefused(PermissionError):
    """The person signed in may not change the practice's settings; the message says why."""


def settings_refusal(vault: Vault) -> str | None:
    """Why the person signed in to `vault` may not change the practice's settings, or None if
    they may. The one place that decides (administrators only: `services.staff.roles`)."""
    from careplan_desktop.services.staff.roles import MAY, may

    return None if may(getattr(vault.actor, "role", None), "change settings") else MAY["change settings"][1]


def _json(value: Any) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _from_row(row: Any) -> PracticeSettings:
    if row is None:
        return PracticeSettings()
    name, address, phone, ods, hours, months, minutes, signed_by, uuid = row
    review = {int(k): int(v) for k, v in _json(months).items() if str(k).isdigit() and str(v).isdigit()}
    return PracticeSettings(
        name=name or "", address=address or "", phone=phone or "", ods_code=ods or "",
        clinic_hours={str(k): str(v) for k, v in _json(hours).items()},
        review_months={**DEFAULT_REVIEW_MONTHS, **review},
        lock_minutes=float(minutes) if minutes else PracticeSettings.lock_minutes,
        letters_signed_by=signed_by or "", uuid=uuid,
    )


def read_practice(source: Vault | Session) -> PracticeSettings:
    """The practice's details; `PracticeSettings()` (not set up) when there are none."""
    if isinstance(source, Vault):
        with source.plain_connection() as conn:
            return _from_row(conn.execute(LATEST).fetchone())
    from sqlalchemy import text

    return _from_row(source.execute(text(LATEST)).first())


def practice_for_letters(source: Vault | Session) -> PracticeSettings:
    """The practice's details, or PracticeNotSetUp: a letter never goes out without them."""
    practice = read_practice(source)
    if not practice.is_set:
        raise PracticeNotSetUp()
    return practice


def save_practice(vault: Vault, practice: PracticeSettings) -> PracticeSettings:
    """Check and keep the practice's details (one transaction, audited). PracticeProblem says
    which detail to change; SettingsRefused that this person may not."""
    refusal = settings_refusal(vault)
    if refusal:
        raise SettingsRefused(refusal)
    tidy = checked(practice)
    with vault.transaction() as session:
        uuid = keep_practice(session, tidy)
    return dataclasses.replace(tidy, uuid=uuid)


def keep_practice(session: Session, practice: PracticeSettings) -> str:
    """Write the details (already checked) over the practice's row, or as its first row."""
    from sqlalchemy import select

    from careplan_desktop.models import Practice

    row = session.scalar(select(Practice).order_by(Practice.changed_at.desc(), Practice.id.desc()).limit(1))
    if row is None:
        row = Practice(name=practice.name)
        session.add(row)
    row.name, row.address, row.phone = practice.name, practice.address, practice.phone
    row.ods_code, row.letters_signed_by = practice.ods_code, practice.letters_signed_by
    row.clinic_hours = dict(practice.clinic_hours)
    row.review_months = {str(level): months for level, months in practice.review_months.items()}
    row.lock_minutes = float(practice.lock_minutes)
    session.flush()
    return row.uuid


def adopt_practice(vault: Vault, practice: PracticeSettings) -> bool:
    """Keep details that came from elsewhere (settings.json of an older install, the demo)
    without the checks a person's typing gets (an old install has no ODS code): only when the
    vault holds no practice yet. True when they were kept."""
    if read_practice(vault).uuid is not None or not practice.is_set:
        return False
    with vault.transaction() as session:
        keep_practice(session, practice)
    return True


__all__ = ["PracticeNotSetUp", "PracticeProblem", "PracticeSettings", "SettingsRefused", "adopt_practice", "keep_practice",
           "practice_for_letters", "read_practice", "save_practice", "settings_refusal"]
