"""Headless report for commissioners (an administrator's or a clinician's sign-in):

    careplan-desktop report --vault V --from YYYY-MM-DD --to YYYY-MM-DD [--condition CODE]
                            [--lead NAME] [--csv FILE] [--pdf FILE] [--suppress-small]

prints every figure for the period (both days included), or writes the CSV
(`figure,breakdown,count,denominator`) and the PDF, owner-only; each export is audited. With
--suppress-small, counts from 1 to 4 read "<5", totals and denominators are rounded to the nearest
5, and counts that would let a "<5" be worked out from a total read "hidden" (services.reports.
small_numbers); the printed table then ends with what each mark means.
"""

from __future__ import annotations

import argparse
import datetime as dt

from .commands import CommandError, command, on_vault


def add_commands(sub, with_vault) -> None:
    report = with_vault("report", "the care planning figures for a period (and the report for commissioners)")
    report.add_argument("--from", dest="date_from", required=True, help="the first day (YYYY-MM-DD)")
    report.add_argument("--to", dest="date_to", required=True, help="the last day, included (YYYY-MM-DD)")
    report.add_argument("--condition", help="only people with this condition (its code, e.g. diabetes-type-2)")
    report.add_argument("--lead", help="only people with this lead professional")
    report.add_argument("--csv", help="write figure,breakdown,count,denominator to this file")
    report.add_argument("--pdf", help="write the report to this PDF file")
    report.add_argument("--suppress-small", action="store_true", help='show counts from 1 to 4 as "<5" (and hide any count '
                        'that would let one be worked out)')


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option}: give the date as YYYY-MM-DD, for example 2026-04-01.") from None


@command("report")
def report_command(args: argparse.Namespace) -> int:
    from careplan_desktop.domain.reference import load_reference_data
    from careplan_desktop.services.reports.export import export_report, notes, table_rows
    from careplan_desktop.services.reports.figures import ReportFilters, compute_report
    from careplan_desktop.services.reports.period import Period, PeriodError
    from careplan_desktop.services.staff.roles import NotAllowed

    try:
        period = Period(_day(args.date_from, "--from"), _day(args.date_to, "--to"))
    except PeriodError as error:
        raise CommandError(str(error)) from None
    if args.condition:
        codes = {condition.code for condition in load_reference_data().conditions}
        if args.condition not in codes:
            raise CommandError(f"--condition: {args.condition} is not a condition code. Codes: {', '.join(sorted(codes))}.")
    filters = ReportFilters(period, condition=args.condition, lead=args.lead)

    def work(vault) -> int:
        report = compute_report(vault, filters)
        for out, as_pdf in ((args.csv, False), (args.pdf, True)):
            if out:
                export_report(vault, report, out, as_pdf=as_pdf, suppress=args.suppress_small)
                print(f"Wrote the report for {period.label} to {out}")
        if not (args.csv or args.pdf):
            for row in table_rows(report, args.suppress_small):
                print(f"{row.figure}\t{row.breakdown}\t{row.count}\t{row.denominator}")
            if args.suppress_small:
                for mark, sentence in notes():
                    print(f"{mark}\t{sentence}")
        return 0

    return on_vault(args, work, NotAllowed)
