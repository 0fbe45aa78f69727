"""The layer order, written once as import-linter contracts in pyproject.toml, holds; and the
contracts can fail: an upward import added to a copy of the package is refused."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())", "--no-cache", "--config", "pyproject.toml"]


def lint(cwd: Path, source: Path) -> subprocess.CompletedProcess:
    return subprocess.run(LINT, cwd=cwd, capture_output=True, text=True, timeout=240,
                          env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"})


def test_the_code_keeps_every_contract():
    done = lint(REPO, REPO / "src")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_an_upward_import_is_refused(tmp_path):
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(REPO / "src" / "careplan_desktop", tmp_path / "src" / "careplan_desktop",
                    ignore=shutil.ignore_patterns("__pycache__"))
    dates = tmp_path / "src" / "careplan_desktop" / "domain" / "dates.py"
    dates.write_text(dates.read_text() + "\nfrom careplan_desktop.ui import widgets  # upward: refused\n")
    done = lint(tmp_path, tmp_path / "src")
    assert done.returncode != 0
    assert "Layers: each imports only from the layers below it BROKEN" in done.stdout
    assert "careplan_desktop.domain.dates -> careplan_desktop.ui.widgets" in done.stdout
