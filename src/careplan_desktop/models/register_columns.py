"""The few reads made before the first paint, as plain SQL over named columns.

Showing the register and naming who is signed in need only these. Reading them with plain
SQL on a keyed DB-API connection (`Vault.plain_connection`) lets the window show before
SQLAlchemy is imported and before the forty-odd mapped classes are built (see the package's
docstring). `COLUMNS` names every table and column used here; `tests/models/` checks each
against the mapped tables, so the two cannot drift apart. Dates come back as the ISO text
SQLAlchemy stores (`iso_date` reads them), booleans as 0 and 1.
"""

from __future__ import annotations

import datetime as dt

COLUMNS: dict[str, tuple[str, ...]] = {
    "patient": ("id", "uuid", "nhs_number", "family_name", "given_name", "preferred_name", "date_of_birth",
                "level_of_need", "next_review_date", "register_status"),
    "condition": ("id", "patient_id", "display"),
    "device": ("uuid", "name", "is_this_device"),
    "user": ("id", "uuid", "name", "role", "active"),
}

# everyone on the register: the patient columns in the order above
PEOPLE = f"SELECT {', '.join(COLUMNS['patient'])} FROM patient"
# every condition's name with its person, in the order they were added (the table's own order:
# a straight scan, faster than walking the patient_id index; grouped by person in Python)
CONDITION_NAMES = "SELECT patient_id, display FROM condition ORDER BY id"
# (uuid, name) of this device
THIS_DEVICE = "SELECT uuid, name FROM device WHERE is_this_device = 1 LIMIT 1"
# (uuid, name, role) of the first active user, or of the one named by the two parameters (uuid or None, twice)
USER = 'SELECT uuid, name, role FROM "user" WHERE active = 1 AND (? IS NULL OR uuid = ?) ORDER BY id LIMIT 1'


def iso_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
