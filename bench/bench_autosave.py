"""Autosave never blocks typing: the longest event-loop stall while typing into a plan with
30 goals, autosave on, beside the same typing with autosave off (goal: at most 50 ms).

The consultation screen is opened on a draft of Lorna's plan with 30 goals. A probe timer
ticks every 5 ms and records the gaps between ticks; a typist timer types 3 characters with
QTest.keyClicks every 40 ms into the goals (moving to the next goal with Tab every 25 chunks,
which saves on leaving the field), with the "Key elements" tab in view. Each run lasts
--seconds. The stall is the largest gap minus the probe interval. Modes:

* off: autosave disabled (the baseline: what typing itself costs);
* on: autosave as shipped (save 1.5 s after a pause, at least every 5 s, and on leaving a field);
* stress: autosave every 150 ms after a pause and at least every 600 ms, so saves run on the
  database worker almost all the time while typing goes on;
* idle window: an empty window and the probe only (the event loop's own jitter).

Every mode runs --rounds times, interleaved, and the figure is the median of the rounds'
longest stalls (a busy machine preempts the GUI thread now and then: the empty window shows
how much). Also printed: the time to take one snapshot of the 30-goal plan on the GUI thread,
and the time of one save_draft on the worker.
Run: .venv/bin/python bench/bench_autosave.py [--seconds 8] [--rounds 3]  (offscreen by default)
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CAREPLAN_DATA_DIR", tempfile.mkdtemp(prefix="careplan-bench-data-"))
sys.path.insert(0, str(Path(__file__).parent))

from _vaults import percentile, report  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from careplan_desktop.models import Patient, new_uuid  # noqa: E402
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault  # noqa: E402
from careplan_desktop.services.demo.case_studies import LORNA_NHS  # noqa: E402
from careplan_desktop.services.planning.versions import GoalItem, save_draft, start_draft  # noqa: E402
from careplan_desktop.store.settings import load_settings  # noqa: E402
from careplan_desktop.store import Vault  # noqa: E402
from careplan_desktop.ui.changes import DataChanges  # noqa: E402
from careplan_desktop.ui.context import AppContext  # noqa: E402
from careplan_desktop.ui.workers import TaskRunner  # noqa: E402

PROBE_MS = 5
CHUNK_MS = 40
CHUNK = "abc"
TAB_EVERY = 25
GOALS = 30
WORDS = "I want to walk to the shops and back without stopping for breath "


def plan_with_30_goals(folder: Path) -> tuple[Path, str]:
    path = folder / "bench.vault"
    vault = create_demo_vault(path, DEMO_PASSPHRASE, patients=0)
    with vault.reader() as session:
        lorna = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
    draft = start_draft(vault, lorna)  # from her agreed plan: 2 goals, medicines, contacts ...
    extra = tuple(GoalItem(text=f"Goal {n}: to be able to do something that matters to me", uuid=new_uuid())
                  for n in range(len(draft.goals) + 1, GOALS + 1))
    save_draft(vault, dataclasses.replace(draft, goals=draft.goals + extra))
    vault.lock()
    return path, lorna


def wait(app: QApplication, condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("timed out")
        app.processEvents()
        time.sleep(0.002)


def measure(app: QApplication, seconds: float, typist=None) -> list[float]:
    """Run the event loop for `seconds` with the probe (and the typist); the probe's gaps in ms."""
    gaps: list[float] = []
    clock = QElapsedTimer()
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(PROBE_MS)
    last = [0]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    probe.timeout.connect(tick)
    typing = QTimer()
    typing.setTimerType(Qt.TimerType.PreciseTimer)
    typing.setInterval(CHUNK_MS)
    if typist is not None:
        typing.timeout.connect(typist)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    clock.start()
    probe.start()
    if typist is not None:
        typing.start()
    loop.exec()
    probe.stop()
    typing.stop()
    return gaps[1:]


