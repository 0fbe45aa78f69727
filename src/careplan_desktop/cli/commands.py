"""What every headless command shares: the registry of handlers, errors for the terminal, the
passphrase, NHS numbers given as options, and opening the vault.

The passphrase never travels as an argument value: it comes from CAREPLAN_PASSPHRASE, from
`--passphrase-file FILE`, or from a prompt. Every command signs in as the member of staff named
by CAREPLAN_USER, or, when it is not set, as the vault's first administrator (the passphrase
must still be theirs).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path


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


def signed_in_as() -> str | None:
    """The member of staff named by CAREPLAN_USER, or None when it is not set."""
    return " ".join(os.environ.get("CAREPLAN_USER", "").split()) or None


def read_new_passphrase(prompt: str) -> tuple[str, str]:
    """A new member of staff's first passphrase: CAREPLAN_NEW_PASSPHRASE, or typed twice."""
    from_env = os.environ.get("CAREPLAN_NEW_PASSPHRASE")
    if from_env:
        return from_env, from_env
    if not sys.stdin.isatty():
        raise CommandError("No new passphrase given: set CAREPLAN_NEW_PASSPHRASE.")
    return getpass.getpass(prompt), getpass.getpass("Type it again: ")


def open_vault(args: argparse.Namespace):
    from careplan_desktop.store import Vault

    from careplan_desktop.services.practice.legacy import adopt_settings_file
    from careplan_desktop.store.key_slots import FIRST_ADMINISTRATOR

    passphrase, _ = read_passphrase(args)
    vault = Vault.unlock(Path(args.vault), passphrase, user=signed_in_as() or FIRST_ADMINISTRATOR)
    adopt_settings_file(vault)  # an older install's practice details, copied into the vault once
    return vault


def on_vault(args: argparse.Namespace, work, refused: type[Exception] | tuple[type[Exception], ...]):
    """Open the vault, run `work(vault)` and lock it again, whatever happens; a `refused` error
    becomes a CommandError with its own (plain) message."""
    vault = open_vault(args)
    try:
        return work(vault)
    except refused as error:
        raise CommandError(str(error)) from None
    finally:
        vault.lock()
