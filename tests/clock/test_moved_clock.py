"""The moved clock (sitecustomize.py here) moves Python's wall clock in a process and its children,
on the UK's clock, and leaves alone what waits and timers run on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

PROBE = textwrap.dedent("""
    import datetime as dt, json, subprocess, sys, threading, time

    started = time.monotonic()
    now = dt.datetime.now()
    fired = threading.Event()
    threading.Timer(0.2, fired.set).start()
    waited = fired.wait(10)  # a timed wait on a timer thread (libfaketime hung here)
    time.sleep(0.05)

    from PySide6.QtCore import QCoreApplication, QTimer
    app = QCoreApplication([])
    ticks = []
    QTimer.singleShot(150, lambda: (ticks.append(time.monotonic()), app.quit()))
    QTimer.singleShot(5000, app.quit)  # a way out if the first never fires
    before = time.monotonic()
    app.exec()

    child = subprocess.run([sys.executable, "-c", "import datetime; print(datetime.datetime.now().isoformat())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    print(json.dumps({
        "now": now.isoformat(), "utc": dt.datetime.now(dt.timezone.utc).isoformat(), "zone": time.strftime("%Z"),
        "waited": waited, "qt_timer_after": ticks[0] - before if ticks else None, "child": child,
        "elapsed": time.monotonic() - started, "later": dt.datetime.now().isoformat(),
    }))
""")


def probe(moment: str) -> dict:
    env = {**os.environ, "CAREPLAN_FAKE_NOW": moment, "TZ": "Europe/London", "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))}
    env.pop("CAREPLAN_FAKE_ANCHOR", None)  # a timeline of its own, not this run's
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("moment", "utc", "zone"), [
    ("2027-03-28T00:30", "2027-03-28T00:30", "GMT"),  # half an hour before British Summer Time starts
    ("2027-10-31T01:30", "2027-10-31T00:30", "BST"),  # an hour that happens twice: the first, in summer time
    ("2028-02-29T12:00", "2028-02-29T12:00", "GMT"),
])
def test_a_moved_clock_moves_python_and_its_children_and_leaves_waits_alone(moment, utc, zone) -> None:
    import datetime as dt

    seen = probe(moment)
    start = dt.datetime.fromisoformat(moment)
    now, later, child = (dt.datetime.fromisoformat(seen[k]) for k in ("now", "later", "child"))
    assert dt.timedelta(0) <= now - start < dt.timedelta(seconds=30)
    assert seen["utc"].startswith(utc) and seen["zone"] == zone
    assert seen["waited"], "a timed thread wait never ended"
    assert seen["qt_timer_after"] is not None and 0.1 <= seen["qt_timer_after"] < 4, "a Qt timer did not fire on time"
    # the clock ticks, and a child carries on from where its parent is, not from the moment again
    assert later - now >= dt.timedelta(seconds=0.2)
    assert now < child <= later
    assert seen["elapsed"] >= 0.25  # the monotonic clock ran on


def test_without_the_variable_nothing_moves() -> None:
    import datetime as dt

    env = {k: v for k, v in os.environ.items() if k not in ("CAREPLAN_FAKE_NOW", "CAREPLAN_FAKE_ANCHOR")}
    env["PYTHONPATH"] = str(HERE)
    done = subprocess.run([sys.executable, "-c", "import time; print(time.time()); import sys; "
                           "print('time_machine' in sys.modules)"], env=env, capture_output=True, text=True, timeout=60)
    stamp, imported = done.stdout.split()
    real = dt.datetime.now(dt.timezone.utc).timestamp() if "CAREPLAN_FAKE_NOW" not in os.environ else None
    if real is not None:
        assert abs(float(stamp) - real) < 60
    assert imported == "False"