def run_mode(app: QApplication, path: Path, lorna: str, mode: str, seconds: float) -> dict:
    from careplan_desktop.ui.consultation import ConsultationScreen

    idle, most = {"stress": (150, 600)}.get(mode, (1500, 5000))
    vault = Vault.unlock(path, DEMO_PASSPHRASE)
    context = AppContext(vault_path=path, settings=load_settings(), changes=DataChanges(), tasks=TaskRunner(),
                         vault=vault)
    screen = ConsultationScreen(context, idle_ms=idle, max_wait_ms=most)
    screen.resize(1280, 800)
    screen.show()
    screen.open_person(lorna)
    wait(app, lambda: screen.draft is not None)
    screen.show_section("goals")
    cards = screen.pages["goals"].goals.cards
    assert len(cards) == GOALS, len(cards)
    screen.autosave.enabled = mode != "off"
    if screen.quality is not None:  # the key elements in view: the worst case (it is rebuilt after pauses)
        screen.side.side_tabs.setCurrentWidget(screen.quality)
    cards[0].editors["text"].setFocus()
    app.processEvents()
    chunks = [0]

    def typist() -> None:
        chunks[0] += 1
        widget = QApplication.focusWidget()
        if chunks[0] % TAB_EVERY == 0:
            field = cards[(chunks[0] // TAB_EVERY) % GOALS].editors["text"]
            QTest.keyClick(widget, Qt.Key.Key_Tab)  # leave the field (a save when something was typed)
            field.setFocus()
            return
        QTest.keyClicks(widget, WORDS[(chunks[0] * 3) % (len(WORDS) - 3):][:3] if chunks[0] % 7 else " ")

    saves_before = screen.autosave.saves_finished
    gaps = measure(app, seconds, typist)
    saves = screen.autosave.saves_finished - saves_before
    snapshot_ms = []
    for _ in range(20):
        start = time.perf_counter()
        screen.collect()
        snapshot_ms.append((time.perf_counter() - start) * 1000)
    draft = screen.collect()
    save_ms = []
    for _ in range(5):
        screen.autosave.flush()
        start = time.perf_counter()
        save_draft(vault, draft)
        save_ms.append((time.perf_counter() - start) * 1000)
    screen.autosave.enabled = True
    screen.shutdown()
    context.tasks.shutdown()
    screen.close()
    screen.deleteLater()
    app.processEvents()
    vault.lock()
    return {"gaps": gaps, "saves": saves, "chunks": chunks[0], "snapshot": statistics.median(snapshot_ms),
            "save": statistics.median(save_ms)}


def stall(gaps: list[float]) -> float:
    return max(0.0, max(gaps) - PROBE_MS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every mode, interleaved (machine noise)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="careplan-bench-autosave-"))
    path, lorna = plan_with_30_goals(folder)

    modes = ("off", "on", "stress")
    runs: dict[str, list[dict]] = {mode: [] for mode in (*modes, "empty")}
    for _ in range(args.rounds):
        window = QWidget()
        window.resize(1280, 800)
        window.show()
        runs["empty"].append({"gaps": measure(app, min(args.seconds, 3.0))})
        window.close()
        for mode in modes:
            runs[mode].append(run_mode(app, path, lorna, mode, args.seconds))

    print(f"plan with {GOALS} goals; typing {len(CHUNK)} characters every {CHUNK_MS} ms for {args.seconds:g} s; "
          f"probe every {PROBE_MS} ms; {args.rounds} rounds; platform {app.platformName()}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    figures = {}
    for mode, results in runs.items():
        stalls = [stall(r["gaps"]) for r in results]
        figures[mode] = statistics.median(stalls)
        saves = ", ".join(str(r["saves"]) for r in results if "saves" in r)
        print(f"  {mode:>6}: longest stall per round {', '.join(f'{x:.1f}' for x in stalls)} ms; "
              f"gap p99 {statistics.median(percentile(r['gaps'], 0.99) for r in results):.1f} ms"
              + (f"; saves finished {saves}" if saves else ""))
    report("longest stall typing, autosave on (median of rounds)", figures["on"], "same typing, autosave off",
           figures["off"], "ms", "<= 50 ms")
    report("longest stall typing, autosave stress (median of rounds)", figures["stress"], "same typing, autosave off",
           figures["off"], "ms", "<= 50 ms")
    report("longest stall, autosave on, worst round", max(stall(r["gaps"]) for r in runs["on"]),
           "empty window, worst round", max(stall(r["gaps"]) for r in runs["empty"]), "ms", "-")
    on = runs["on"]
    report("snapshot of the plan on the GUI thread", statistics.median(r["snapshot"] for r in on),
           "one save_draft on the worker", statistics.median(r["save"] for r in on), "ms", "-")


if __name__ == "__main__":
    main()
