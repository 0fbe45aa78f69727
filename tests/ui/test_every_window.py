"""Every area and every dialog (ui/every_window.WINDOWS), opened on a demo vault at 200% text
on a 1366x768 screen: each fits the screen with its answer buttons wholly in view; each
control a person can reach has a name a screen reader says, each table its headings, no
Alt+letter is used twice in one window, and every colour the app set itself on screen reads
(4.5:1), in the light palette and in a dark one.

The windows are opened in one child process (every_window_child.py), since the screen's size
is fixed when Qt starts; what it found is read back as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from careplan_desktop.ui.every_window import WINDOWS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def walk_every_window(folder: Path, percent: int, palette: str = "light", vault: Path | None = None) -> dict[str, dict]:
    """What the child found; on `vault` (a demo vault the test made, locked) when given."""
    out = folder / "found.json"
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    environment.pop("QT_QPA_PLATFORM", None)  # the child sets its own 1366x768 screen
    on_vault = ["--vault", str(vault)] if vault is not None else []
    run = subprocess.run([sys.executable, str(HERE / "every_window_child.py"), str(out), str(percent), str(folder),
                          "--palette", palette, *on_vault], env=environment, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    return json.loads(out.read_text(encoding="utf-8"))


def demo_for_the_walk(folder: Path, demo_vaults) -> Path:
    """The demo vault the child opens (Lorna, Jack, James and 30 made-up people): a copy."""
    return demo_vaults.copy(folder / "vault" / "demo.vault", patients=30)


@pytest.fixture(scope="module")
def at_200_percent(tmp_path_factory: pytest.TempPathFactory, demo_vaults) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("every-window")
    return walk_every_window(folder, 200, vault=demo_for_the_walk(folder, demo_vaults))


@pytest.fixture(scope="module")
def in_dark_palette(tmp_path_factory: pytest.TempPathFactory, demo_vaults) -> dict[str, dict]:
    """At the normal size, in a desktop's dark palette."""
    folder = tmp_path_factory.mktemp("every-window-dark")
    return walk_every_window(folder, 100, "dark", vault=demo_for_the_walk(folder, demo_vaults))


def test_every_window_in_the_list_was_opened(at_200_percent) -> None:
    assert set(at_200_percent) == {shown.key for shown in WINDOWS} | {"main_window"}


def _problems(found: dict[str, dict], *kinds: str) -> list[str]:
    return [f"{entry['name']}: {problem}" for entry in found.values() for kind in kinds for problem in entry[kind]]


def test_every_window_fits_1366_by_768_at_200_percent_with_its_buttons_in_view(at_200_percent) -> None:
    assert _problems(at_200_percent, "size_problems", "button_problems") == []
    for key, entry in at_200_percent.items():
        width, height = entry["size"]
        assert width <= 1366 and height <= 768, key


def test_every_control_has_a_name_and_every_table_its_headings(at_200_percent) -> None:
    assert _problems(at_200_percent, "name_problems") == []


def test_no_alt_letter_is_used_twice_in_a_window(at_200_percent) -> None:
    assert _problems(at_200_percent, "mnemonic_problems") == []


def test_every_colour_on_screen_reads_in_the_light_palette(at_200_percent) -> None:
    assert _problems(at_200_percent, "colour_problems") == []


def test_every_window_reads_and_fits_in_a_dark_palette(in_dark_palette) -> None:
    assert _problems(in_dark_palette, "colour_problems", "size_problems", "button_problems") == []
