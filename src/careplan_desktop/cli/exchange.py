"""Headless commands for sync by file: device, exchange-key, export, export-fhir, import, conflicts.

The exchange passphrase (for a passphrase-derived practice key) comes from
CAREPLAN_EXCHANGE_PASSPHRASE or a prompt, never from an argument value.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from .commands import CommandError, command, nhs_number, nhs_numbers, on_vault


def add_commands(sub, with_vault) -> None:
    device = with_vault("device", "name this computer, or give a copied vault its own identity")
    device.add_argument("--name", required=True, help='for example "Andrea\'s laptop"')
    device.add_argument("--new-identity", action="store_true",
                        help="give this vault a new device id (needed after copying a vault file to another computer)")
    key = with_vault("exchange-key", "create or install the practice exchange key")
    action = key.add_mutually_exclusive_group(required=True)
    action.add_argument("--create", metavar="FILE", help="create the practice key (once, at the practice) and install it here")
    action.add_argument("--install", metavar="FILE", help="install the practice key from its key file")
    action.add_argument("--show", action="store_true", help="show which key is installed (never the key itself)")
    action.add_argument("--add-computers", metavar="FILE",
                        help="write the computers confirmed (and removed) here into the practice key file, with a check "
                             "made with the key: a computer set up from the file trusts them")
    key.add_argument("--passphrase-derived", action="store_true",
                     help="with --create: derive the key from a shared exchange passphrase instead of storing it in the file")
    key.add_argument("--practice", help="with --create: the practice's name, kept in the key file")
    export = with_vault("export", "export an encrypted plan bundle to a folder")
    export.add_argument("--to", required=True, metavar="DIR", help="the destination folder (shared drive, USB stick)")
    scope = export.add_mutually_exclusive_group()
    scope.add_argument("--all", action="store_true", help="everything, not only what changed since the last export there")
    scope.add_argument("--people", metavar="NHS,...", help="everything about these people (NHS numbers, comma separated)")
    export.add_argument("--no-printouts", action="store_true", help="leave the yellow-folder PDFs out")
    fhir = with_vault("export-fhir", "write one person's current agreed plan as a plain (UNENCRYPTED) FHIR R4 document")
    fhir.add_argument("--nhs-number", required=True)
    fhir.add_argument("--out", required=True, metavar="FILE.json")
    fhir.add_argument("--yes", action="store_true", help="confirm that writing an unencrypted file is intended")
    fhir.add_argument("--no-printout", action="store_true", help="leave the yellow-folder PDF out")
    imported = with_vault("import", "import a plan bundle: checked completely before anything changes")
    imported.add_argument("file", metavar="FILE")
    with_vault("conflicts", "list the open conflicts between this vault and others")
    computers = with_vault("computers", "the computers that sign bundles: list them, confirm a new one, remove a lost one")
    which = computers.add_mutually_exclusive_group()
    which.add_argument("--confirm", metavar="NAME", help="confirm a waiting computer (after comparing its fingerprint)")
    which.add_argument("--remove", metavar="NAME", help="refuse every later bundle from this computer (a lost laptop)")


def _exchange_passphrase(confirm: bool) -> str:
    value = os.environ.get("CAREPLAN_EXCHANGE_PASSPHRASE")
    if value:
        return value
    if not sys.stdin.isatty():
        raise CommandError("No exchange passphrase given: set CAREPLAN_EXCHANGE_PASSPHRASE.")
    first = getpass.getpass("Practice exchange passphrase: ")
    if confirm and getpass.getpass("Type it again: ") != first:
        raise CommandError("The two exchange passphrases do not match.")
    return first


def _run(args: argparse.Namespace, work):
    from careplan_desktop.exchange import ExchangeError

    return on_vault(args, work, ExchangeError)


@command("device")
def device_command(args: argparse.Namespace) -> int:
    from careplan_desktop.exchange.keys import name_this_device

    info = _run(args, lambda vault: name_this_device(vault, args.name, new_identity=args.new_identity))
    print(f"This computer is now \"{info.name}\" (device {info.uuid[:8]}).")
    return 0


@command("exchange-key")
def exchange_key_command(args: argparse.Namespace) -> int:
    from careplan_desktop.exchange import keys, signing

    def work(vault):
        if args.show:
            info = keys.current_key(vault)
            print(f"Practice exchange key: {info.key_id} ({info.kind}{', ' + info.practice if info.practice else ''})"
                  if info else "No practice exchange key is installed.")
            return 0
        if args.create:
            passphrase = _exchange_passphrase(True) if args.passphrase_derived else None
            info = keys.create_and_install_key(vault, args.create, practice=args.practice, passphrase=passphrase)
            print(f"Created the practice exchange key {info.key_id} in {args.create} and installed it here.")
            if info.kind == "file":
                print("The key file IS the key: keep it safe, install it on each laptop, then store it away.")
            else:
                print("Install the key file on each laptop with the same exchange passphrase.")
            return 0
        if args.add_computers:
            from careplan_desktop.exchange.practice_computers import add_computers

            confirmed, removed = add_computers(vault, args.add_computers)
            print(f"Wrote {confirmed} confirmed and {removed} removed computers into {args.add_computers}, with a check "
                  "made with the practice key. A computer set up from this file trusts them.")
            return 0
        passphrase = _exchange_passphrase(False) if keys.key_file_needs_passphrase(args.install) else None
        info = keys.install_key(vault, args.install, passphrase)
        trusted = sum(1 for c in signing.computers(vault) if c.status == signing.CONFIRMED)
        print(f"Installed the practice exchange key {info.key_id}"
              + (f" ({trusted} other computers trusted here)." if trusted else "."))
        return 0

    return _run(args, work)


@command("export")
def export_command(args: argparse.Namespace) -> int:
    from careplan_desktop.exchange.export import export_bundle

    scope = "all" if args.all else "people" if args.people else "changed"
    numbers = tuple(nhs_numbers(args.people, "--people"))
    result = _run(args, lambda vault: export_bundle(vault, args.to, scope=scope, nhs_numbers=numbers,
                                                    printouts=not args.no_printouts))
    if result.nothing_to_send:
        print("Nothing to export: everything has already been sent to that folder.")
        return 0
    print(f"Exported {result.records} records, {result.counts.get('tombstone', 0)} deletions, "
          f"{result.counts.get('audit_event', 0)} audit events, {result.fhir_documents} FHIR documents and "
          f"{result.printouts} printouts to {result.path}")
    return 0


@command("export-fhir")
def export_fhir_command(args: argparse.Namespace) -> int:
    from careplan_desktop.exchange.fhir import UNENCRYPTED_WARNING, write_plan_document

    if not args.yes:
        raise CommandError(UNENCRYPTED_WARNING + " Run again with --yes to confirm.")
    number = nhs_number(args.nhs_number)
    path = _run(args, lambda vault: write_plan_document(vault, number, args.out, confirmed=True,
                                                        printout=not args.no_printout))
    print(f"Wrote the FHIR R4 document to {path} (unencrypted: keep it safe).")
    return 0


@command("import")
def import_command(args: argparse.Namespace) -> int:
    from careplan_desktop.exchange.apply import import_bundle

    result = _run(args, lambda vault: import_bundle(vault, args.file))
    source = result.source_device_name or result.source_device_uuid[:8]
    if result.already_applied:
        print(f"This bundle from {source} was imported before: nothing changed.")
        return 0
    print(f"Imported the bundle from {source}: {sum(result.created.values())} new, {sum(result.changed.values())} changed, "
          f"{sum(result.deleted.values())} removed, {result.unchanged} already up to date, {result.older} older than here; "
          f"{result.audit_events} audit events; {len(result.people)} people.")
    for label, counter in (("new", result.created), ("changed", result.changed), ("removed", result.deleted)):
        for entity, count in sorted(counter.items()):
            print(f"  {label}: {count} {entity.replace('_', ' ')}")
    if result.conflicts_closed:
        print(f"{result.conflicts_closed} earlier conflict(s) were settled by this bundle.")
    if result.conflicts:
        print(f"{len(result.conflicts)} conflict(s) need a decision (both versions are kept):")
        for note in result.conflicts:
            print(f"  {note.kind.replace('_', ' ')}: {note.entity.replace('_', ' ')} {note.record_uuid[:8]}")
    return 0


@command("conflicts")
def conflicts_command(args: argparse.Namespace) -> int:
    from careplan_desktop.exchange.conflicts import list_conflicts

    views = _run(args, list_conflicts)
    if not views:
        print("No open conflicts.")
    for view in views:
        print(f"#{view.id} {view.kind.replace('_', ' ')}: {view.entity.replace('_', ' ')} {view.record_uuid[:8]} "
              f"(fields: {', '.join(view.differing) or '-'}). {view.explanation}")
    return 0


@command("computers")
def computers_command(args: argparse.Namespace) -> int:
    from careplan_desktop.exchange import signing

    def work(vault):
        wanted = args.confirm or args.remove
        if wanted:
            found = [c for c in signing.computers(vault) if wanted in (c.name, c.device_uuid) or
                     (len(wanted) >= 8 and c.device_uuid.startswith(wanted))]
            if len(found) != 1:
                raise CommandError(f"No single computer is called \"{wanted}\": run `computers` to list them.")
            (signing.confirm_computer if args.confirm else signing.remove_computer)(vault, found[0].device_uuid)
            print(f"{found[0].name} is {'confirmed: its bundles are imported' if args.confirm else 'removed: its bundles are refused'}.")
        for c in signing.computers(vault):
            print(f"{c.name}  ({c.device_uuid[:8]})  fingerprint {c.fingerprint}  {c.status}")
        return 0
    return _run(args, work)
