"""What `careplan-desktop --version` and Help > About say: the app's version, the SQLCipher and
SQLite it encrypts with, and where the vault and the user folders are. No patient data.

The app's version lives in one place, `careplan_desktop.__version__`; pyproject reads it from
there (`[tool.setuptools.dynamic]`), and a frozen build carries the same module. The Qt version is
given by the caller (the core never imports Qt).
"""

from __future__ import annotations

import platform
import sys
from functools import lru_cache

import sqlcipher3.dbapi2 as sqlcipher

from careplan_desktop import APP_NAME, __version__
from careplan_desktop.domain import paths


@lru_cache(maxsize=1)
def sqlcipher_versions() -> tuple[str, str]:
    """(SQLCipher version, SQLite version) of the library the vault is opened with."""
    connection = sqlcipher.connect(":memory:")
    try:
        cipher = connection.execute("PRAGMA cipher_version").fetchone()
        sqlite = connection.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        connection.close()
    return (cipher[0] if cipher else "not available"), sqlite


def about_lines(qt_version: str | None) -> list[tuple[str, str]]:
    """(label, value) pairs, in the order they are shown."""
    cipher, sqlite = sqlcipher_versions()
    frozen = " (installed build)" if getattr(sys, "frozen", False) else ""
    return [
        ("Version", f"{__version__}{frozen}"),
        ("SQLCipher", f"{cipher} (SQLite {sqlite})"),
        ("Qt", qt_version or "not available"),
        ("Python", f"{platform.python_version()} on {platform.system() or sys.platform}"),
        ("Vault", str(paths.default_vault_path())),
        ("Settings folder", str(paths.config_dir())),
        ("Log folder", str(paths.log_dir())),
    ]


def about_text(qt_version: str | None) -> str:
    """The plain-text block `--version` prints."""
    lines = about_lines(qt_version)
    width = max(len(label) for label, _ in lines) + 1
    return "\n".join([f"{APP_NAME} {__version__}", *(f"{label + ':':<{width}} {value}" for label, value in lines[1:])])
