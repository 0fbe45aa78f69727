"""An older install kept the practice's details in settings.json: copy them into the vault
once, then drop them from the file (settings.json keeps only this computer's preferences).

Values in Ofcom's drama range (01632 960xxx: the numbers the old defaults used, which no
practice has) are not copied: such a vault is set up in the app like a new one, rather than
sending letters with a made-up practice on them.
"""

from __future__ import annotations

from careplan_desktop.store import Vault
from careplan_desktop.store.settings import forget_legacy_practice_details, legacy_practice_details

from .details import adopt_practice
from .values import DEFAULT_LOCK_MINUTES, DEFAULT_REVIEW_MONTHS, PracticeSettings

FICTIONAL_PHONE_PREFIX = "01632960"


def practice_from_settings(raw: dict) -> PracticeSettings | None:
    """The details in an older settings.json, or None when they are missing or made up."""
    name = str(raw.get("practice_name") or "").strip()
    phone = str(raw.get("practice_phone") or "").strip()
    if not name or not phone or "".join(phone.split()).startswith(FICTIONAL_PHONE_PREFIX):
        return None
    months = dict(DEFAULT_REVIEW_MONTHS)
    for level, value in dict(raw.get("review_interval_months") or {}).items():
        if str(level).isdigit() and isinstance(value, int) and 1 <= value <= 24:
            months[int(level)] = value
    try:
        minutes = float(raw.get("idle_lock_minutes", DEFAULT_LOCK_MINUTES))
    except (TypeError, ValueError):
        minutes = DEFAULT_LOCK_MINUTES
    return PracticeSettings(name=name, address=str(raw.get("practice_address") or ""), phone=phone,
                            review_months=months, lock_minutes=min(max(minutes, 1.0), 60.0))


def adopt_settings_file(vault: Vault) -> bool:
    """Copy an older install's practice details into `vault` when it has none; True if copied."""
    raw = legacy_practice_details()
    if not raw:
        return False
    practice = practice_from_settings(raw)
    copied = practice is not None and adopt_practice(vault, practice)
    forget_legacy_practice_details()
    return copied
