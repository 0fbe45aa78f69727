"""The version lives in one place, and `careplan-desktop --version` says it with the SQLCipher
and Qt versions and where the vault is (issue 20)."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

import careplan_desktop

ROOT = Path(__file__).resolve().parents[1]


def test_the_version_is_written_once_and_the_installed_package_reports_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "careplan_desktop.__version__"}
    assert importlib.metadata.version("careplan-desktop") == careplan_desktop.__version__


def _version_output(tmp_path: Path, **extra: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if name != "CAREPLAN_VAULT"}
    environment.update(CAREPLAN_DATA_DIR=str(tmp_path / "data"), **extra)
    done = subprocess.run([sys.executable, "-m", "careplan_desktop", "--version"], env=environment,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    first, *rest = done.stdout.splitlines()
    facts = {"title": first}
    for line in rest:
        label, _, value = line.partition(":")
        facts[label] = value.strip()
    return facts


def test_version_names_the_app_sqlcipher_qt_and_the_vault(tmp_path: Path) -> None:
    from PySide6.QtCore import qVersion

    facts = _version_output(tmp_path)
    assert facts["title"] == f"CarePlan Desktop {importlib.metadata.version('careplan-desktop')}"
    connection = sqlcipher.connect(":memory:")
    cipher = connection.execute("PRAGMA cipher_version").fetchone()[0]
    connection.close()
    assert facts["SQLCipher"].startswith(f"{cipher} (SQLite ")
    assert cipher.split(".")[0] == "4"  # SQLCipher 4: the vault format the app writes
    assert facts["Qt"].startswith(qVersion())
    assert facts["Vault"] == str(tmp_path / "data" / "careplan.vault")
    assert not (tmp_path / "data" / "careplan.vault").exists()  # asking the version creates no vault


def test_version_follows_a_vault_named_by_the_environment(tmp_path: Path) -> None:
    facts = _version_output(tmp_path, CAREPLAN_VAULT=str(tmp_path / "elsewhere.vault"))
    assert facts["Vault"] == str(tmp_path / "elsewhere.vault")
