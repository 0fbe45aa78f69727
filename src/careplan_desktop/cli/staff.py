"""Headless staff commands (an administrator's sign-in):

    careplan-desktop staff add --vault V --name N --role ROLE   (first passphrase: CAREPLAN_NEW_PASSPHRASE or a prompt)
    careplan-desktop staff list --vault V
    careplan-desktop staff remove --vault V --name N
    careplan-desktop staff set-passphrase --vault V --name N   (a forgotten passphrase, or staff of an
                                                              upgraded vault: CAREPLAN_NEW_PASSPHRASE or a prompt)
"""

from __future__ import annotations

import argparse

from .commands import CommandError, command, open_vault, read_new_passphrase


def add_commands(sub, with_vault) -> None:
    from careplan_desktop.services.staff.roles import ROLES

    staff = with_vault("staff", "add, list or remove the staff who sign in (an administrator's sign-in)")
    staff.add_argument("action", choices=("add", "list", "remove", "set-passphrase"))
    staff.add_argument("--name", help="the member of staff's name (add, remove)")
    staff.add_argument("--role", help=f"add: one of {', '.join(ROLES)}")


@command("staff")
def staff_command(args: argparse.Namespace) -> int:
    from careplan_desktop.services.staff.roles import NotAllowed
    from careplan_desktop.services.staff.team import (
        StaffError, add_staff, remove_staff, set_first_passphrase, staff_list)

    if args.action in ("add", "remove", "set-passphrase") and not args.name:
        raise CommandError(f"staff {args.action} needs --name NAME.")
    if args.action == "add" and not args.role:
        raise CommandError("staff add needs --role ROLE.")
    vault = open_vault(args)
    try:
        if args.action == "list":
            for member in staff_list(vault):
                sign_in = "" if member.can_sign_in else " (cannot sign in on this computer)"
                print(f"{member.name}\t{member.role}{sign_in}")
        elif args.action == "add":
            passphrase, repeated = read_new_passphrase(f"First passphrase for {args.name}: ")
            member = add_staff(vault, args.name, args.role, passphrase, repeated)
            print(f"Added {member.name} ({member.role}). They sign in with the passphrase given.")
        elif args.action == "set-passphrase":
            passphrase, repeated = read_new_passphrase(f"New passphrase for {args.name}: ")
            set_first_passphrase(vault, args.name, passphrase, repeated)
            print(f"{args.name} can now sign in with the passphrase given.")
        else:
            member = remove_staff(vault, args.name)
            print(f"Removed {member.name} ({member.role}). They can no longer sign in.")
    except (StaffError, NotAllowed) as error:
        raise CommandError(str(error)) from None
    finally:
        vault.lock()
    return 0
