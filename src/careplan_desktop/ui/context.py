"""What every screen is handed: the one place the GUI's shared objects live.

Built once by `application.run_gui` (the composition root) and passed to the main window,
which passes it to each area's factory. Screens read `context.vault` at the moment they use
it: it is None while the app is locked, and a new Vault object after each unlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from careplan_desktop.services.practice.values import PracticeSettings
from careplan_desktop.store.settings import Settings
from careplan_desktop.store import Vault

from .changes import DataChanges
from .workers import TaskRunner


class VaultLockedError(RuntimeError):
    """A screen asked for the vault while the app is locked (a bug: screens are hidden then)."""


@dataclass
class AppContext:
    vault_path: Path
    settings: Settings
    changes: DataChanges
    tasks: TaskRunner
    vault: Vault | None = None
    #: the practice's details (kept in the vault): read at unlock and after each change to them
    practice: PracticeSettings = field(default_factory=PracticeSettings)
    #: the demo passphrase when running `--demo`, shown in the unlock dialog
    demo_passphrase: str | None = None
    #: injectable "today" so screens and tests agree on ages and due dates
    today: Callable[[], dt.date] = field(default=dt.date.today)

    def __post_init__(self) -> None:
        # the hub: what every write changed reaches every open screen, named by nobody
        self.tasks.wrote.connect(self.changes.tell)

    @property
    def is_unlocked(self) -> bool:
        return self.vault is not None and self.vault.is_open

    def read_practice(self) -> PracticeSettings:
        """Read the practice's details from the open vault (plain SQL: cheap, and safe before
        the first paint) into `practice`."""
        from careplan_desktop.services.practice.details import read_practice

        if self.is_unlocked:
            self.practice = read_practice(self.open_vault())
        return self.practice

    def open_vault(self) -> Vault:
        """The unlocked vault, or VaultLockedError."""
        if self.vault is None or not self.vault.is_open:
            raise VaultLockedError("The vault is locked.")
        return self.vault
