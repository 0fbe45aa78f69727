"""The daily backup: on the first start of the day, a checked backup into this computer's
backups folder, keeping the newest N (settings.json `daily_backups_kept`, 14 by default)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from careplan_desktop.domain.paths import data_dir
from careplan_desktop.services.backup.copies import BackupSummary, daily_backup

from ..context import AppContext


def daily_folder(vault_path: Path) -> Path:
    """This computer's daily backups of one vault (named for the vault's file)."""
    return data_dir() / "backups" / Path(vault_path).stem


def start_daily_backup(context: AppContext, tell: Callable[[str], None]) -> None:
    """Start today's backup on the write worker (if none was made today); `tell` gets one
    line for the status bar, whether it was made or failed."""
    if not context.is_unlocked or context.demo_passphrase is not None:  # a throwaway demo: no backups
        return
    vault, keep = context.open_vault(), max(1, int(context.settings.daily_backups_kept or 14))

    def finished(made: BackupSummary | None) -> None:
        if made is not None:
            tell(f"Today's backup was made and checked at {made.made_at:%H:%M}.")

    context.tasks.write(lambda control: daily_backup(vault, daily_folder(context.vault_path), keep=keep),
                        name="daily backup", on_finished=finished,
                        on_failed=lambda message: tell(f"Today's backup was not made. {message}"))
