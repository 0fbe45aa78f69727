"""This computer's preferences (a JSON file in the user config folder): window sizes, text
size, last folders. Never patient data, and not the practice's details: those live inside the
vault (`services.practice`). An older install kept them here; `legacy_practice_details` reads
what it left so the practice can be copied into the vault once, and `forget_legacy_practice_details`
then drops it from the file."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from typing import Any
from pathlib import Path

from careplan_desktop.domain.paths import config_dir

log = logging.getLogger(__name__)


#: what an older install kept here about the practice (now kept in the vault)
LEGACY_PRACTICE_KEYS = ("practice_name", "practice_address", "practice_phone", "review_interval_months",
                        "idle_lock_minutes")


@dataclass
class Settings:
    last_vault_path: str = ""
    last_backup_folder: str = ""  # where Back up now last wrote
    daily_backups_kept: int = 14  # the daily backups on this computer: the newest N are kept
    text_size: int = 100  # View > Text size on this computer, a percentage of the system font
    #: each member of staff's own text size on this computer, by their uuid (no names)
    text_size_by_staff: dict[str, int] = field(default_factory=dict)


def settings_path() -> Path:
    return config_dir() / "settings.json"


def _raw() -> dict[str, Any]:
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("settings file unreadable; using defaults")
        return {}
    return raw if isinstance(raw, dict) else {}


def load_settings() -> Settings:
    raw = _raw()
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in raw.items() if k in known})
    if not isinstance(settings.text_size, int):
        settings.text_size = 100
    if not isinstance(settings.text_size_by_staff, dict):
        settings.text_size_by_staff = {}
    settings.text_size_by_staff = {str(k): v for k, v in settings.text_size_by_staff.items() if isinstance(v, int)}
    return settings


def save_settings(settings: Settings) -> None:
    """Written to a temporary name and renamed, so a full disk never leaves half a file."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(temporary, path)


def legacy_practice_details() -> dict[str, Any]:
    """The practice's details an older install left in settings.json ({} when none)."""
    raw = _raw()
    return {key: raw[key] for key in LEGACY_PRACTICE_KEYS if key in raw}


def forget_legacy_practice_details() -> None:
    """Rewrite settings.json with this computer's preferences only."""
    if legacy_practice_details():
        save_settings(load_settings())
