"""CAREPLAN_STARTUP_PROBE=1: start the GUI on `--vault`, unlocked with CAREPLAN_PASSPHRASE, show
the main window, wait until the register shows everyone, print one line and quit:

    VISIBLE <seconds spent deriving the key> <resident memory in MB>

For packaging/build.py, which times the same start from the frozen build and from the virtual
environment (a frozen build cannot run bench/_startup_child.py, which does the same). Nothing here
runs unless the variable is set; it writes nothing and prints no patient data.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PROBE_ENV = "CAREPLAN_STARTUP_PROBE"


def _resident_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def time_key_derivation() -> list[float]:
    """From now on, add the seconds spent in the key slot's Argon2id (what signing in costs) to
    the one-item list returned, so start-up figures can leave it out. Also for bench/."""
    from careplan_desktop.store import key_slots

    spent = [0.0]
    derive = key_slots.Kdf.derive

    def timed_derive(*args):
        began = time.perf_counter()
        try:
            return derive(*args)
        finally:
            spent[0] += time.perf_counter() - began

    key_slots.Kdf.derive = timed_derive
    return spent


def run_probe(vault_path: Path) -> int:
    spent = time_key_derivation()
    from careplan_desktop.store import Vault

    from .application import build_context, make_application
    from .main_window import MainWindow

    app = make_application()
    context = build_context(vault_path)
    context.vault = Vault.unlock(vault_path, os.environ["CAREPLAN_PASSPHRASE"])
    window = MainWindow(context)
    window.show()
    window.vault_opened()
    register = window.screens["register"]
    deadline = time.monotonic() + 120
    while register.model.rowCount() == 0 and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    window.grab()  # one real paint
    shown = register.model.rowCount()
    print(f"VISIBLE {spent[0]:.4f} {_resident_mb():.1f} {shown}", flush=True)
    window.close()
    return 0 if shown else 1
