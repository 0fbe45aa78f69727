"""Demo vaults for the benchmarks, made once and kept in the temp folder between runs
(they hold synthetic people only)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault

CACHE = Path(tempfile.gettempdir()) / "careplan-bench"


def demo_vault(people: int) -> Path:
    """Path of a locked demo vault with `people` synthetic people (plus Lorna, Jack and James)."""
    path = CACHE / f"demo-{people}.vault"
    if not path.exists():
        print(f"(making a demo vault with {people:,} people once; later runs reuse it)", flush=True)
        create_demo_vault(path, DEMO_PASSPHRASE, patients=people, seed=1).lock()
    return path


def copy_vault(source: Path, target: Path) -> None:
    """A vault with what belongs beside it: its write-ahead log and its key slots (.keys)."""
    for suffix in ("", "-wal", "-shm", ".keys"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy2(f"{source}{suffix}", f"{target}{suffix}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(name: str, value: float, baseline_name: str, baseline: float, unit: str, goal: str) -> None:
    ratio = value / baseline if baseline else float("inf")
    print(f"{name}: {value:.1f} {unit} | baseline ({baseline_name}): {baseline:.1f} {unit} | ratio {ratio:.2f}x | goal: {goal}")
