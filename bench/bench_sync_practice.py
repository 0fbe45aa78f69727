"""Sync in a real practice (issue 14, section 5): figures for the notes.

    python bench/bench_sync_practice.py [--days 28] [--per-day 20] [--people 400] [--practice 20000]

1. A hub and six computers exchanging through one shared folder for four weeks, every computer
   editing `--per-day` people a day (some on two computers the same day), exporting and importing
   every day, the hub resolving the conflicts shown. Printed: the total import time, the largest
   single import, and beside it decrypt-and-unzip alone of that bundle; all seven must end equal.
2. The first full export of a `--practice`-person practice to a new laptop, and its import into
   the new laptop's empty vault. Goals: export <= 60 s, import <= 120 s on this machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["CAREPLAN_DATA_DIR"] = tempfile.mkdtemp(prefix="careplan-bench-data-")
from _vaults import copy_vault, demo_vault  # noqa: E402

from careplan_desktop.exchange import keys  # noqa: E402
from careplan_desktop.exchange.apply import import_bundle  # noqa: E402
from careplan_desktop.exchange.export import export_bundle  # noqa: E402
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE  # noqa: E402
from careplan_desktop.store import Vault  # noqa: E402
from tests.exchange.helpers import introduce  # noqa: E402
from tests.exchange.simulation import Practice  # noqa: E402


def simulation(folder: Path, days: int, per_day: int, people: int) -> None:
    started = time.perf_counter()
    practice = Practice(folder, computers=6, people=people, seed=14)
    try:
        for day in range(days):
            practice.day(day, per_day)
        rounds = practice.settle()
        ends = [practice.records(v) for v in practice.vaults]
        same = all(end == ends[0] for end in ends[1:])
        f = practice.figures
        print(f"simulation: 7 computers, {days} days, {per_day} people a day each, {people} people; "
              f"all equal at the end: {same}; settled in {rounds} extra rounds; {f.conflicts_shown} conflicts shown "
              f"and resolved; {time.perf_counter() - started:.0f} s in all")
        print(f"  imports: {f.imports} in {f.import_seconds:.1f} s (mean {1000 * f.import_seconds / max(1, f.imports):.0f} ms)")
        print(f"  largest single import: {1000 * f.largest_import_seconds:.0f} ms ({f.largest_import_bytes:,} bytes) | "
              f"decrypt and unzip alone: {1000 * f.unseal_seconds_of_largest:.1f} ms")
        print(f"  exports: {f.exports} in {f.export_seconds:.1f} s")
    finally:
        practice.close()


def first_full_export(folder: Path, people: int) -> None:
    hub_path = folder / "hub.vault"
    copy_vault(demo_vault(people), hub_path)
    hub = Vault.unlock(hub_path, DEMO_PASSPHRASE)
    keys.create_and_install_key(hub, folder / "practice.key", practice="Bench practice")
    keys.name_this_device(hub, "Practice hub")
    laptop = Vault.create(folder / "laptop.vault", DEMO_PASSPHRASE, DEMO_PASSPHRASE, user_name="New Nurse",
                          device_name="New laptop")
    try:
        keys.install_key(laptop, folder / "practice.key")
        keys.name_this_device(laptop, "New laptop")
        introduce(hub, laptop)
        (folder / "usb").mkdir()
        started = time.perf_counter()
        made = export_bundle(hub, folder / "usb", scope="all", printouts=False)
        exported = time.perf_counter() - started
        print(f"first full export of {people:,} people: {exported:.1f} s, {made.records:,} records, "
              f"{made.path.stat().st_size / 1e6:.1f} MB (goal <= 60 s)")
        started = time.perf_counter()
        result = import_bundle(laptop, made.path)
        imported = time.perf_counter() - started
        print(f"its import into the new laptop: {imported:.1f} s, {result.changes:,} records created "
              f"(goal <= 120 s)")
    finally:
        hub.lock()
        laptop.lock()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--per-day", type=int, default=20)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--practice", type=int, default=20_000)
    parser.add_argument("--skip-simulation", action="store_true")
    parser.add_argument("--skip-practice", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="careplan-sync-bench-") as temp:
        if not args.skip_simulation:
            (Path(temp) / "sim").mkdir()
            simulation(Path(temp) / "sim", args.days, args.per_day, args.people)
        if not args.skip_practice:
            (Path(temp) / "practice").mkdir()
            first_full_export(Path(temp) / "practice", args.practice)


if __name__ == "__main__":
    main()
