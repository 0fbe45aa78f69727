"""The exchange area's long work, as plain functions run by `context.tasks` off the GUI thread.

Each returns a `Done`: the core's result, or the ExchangeError's own message (written for the
person; BundleRefused text is shown as it is). Errors of any other kind propagate, and the task
runner shows its generic sentence (exception text can hold patient data). No Qt here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careplan_desktop.exchange import ExchangeError, signing
from careplan_desktop.exchange.apply import import_bundle
from careplan_desktop.exchange.errors import plain_reason
from careplan_desktop.exchange.conflicts import list_conflicts, resolve_conflict
from careplan_desktop.exchange.export import export_bundle
from careplan_desktop.exchange.signing import computers
from careplan_desktop.exchange.fhir import write_plan_document
from careplan_desktop.exchange.inbox_folders import (
    add_inbox_folder,
    check_inbox_folders,
    forget_refusals,
    remove_inbox_folder,
)
from careplan_desktop.exchange.keys import (
    create_and_install_key,
    current_key,
    install_key,
    name_this_device,
    this_device,
)
from careplan_desktop.exchange.outbox import (
    add_destination,
    check_destinations,
    destination_for,
    exchange_status,
    remove_destination,
    set_auto_export,
)

from ..dates import local_time

#: the DataChanges name for "destinations, inbox folders, keys, bundles or conflicts changed"
EXCHANGE = "exchange"  # the same name as ui.changes.EXCHANGE, which a write to an exchange_* table brings
#: ... and for "look into the folders now" (the Exchange screen's Check now): the status bar's
#: outbox and inbox check runs at once
CHECK_NOW = "exchange:check now"


def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "never"
    return f"{local_time(moment):%d %b %Y %H:%M}"


@dataclass
class Done:
    value: Any = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def guarded(work: Callable[[], Any]) -> Done:
    try:
        return Done(work())
    except ExchangeError as error:
        return Done(problem=str(error))


@dataclass
class Overview:
    """Everything the exchange screen shows, read in one job."""

    device_name: str
    key: Any  # KeyInfo | None
    destinations: list
    status: Any  # ExchangeStatus
    conflicts: list
    inboxes: list  # InboxFolderStatus
    computers: list = dataclasses.field(default_factory=list)  # signing.Computer


def read_overview(vault) -> Done:
    def work() -> Overview:
        return Overview(this_device(vault).name, current_key(vault), check_destinations(vault),
                        exchange_status(vault), list_conflicts(vault), check_inbox_folders(vault), computers(vault))
    return guarded(work)


@dataclass
class ExportRound:
    """What one export round did: one line per destination tried, and whether any wrote."""

    lines: list[str]
    exported: int = 0
    failed: int = 0


def export_pending(vault, destination_ids: set[int] | None = None, *, only_auto: bool = False) -> ExportRound:
    """Export the pending changes to each reachable destination (all, the chosen ones, or only
    those set to export automatically). Unreachable ones are noted and left pending."""
    round_ = ExportRound([])
    for d in check_destinations(vault):
        if destination_ids is not None and d.id not in destination_ids:
            continue
        if only_auto and not d.auto_export:
            continue
        if not d.reachable:
            if not only_auto:
                round_.lines.append(f"{d.name}: not reachable now; the changes stay pending.")
            continue
        if only_auto and d.pending.total == 0:
            continue
        try:
            result = export_bundle(vault, d.folder)
        except ExchangeError as error:
            round_.failed += 1
            round_.lines.append(f"{d.name}: {error}")
            continue
        if result.nothing_to_send:
            round_.lines.append(f"{d.name}: nothing new to send.")
        else:
            round_.exported += 1
            round_.lines.append(f"{d.name}: sent {sum(result.counts.values())} records in {result.path.name}.")
    return round_


def export_chosen(vault, folder: str, scope: str, nhs_numbers: tuple[str, ...] = ()) -> Done:
    """One bundle with what the nurse chose (exchange.export.SCOPES) to a destination, or once
    to another folder: that folder is set up for this export only (never exported to
    automatically meanwhile) and forgotten after, so it does not become a destination."""
    def work():
        once = destination_for(vault, folder) is None
        destination_id = add_destination(vault, folder, auto_export=False) if once else None
        try:
            return export_bundle(vault, folder, scope=scope, nhs_numbers=nhs_numbers)
        finally:
            if destination_id is not None:
                remove_destination(vault, destination_id)
    return guarded(work)


def export_summary(result, scope: str, people: int = 0) -> str:
    """One line for the person: counts and the file name, never names."""
    if result.nothing_to_send:
        return "Nothing to send: everything has already gone to that folder."
    what = {"changed": "the pending changes",
            "people": f"everything about {people} {'person' if people == 1 else 'people'}",
            "all": "everything"}[scope]
    documents = result.fhir_documents
    return (f"Sent {what}: {result.records} records and {documents} agreed plan{'s' if documents != 1 else ''}, "
            f"in {result.path.name} (folder {result.path.parent}).")


def save_plain_fhir(vault, nhs_number: str, path: str) -> Done:
    """One person's current agreed plan as a plain (unencrypted) FHIR document; the caller has
    warned and had it confirmed. The core audits it."""
    def work() -> str:
        try:
            written = write_plan_document(vault, nhs_number, Path(path), confirmed=True)
        except OSError as error:
            raise ExchangeError(f"The file could not be saved there ({error.strerror or 'not written'}). "
                                "Nothing was written.") from None
        return (f"The agreed plan was saved as a FHIR document: {written}. It is not encrypted: "
                "keep it safe and delete it once it has been sent.")
    return guarded(work)


def import_file(vault, path: str) -> Done:
    """Import one bundle chosen by hand; whatever goes wrong is said in plain words (issue 14)."""
    try:
        return guarded(lambda: import_bundle(vault, Path(path)))
    except Exception as error:  # its transaction rolled back: nothing changed
        return Done(problem=plain_reason(error))


def import_summary(result) -> str:
    """One short paragraph for the person: counts only, never names."""
    if result.already_applied:
        return f"This bundle from {result.source_device_name} was already imported. Nothing changed."
    parts = [f"Imported from {result.source_device_name}: {result.changes} change{'s' if result.changes != 1 else ''}"]
    if result.older:
        parts.append(f"{result.older} older record{'s' if result.older != 1 else ''} skipped")
    if result.conflicts_closed:
        parts.append(f"{result.conflicts_closed} conflict{'s' if result.conflicts_closed != 1 else ''} settled")
    text = ", ".join(parts) + "."
    if result.conflicts:
        n = len(result.conflicts)
        text += (f" {n} record{'s were' if n != 1 else ' was'} changed on both computers: "
                 "both versions are kept; choose one in Conflicts.")
    return text


def add_folder(vault, folder: str, name: str, auto_export: bool) -> Done:
    return guarded(lambda: add_destination(vault, folder, name or None, auto_export=auto_export))


def switch_auto_export(vault, destination_id: int, auto_export: bool) -> Done:
    return guarded(lambda: set_auto_export(vault, destination_id, auto_export))


def remove_folder(vault, destination_id: int) -> Done:
    return guarded(lambda: remove_destination(vault, destination_id))


def install_key_file(vault, path: str, passphrase: str | None) -> Done:
    """Install the key; bundles refused before (perhaps for want of this key) are read again."""
    def work():
        info = install_key(vault, Path(path), passphrase or None)
        forget_refusals(vault)
        return info
    return guarded(work)


def watch_folder(vault, folder: str) -> Done:
    return guarded(lambda: add_inbox_folder(vault, folder))


def stop_watching(vault, inbox_id: int) -> Done:
    return guarded(lambda: remove_inbox_folder(vault, inbox_id))


def confirm_computer(vault, device_uuid: str) -> Done:
    """Confirmed: its bundles set aside while it waited are read again at the next look."""
    return guarded(lambda: (signing.confirm_computer(vault, device_uuid), forget_refusals(vault)))


def remove_computer(vault, device_uuid: str) -> Done:
    return guarded(lambda: signing.remove_computer(vault, device_uuid))


def add_computers_to_key_file(vault, path: str) -> Done:
    """The computers confirmed (and removed) here, written into the practice key file."""
    from careplan_desktop.exchange.practice_computers import add_computers

    return guarded(lambda: add_computers(vault, Path(path)))


def try_refused_again(vault) -> Done:
    return guarded(lambda: forget_refusals(vault))


def inbox_notice(round_) -> str:
    """What one look into the inbox folders did, in a line for the status bar ("" when nothing)."""
    parts = []
    if round_.imported:
        n, changes = len(round_.imported), sum(r.changes for r in round_.imported)
        sources = ", ".join(sorted({r.source_device_name or "another computer" for r in round_.imported}))
        parts.append(f"Imported {n} bundle{'s' if n != 1 else ''} from {sources}: "
                     f"{changes} change{'s' if changes != 1 else ''}.")
        conflicts = sum(len(r.conflicts) for r in round_.imported)
        if conflicts:
            parts.append(f"{conflicts} record{'s were' if conflicts != 1 else ' was'} changed on both computers: "
                         "see Exchange.")
    if round_.refused:
        n = len(round_.refused)
        parts.append(f"{n} bundle{'s' if n != 1 else ''} could not be read: {round_.refused[0].message} See Exchange.")
    if getattr(round_, "problem", None):
        parts.append(round_.problem)
    if round_.no_key:
        parts.append("Bundles are waiting in an inbox folder, but this computer has no practice key yet: see Exchange.")
    return " ".join(parts)


def create_key_file(vault, path: str, practice: str, passphrase: str | None) -> Done:
    return guarded(lambda: create_and_install_key(vault, Path(path), practice=practice or None,
                                                  passphrase=passphrase or None))


def rename_device(vault, name: str) -> Done:
    return guarded(lambda: name_this_device(vault, name))


def resolve(vault, conflict_id: int, choice: str, merged_fields: dict | None = None) -> Done:
    return guarded(lambda: resolve_conflict(vault, conflict_id, choice, merged_fields))
