"""An audit trail exported for an information-governance request, as CSV or PDF: written
owner-only and atomically (`store.private_files`), and the export is itself audited (who
exported whose trail, in which format; never the file's name, which may name the person)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

from careplan_desktop.domain.dates import uk
from careplan_desktop.models import record_event, utcnow
from careplan_desktop.store import Vault
from careplan_desktop.store.private_files import write_private

from .trail import Trail

CSV_COLUMNS = ("when", "who", "role", "computer", "action", "what", "person")


def _rows(trail: Trail) -> list[list[str]]:
    rows = []
    for line in trail.lines:
        row = [line.at.strftime("%d/%m/%Y %H:%M"), line.staff, line.role, line.computer, line.action, line.what]
        if trail.subject_kind == "staff":
            row.append(line.person)
        rows.append(row)
    return rows


def trail_csv(trail: Trail) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = CSV_COLUMNS if trail.subject_kind == "staff" else CSV_COLUMNS[:-1]
    writer.writerow(columns)
    writer.writerows(_rows(trail))
    return out.getvalue().encode("utf-8-sig")


def trail_pdf(vault: Vault, trail: Trail, now: dt.datetime | None = None) -> bytes:
    from careplan_desktop.documents.audit_trail import AuditTrailData, dates_line, render_audit_trail
    from careplan_desktop.domain.dates import local_time
    from careplan_desktop.domain.wording import load_wording

    made = local_time(now or utcnow())
    words = load_wording("audit_trail")
    data = AuditTrailData(
        trail.title,
        dates_line(uk(trail.date_from) if trail.date_from else None, uk(trail.date_to) if trail.date_to else None),
        words.text("made", made=made.strftime("%d/%m/%Y %H:%M"), staff=vault.user_name, role=vault.user_role),
        _rows(trail), trail.subject_kind == "staff")
    return render_audit_trail(data)


def export_trail(vault: Vault, trail: Trail, out: str | os.PathLike[str], *, as_pdf: bool,
                 now: dt.datetime | None = None) -> Path:
    """Write the trail to `out` (owner-only), then audit the export in its own transaction."""
    data = trail_pdf(vault, trail, now) if as_pdf else trail_csv(trail)
    path = write_private(out, data)
    with vault.transaction() as session:
        patient_id = None
        if trail.subject_kind == "person":
            from sqlalchemy import select

            from careplan_desktop.models import Patient

            patient_id = session.scalar(select(Patient.id).where(Patient.uuid == trail.subject_uuid))
        record_event(session, "audit trail exported", "audit_event", trail.subject_uuid, patient_id,
                     {"format": "pdf" if as_pdf else "csv", "events": len(trail.lines),
                      "subject": trail.subject_kind})
    return path
