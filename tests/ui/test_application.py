"""The composition root end to end: `--demo`, the unlock dialog, the register with Jack open,
screenshots, and the throwaway folder removed at exit."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from careplan_desktop.ui import application


def test_demo_run_with_the_screenshot_tour(qtbot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    demo_folder = tmp_path / "demo-folder"
    folders_asked_for: list[str | None] = []
    vaults_made: list[tuple[Path, bool]] = []
    real_make_demo_vault = application.make_demo_vault

    def fixed_mkdtemp(*args, **kwargs) -> str:
        folders_asked_for.append(kwargs.get("prefix"))
        demo_folder.mkdir()
        return str(demo_folder)

    def recording_make_demo_vault(folder: Path, patients: int) -> tuple[Path, str]:
        path, passphrase = real_make_demo_vault(folder, patients)
        vaults_made.append((path, path.is_file()))
        return path, passphrase

    monkeypatch.setattr(application.tempfile, "mkdtemp", fixed_mkdtemp)
    monkeypatch.setattr(application, "make_demo_vault", recording_make_demo_vault)
    shots = tmp_path / "shots"
    monkeypatch.setenv(application.SCREENSHOT_ENV, str(shots))
    args = argparse.Namespace(vault=None, demo=True, patients=5, command=None)
    assert application.run_gui(args) == 0
    assert (shots / "unlock.png").stat().st_size > 0
    assert (shots / "register.png").stat().st_size > 0
    # the demo vault was made in a new throwaway folder, and that folder is gone at exit
    assert folders_asked_for == ["careplan-demo-"]
    assert vaults_made == [(demo_folder / "demo.vault", True)]
    assert not demo_folder.exists()
