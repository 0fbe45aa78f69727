"""Headless register status: mark one person as died, moved away or off the long-term-condition
register, or restore them to it (the same service as the overview's "Register status…").

    careplan-desktop person --vault V --nhs-number N --died YYYY-MM-DD
    careplan-desktop person --vault V --nhs-number N --moved-away YYYY-MM-DD
    careplan-desktop person --vault V --nhs-number N --left-register REASON
    careplan-desktop person --vault V --nhs-number N --active

Prints what is now recorded (one transaction, audited); a wrong NHS number, someone not in the
vault, a date in the future or nothing to change exits 2 with the reason.
"""

from __future__ import annotations

import argparse
import datetime as dt

from .commands import CommandError, command, nhs_number, open_vault


def add_commands(sub, with_vault) -> None:
    person = with_vault("person", "record that someone died, moved away or left the register, or restore them")
    person.add_argument("--nhs-number", required=True, help="the person's NHS number")
    status = person.add_mutually_exclusive_group(required=True)
    status.add_argument("--died", metavar="YYYY-MM-DD", help="they died on this day")
    status.add_argument("--moved-away", metavar="YYYY-MM-DD", dest="moved_away",
                        help="they moved away or registered elsewhere on this day")
    status.add_argument("--left-register", metavar="REASON", dest="left_register",
                        help="they left the long-term-condition register, and why")
    status.add_argument("--active", action="store_true", help="restore them to the register (a mistake is undone)")


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{option} must be a date, like 2026-11-03.") from None


@command("person")
def person_command(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from careplan_desktop.domain.nhs_number import formatted
    from careplan_desktop.models import Patient
    from careplan_desktop.services.register import status as service

    number = nhs_number(args.nhs_number)
    if args.died:
        chosen, on, reason = service.DIED, _day(args.died, "--died"), None
    elif args.moved_away:
        chosen, on, reason = service.MOVED_AWAY, _day(args.moved_away, "--moved-away"), None
    elif args.left_register is not None:
        chosen, on, reason = service.LEFT_REGISTER, None, args.left_register
    else:
        chosen, on, reason = service.ACTIVE, None, None
    vault = open_vault(args)
    try:
        with vault.reader() as session:
            uuid = session.scalar(select(Patient.uuid).where(Patient.nhs_number == number))
        if uuid is None:
            raise CommandError(f"No one in this vault has the NHS number {formatted(number)}. "
                               "Check the number, or import or add the person first.")
        try:
            change = service.set_register_status(vault, uuid, chosen, on=on, reason=reason, today=dt.date.today())
        except service.RegisterStatusError as error:
            raise CommandError(str(error)) from None
    finally:
        vault.lock()
    if chosen == service.ACTIVE:
        print(f"{formatted(number)} is on the register again: recall, reviews due and letters include them.")
    else:
        print(f"{formatted(number)}: {change.text}. They are left out of recall, reviews due and letters; "
              "their record and plans stay readable.")
    return 0
