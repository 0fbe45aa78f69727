"""Backup figure (issue 13 §5): Back up now on a 50,000-person vault, beside a plain file copy of
the same vault in the same run.

    python bench/bench_backup.py [--people 50000] [--runs 3]

"Back up now" is the whole of `services.backup.copies.back_up`: the encrypted copy
(`Vault.backup_to`, SQLCipher's export with the vault's own key), then the copy opened again
with that key and checked (SQLite's quick_check and SQLCipher's page HMAC check) and its rows
counted in every table and compared with the vault's. The baseline is `shutil.copyfile` of the
vault file (checkpointed first, so the copy holds everything), which checks nothing.
Goal: at most 10 s. The vault (synthetic people) is made in a folder of this run's own, since
this branch's schema differs from the shared benchmark cache.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["CAREPLAN_DATA_DIR"] = tempfile.mkdtemp(prefix="careplan-bench-data-")
from _vaults import report  # noqa: E402

from careplan_desktop.services.backup.copies import back_up  # noqa: E402
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault  # noqa: E402
from careplan_desktop.store import Vault  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="careplan-bench-backup-"))
    try:
        path = folder / "demo.vault"
        print(f"(making a demo vault with {args.people:,} people)", flush=True)
        create_demo_vault(path, DEMO_PASSPHRASE, patients=args.people, seed=1).lock()
        vault = Vault.unlock(path, DEMO_PASSPHRASE)
        with vault.plain_connection() as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = path.stat().st_size
        copies, backups = [], []
        for run in range(args.runs):
            target = folder / f"plain-{run}.vault"
            started = time.perf_counter()
            shutil.copyfile(path, target)
            copies.append(time.perf_counter() - started)
            target.unlink()
            out = folder / f"backups-{run}"
            out.mkdir()
            started = time.perf_counter()
            made = back_up(vault, out, now=dt.datetime(2026, 12, 2, 9, run))
            backups.append(time.perf_counter() - started)
            made.path.unlink()
        vault.lock()
        print(f"vault: {size / 1e6:.0f} MB, {made.people:,} people, {sum(made.counts.values()):,} rows in "
              f"{len(made.counts)} tables; {args.runs} runs each, median shown")
        report(f"Back up now ({made.people:,} people: copy, reopen, check, count)", statistics.median(backups),
               "plain file copy", statistics.median(copies), "s", "<= 10 s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
