"""Headless commands for preparing care planning: booking a person's two appointments, and a
month's invitation letters.

    careplan-desktop book --vault V --nhs-number N --review YYYY-MM-DDTHH:MM [--tests YYYY-MM-DDTHH:MM]
                          [--with NAME] [--tests-with NAME] [--home-visit]
    careplan-desktop invitations --vault V --month YYYY-MM [--people NHS,...] [--second] --out FILE.pdf

`book` keeps the times given exactly: outside clinic hours, on a day with no clinic, clashing
with the clinician's other bookings, or tests not one to two weeks before, is refused with the
reason and nothing is booked. Without --tests the tests go at the first free time from two weeks
before (only for people whose conditions need tests). The same services as the GUI (no Qt).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .commands import CommandError, command, nhs_number, on_vault
from .documents import month_option, selection


def add_commands(sub, with_vault) -> None:
    book = with_vault("book", "book a person's care planning appointment and their tests before it")
    book.add_argument("--nhs-number", required=True, help="the person's NHS number")
    book.add_argument("--review", required=True, metavar="YYYY-MM-DDTHH:MM",
                      help="when the care planning appointment starts (a double appointment)")
    book.add_argument("--tests", metavar="YYYY-MM-DDTHH:MM",
                      help="when the tests with the healthcare assistant start (default: the first free time "
                           "from two weeks before); only for people whose conditions need tests")
    book.add_argument("--with", dest="with_whom", metavar="NAME",
                      help='who they will see, as "Nora Hughes, practice nurse" (a GP for GP-led people)')
    book.add_argument("--tests-with", metavar="NAME", help="who does the tests (default: the healthcare assistant)")
    book.add_argument("--home-visit", action="store_true", help="home visits (housebound people get them anyway)")
    invitations = with_vault("invitations", "make a month's invitation letters (both appointments), as one PDF")
    invitations.add_argument("--month", required=True, metavar="YYYY-MM", help="the month of the recall")
    invitations.add_argument("--people", metavar="NHS,...", help="only these people (NHS numbers, comma separated)")
    invitations.add_argument("--second", action="store_true",
                             help="second invitations, for the people who did not attend this month")
    invitations.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")


def _today() -> dt.date:
    return dt.date.today()


def _moment(text: str | None, option: str) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        raise CommandError(f"{option} must be a day and time, like 2026-11-18T09:30.") from None


def _describe(label: str, a) -> str:
    who = a.with_whom or ("the healthcare assistant" if label.startswith("tests") else "the practice nurse")
    return f"  {label}: {a.starts_at:%a %d/%m/%Y %H:%M}, {a.length_minutes} minutes, with {who} ({a.location})"


@command("book")
def book_command(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from careplan_desktop.models import Patient
    from careplan_desktop.services.recall import booking
    from careplan_desktop.services.staff.roles import NotAllowed

    number = nhs_number(args.nhs_number)
    review = _moment(args.review, "--review")
    tests = _moment(args.tests, "--tests")
    today = _today()
    if review.date() <= today:
        raise CommandError("--review must be after today.")

    def work(vault):
        with vault.reader() as session:
            uuid = session.scalar(select(Patient.uuid).where(Patient.nhs_number == number))
        if uuid is None:
            raise CommandError("That NHS number is not on the register.")
        booking.book_appointments(vault, [uuid], review.year, review.month, [review], with_whom=args.with_whom,
                                  location="home visit" if args.home_visit else None, tests=True,
                                  tests_with=args.tests_with, tests_at=[tests], today=today)
        return booking.booked_for(vault, uuid, review.year, review.month)

    refused = (ValueError, LookupError, NotAllowed)  # BookingProblem, off the register ...: a plain reason
    made = on_vault(args, work, refused)
    print("Booked:")
    print(_describe("care planning", made.review))
    if made.tests is not None:
        print(_describe("tests and checks", made.tests))
    else:
        print("  no tests appointment: their conditions need no tests (their letter will have the questions only)")
    for line in (made.needs_note or "").splitlines():
        print(f"  note: {line}")
    sys.stdout.flush()
    return 0


@command("invitations")
def invitations_command(args: argparse.Namespace) -> int:
    from careplan_desktop.domain.nhs_number import formatted
    from careplan_desktop.services.letters import invitations as service
    from careplan_desktop.services.letters.results_letters import practice_details
    from careplan_desktop.services.practice.details import PracticeNotSetUp
    from careplan_desktop.services.staff.roles import NotAllowed

    year, month = month_option(args.month)
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise CommandError("--out must name a .pdf file.")
    if not out.parent.is_dir():
        raise CommandError("The folder for --out does not exist.")
    today = _today()

    def work(vault):
        uuids = selection(vault, (year, month), args.people, today)
        batch = service.prepare_invitations(vault, uuids, year, month, today=today, second=args.second)
        made = service.make_invitations(vault, batch, practice_details(vault), out) if batch.letters else 0
        return batch, made

    batch, made = on_vault(args, work, (PracticeNotSetUp, LookupError, NotAllowed))
    kind = "second invitation" if args.second else "invitation"
    if made:
        print(f"Made {made} {kind} letter{'s' if made != 1 else ''} in {out}; each is logged on the recall.")
    else:
        print(f"No {kind} letters made.")
    if batch.skipped:
        print(f"Skipped {len(batch.skipped)}:")
        for person in batch.skipped:
            print(f"  {formatted(person.nhs_number)}  {person.name}: {person.reason}")
    if made and batch.to_check:
        print(f"Before posting, check {len(batch.to_check)}:")
        for item in batch.to_check:
            print(f"  {formatted(item.nhs_number)}  {item.name}: {item.what}")
    sys.stdout.flush()
    return 0
