"""The recall view's data for one month with 50,000 people in the vault (goal: the view open
in <= 300 ms), beside the raw birth-month query on sqlcipher3 in the same run.

Times `recall_cohort` (everything the recall view shows: the month's people, their
conditions, flags, statuses and groupings), warm, median and worst of several runs.
Run: .venv/bin/python bench/bench_recall.py [--people 50000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _vaults import demo_vault, report  # noqa: E402

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE  # noqa: E402
from careplan_desktop.services.recall.birth_month import recall_cohort  # noqa: E402
from careplan_desktop.store import Vault  # noqa: E402
from careplan_desktop.store.key_slots import read_slots  # noqa: E402
from careplan_desktop.store.vault import PRAGMAS, open_keyed_connection, read_salt  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = demo_vault(args.people)
    today = dt.date.today()
    vault = Vault.unlock(path, DEMO_PASSPHRASE)
    recall_cohort(vault, today.year, today.month, today=today)  # warm the page cache
    ours = []
    for _ in range(args.runs):
        start = time.perf_counter()
        cohort = recall_cohort(vault, today.year, today.month, today=today)
        ours.append((time.perf_counter() - start) * 1000)
    vault.lock()

    salt = read_salt(path)
    conn = open_keyed_connection(path, read_slots(path).for_user(None).open(DEMO_PASSPHRASE, salt), salt)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    raw = []
    for _ in range(args.runs):
        start = time.perf_counter()
        conn.execute("SELECT id, given_name, family_name, date_of_birth FROM patient WHERE birth_month = ?",
                     (today.month,)).fetchall()
        raw.append((time.perf_counter() - start) * 1000)
    conn.close()
    print(f"{len(cohort.rows):,} people due in {today:%B %Y}")
    report("recall cohort, median", statistics.median(ours), "raw birth-month query", statistics.median(raw),
           "ms", "<= 300 ms")
    report("recall cohort, worst", max(ours), "raw birth-month query", max(raw), "ms", "<= 300 ms")


if __name__ == "__main__":
    main()
