"""Headless practice self-assessment (issue 15 §3):

    careplan-desktop self-assessment --vault V                      # the assessments kept
    careplan-desktop self-assessment --vault V --print meeting.pdf [--date YYYY-MM-DD]

`--print` writes the latest completed assessment (the latest dated on or before `--date`, if
given) as an owner-only PDF for the practice meeting, with the figures kept when it was
completed; the printing is audited. Anyone on the staff may print it.
"""

from __future__ import annotations

import argparse
import datetime as dt

from .audit import _date as read_date
from .commands import CommandError, command, on_vault


def add_commands(sub, with_vault) -> None:
    assess = with_vault("self-assessment", "list the practice's care planning self-assessments, or print one")
    assess.add_argument("--print", dest="out", metavar="FILE", help="write the latest completed one to this PDF")
    assess.add_argument("--date", help="the latest completed on or before this date (YYYY-MM-DD or DD/MM/YYYY)")


@command("self-assessment")
def self_assessment_command(args: argparse.Namespace) -> int:
    from careplan_desktop.services.self_assessment.assessments import (
        AssessmentProblem, latest_completed, list_assessments,
    )
    from careplan_desktop.services.self_assessment.printout import print_assessment

    on_or_before = read_date(args.date, "--date")

    def work(vault) -> int:
        if not args.out:
            past = list_assessments(vault)
            for item in past:
                state = f"completed by {item.completed_by}" if item.status == "completed" else "draft, not completed"
                print(f"{item.assessed_on:%d/%m/%Y}\t{state}\t{item.yes} yes, {item.partly} partly, {item.no} no")
            if not past:
                print("No self-assessment has been started yet.")
            return 0
        chosen = latest_completed(vault, on_or_before=on_or_before)
        if chosen is None:
            raise CommandError("No self-assessment has been completed" +
                               (f" on or before {on_or_before:%d/%m/%Y}." if on_or_before else " yet."))
        print_assessment(vault, chosen.uuid, args.out, dt.date.today())
        print(f"Wrote the self-assessment of {chosen.assessed_on:%d/%m/%Y} to {args.out}")
        return 0

    return on_vault(args, work, AssessmentProblem)
