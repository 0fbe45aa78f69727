"""Whether the person and their carers have their copy of the printout, in words."""

from __future__ import annotations

from collections.abc import Sequence

from careplan_desktop.documents.plan_data import YellowFolderData
from careplan_desktop.services.planning.agreement import CopiesStatus

from ..dates import local_date, uk_date


def first_name(data: YellowFolderData) -> str:
    return data.preferred_name or (data.full_name.split() or [data.full_name])[0]


def copies_text(copies: CopiesStatus, data: YellowFolderData, carers: Sequence) -> str:
    """'Lorna has her copy (given 14/11/2026). Susan Baxter (daughter) has a copy (given ...).'
    `carers` are objects with uuid, name and relationship."""
    return copies_lines(copies, first_name(data), [(c.uuid, c.name, c.relationship) for c in carers])


def copies_lines(copies: CopiesStatus, person: str, carers: Sequence[tuple[str, str, str]]) -> str:
    def last(lines) -> str:
        given = lines[-1]
        by = f" by {given.given_by}" if given.given_by else ""
        size = ", large print" if given.large_print else ""
        return f"given {uk_date(local_date(given.given_at))}{by}{size}"

    mine = [c for c in copies.lines if c.given_to == "person"]
    out = [f"{person} has a copy ({last(mine)})." if mine else f"{person} does not have a copy of this version yet."]
    for uuid, name, relationship in carers:
        theirs = [c for c in copies.lines if c.given_to == "carer" and c.carer_uuid == uuid]
        who = name + (f" ({relationship})" if relationship else "")
        out.append(f"{who} has a copy ({last(theirs)})." if theirs else f"{who} does not have a copy yet.")
    return "\n".join(out)
