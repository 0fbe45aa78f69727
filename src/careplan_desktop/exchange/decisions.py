"""The decision for one incoming record, from the two versions and their history clocks (see the
package docstring), and whether the SQL rules let it be written now.

Decisions: "insert" (new here), "update" (incoming is newer, or equal contents won by it),
"same" / "keep" (nothing to write), "older" (a late bundle), "changed_both" and
"deleted_here" (conflicts). No writing here.
"""

from __future__ import annotations

from careplan_desktop.models import VersionStatus

from . import clocks as C
from .errors import BundleRefused
from .import_state import ImportState
from .records import Entity, content

DRAFT, AGREED, SUPERSEDED = VersionStatus.DRAFT.value, VersionStatus.AGREED.value, VersionStatus.SUPERSEDED.value


def without_status(entity: Entity, record: dict) -> dict:
    return {k: v for k, v in (content(entity, record) or {}).items() if k != "status"}


def decide(state: ImportState, entity: Entity, record: dict) -> tuple[str, dict]:
    """What to do with one incoming record, and the history clock it leaves."""
    uuid = record["uuid"]
    incoming = (record["revision"], record["changed_by_device"])
    in_clock = C.join(record["clock"], C.own(*incoming))
    found = state.local_record(entity, uuid)
    _refuse_claims_of_this_computer(state, entity, uuid, found, in_clock)
    if found is None:
        tomb = state.tombstones.get(uuid)
        if tomb is not None:
            if C.dominates(tomb, in_clock):
                return "older", in_clock
            if not C.dominates(in_clock, tomb):
                return "deleted_here", in_clock
        return "insert", in_clock
    row, native = found
    mine = (row["revision"], row["changed_by_device"])
    my_clock = C.effective(state.stored_clocks.get(uuid), *mine)
    joined = C.join(my_clock, in_clock)
    relation = C.order(mine, my_clock, incoming, in_clock)
    if relation == "same" and content(entity, native) != content(entity, record):
        return "changed_both", in_clock  # the same revision with other content: shown, never dropped
    if relation in ("same", "older"):
        return relation, joined
    if relation == "newer":
        return "update", joined
    if content(entity, native) == content(entity, record):
        return ("update" if C.winner(mine, incoming) == incoming else "keep"), joined
    if entity.name == "plan_version" and native["status"] != DRAFT and record["status"] != DRAFT \
            and without_status(entity, native) == without_status(entity, record):
        return ("update" if record["status"] == SUPERSEDED else "keep"), joined
    return "changed_both", in_clock


def _refuse_claims_of_this_computer(state: ImportState, entity: Entity, uuid: str, found, in_clock: dict) -> None:
    """A record may name this computer only for versions this computer wrote and still knows
    (as a record here, or as its deletion here); a removed computer only for versions seen here
    before; a computer this one does not know, not at all (`_refuse_unknown_computers`)."""
    unknown = [d for d in in_clock if d not in state.known_computers and d != state.me]
    if unknown:
        _refuse_unknown_computers(state, entity, uuid, found, in_clock, unknown)
    claimed = [d for d in (state.me, *state.removed) if d and int(in_clock.get(d, 0)) > 0]
    if not claimed:
        return
    if found is not None:
        row = found[0]
        known = C.effective(state.stored_clocks.get(uuid), row["revision"], row["changed_by_device"])
    else:
        known = {}
    known = C.join(known, state.tombstones.get(uuid))
    if any(int(in_clock[d]) > int(known.get(d, 0)) for d in claimed if d in state.removed):
        raise BundleRefused(
            f"This bundle holds a {entity.name.replace('_', ' ')} written on a computer that was removed from this "
            "practice's computers, and not seen here before. It is not imported.")
    if state.me in claimed and int(in_clock[state.me]) > int(known.get(state.me, 0)):
        raise BundleRefused(
            f"This bundle holds a {entity.name.replace('_', ' ')} it says was written on this computer, which this "
            "computer never wrote. It may have been forged: do not use it, and tell the practice's system administrator.")


def _refuse_unknown_computers(state: ImportState, entity: Entity, uuid: str, found, in_clock: dict,
                              unknown: list[str]) -> None:
    """Changes passed on (by the hub, say) that name a computer this one does not know are not
    taken on the signer's word: the whole bundle is refused, plainly, until that computer is
    known here (confirmed when its own bundle arrives, or installed with the practice key)."""
    known = C.effective(state.stored_clocks.get(uuid), found[0]["revision"], found[0]["changed_by_device"]) \
        if found is not None else {}
    known = C.join(known, state.tombstones.get(uuid))
    new = [d for d in unknown if int(in_clock[d]) > int(known.get(d, 0))]
    if not new:
        return
    names = {r["uuid"]: r.get("name") for r in state.b.records.get("device", [])}
    who = f"\"{names[new[0]]}\"" if names.get(new[0]) else "a computer it names only by a number"
    raise BundleRefused(
        f"This bundle passes on changes it says were made on {who}, a computer this one does not know, so where "
        "they came from cannot be checked. Confirm that computer here when its own bundle arrives (compare its "
        "fingerprint), or install the practice key file again after the practice adds its computers to it "
        "(`careplan-desktop exchange-key --add-computers`); then import this bundle again.")


def writable(state: ImportState, entity: Entity, record: dict) -> bool:
    """Whether the SQL rules let this record be written now (agreed versions are fixed)."""
    if entity.name == "plan_version":
        local = state.local_record(entity, record["uuid"])
        if local is None or local[1]["status"] == DRAFT:
            return True
        same = without_status(entity, local[1]) == without_status(entity, record)
        return same and local[1]["status"] == AGREED and record["status"] == SUPERSEDED
    if entity.is_plan_part:
        status = state.version_status.get(record["plan_version_uuid"])
        return status is None or status == DRAFT
    return True
