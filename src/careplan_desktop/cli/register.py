"""Headless register commands: `import-register`, the same import as the GUI wizard.

    careplan-desktop import-register --vault V FILE.csv [--mapping M.json] [--full-list]

prints the counts (imported, updated, unchanged, rejected) and each row not imported with
its reason, and exits 0; with --full-list (the file is the practice system's whole register)
also the people on the register here who are not in the file, "to check" (the import changes
none of them: mark each with `careplan-desktop person`); a file that cannot be imported at all exits 2 with the reason.
The mapping file is a JSON object of field -> column name, for example
{"nhs_number": "NHS Number", "family_name": "Surname", ...}; without it, columns with
common names are recognised as the wizard does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .commands import CommandError, command, open_vault


def add_commands(sub, with_vault) -> None:
    imported = with_vault("import-register", "import people from a practice-system CSV export (all or nothing)")
    imported.add_argument("file", metavar="FILE.csv", help="the CSV file, column names in the first row")
    imported.add_argument("--mapping", metavar="M.json",
                          help='which column is which, as JSON: {"nhs_number": "NHS Number", ...}')
    imported.add_argument("--full-list", action="store_true", dest="full_list",
                          help="the file is the whole register: list who here is not in it, to check (changes nobody)")


def _read_mapping(path: str) -> dict[str, str]:
    try:
        mapping = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise CommandError(f"The mapping file could not be read ({error.strerror}).") from None
    except ValueError:
        raise CommandError("The mapping file is not valid JSON.") from None
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                for k, v in mapping.items()):
        raise CommandError('The mapping file must be a JSON object of field names and column names, '
                           'for example {"nhs_number": "NHS Number"}.')
    return {field: column for field, column in mapping.items() if column}


@command("import-register")
def import_register_command(args: argparse.Namespace) -> int:
    from careplan_desktop.services.register.importing import import_register
    from careplan_desktop.services.register.import_rows import ImportFileError, check_mapping, guess_mapping, read_headers

    try:
        headers = read_headers(args.file)
        mapping = _read_mapping(args.mapping) if args.mapping else guess_mapping(headers)
        problems = check_mapping(headers, mapping)
        if problems:
            raise CommandError(" ".join(problems))
    except ImportFileError as error:
        raise CommandError(str(error)) from None
    vault = open_vault(args)
    try:
        report = import_register(vault, args.file, mapping, full_list=args.full_list)
    except ImportFileError as error:
        raise CommandError(str(error)) from None
    finally:
        vault.lock()
    print(f"imported: {report.imported}")
    print(f"updated: {report.updated}")
    print(f"unchanged: {report.unchanged}")
    print(f"rejected: {len(report.rejected)}")
    if report.rejected:
        print("Rows not imported (row numbers as a spreadsheet shows them; the column names are row 1):")
        for reject in report.rejected:
            print(f"  row {reject.row_number}: {reject.reason}")
    if args.full_list:
        _print_to_check(report.to_check)
    sys.stdout.flush()
    return 0


def _print_to_check(to_check) -> None:
    from careplan_desktop.domain.dates import uk
    from careplan_desktop.domain.nhs_number import formatted

    print(f"to check: {len(to_check)}")
    if to_check:
        print("On the register here but not in the full list (nothing was changed; if they died, moved away or left "
              "the register, record it with: careplan-desktop person --nhs-number N --died|--moved-away|--left-register):")
        for person in to_check:
            print(f"  {formatted(person.nhs_number)}  {person.name}  born {uk(person.date_of_birth)}")
