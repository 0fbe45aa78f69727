"""Headless backups:

    careplan-desktop backup --vault V --to DIR
    careplan-desktop restore --vault V FILE

`backup` writes a checked, encrypted backup into DIR and prints its name and counts. `restore`
checks FILE with the vault's own key, prints its date and counts, keeps the current vault aside
(its name is printed) and puts the backup in its place. A backup that is damaged or from another
vault is refused and the vault is left as it was (exit 2).
"""

from __future__ import annotations

import argparse

from .commands import command, on_vault


def add_commands(sub, with_vault) -> None:
    backup = with_vault("backup", "write a checked, encrypted backup of the vault into a folder")
    backup.add_argument("--to", metavar="DIR", required=True, help="the folder for the backup")
    restore = with_vault("restore", "put a backup in the vault's place (the current vault is kept aside)")
    restore.add_argument("file", metavar="FILE", help="the backup file")


@command("backup")
def backup_command(args: argparse.Namespace) -> int:
    from careplan_desktop.services.backup.copies import BackupError, back_up

    made = on_vault(args, lambda vault: back_up(vault, args.to), BackupError)
    print(f"Backed up to {made.path}, opened again and checked: {made.describe()}.")
    return 0


@command("restore")
def restore_command(args: argparse.Namespace) -> int:
    from careplan_desktop.services.backup.copies import BackupError, restore

    summary, aside = on_vault(args, lambda vault: restore(vault, args.file), BackupError)
    print(f"Restored the backup {summary.describe()}.")
    print(f"The vault as it was is kept at {aside}.")
    return 0
