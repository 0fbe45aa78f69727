"""Demo vaults made once per run and copied for each test that needs one of its own.

`create_demo_vault` takes a second or more (the case studies' plans agreed, the team's key
slots, the synthetic people); a copy of the same vault, with its key slots beside it, takes a
few milliseconds and opens exactly as the vault it copies. A test that needs two demo vaults
that must differ from each other (their own keys, devices and people) still makes them itself.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault
from careplan_desktop.store import Vault

#: what belongs to a vault on disk: its write-ahead log, and its key slots (who signs in)
VAULT_FILES = ("", "-wal", "-shm", ".keys")


def copy_vault(source: Path, target: Path) -> Path:
    """`source` and what belongs beside it copied to `target` (its folder made); `target`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in VAULT_FILES:
        if Path(f"{source}{suffix}").exists():
            shutil.copy2(f"{source}{suffix}", f"{target}{suffix}")
    return target


class DemoVaults:
    """One locked demo vault per (passphrase, patients, seed, day), made when first asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[tuple, Path] = {}

    def template(self, passphrase: str, patients: int, seed: int, today: dt.date) -> Path:
        wanted = (passphrase, patients, seed, today)
        if wanted not in self.made:
            path = self.folder / f"demo-{len(self.made)}" / "demo.vault"
            create_demo_vault(path, passphrase, patients=patients, seed=seed, today=today).lock()
            self.made[wanted] = path
        return self.made[wanted]

    def copy(self, target: Path, passphrase: str = DEMO_PASSPHRASE, *, patients: int = 200, seed: int = 1,
             today: dt.date | None = None) -> Path:
        """A copy at `target`, locked: as `create_demo_vault(target, ...).lock()` leaves it."""
        return copy_vault(self.template(passphrase, patients, seed, today or dt.date.today()), target)

    def open(self, target: Path, passphrase: str = DEMO_PASSPHRASE, *, patients: int = 200, seed: int = 1,
             today: dt.date | None = None) -> Vault:
        """A copy at `target`, unlocked as its first member of staff: as `create_demo_vault` returns it."""
        return Vault.unlock(self.copy(target, passphrase, patients=patients, seed=seed, today=today), passphrase)
