"""Sync-by-file figures (issue 8): export of 1,000 agreed plans, import into an empty vault,
re-import of the same bundle; each beside a baseline measured in the same run.

    python bench/bench_exchange.py [--plans 1000] [--printouts 10]

Goals: export <= 15 s, import into an empty vault <= 20 s, re-import <= 5 s (and no change).
Yellow-folder PDFs are rendered per plan by reportlab; their cost is measured on a sample and
reported separately (the export figure is without them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _vaults import report  # noqa: E402

from sqlalchemy import insert, select, text, update  # noqa: E402

from careplan_desktop.exchange import container, keys  # noqa: E402
from careplan_desktop.exchange.apply import import_bundle  # noqa: E402
from careplan_desktop.exchange.export import export_bundle  # noqa: E402
from careplan_desktop.exchange.snapshots import render_printout  # noqa: E402
from careplan_desktop.models import (  # noqa: E402
    Action, CarePlan, ConfidenceScore, ContingencyContact, ContingencyPlan, Goal, Medication, Participant, Patient,
    PlanVersion, SelfCareAction, SharingConsent, SupportService, new_uuid, utcnow,
)
from careplan_desktop.services.demo import create_demo_vault  # noqa: E402
from careplan_desktop.store import Vault  # noqa: E402

PASS = "bench passphrase for the exchange"


def add_agreed_plans(vault: Vault, wanted: int) -> int:
    """An agreed plan with 19 parts for each synthetic person without one (set-based inserts)."""
    now, device = utcnow(), vault.actor.device_uuid
    stamp = {"revision": 1, "changed_by_device": device, "changed_at": now}
    with vault.transaction() as session:
        planned = set(session.scalars(select(PlanVersion.patient_id)))
        people = [p for p in session.scalars(select(Patient.id).order_by(Patient.id)) if p not in planned][:wanted]
        session.execute(insert(CarePlan), [{"uuid": new_uuid(), "patient_id": p, **stamp} for p in people])
        plans = dict(session.execute(select(CarePlan.patient_id, CarePlan.id).where(CarePlan.patient_id.in_(people))).all())
        agreed = dt.datetime.combine(dt.date.today() - dt.timedelta(days=30), dt.time(11))
        session.execute(insert(PlanVersion), [{
            "uuid": new_uuid(), "care_plan_id": plans[p], "patient_id": p, "number": 1, "status": "draft",
            "started_on": agreed.date(), "what_matters": "Staying well at home and seeing my friends.",
            "purpose": "Annual review as a care planning conversation.", "review_method": "face to face",
            "review_date": agreed.date() + dt.timedelta(days=365), "agreed_at": agreed,
            "agreed_by_person": "the person", "agreed_by_clinician": "Nora Hughes", "missing_at_agreement": [], **stamp,
        } for p in people])
        versions = [v for (v,) in session.execute(select(PlanVersion.id).where(PlanVersion.patient_id.in_(people)))]
        parts = (
            (Goal, [{"text": "Walk to the shops and back without stopping.", "addresses": ["hypertension"]},
                    {"text": "Sleep through the night."}]),
            (SelfCareAction, [{"text": "Walk for 20 minutes every day."}, {"text": "Take my tablets with breakfast."}]),
            (SupportService, [{"name": "Walking group", "kind": "exercise"}, {"name": "Stop smoking clinic", "kind": "NHS service"}]),
            (Action, [{"what": "Book the eye screening", "who": "Nora", "due_on": agreed.date()},
                      {"what": "Send the leaflet on salt", "who": "Nora", "due_on": agreed.date()}]),
            (ContingencyPlan, [{"warning_signs": "Headache and blurred vision.", "what_i_do": "Sit down and check my blood pressure."}]),
            (ContingencyContact, [{"name": "Practice nurse", "phone": "01632 960 000", "hours": "9 to 5"}]),
            (Medication, [{"name": "Amlodipine", "dose": "5 mg", "when": "Morning", "purpose": "Blood pressure"},
                          {"name": "Atorvastatin", "dose": "20 mg", "when": "Evening", "purpose": "Cholesterol"},
                          {"name": "Metformin", "dose": "500 mg", "when": "Twice a day", "purpose": "Diabetes"}]),
            (Participant, [{"name": "The person", "role": "the person"}, {"name": "Nora Hughes", "role": "practice nurse", "is_lead": True}]),
            (SharingConsent, [{"recipient": "gp_practice", "consented": True, "recorded_on": agreed.date()},
                              {"recipient": "carer", "consented": False, "recorded_on": agreed.date()}]),
            (ConfidenceScore, [{"score": 7, "recorded_on": agreed.date()}]),
        )
        for model, rows in parts:
            session.execute(insert(model), [{"uuid": new_uuid(), "plan_version_id": v, "position": i, **row, **stamp}
                                            for v in versions for i, row in enumerate(rows)])
        session.execute(update(PlanVersion).where(PlanVersion.id.in_(versions)).values(status="agreed"))
    return len(people)


def timed(work):
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--printouts", type=int, default=10, help="plans to render a yellow-folder PDF for (sample)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="careplan-bench-exchange-"))
    try:
        print(f"(making a vault with {args.plans:,} agreed plans)", flush=True)
        hub = create_demo_vault(folder / "hub.vault", PASS, patients=args.plans, seed=1)
        made = add_agreed_plans(hub, args.plans)
        keys.create_and_install_key(hub, folder / "practice.key")
        usb = folder / "usb"
        usb.mkdir()

        seconds, result = timed(lambda: export_bundle(hub, usb, scope="all", printouts=False))
        entries, key, key_id = _entries(result.path, folder / "practice.key")
        baseline, _ = timed(lambda: container.seal(container.build_zip(entries), key, key_id))
        print(f"export: {made + 2} agreed plans, {result.records:,} records, {result.counts.get('audit_event', 0):,} audit events, "
              f"{result.fhir_documents:,} FHIR documents, {result.path.stat().st_size / 1e6:.1f} MB")
        report("export of the agreed plans (no PDFs)", seconds, "zip + AES-GCM of the same entries", baseline, "s", "<= 15 s")

        sample = [v for (v,) in _versions(hub)[: args.printouts]]
        pdf_seconds, _ = timed(lambda: [render_printout(hub, v) for v in sample])
        if sample:
            per = pdf_seconds / len(sample)
            print(f"yellow-folder PDF: {per:.2f} s each (sample of {len(sample)}); for {made + 2} plans about "
                  f"{per * (made + 2):.0f} s more when printouts are included")

        empty = Vault.create(folder / "empty.vault", PASS, PASS, user_name="Andrea Clarke", device_name="Andrea's laptop")
        keys.install_key(empty, folder / "practice.key")
        rows = result.records + result.counts.get("audit_event", 0)
        seconds, imported = timed(lambda: import_bundle(empty, result.path))
        baseline = _raw_inserts(folder, rows)
        print(f"import: {imported.changes:,} records written, {imported.audit_events:,} audit events")
        report("import into an empty vault", seconds, f"raw sqlcipher inserts of {rows:,} rows", baseline, "s", "<= 20 s")

        before = _fingerprint(empty)
        seconds, again = timed(lambda: import_bundle(empty, result.path))
        assert again.already_applied and _fingerprint(empty) == before, "re-import changed something"
        baseline, _ = timed(lambda: container.read_entries(container.unseal(result.path.read_bytes(), {key_id: key})[1]))
        report("re-import of the same bundle (no change)", seconds, "decrypt + unzip only", baseline, "s", "<= 5 s")
        empty.lock()
        hub.lock()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _entries(path: Path, key_file: Path):
    info, key, _ = keys.read_key_file(key_file)
    _, plain = container.unseal(path.read_bytes(), {info.key_id: key})
    return list(container.read_entries(plain).items()), key, info.key_id


def _versions(vault: Vault):
    with vault.reader() as session:
        return session.execute(select(PlanVersion.uuid).where(PlanVersion.status == "agreed")).all()


def _raw_inserts(folder: Path, rows: int) -> float:
    scratch = Vault.create(folder / "scratch.vault", PASS, PASS, user_name="x")
    payload = '{"uuid": "00000000-0000-0000-0000-000000000000", "text": "a record of about this size, as JSON"}'
    conn = scratch.engine.raw_connection()
    try:
        conn.execute("CREATE TABLE raw (id INTEGER PRIMARY KEY, uuid TEXT, body TEXT)")
        start = time.perf_counter()
        conn.executemany("INSERT INTO raw (uuid, body) VALUES (?, ?)", ((str(i), payload) for i in range(rows)))
        conn.commit()
        return time.perf_counter() - start
    finally:
        conn.close()
        scratch.lock()


def _fingerprint(vault: Vault) -> list:
    with vault.engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))]
        return [(n, conn.execute(text(f'SELECT count(*), total(rowid) FROM "{n}"')).one()) for n in names]


if __name__ == "__main__":
    main()
