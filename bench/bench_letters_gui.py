"""Is the GUI ever frozen while a 500-letter batch runs through the letters dialog?

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_letters_gui.py [--letters 500]

A demo vault gets a booked appointment and fresh results for every person (set up before any
timing). Then the real dialog (`ui.letters.produce_letters`) does what a nurse's click does:
check who gets a letter, lay the letters out on a worker thread, save the PDF and log the
letters in a write job. A QTimer probe fires every 10 ms on the GUI thread and records the gap
between firings; a stall is a gap beyond the 10 ms asked for. Baseline, same run: the same probe
on an idle event loop (an empty Qt window). Goal: the longest stall at most 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("CAREPLAN_DATA_DIR", tempfile.mkdtemp(prefix="careplan-bench-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from careplan_desktop.models import Patient, Result  # noqa: E402
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault  # noqa: E402
from careplan_desktop.services.recall.booking import book_appointments  # noqa: E402
from careplan_desktop.store.settings import load_settings  # noqa: E402
from careplan_desktop.ui.changes import DataChanges  # noqa: E402
from careplan_desktop.ui.context import AppContext  # noqa: E402
from careplan_desktop.ui.letters import produce_letters  # noqa: E402
from careplan_desktop.ui.workers import TaskRunner  # noqa: E402

PROBE_MS = 10
GOAL_MS = 100


class Probe:
    """Records the gaps between firings of a 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.gaps: list[float] = []
        self._last = 0.0

    def start(self) -> None:
        self.gaps.clear()
        self.clock.start()
        self._last = 0.0
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.gaps.append(now - self._last)
        self._last = now

    def report(self, label: str) -> float:
        gaps = sorted(self.gaps)
        worst = gaps[-1] - PROBE_MS if gaps else 0.0
        p99 = gaps[int(len(gaps) * 0.99) - 1] - PROBE_MS if len(gaps) > 1 else 0.0
        over = sum(1 for gap in gaps if gap - PROBE_MS > GOAL_MS)
        print(f"{label:<16}: {len(gaps)} ticks, longest stall {worst:6.1f} ms, 99th percentile {p99:5.1f} ms, "
              f"{over} stalls over {GOAL_MS} ms")
        return worst


def wait_until(app: QApplication, condition, timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the batch did not finish in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


def make_vault(folder: Path, letters: int):
    today = dt.date.today()
    vault = create_demo_vault(folder / "bench.vault", DEMO_PASSPHRASE, patients=letters, today=today)
    with vault.reader() as session:
        people = session.execute(select(Patient.id, Patient.uuid).order_by(Patient.id).limit(letters)).all()
    visit = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(9, 0))
    book_appointments(vault, [uuid for _, uuid in people], visit.year, visit.month, visit, length_minutes=20,
                      with_whom="Nora Hughes, practice nurse")
    taken = today - dt.timedelta(days=5)
    with vault.transaction() as session:  # fresh results for everyone: each gets a letter
        for number, (patient_id, _) in enumerate(people):
            session.add_all([
                Result(patient_id=patient_id, code="hba1c", value_text=str(48 + number % 30), value=48 + number % 30,
                       unit="mmol/mol", taken_on=taken),
                Result(patient_id=patient_id, code="blood_pressure", value_text="134/82", value=134, value2=82,
                       unit="mmHg", taken_on=taken),
                Result(patient_id=patient_id, code="weight", value_text="78.5", value=78.5, unit="kg", taken_on=taken),
            ])
    return vault, [uuid for _, uuid in people]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="careplan-bench-gui-"))
    print(f"setting up {args.letters} people with an appointment and results…", flush=True)
    vault, uuids = make_vault(folder, args.letters)
    context = AppContext(folder / "bench.vault", load_settings(), DataChanges(), TaskRunner(), vault=vault)
    probe = Probe()

    window = QWidget()  # baseline: an empty window, the probe on an idle event loop for 2 s
    window.resize(400, 300)
    window.show()
    probe.start()
    stop_at = time.monotonic() + 2
    wait_until(app, lambda: time.monotonic() > stop_at)
    probe.stop()
    baseline = probe.report("idle window")

    probe.start()
    started = time.perf_counter()
    dialog = produce_letters(context, uuids, window)
    wait_until(app, lambda: dialog.batch is not None)
    checked = time.perf_counter()
    dialog.path.setText(str(folder / "results-letters.pdf"))
    dialog.make(overwrite=True)
    wait_until(app, lambda: dialog.made is not None or dialog.problem.isVisible())
    finished = time.perf_counter()
    probe.stop()
    if dialog.made is None:
        raise SystemExit(f"the batch failed: {dialog.problem.text()}")
    worst = probe.report("500-letter batch" if args.letters == 500 else f"{args.letters}-letter batch")
    size = (folder / "results-letters.pdf").stat().st_size / 1024
    print(f"batch           : {dialog.made} letters checked in {checked - started:5.2f} s, laid out, saved "
          f"({size:.0f} KB) and logged in {finished - checked:5.2f} s")
    print(f"result          : longest GUI stall {worst:.1f} ms beside {baseline:.1f} ms idle "
          f"(goal <= {GOAL_MS} ms: {'met' if worst <= GOAL_MS else 'NOT met'})")
    dialog.reject()
    window.close()
    context.tasks.shutdown()
    vault.lock()


if __name__ == "__main__":
    main()
