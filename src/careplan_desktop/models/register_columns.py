"""The few columns read before the first paint, as lightweight table clauses.

Showing the register and naming who is signed in needs only these. Reading them through
`sqlalchemy.table()` clauses rather than the mapped classes lets the window show before the
forty-odd mapped classes are built (see the package's docstring). The types are the mapped
columns' own types, so values come back converted the same way; `tests/models/` checks every
clause here against the mapped table, so the two cannot drift apart.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, Integer, String, column, table

patient = table(
    "patient",
    column("id", Integer),
    column("uuid", String),
    column("nhs_number", String),
    column("family_name", String),
    column("given_name", String),
    column("preferred_name", String),
    column("date_of_birth", Date),
    column("level_of_need", Integer),
    column("next_review_date", Date),
)

condition = table(
    "condition",
    column("id", Integer),
    column("patient_id", Integer),
    column("display", String),
)

device = table(
    "device",
    column("uuid", String),
    column("name", String),
    column("is_this_device", Boolean),
)

user = table(
    "user",
    column("id", Integer),
    column("uuid", String),
    column("name", String),
    column("active", Boolean),
)

TABLES = (patient, condition, device, user)
