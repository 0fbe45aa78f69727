"""One plan version as an export carries it: the snapshot the FHIR document is made from
(`fhir`) and that `snapshots` reads from the vault. Its own module so that neither of those
two imports the other to name it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PlanSnapshot:
    """One plan version and what its document shows, in the records' travelling form."""

    patient: dict
    conditions: list[dict]
    results: list[dict]
    version: dict
    parts: dict[str, list[dict]] = field(default_factory=dict)
    reviews: list[dict] = field(default_factory=list)
    pdf: bytes | None = None
    practice: dict | None = None  # the practice's record (travelling form), the document's custodian

    def part(self, entity: str) -> list[dict]:
        return sorted(self.parts.get(entity, []), key=lambda p: (p.get("position") or 0, p["uuid"]))
