"""Headless audit trail (an administrator's or a clinician's sign-in):

    careplan-desktop audit --vault V --nhs-number N [--from D] [--to D] [--csv F] [--pdf F]

prints who viewed and changed the person's record, when and on which computer (local time),
or writes it to an owner-only CSV or PDF file; an export is itself audited. Dates as
DD/MM/YYYY or YYYY-MM-DD, both ends included.
"""

from __future__ import annotations

import argparse
import datetime as dt

from .commands import CommandError, command, nhs_number, open_vault


def add_commands(sub, with_vault) -> None:
    audit = with_vault("audit", "who viewed and changed a person's record (and export it for an IG request)")
    audit.add_argument("--nhs-number", required=True)
    audit.add_argument("--from", dest="date_from", help="from this date (DD/MM/YYYY or YYYY-MM-DD)")
    audit.add_argument("--to", dest="date_to", help="up to and including this date")
    audit.add_argument("--csv", help="write the trail to this CSV file")
    audit.add_argument("--pdf", help="write the trail to this PDF file")


def _date(text: str | None, option: str) -> dt.date | None:
    from careplan_desktop.domain.uk_dates import parse_uk_date

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_uk_date(text)
    except ValueError as error:
        raise CommandError(f"{option}: {error}") from None


@command("audit")
def audit_command(args: argparse.Namespace) -> int:
    from careplan_desktop.services.audit.export import export_trail
    from careplan_desktop.services.audit.trail import AuditQueryError, person_trail
    from careplan_desktop.services.staff.roles import NotAllowed

    number = nhs_number(args.nhs_number)
    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise CommandError("--from is after --to: give the earlier date first.")
    vault = open_vault(args)
    try:
        trail = person_trail(vault, number, date_from=date_from, date_to=date_to)
        for out, as_pdf in ((args.csv, False), (args.pdf, True)):
            if out:
                export_trail(vault, trail, out, as_pdf=as_pdf)
                print(f"Wrote {len(trail.lines)} events to {out}")
        if not (args.csv or args.pdf):
            print(trail.title)
            for line in trail.lines:
                print(f"{line.at:%d/%m/%Y %H:%M}\t{line.staff} ({line.role})\t{line.computer}\t{line.action}\t{line.what}")
            if not trail.lines:
                print("No events in these dates.")
    except (AuditQueryError, NotAllowed) as error:
        raise CommandError(str(error)) from None
    finally:
        vault.lock()
    return 0
