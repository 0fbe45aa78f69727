"""The register and Lorna's consultation read as Orca reads them: through AT-SPI, from another
process, under Xvfb with the accessibility bus (Debian's xvfb, at-spi2-core and
python3-pyatspi; .ci/run installs them on CI). Skipped, saying why, where they are missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = Path("/usr/bin/python3")
NEEDS = "needs Linux with xvfb, dbus, at-spi2-core and python3-pyatspi (apt-get install xvfb at-spi2-core python3-pyatspi)"


def _missing() -> str | None:
    if not sys.platform.startswith("linux"):
        return "AT-SPI is Linux's accessibility interface"
    for tool in ("xvfb-run", "dbus-run-session", "dbus-send"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed: {NEEDS}"
    if not LAUNCHER.exists():
        return f"{LAUNCHER} is not installed: {NEEDS}"
    if not SYSTEM_PYTHON.exists() or subprocess.run([str(SYSTEM_PYTHON), "-c", "import pyatspi"],
                                                    capture_output=True).returncode != 0:
        return f"the system python3 cannot import pyatspi: {NEEDS}"
    return None


@pytest.fixture(scope="module")
def read_aloud(tmp_path_factory: pytest.TempPathFactory, demo_vaults) -> dict[str, list[dict]]:
    missing = _missing()
    if missing:
        pytest.skip(missing)
    out = tmp_path_factory.mktemp("atspi") / "read.json"
    vault = demo_vaults.copy(out.parent / "vault" / "demo.vault", patients=10)  # Lorna, Jack, James and 10 more
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    environment.pop("QT_QPA_PLATFORM", None)
    run = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", "dbus-run-session", "--",
                          sys.executable, str(HERE / "atspi_child.py"), str(out), str(vault)],
                         env=environment, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-4000:]
    readings = json.loads(out.read_text(encoding="utf-8"))
    for screen, reading in readings.items():
        assert "error" not in reading, f"{screen}: {reading.get('error')}"
    return {screen: reading["nodes"] for screen, reading in readings.items()}


def _on_screen(nodes: list[dict]) -> list[dict]:
    return [node for node in nodes if node["showing"]]


def _unnamed(nodes: list[dict]) -> list[str]:
    return [node["role"] for node in _on_screen(nodes) if node["focusable"] and not node["name"].strip()
            and node["role"] not in ("scroll pane", "viewport", "filler", "panel")]


def test_the_register_reads_with_its_search_box_table_headings_and_buttons(read_aloud) -> None:
    nodes = _on_screen(read_aloud["register"])
    named = {(node["role"], node["name"]) for node in nodes}
    assert ("text", "Search the register") in named
    assert ("push button", "Start consultation") in named
    table = next(node for node in nodes if node["role"] == "table" and node["name"] == "Register")
    assert table["columns"][:3] == ["Name", "NHS number", "Date of birth"]
    assert ("table cell", "BAXTER, Lorna") in named
    assert _unnamed(read_aloud["register"]) == []


def test_lornas_consultation_reads_with_every_field_named(read_aloud) -> None:
    nodes = _on_screen(read_aloud["consultation"])
    named = {(node["role"], node["name"]) for node in nodes}
    for expected in (("list", "Sections of the plan"), ("list item", "About me"), ("text", "What's new"),
                     ("text", "What matters most to me"), ("push button", "Save now"),
                     ("push button", "Agree or print\u2026"), ("label", "Saving status")):
        assert expected in named, expected
    assert _unnamed(read_aloud["consultation"]) == []
