"""The composition root end to end: `--demo`, the unlock dialog, the register with Jack open,
screenshots, and the throwaway folder removed at exit."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pytest

from careplan_desktop.ui import application


def test_demo_run_with_the_screenshot_tour(qtbot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    demo_folder = tmp_path / "demo-folder"
    real_mkdtemp = tempfile.mkdtemp

    def fixed_mkdtemp(*args, **kwargs) -> str:
        demo_folder.mkdir()
        return str(demo_folder)

    monkeypatch.setattr(application.tempfile, "mkdtemp", fixed_mkdtemp)
    shots = tmp_path / "shots"
    monkeypatch.setenv(application.SCREENSHOT_ENV, str(shots))
    args = argparse.Namespace(vault=None, demo=True, patients=5, command=None)
    assert application.run_gui(args) == 0
    assert (shots / "unlock.png").stat().st_size > 0
    assert (shots / "register.png").stat().st_size > 0
    assert not demo_folder.exists()
    assert real_mkdtemp is not None
