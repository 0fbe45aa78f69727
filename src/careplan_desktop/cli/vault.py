"""Headless vault commands: `init` (an empty vault), `demo` (a demo vault) and `check` (unlock
and check a vault's integrity)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .commands import CommandError, command, open_vault, read_passphrase, signed_in_as


def add_commands(sub, with_vault) -> None:
    init = with_vault("init", "create an empty vault, with its first administrator (CAREPLAN_USER, "
                              "default \"Administrator\")")
    init.add_argument("--user", default=None, help="the first administrator's name (default: CAREPLAN_USER)")
    init.add_argument("--device", default="This computer", help="a name for this computer")
    demo = with_vault("demo", "create a demo vault with Lorna, Jack, James and synthetic people")
    demo.add_argument("--patients", type=int, default=200)
    demo.add_argument("--seed", type=int, default=1)
    with_vault("check", "unlock and check a vault's integrity")


@command("init")
def init_command(args: argparse.Namespace) -> int:
    from careplan_desktop.store import Vault

    passphrase, repeated = read_passphrase(args, new=True)
    name = args.user or signed_in_as() or "Administrator"
    vault = Vault.create(Path(args.vault), passphrase, repeated, user_name=name, user_role="administrator",
                         device_name=args.device)
    vault.lock()
    print(f"Created an empty vault at {args.vault}, with {name} as its first administrator")
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
    from sqlalchemy import func, select

    from careplan_desktop.models import AuditEvent, Patient, PlanVersion

    vault = open_vault(args)
    try:
        problems = vault.integrity_problems()
        print(f"people: {vault.count(Patient)}")
        with vault.reader() as session:  # the register's own figure: not died, moved away or left it
            print(f"on the register: {session.scalar(select(func.count()).where(Patient.on_register))}")
        print(f"plan versions: {vault.count(PlanVersion)}")
        print(f"audit events: {vault.count(AuditEvent)}")
    finally:
        vault.lock()
    if problems:
        print(f"The vault has {len(problems)} integrity problem(s). Restore it from your latest backup.", file=sys.stderr)
        return 1
    print("integrity: ok")
    return 0
