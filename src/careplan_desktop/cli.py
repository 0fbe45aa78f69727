"""Headless commands: the same services as the GUI, without Qt.

The passphrase never travels as an argument value: it comes from CAREPLAN_PASSPHRASE, from
`--passphrase-file FILE`, or from a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from careplan_desktop.domain.paths import default_vault_path

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


class CommandError(Exception):
    """A message for the person at the terminal; the command exits with status 2."""


def command(name: str):
    def register(function: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = function
        return function

    return register


def read_passphrase(args: argparse.Namespace, *, new: bool = False) -> tuple[str, str]:
    """(passphrase, repeated). For a new vault a prompt asks twice; other sources count as typed twice."""
    from_env = os.environ.get("CAREPLAN_PASSPHRASE")
    if from_env:
        return from_env, from_env
    if getattr(args, "passphrase_file", None):
        try:
            text = Path(args.passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError:
            raise CommandError("The passphrase file cannot be read. Check its path and permissions.") from None
        return text, text
    if not sys.stdin.isatty():
        raise CommandError("No passphrase given: set CAREPLAN_PASSPHRASE or use --passphrase-file FILE.")
    first = getpass.getpass("Vault passphrase: ")
    return first, getpass.getpass("Type it again: ") if new else first


def nhs_numbers(text: str | None, option: str) -> list[str]:
    """The NHS numbers given to an option, separated by commas (see `nhs_number`)."""
    return [nhs_number(part, option) for part in (text or "").split(",") if part.strip()]


def nhs_number(text: str | None, option: str = "--nhs-number") -> str:
    """One NHS number given to an option, as ten ASCII digits; one that is not valid stops the
    command with the reason (domain.nhs_number.normalise: the one way in)."""
    from careplan_desktop.domain.nhs_number import InvalidNhsNumber, normalise

    try:
        return normalise(text)
    except InvalidNhsNumber as error:
        raise CommandError(f"{option}: {error}") from None


def open_vault(args: argparse.Namespace):
    from .store import Vault

    passphrase, _ = read_passphrase(args)
    return Vault.unlock(Path(args.vault), passphrase)


@command("init")
def init_command(args: argparse.Namespace) -> int:
    from .store import Vault

    passphrase, repeated = read_passphrase(args, new=True)
    vault = Vault.create(Path(args.vault), passphrase, repeated, user_name=args.user, device_name=args.device)
    vault.lock()
    print(f"Created an empty vault at {args.vault}")
    return 0


@command("demo")
def demo_command(args: argparse.Namespace) -> int:
    from careplan_desktop.services.demo.case_mix import create_demo_vault

    passphrase, repeated = read_passphrase(args, new=True)
    if passphrase != repeated:
        raise CommandError("The two passphrases do not match.")
    vault = create_demo_vault(Path(args.vault), passphrase, patients=args.patients, seed=args.seed)
    vault.lock()
    print(f"Created a demo vault at {args.vault} with {args.patients + 3} people.")
    return 0


@command("check")
def check_command(args: argparse.Namespace) -> int:
    from .models import AuditEvent, Patient, PlanVersion

    vault = open_vault(args)
    try:
        problems = vault.integrity_problems()
        print(f"people: {vault.count(Patient)}")
        print(f"plan versions: {vault.count(PlanVersion)}")
        print(f"audit events: {vault.count(AuditEvent)}")
    finally:
        vault.lock()
    if problems:
        print(f"The vault has {len(problems)} integrity problem(s). Restore it from your latest backup.", file=sys.stderr)
        return 1
    print("integrity: ok")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careplan-desktop", description="Personalised care and support planning.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--vault", default=None, help="the vault file (default: your user data folder, or CAREPLAN_VAULT)")
    parser.add_argument("--demo", action="store_true", help="start on a fresh throwaway demo vault")
    parser.add_argument("--patients", type=int, default=200, help="synthetic people in the --demo vault")
    sub = parser.add_subparsers(dest="command")

    def with_vault(name: str, help_text: str) -> argparse.ArgumentParser:
        command_parser = sub.add_parser(name, help=help_text)
        command_parser.add_argument("--vault", default=None, help="the vault file")
        command_parser.add_argument("--passphrase-file", help="read the passphrase from the first line of FILE")
        return command_parser

    init = with_vault("init", "create an empty vault")
    init.add_argument("--user", default="Practice nurse", help="your name, for the audit trail")
    init.add_argument("--device", default="This computer", help="a name for this computer")
    demo = with_vault("demo", "create a demo vault with Lorna, Jack, James and synthetic people")
    demo.add_argument("--patients", type=int, default=200)
    demo.add_argument("--seed", type=int, default=1)
    with_vault("check", "unlock and check a vault's integrity")
    _load_command_modules()
    for extend in EXTENSIONS:
        extend(sub, with_vault)
    return parser


#: later areas (register import, printouts, exchange) add their commands here: modules named in
#: COMMAND_MODULES each define `add_commands(sub, with_vault)` and register handlers with @command
EXTENSIONS: list[Callable] = []
COMMAND_MODULES = ("careplan_desktop.cli_register", "careplan_desktop.cli_documents", "careplan_desktop.cli_exchange")


def _load_command_modules() -> None:
    import importlib
    import importlib.util

    for name in COMMAND_MODULES:
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            if module.add_commands not in EXTENSIONS:
                EXTENSIONS.append(module.add_commands)


def run(args: argparse.Namespace) -> int:
    from careplan_desktop.domain.reference import ReferenceDataError
    from careplan_desktop.domain.wording import WordingError
    from .store import VaultError
    from .store.errors import file_error_for

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
