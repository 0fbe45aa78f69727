"""App settings (a JSON file in the user config folder). Never patient data: only the
practice's details, preferences and folder locations."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from careplan_desktop.domain.paths import config_dir

log = logging.getLogger(__name__)


@dataclass
class Settings:
    idle_lock_minutes: float = 5.0
    practice_name: str = "Ashby Green Medical Practice"
    practice_address: str = "1 Surgery Lane, Ashby Green, ZZ99 1AG"
    practice_phone: str = "01632 960 000"
    review_interval_months: dict[str, int] = field(default_factory=lambda: {"1": 12, "2": 6, "3": 3})
    last_vault_path: str = ""

    def interval_for_level(self, level: int) -> int:
        return int(self.review_interval_months.get(str(level), 12))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    path = settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError):
        log.warning("settings file unreadable; using defaults")
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in raw.items() if k in known})


def save_settings(settings: Settings) -> None:
    """Written to a temporary name and renamed, so a full disk never leaves half a file."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(temporary, path)
