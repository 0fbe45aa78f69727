"""Sync-by-file figures (issue 8): export of 1,000 agreed plans with their yellow-folder
printouts, import into an empty vault, re-import of the same bundle; each beside a baseline
measured in the same run.

    python bench/bench_exchange.py [--plans 1000] [--sample 20]

Export is timed three times in one run, on a copy of one vault:
* baseline: the same export without printouts (records and FHIR documents only);
* with printouts made at agreement, as in real use: agreeing a plan keeps its PDF in the vault's
  printout store (`services.planning.printout_store.remember_printout`), and the export carries it;
* cold: no stored printouts, every PDF rendered during the export (and kept for next time).
Goals: export with printouts <= 15 s, import into an empty vault <= 20 s, re-import <= 5 s (and
no change). The vault (synthetic people, each agreed plan's printout made as at agreement) is
made once a day, for this schema and renderer, and kept in the temp folder (careplan-bench).
The processor time of each export is printed too: on a shared machine wall time also counts
the waiting for a core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["CAREPLAN_DATA_DIR"] = tempfile.mkdtemp(prefix="careplan-bench-data-")  # no overrides, default settings
from _vaults import CACHE, copy_vault, report  # noqa: E402

from sqlalchemy import delete, insert, select, text, update  # noqa: E402

from careplan_desktop.documents.yellow_folder import render_yellow_folder  # noqa: E402
from careplan_desktop.exchange import container, keys  # noqa: E402
from careplan_desktop.exchange.apply import import_bundle  # noqa: E402
from careplan_desktop.exchange.export import ZIP_LEVEL, export_bundle  # noqa: E402
from careplan_desktop.models import (  # noqa: E402
    Action, CarePlan, ConfidenceScore, ContingencyContact, ContingencyPlan, Goal, Medication, Participant, Patient,
    PlanVersion, SelfCareAction, SharingConsent, StoredPrintout, SupportService, new_uuid, utcnow,
)
from careplan_desktop.services import printout_store  # noqa: E402
from careplan_desktop.services.demo.case_mix import create_demo_vault  # noqa: E402
from careplan_desktop.services.demo.case_studies import LORNA_NHS  # noqa: E402
from careplan_desktop.services.planning.printout import folder_data, yellow_folder_data  # noqa: E402
from careplan_desktop.store import Vault, schema  # noqa: E402

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


CPU: dict[str, float] = {}  # processor seconds of the timed exports (wall > cpu: waiting for a core)


def timed(work, cpu: str | None = None):
    start, processor = time.perf_counter(), time.process_time()
    value = work()
    if cpu:
        CPU[cpu] = time.process_time() - processor
    return time.perf_counter() - start, value


def agreed_plans_vault(plans: int) -> Path:
    """A folder with hub.vault (`plans` agreed plans, each printout made as at agreement) and
    practice.key; made once per day, schema and renderer, then reused."""
    stamp = hashlib.sha256(f"{plans}|{schema.head_revision()}|{printout_store.inputs_fingerprint()}|"
                           f"{dt.date.today()}".encode()).hexdigest()[:12]
    folder = CACHE / f"exchange-{plans}-plans-{stamp}"
    if (folder / "hub.vault").exists():
        return folder
    for old in CACHE.glob(f"exchange-{plans}-plans-*"):
        shutil.rmtree(old, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    making = Path(tempfile.mkdtemp(prefix=".making-", dir=CACHE))
    print(f"(making a vault with {plans:,} agreed plans and their printouts once; later runs today reuse it)", flush=True)
    hub = create_demo_vault(making / "hub.vault", PASS, patients=plans, seed=1)
    add_agreed_plans(hub, plans)
    keys.create_and_install_key(hub, making / "practice.key")
    seconds, kept = timed(lambda: sum(printout_store.remember_printout(hub, uuid) for (uuid,) in _versions(hub)))
    print(f"(kept {kept:,} printouts as at agreement: {seconds / max(kept, 1) * 1000:.0f} ms each, data + render + store)")
    hub.lock()
    os.replace(making, folder)
    return folder


class RenderCount:
    """Counts the yellow-folder renders (the real renderer still runs)."""

    def __init__(self) -> None:
        self.count = 0
        self._real = printout_store.render_pdf
        printout_store.render_pdf = self._counted

    def _counted(self, data):
        self.count += 1
        return self._real(data)

    def take(self) -> int:
        count, self.count = self.count, 0
        return count


def per_printout_figures(hub: Vault, sample: int) -> None:
    uuids = [uuid for (uuid,) in _versions(hub)][:sample]
    single, data = timed(lambda: [yellow_folder_data(hub, uuid) for uuid in uuids])
    with hub.reader() as session:
        batch, _ = timed(lambda: folder_data(session, uuids))
    renders = []
    for item in data:
        seconds, _ = timed(lambda: render_yellow_folder(item, io.BytesIO()))
        renders.append(seconds)
    print(f"one printout (sample of {len(uuids)}): render {statistics.median(renders) * 1000:.0f} ms median; its data "
          f"{single / len(uuids) * 1000:.1f} ms read alone, {batch / len(uuids) * 1000:.1f} ms read in a batch")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=20, help="plans for the per-printout figures")
    args = parser.parse_args()
    cached = agreed_plans_vault(args.plans)
    folder = Path(tempfile.mkdtemp(prefix="careplan-bench-exchange-"))
    try:
        copy_vault(cached / "hub.vault", folder / "hub.vault")
        shutil.copy(cached / "practice.key", folder / "practice.key")
        hub = Vault.unlock(folder / "hub.vault", PASS)
        made = len(_versions(hub))
        kept = hub.count(StoredPrintout)
        renders = RenderCount()
        usb, warm_up = folder / "usb", folder / "warm-up"
        usb.mkdir()
        warm_up.mkdir()
        export_bundle(hub, warm_up, scope="people", nhs_numbers=(LORNA_NHS,))  # imports and fonts loaded, untimed
        renders.take()

        plain_s, plain = timed(lambda: export_bundle(hub, usb, scope="all", printouts=False), "baseline")
        entries, key, key_id = _entries(plain.path, folder / "practice.key")
        zip_s, _ = timed(lambda: container.seal(container.build_zip(entries, compresslevel=ZIP_LEVEL), key, key_id))
        print(f"export: {made:,} agreed plans, {plain.records:,} records, {plain.counts.get('audit_event', 0):,} audit events, "
              f"{plain.fhir_documents:,} FHIR documents; {kept:,} printouts kept in the vault at agreement")
        report("export without printouts (baseline)", plain_s, "zip + AES-GCM of the same entries", zip_s, "s", "-")

        warm_s, warm = timed(lambda: export_bundle(hub, usb, scope="all"), "with printouts made at agreement")
        print(f"  with printouts: {warm.printouts:,} PDFs, {renders.take():,} rendered during the export, "
              f"bundle {warm.path.stat().st_size / 1e6:.1f} MB (without: {plain.path.stat().st_size / 1e6:.1f} MB)")
        report("export with printouts made at agreement (as in real use)", warm_s, "same export without printouts",
               plain_s, "s", "<= 15 s")

        with hub.transaction() as session:
            session.execute(delete(StoredPrintout))
        cold_s, cold = timed(lambda: export_bundle(hub, usb, scope="all"), "cold")
        rendered = renders.take()
        report("export with printouts, none stored (cold)", cold_s, "same export without printouts", plain_s, "s",
               "first export after an upgrade only")
        print(f"  cold: {rendered:,} PDFs rendered ({(cold_s - plain_s) / max(rendered, 1) * 1000:.0f} ms each over the "
              f"baseline) and kept: {hub.count(StoredPrintout):,} now stored")
        print("  processor time of the exports: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in CPU.items()))
        per_printout_figures(hub, args.sample)

        empty = Vault.create(folder / "empty.vault", PASS, PASS, user_name="Andrea Clarke", device_name="Andrea's laptop")
        keys.install_key(empty, folder / "practice.key")
        rows = warm.records + warm.counts.get("audit_event", 0)
        seconds, imported = timed(lambda: import_bundle(empty, warm.path))
        baseline = _raw_inserts(folder, rows)
        print(f"import (the bundle with printouts): {imported.changes:,} records written, {imported.audit_events:,} audit events")
        report("import into an empty vault", seconds, f"raw sqlcipher inserts of {rows:,} rows", baseline, "s", "<= 20 s")

        before = _fingerprint(empty)
        seconds, again = timed(lambda: import_bundle(empty, warm.path))
        assert again.already_applied and _fingerprint(empty) == before, "re-import changed something"
        baseline, _ = timed(lambda: container.read_entries(container.unseal(warm.path.read_bytes(), {key_id: key})[1]))
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
