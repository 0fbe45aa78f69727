"""Register import: a 10,000-row practice-system CSV with 2% bad rows (goal <= 10 s), beside the
raw time to parse the same CSV with the csv module, in the same run. Synthetic people only.
Run: .venv/bin/python bench/bench_import.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _vaults import report  # noqa: E402

from careplan_desktop.services.register import import_rows as register_rows  # noqa: E402
from careplan_desktop.services.register import importing as register_import  # noqa: E402
from careplan_desktop.domain.nhs_number import complete  # noqa: E402
from careplan_desktop.store import Vault  # noqa: E402

CONDITIONS = ["Type 2 diabetes", "COPD", "Hypertension", "Asthma", "Heart failure", "44054006", "Depression"]
HEADERS = ["NHS Number", "Surname", "Forename", "Date of Birth", "Gender", "Address Line 1", "Postcode",
           "Telephone", "Usual GP", "Problems", "Level", "Housebound"]


def write_csv(path: Path, rows: int) -> int:
    """A practice-system style export; every 50th row is bad (wrong check digit or 31/02). Returns bad count."""
    rng = random.Random(1)
    numbers, serial = [], 0
    while len(numbers) < rows:
        number = complete(f"999{serial:06d}")
        serial += 1
        if number:
            numbers.append(number)
    bad = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for i, number in enumerate(numbers):
            born = (dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(25_000))).strftime("%d/%m/%Y")
            if i % 50 == 7:
                bad += 1
                if i % 100 == 7:
                    number = number[:9] + str((int(number[9]) + 1) % 10)
                else:
                    born = "31/02/1950"
            writer.writerow([number, f"Family{i}", f"Given{i}", born, rng.choice("FM"), f"{i} High Street",
                             "ZZ99 1AA", "01632 960 000", "Dr Shah", "; ".join(rng.sample(CONDITIONS, rng.randint(1, 3))),
                             rng.randint(1, 3), rng.choice("NNNY")])
    return bad


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="careplan-bench-import-"))
    path = folder / "register.csv"
    bad = write_csv(path, args.rows)

    start = time.perf_counter()
    with path.open(newline="") as handle:
        parsed = sum(1 for _ in csv.DictReader(handle))
    baseline = time.perf_counter() - start

    vault = Vault.create(folder / "bench.vault", "bench passphrase 12", "bench passphrase 12", user_name="Bench")
    mapping = register_rows.guess_mapping(register_rows.read_headers(path))
    start = time.perf_counter()
    outcome = register_import.import_register(vault, path, mapping)
    ours = time.perf_counter() - start
    vault.lock()
    print(f"{parsed:,} rows ({bad} bad): imported {outcome.imported:,}, updated {outcome.updated}, "
          f"rejected {len(outcome.rejected)}")
    report("register import", ours * 1000, "csv module parsing the same file", baseline * 1000, "ms", "<= 10,000 ms")


if __name__ == "__main__":
    main()
