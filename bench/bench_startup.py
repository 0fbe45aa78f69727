"""Start-up and memory, beside an empty PySide6 window started the same way.

Figures (issue 2):
- time from process start to the register visible with 10,000 people, excluding the
  passphrase key derivation: goal <= 1.0 s and <= 5x the empty window;
- resident memory with 50,000 people in the register (search index built): goal <= 300 MB.

Each start is a fresh `python bench/_startup_child.py ...` process (offscreen Qt), timed by
this process from just before it is started until the child says its window is visible.
Run: .venv/bin/python bench/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _vaults import demo_vault, report  # noqa: E402

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE  # noqa: E402

CHILD = str(Path(__file__).with_name("_startup_child.py"))


def start(*args: str) -> tuple[float, float, list[str]]:
    """(seconds to visible minus key derivation, key derivation seconds, output lines)."""
    began = time.perf_counter()
    environment = {**os.environ, "CAREPLAN_PASSPHRASE": DEMO_PASSPHRASE}
    child = subprocess.Popen([sys.executable, CHILD, *args], stdout=subprocess.PIPE, text=True, env=environment)
    assert child.stdout is not None
    first = child.stdout.readline()
    seen = time.perf_counter() - began
    rest = child.stdout.read().splitlines()
    child.wait(timeout=120)
    marker, kdf, _memory = first.split()
    assert marker == "VISIBLE", first
    return seen - float(kdf), float(kdf), [first.strip(), *rest]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    small, large = demo_vault(10_000), demo_vault(50_000)

    start("empty")  # warm the file cache for both, so neither pays for the first read from disk
    start("app", str(small))
    empty = [start("empty")[0] for _ in range(args.runs)]
    ours, kdfs = [], []
    for _ in range(args.runs):
        seconds, kdf, _ = start("app", str(small))
        ours.append(seconds)
        kdfs.append(kdf)
    print(f"start-up over {args.runs} runs (median); key derivation excluded, median {statistics.median(kdfs):.2f} s")
    report("start-up to register visible, 10,003 people", statistics.median(ours) * 1000, "empty PySide6 window",
           statistics.median(empty) * 1000, "ms", "<= 1000 ms and <= 5x")

    empty_memory = float(start("empty")[2][0].split()[2])
    _, _, lines = start("app", str(large), "--search")
    searched = float(next(line for line in lines if line.startswith("SEARCHED")).split()[1])
    report("resident memory, 50,003 people in the register, search index built", searched, "empty PySide6 window",
           empty_memory, "MB", "<= 300 MB")


if __name__ == "__main__":
    main()
