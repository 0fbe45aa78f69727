"""CAREPLAN_STARTUP_PROBE: the start packaging/build.py times (frozen and from the virtual
environment) really unlocks the vault, shows the register with everyone in it and quits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE


def test_the_probe_shows_the_register_with_everyone_and_quits(demo_vault_path: Path, tmp_path: Path) -> None:
    environment = {**os.environ, "CAREPLAN_STARTUP_PROBE": "1", "CAREPLAN_PASSPHRASE": DEMO_PASSPHRASE,
                   "QT_QPA_PLATFORM": "offscreen", "CAREPLAN_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "careplan_desktop", "--vault", str(demo_vault_path)],
                          env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    marker, kdf, memory, shown = done.stdout.split()
    assert marker == "VISIBLE"
    assert int(shown) == 53  # Lorna, Jack, James and the fixture's 50 made-up people
    assert float(kdf) > 0  # the key was derived (the build's figures leave this out)
