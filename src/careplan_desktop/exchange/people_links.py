"""One person, however many computers registered them (issue 14, section 1).

The NHS number is who a person is. When a bundle brings a person whose NHS number is already
here under another record id, the two records are linked as one person: on every computer the
one with the smaller uuid is kept, the other uuid becomes its alias (`PersonLink`), and every
record naming the alias is attached to the person. When the kept id is the incoming one, the
local record takes it (its rows, history and everything attached stay); otherwise the incoming
records are read as naming the local one. The two versions of the person then meet as any two
versions do (`decisions`): equal contents settle, different ones are kept both ways as a conflict.
The links travel in every bundle's manifest, so every computer ends the same in any order.

Where the two disagree on who the person is (date of birth or family name), nothing is linked
or merged: the bundle's person waits in the conflicts inbox ("same NHS number, different
details: check") beside the local one, and every other record of theirs in the bundle waits
with them (`held_records`) until the check is done.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from careplan_desktop.models import PersonLink, RecordClock, SentRecord, record_event

from .errors import BundleRefused
from .held_records import release
from .records import ENTITIES, UUID_TEXT
from .snapshots import chunks

MAX_LINKS = 500_000


def links_of(session: Session) -> list[list[str]]:
    """Every link this vault knows, as it travels in a manifest."""
    return [[a, p] for a, p in session.execute(select(PersonLink.alias_uuid, PersonLink.person_uuid)
                                               .order_by(PersonLink.alias_uuid))]


def check_links(value) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_LINKS or not all(
            isinstance(pair, list) and len(pair) == 2
            and all(isinstance(u, str) and UUID_TEXT.match(u) for u in pair) for pair in value):
        raise BundleRefused("This bundle's list of linked person records is damaged.")
    return [(a, p) for a, p in value]


def _same_person(here, record: dict) -> bool:
    def name(value):
        return " ".join(str(value or "").split()).casefold()
    return here["date_of_birth"].isoformat() == record["date_of_birth"] and name(here["family_name"]) == name(record["family_name"])


class _Links:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.map = dict(session.execute(select(PersonLink.alias_uuid, PersonLink.person_uuid)).all())
        self.table = ENTITIES["patient"].table

    def person(self, uuid: str) -> str:
        seen = set()
        while uuid in self.map and uuid not in seen:
            seen.add(uuid)
            uuid = self.map[uuid]
        return uuid

    def link(self, alias: str, person: str) -> None:
        alias, person = self.person(alias), self.person(person)
        if alias == person:
            return
        alias, person = max(alias, person), min(alias, person)
        ids = dict(self.s.execute(select(self.table.c.uuid, self.table.c.id)
                                  .where(self.table.c.uuid.in_([alias, person]))).all())
        if alias in ids and person in ids:
            return  # both held here (cannot be: one NHS number); left as they are
        if alias in ids:  # the local record takes the kept id; all that is attached to it stays
            self.s.execute(update(self.table).where(self.table.c.id == ids[alias]).values(uuid=person))
            self.s.execute(update(RecordClock).where(RecordClock.record_uuid == alias).values(record_uuid=person))
            self.s.execute(delete(SentRecord).where(SentRecord.record_uuid == alias))
        self.s.execute(delete(PersonLink).where(PersonLink.alias_uuid == alias))
        self.s.execute(insert(PersonLink), [{"alias_uuid": alias, "person_uuid": person}])
        for other, target in list(self.map.items()):
            if target == alias:
                self.map[other] = person
                self.s.execute(update(PersonLink).where(PersonLink.alias_uuid == other).values(person_uuid=person))
        self.map[alias] = person
        record_event(self.s, "person records linked", "patient", person, details={"alias": alias})


def link_people(session: Session, bundle) -> list[tuple[str, dict]]:
    """Link the bundle's people to those here with their NHS number, and read every record of the
    bundle as naming the kept ids. Returns (local uuid, incoming person) for each person whose
    details disagree: those are taken out of the bundle, to wait in the conflicts inbox."""
    links = _Links(session)
    for alias, person in check_links(bundle.manifest.get("person_links")):
        links.link(alias, person)
    incoming = bundle.records.get("patient", [])
    table = links.table
    here = {}
    for batch in chunks([r["nhs_number"] for r in incoming]):
        for row in session.execute(select(table.c.uuid, table.c.nhs_number, table.c.date_of_birth, table.c.family_name)
                                   .where(table.c.nhs_number.in_(batch))).mappings():
            here[row["nhs_number"]] = row
    clashes = []
    for record in incoming:
        found = here.get(record["nhs_number"])
        if found is None or links.person(found["uuid"]) == links.person(record["uuid"]):
            continue
        if not _same_person(found, record):
            clashes.append((found["uuid"], record))
            continue
        links.link(found["uuid"], record["uuid"])
    if clashes:
        out = {id(record) for _, record in clashes}
        bundle.records["patient"] = [r for r in incoming if id(r) not in out]
    release(session, bundle)
    if links.map:
        _rewrite(bundle, links)
    return clashes


def _rewrite(bundle, links: _Links) -> None:
    """Every record, deletion and audit event of the bundle, naming the kept ids."""
    for name, items in bundle.records.items():
        fields = [f.name for f in ENTITIES[name].refs if f.ref == "patient"] + (["uuid"] if name == "patient" else [])
        if not fields:
            continue
        for record in items:
            for field in fields:
                if record.get(field) in links.map:
                    record[field] = links.person(record[field])
    for event in [*bundle.tombstones, *bundle.audit_events]:
        if event.get("patient_uuid") in links.map:
            event["patient_uuid"] = links.person(event["patient_uuid"])
    for tombstone in bundle.tombstones:
        if tombstone["entity"] == "patient" and tombstone["uuid"] in links.map:
            tombstone["uuid"] = links.person(tombstone["uuid"])
