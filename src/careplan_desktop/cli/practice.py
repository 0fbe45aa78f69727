"""Headless practice set-up: the practice's details kept in the vault.

    careplan-desktop practice --vault V
    careplan-desktop practice --vault V --name N --address A --phone P --ods CODE
                              [--review-months 12,6,3] [--lock-minutes M] [--signed-by S]
                              [--clinic "Monday=8:30am to 6pm" ...]

Without options it shows them. With options it sets those given (a vault not set up yet needs
the name, address, phone and ODS code), checked as the Settings screen checks them; a problem
exits 2 with what to change. An address's lines are separated by commas.
"""

from __future__ import annotations

import argparse
import dataclasses

from .commands import CommandError, command, open_vault

SETTERS = ("name", "address", "phone", "ods", "review_months", "lock_minutes", "signed_by", "clinic")


def add_commands(sub, with_vault) -> None:
    practice = with_vault("practice", "show or set the practice's details (name, address, phone, ODS code...)")
    practice.add_argument("--name", help="the practice's name, as letters show it")
    practice.add_argument("--address", help="the practice's address, its lines separated by commas")
    practice.add_argument("--phone", help="the number people call, as dialled")
    practice.add_argument("--ods", metavar="CODE", help="the practice's ODS code, for example A81001")
    practice.add_argument("--review-months", metavar="12,6,3", help="months between reviews for levels 1, 2 and 3")
    practice.add_argument("--lock-minutes", metavar="M", help="minutes without use before the app locks itself")
    practice.add_argument("--signed-by", metavar="S", help='who signs letters, e.g. "Dr Asha Patel, GP" ("" for the care team)')
    practice.add_argument("--clinic", metavar="DAY=HOURS", action="append",
                          help='a clinic day and its hours, e.g. "Monday=8:30am to 6pm" (HOURS empty: no clinic that day)')


def describe(practice) -> list[str]:
    """The details as lines for the terminal."""
    from careplan_desktop.services.practice.values import is_gp_practice_code

    if not practice.is_set:
        return ["The practice's details are not set up yet. Set them with:",
                "  careplan-desktop practice --vault V --name N --address A --phone P --ods CODE"]
    ods = practice.ods_code or "not set"
    if practice.ods_code and not is_gp_practice_code(practice.ods_code):
        ods += " (not the shape of a GP practice's code, a letter and five digits)"
    months = practice.review_months
    lines = [f"Name: {practice.name}", f"Address: {', '.join(practice.address_lines)}", f"Phone: {practice.phone}",
             f"ODS code: {ods}",
             "Clinic days: " + ("; ".join(f"{day} {hours}" for day, hours in practice.clinic_days()) or "none set"),
             f"Review every: {months[1]} months (level 1), {months[2]} (level 2), {months[3]} (level 3)",
             f"Locks after: {practice.lock_minutes:g} minutes without use",
             f"Letters signed by: {practice.letters_signed_by or 'the care team'}"]
    return lines


def _clinic_hours(current: dict, given: list[str]) -> dict:
    from careplan_desktop.services.practice.values import DAYS

    hours = dict(current)
    for item in given:
        day, equals, text = item.partition("=")
        match = [d for d in DAYS if d.lower().startswith(day.strip().lower()[:3])] if len(day.strip()) >= 3 else []
        if not equals or len(match) != 1:
            raise CommandError(f'--clinic takes a day and its hours, like "Monday=8:30am to 6pm"; "{item}" is not.')
        hours[match[0]] = text.strip()
    return hours


@command("practice")
def practice_command(args: argparse.Namespace) -> int:
    from careplan_desktop.services.practice.details import SettingsRefused, read_practice, save_practice
    from careplan_desktop.services.practice.values import PracticeProblem

    setting = any(getattr(args, name) is not None for name in SETTERS)
    vault = open_vault(args)
    try:
        current = read_practice(vault)
        if setting:
            if not current.is_set:
                missing = [f"--{option}" for option, value in (("name", args.name), ("address", args.address),
                                                               ("phone", args.phone), ("ods", args.ods)) if not value]
                if missing:
                    raise CommandError(f"The practice is not set up yet: give {', '.join(missing)} too.")
            changes = {key: value for key, value in (
                ("name", args.name), ("address", args.address), ("phone", args.phone), ("ods_code", args.ods),
                ("review_months", args.review_months), ("lock_minutes", args.lock_minutes),
                ("letters_signed_by", args.signed_by)) if value is not None}
            if args.clinic:
                changes["clinic_hours"] = _clinic_hours(current.clinic_hours, args.clinic)
            try:
                current = save_practice(vault, dataclasses.replace(current, **changes))
            except (PracticeProblem, SettingsRefused) as error:
                raise CommandError(str(error)) from None
            print("Saved the practice's details:")
        for line in describe(current):
            print(line)
    finally:
        vault.lock()
    return 0
