"""The report's facts: what each person's record means for the Reports area's figures, kept in
narrow tables so that a report over a whole practice counts a few compact rows instead of
reading every plan, review and letter again (issue 15: every figure in at most 1 s over
50,000 people).

They are derived, never typed: `services.reports.facts` rebuilds a person's facts from their
record. Triggers (migration 0016) put a person in `report_stale` whenever anything the figures
read changes for them, in the same transaction as the change, by any path (the screens, an
import, a plan bundle, a sync); the report rebuilds the stale people's facts before it counts.
No foreign keys: a person deleted is simply stale, and their facts go.

Moments are stored as the vault stores them (naive UTC text), days as `YYYY-MM-DD` text or as
whole day numbers (`julianday + 0.5`, as `measures.day_number`); "never" is the text `9999`
or the number 99999999, so "still in force at the end of the period" is one range.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, Table, Text

from .base import Base

NEVER = "9999"  # a moment after every moment the vault holds
NEVER_DAY = 99_999_999  # a day number after every day
SEPARATOR, FIELD = "\x1f", "\x1e"  # between the items of a list kept in one column, and their fields

metadata = Base.metadata


def _table(name: str, *columns, indexes: tuple[tuple[str, ...], ...] = (), **options) -> Table:
    """A facts table; each index is named `ix_<table>_by_<its first column>`. The indexes a
    report reads by are covering (they hold every column that query reads), so counting reads
    the index in order and never the table."""
    table = Table(name, metadata, *columns, **options)
    for columns_indexed in indexes:
        Index(f"ix_{name}_by_{columns_indexed[0]}", *(table.c[c] for c in columns_indexed))
    return table


report_stale = _table("report_stale", Column("patient_id", Integer, primary_key=True, autoincrement=False))

#: one row a person: where they are on the register, and what is true of them now
report_person = _table(
    "report_person",
    Column("patient_id", Integer, primary_key=True, autoincrement=False),
    Column("created_last", Text),  # the last "created" audit row's moment (joined the vault)
    Column("left_on", Text),  # the day they left the register (died, moved, left); empty while on it
    Column("left_kind", Text),  # their register status when not active
    Column("level_of_need", Integer),
    Column("offer_status", Text),
    Column("conditions", Integer),  # conditions recorded
    Column("has_carer", Integer),
    Column("large_print", Integer), Column("easy_read", Integer), Column("bsl", Integer), Column("braille", Integer),
    Column("interpreter", Integer), Column("companion", Integer), Column("other_need", Integer),
    Column("first_agreed_at", Text),  # their first plan version agreed
    indexes=(("left_on",), ("created_last",)),
)
#: each moment the person's record was added to this vault
report_joined = _table(
    "report_joined",
    Column("patient_id", Integer, primary_key=True, autoincrement=False),
    Column("at", Text, primary_key=True),
    indexes=(("at", "patient_id"),),
)
#: each condition a person has, by the words the register shows
report_condition = _table(
    "report_condition",
    Column("display", Text, primary_key=True),
    Column("patient_id", Integer, primary_key=True, autoincrement=False),
    indexes=(("patient_id",),),
)
#: each plan version agreed: when, until when it was the latest, and what it was agreed with
report_version = _table(
    "report_version",
    Column("version_id", Integer, primary_key=True, autoincrement=False),
    Column("patient_id", Integer),
    Column("number", Integer),
    Column("agreed_at", Text),
    Column("superseded_at", Text),  # the next version's agreement, or NEVER
    Column("missing", Text),  # the key elements missing at agreement, as the plan holds them (a JSON list)
    Column("warnings", Text),  # the warnings it was agreed with, each agreement's JSON list, joined by SEPARATOR
    Column("copy_week", Integer),  # a copy given to the person within a week
    Column("letter_days", Float),  # days since the last results letter before it
    # what the plan holds, each list joined by SEPARATOR: its goals' themes (once each, goals no
    # longer wanted left out), its unmet needs' themes (one a need), its services taken up or
    # refused (status, directory entry, name as typed: joined by FIELD)
    Column("themes", Text),
    Column("unmet", Text),
    Column("services", Text),
    indexes=(("agreed_at", "number", "copy_week", "missing", "warnings", "letter_days",
              "patient_id"),
             ("superseded_at", "agreed_at", "patient_id", "themes", "unmet", "services"),
             ("patient_id",)),
)
#: each day a review fell due, the first day it was done (from 4 weeks before), the next due day
report_due = _table(
    "report_due",
    Column("patient_id", Integer, primary_key=True, autoincrement=False),
    Column("due_day", Integer, primary_key=True, autoincrement=False),
    Column("first_met", Integer),
    Column("next_due_day", Integer),
    indexes=(("due_day", "patient_id", "first_met"), ("next_due_day", "due_day", "first_met", "patient_id")),
)
#: each review that ended in leaving for self-care or coming back
report_exit = _table(
    "report_exit",
    Column("review_id", Integer, primary_key=True, autoincrement=False),
    Column("patient_id", Integer),
    Column("outcome", Text),
    Column("day", Text),
    indexes=(("day", "outcome", "patient_id"), ("patient_id",)),
)
#: each information prescription given with an agreed plan
report_information = _table(
    "report_information",
    Column("id", Integer, primary_key=True),
    Column("patient_id", Integer),
    Column("day", Text),
    Column("topic", Text),
    Column("method", Text),
    Column("recipient", Text),
    indexes=(("day", "patient_id", "topic", "method", "recipient"), ("patient_id",)),
)
#: each copy of a plan given to a carer
report_carer_copy = _table(
    "report_carer_copy",
    Column("id", Integer, primary_key=True),
    Column("patient_id", Integer),
    Column("unit", Text),  # the carer (or the copy, when no carer is named)
    Column("given_at", Text),
    indexes=(("given_at", "unit", "patient_id"), ("patient_id",)),
)
#: each confidence score of an agreed version after the person's first scored one, beside each
#: score of that first one: the change, and until when this version was their latest scored
report_score = _table(
    "report_score",
    Column("id", Integer, primary_key=True),
    Column("patient_id", Integer),
    Column("agreed_at", Text),
    Column("next_scored_at", Text),  # the first later-numbered scored version's agreement, or NEVER
    Column("first_agreed_at", Text),  # the first scored version's agreement
    Column("change", Integer),  # this score less the first one
    indexes=(("agreed_at", "next_scored_at", "first_agreed_at", "change", "patient_id"), ("patient_id",)),
)

FACT_TABLES = ("report_person", "report_joined", "report_condition", "report_version", "report_due", "report_exit",
               "report_information", "report_carer_copy", "report_score")
