"""Headless commands that make documents: results letters (and, later, printouts).

    careplan-desktop letters --vault V --month YYYY-MM [--people NHS,...] [--large-print-only]
                             [--since YYYY-MM-DD] --out FILE.pdf
    careplan-desktop printout --vault V --nhs-number N [--large-print | --normal-print] [--plan-version N]
                              --out FILE.pdf

The same services as the GUI (no Qt). A printout written is audited (who, which version, print size). Prints how many letters it made and who was skipped and
why; the letters are logged and each person's recall becomes "letter sent". The terminal shows
names of the people skipped (the person running it may see them); nothing is logged to file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

from .commands import CommandError, command, nhs_number, nhs_numbers, open_vault
from careplan_desktop.store.private_files import write_private


def add_commands(sub, with_vault) -> None:
    letters = with_vault("letters", "make the pre-consultation results letters for a month, as one PDF")
    letters.add_argument("--month", required=True, metavar="YYYY-MM",
                         help="the month of the appointments: everyone due or recalled that month, or --people")
    letters.add_argument("--people", metavar="NHS,...", help="only these people (NHS numbers, comma separated)")
    letters.add_argument("--large-print-only", action="store_true", help="only the people who need large print")
    letters.add_argument("--since", metavar="YYYY-MM-DD",
                         help="results taken on or after this day count (default: 90 days ago)")
    letters.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    printout = with_vault("printout", "make one person's yellow-folder care plan printout as a PDF")
    printout.add_argument("--nhs-number", required=True, help="the person's NHS number")
    size = printout.add_mutually_exclusive_group()
    size.add_argument("--large-print", action="store_true",
                      help="large print (16 point or larger); without either, large print if the person needs it")
    size.add_argument("--normal-print", action="store_true", help="normal print, even for someone who needs large print")
    printout.add_argument("--plan-version", type=int, metavar="N", dest="plan_version",
                          help="this version of the plan (default: the current agreed one, else the draft)")
    printout.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")


def month_option(text: str) -> tuple[int, int]:
    try:
        day = dt.datetime.strptime(text.strip(), "%Y-%m")
    except ValueError:
        raise CommandError("--month must be a year and month, like 2026-11.") from None
    return day.year, day.month


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError("--since must be a date, like 2026-08-01.") from None


def selection(vault, month: tuple[int, int], people: str | None, today: dt.date) -> list[str]:
    from sqlalchemy import select

    from careplan_desktop.models import Patient
    from careplan_desktop.services.recall.birth_month import recall_cohort

    if not people:
        cohort = recall_cohort(vault, *month, today=today)
        return [row.uuid for row in (*cohort.rows, *cohort.overdue)]
    numbers = nhs_numbers(people, "--people")
    with vault.reader() as session:
        found = dict(session.execute(select(Patient.nhs_number, Patient.uuid).where(Patient.nhs_number.in_(numbers))).all())
    missing = [number for number in numbers if number not in found]
    if missing:
        raise CommandError(f"{len(missing)} of the NHS numbers given are not on the register: {', '.join(missing)}.")
    return [found[number] for number in numbers]


@command("letters")
def letters_command(args: argparse.Namespace) -> int:
    from careplan_desktop.services.letters import results_letters as service
    from careplan_desktop.services.practice.details import PracticeNotSetUp
    from careplan_desktop.domain.nhs_number import formatted

    month = month_option(args.month)
    since = _day(args.since)
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise CommandError("--out must name a .pdf file.")
    if not out.parent.is_dir():
        raise CommandError("The folder for --out does not exist.")
    today = dt.date.today()
    vault = open_vault(args)
    try:
        uuids = selection(vault, month, args.people, today)
        batch = service.prepare_letters(vault, uuids, since=since, today=today, month=month,
                                        large_print_only=args.large_print_only)
        try:
            practice = service.practice_details(vault)
        except PracticeNotSetUp as error:
            raise CommandError(str(error)) from None
        made = service.make_letters(vault, batch, practice, out)
    finally:
        vault.lock()
    if made:
        print(f"Made {made} letter{'s' if made != 1 else ''} in {out}; each is logged and the recall set to letter sent.")
        print(f"  {len(batch.with_results)} with results, {len(batch.prompts_only)} with the prompts only "
              "(no results since the cut-off):")
        for letter in batch.prompts_only:
            print(f"  {formatted(letter.nhs_number)}  {letter.name}: prompts only")
    else:
        print("No letters made: nobody in the selection has a care planning appointment booked.")
    if made and batch.braille:
        print(f"Braille: the app cannot print braille; transcribe {len(batch.braille)} letter"
              f"{'s' if len(batch.braille) != 1 else ''} before posting:")
        for letter in batch.braille:
            print(f"  {formatted(letter.nhs_number)}  {letter.name}")
    if batch.left_out:
        print(f"Left out {batch.left_out} people who do not need large print.")
    if batch.skipped:
        print(f"Skipped {len(batch.skipped)}:")
        for person in batch.skipped:
            print(f"  {formatted(person.nhs_number)}  {person.name}: {person.reason}")
    if made and batch.not_arranged:
        print(f"Not arranged for {len(batch.not_arranged)} (their letter tells them how to ask; if it is arranged, "
              "book the appointment again and record it, then make the letters again):")
        for need in batch.not_arranged:
            print(f"  {formatted(need.nhs_number)}  {need.name}: {', '.join(need.what)}")
    sys.stdout.flush()
    return 0


@command("printout")
def printout_command(args: argparse.Namespace) -> int:
    """The yellow-folder printout for one person, as the GUI's Save PDF makes it."""
    from sqlalchemy import select

    from careplan_desktop.documents.yellow_folder import render_yellow_folder
    from careplan_desktop.models import Patient
    from careplan_desktop.services.planning.agreement import record_printout, versions_of
    from careplan_desktop.services.planning.printout import yellow_folder_data

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise CommandError("--out must name a .pdf file.")
    if not out.parent.is_dir():
        raise CommandError("The folder for --out does not exist.")
    number = nhs_number(args.nhs_number)
    vault = open_vault(args)
    try:
        with vault.reader() as session:
            uuid = session.scalar(select(Patient.uuid).where(Patient.nhs_number == number))
        if uuid is None:
            raise CommandError("No one on the register has that NHS number.")
        versions = versions_of(vault, uuid)
        if args.plan_version is not None:
            chosen = next((v for v in versions if v.number == args.plan_version), None)
        else:
            chosen = next((v for v in reversed(versions) if v.status == "agreed"), versions[-1] if versions else None)
        if chosen is None:
            raise CommandError("That version of the plan does not exist." if args.plan_version is not None
                               else "This person has no care plan yet.")
        data = yellow_folder_data(vault, chosen.uuid,
                                  large_print=True if args.large_print else False if args.normal_print else None)
        pdf = io.BytesIO()
        render_yellow_folder(data, pdf)
        write_private(out, pdf.getvalue())  # owner only, atomically
        try:  # who saved which version, in what size: audited like the letters (no names in it)
            record_printout(vault, chosen.uuid, "saved", large_print=data.large_print)
        except BaseException:
            out.unlink(missing_ok=True)  # a printout that was not audited is not left behind
            raise
    finally:
        vault.lock()
    state = "agreed" if chosen.status != "draft" else "a draft, not yet agreed"
    print(f"Wrote the printout of version {chosen.number} ({state}, "
          f"{'large' if data.large_print else 'normal'} print) to {out}.")
    return 0
