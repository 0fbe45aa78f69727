"""Headless commands: the same services as the GUI, without Qt. One module per area; each
defines `add_commands(sub, with_vault)` and registers its handlers with `@command`
(see `commands`). A new area's module is added to AREAS, nothing else.

The passphrase never travels as an argument value: it comes from CAREPLAN_PASSPHRASE, from
`--passphrase-file FILE`, or from a prompt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from careplan_desktop import __version__
from careplan_desktop.domain.paths import default_vault_path

from . import (
    audit, backup, booking, documents, exchange, person, practice, register, report, self_assessment,
    staff, vault,
)
from .commands import COMMANDS, CommandError

#: every area's commands, in the order `--help` lists them
AREAS = (vault, staff, register, person, booking, documents, exchange, practice, backup, audit, report,
         self_assessment)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careplan-desktop", description="Personalised care and support planning.")
    parser.add_argument("--version", action="store_true",
                        help=f"show the version ({__version__}), the SQLCipher and Qt versions and where the vault is")
    parser.add_argument("--vault", default=None, help="the vault file (default: your user data folder, or CAREPLAN_VAULT)")
    parser.add_argument("--demo", action="store_true", help="start on a fresh throwaway demo vault")
    parser.add_argument("--patients", type=int, default=200, help="synthetic people in the --demo vault")
    parser.add_argument("--text-size", type=int, default=None, metavar="PERCENT",
                        help="start with text at PERCENT of the system size, 100 to 200 (View > Text size)")
    sub = parser.add_subparsers(dest="command")

    def with_vault(name: str, help_text: str) -> argparse.ArgumentParser:
        command_parser = sub.add_parser(name, help=help_text)
        command_parser.add_argument("--vault", default=None, help="the vault file")
        command_parser.add_argument("--passphrase-file", help="read the passphrase from the first line of FILE")
        return command_parser

    for area in AREAS:
        area.add_commands(sub, with_vault)
    return parser


def run(args: argparse.Namespace) -> int:
    from careplan_desktop.domain.reference import ReferenceDataError
    from careplan_desktop.domain.wording import WordingError
    from careplan_desktop.store import VaultError
    from careplan_desktop.store.errors import file_error_for

    if args.vault is None:
        args.vault = str(default_vault_path())
    try:
        return COMMANDS[args.command](args)
    except (VaultError, CommandError, WordingError, ReferenceDataError) as error:  # written for the person
        print(str(error), file=sys.stderr)
        return 2
    except OSError as error:  # a PDF or a bundle written to a full disk
        out, to = getattr(args, "out", None), getattr(args, "to", None)
        explained = file_error_for(error, Path(out).parent if out else to)
        if explained is None:
            raise
        print(str(explained), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
