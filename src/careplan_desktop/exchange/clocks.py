"""History clocks: for each device, the highest revision it wrote in a record's ancestry.

See the package docstring for why this decides conflicts. Devices are named by uuid; a
record with no device (written before devices were recorded) counts under "".
"""

from __future__ import annotations

from typing import Literal, Mapping

Clock = dict[str, int]
Order = Literal["same", "newer", "older", "concurrent"]


def own(revision: int, device: str | None) -> Clock:
    return {device or "": int(revision)}


def join(*clocks: Mapping[str, int] | None) -> Clock:
    out: Clock = {}
    for clock in clocks:
        for device, revision in (clock or {}).items():
            if int(revision) > out.get(device, 0):
                out[device] = int(revision)
    return out


def effective(stored: Mapping[str, int] | None, revision: int, device: str | None) -> Clock:
    """The full clock of a record: what is stored joined with its own (revision, device)."""
    return join(stored, own(revision, device))


def includes(clock: Mapping[str, int], revision: int, device: str | None) -> bool:
    """Whether the version (revision, device) is in the history `clock` summarises."""
    return int(clock.get(device or "", 0)) >= int(revision)


def dominates(a: Mapping[str, int], b: Mapping[str, int]) -> bool:
    """Whether history `a` contains all of history `b`."""
    return all(int(a.get(device, 0)) >= int(revision) for device, revision in b.items())


def order(
    local: tuple[int, str | None], local_clock: Mapping[str, int],
    incoming: tuple[int, str | None], incoming_clock: Mapping[str, int],
) -> Order:
    """How the incoming version of a record relates to the local one."""
    if (int(local[0]), local[1] or "") == (int(incoming[0]), incoming[1] or ""):
        return "same"
    if includes(local_clock, *incoming):
        return "older"
    if includes(incoming_clock, *local):
        return "newer"
    return "concurrent"


def winner(a: tuple[int, str | None], b: tuple[int, str | None]) -> tuple[int, str | None]:
    """The deterministic pick between two versions with equal contents."""
    return max(a, b, key=lambda v: (int(v[0]), v[1] or ""))
