"""Where things live on disk: the vault, settings, logs and the wording/reference files.

Only locations here, never patient data. Everything comes from platformdirs so the app
behaves like a good citizen on Windows, macOS and Linux.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

_DIRS = PlatformDirs(appname="CarePlanDesktop", appauthor="CarePlan", roaming=False)

VAULT_FILE_NAME = "careplan.vault"


def data_dir() -> Path:
    """The user data folder; overridable with CAREPLAN_DATA_DIR (tests, portable installs)."""
    override = os.environ.get("CAREPLAN_DATA_DIR")
    return Path(override) if override else Path(_DIRS.user_data_dir)


def config_dir() -> Path:
    override = os.environ.get("CAREPLAN_DATA_DIR")
    return Path(override) / "config" if override else Path(_DIRS.user_config_dir)


def log_dir() -> Path:
    override = os.environ.get("CAREPLAN_DATA_DIR")
    return Path(override) / "logs" if override else Path(_DIRS.user_log_dir)


def default_vault_path() -> Path:
    """`--vault PATH` beats CAREPLAN_VAULT, which beats the user data folder."""
    env = os.environ.get("CAREPLAN_VAULT")
    return Path(env) if env else data_dir() / VAULT_FILE_NAME


def bundled_resources_dir() -> Path:
    """The `resources/` folder shipped with the app (repo checkout, installed copy, or a frozen
    build, whose folder PyInstaller names in `sys._MEIPASS`: packaging/careplan-desktop.spec puts
    resources/ there, and the migrations beside the store package as in a checkout)."""
    env = os.environ.get("CAREPLAN_RESOURCES")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    frozen = getattr(sys, "_MEIPASS", None)
    for candidate in (
        *((Path(frozen) / "resources",) if frozen else ()),  # the installed build
        here.parents[3] / "resources",  # src layout checkout / editable install
        Path(sys.prefix) / "share" / "careplan-desktop" / "resources",
    ):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("CarePlan Desktop resources folder not found; set CAREPLAN_RESOURCES")


def override_resources_dir() -> Path:
    """Practice overrides of wording and reference data: same relative paths as resources/."""
    return data_dir() / "resources"


def resource_file(relative: str) -> Path:
    """The practice's override of a resource file if present, else the bundled one."""
    override = override_resources_dir() / relative
    if override.is_file():
        return override
    return bundled_resources_dir() / relative
