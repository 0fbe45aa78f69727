"""Moves Python's wall clock for a whole test run, child processes included.

Put this folder on PYTHONPATH and set CAREPLAN_FAKE_NOW to an ISO date-time on the UK's clock
(Europe/London), e.g. ``2027-03-28T00:30``; every Python process started then (pytest and the
CLI or autosave processes the tests start) begins with `time_machine.travel(..., tick=True)`.
The clock keeps ticking from that moment; the monotonic clock (Qt timers, thread waits,
`time.sleep`) is not touched. Qt's and SQLite's own clocks are not moved either, which is why
the app takes "now" only from Python (tests/test_clock_sources.py).

Processes share one timeline: the first one notes the real time it started in
CAREPLAN_FAKE_ANCHOR, and a child started five seconds later begins five seconds after the moment,
not at the moment again. An ambiguous local time (01:30 on the Sunday British Summer Time ends)
is read as its first occurrence, in summer time.
"""

from __future__ import annotations

import os

_MOMENT = os.environ.get("CAREPLAN_FAKE_NOW", "").strip()

if _MOMENT:
    import datetime as _dt
    import time as _time
    import zoneinfo as _zoneinfo

    import time_machine as _time_machine

    _real_now = _time.time()
    _anchor = float(os.environ.setdefault("CAREPLAN_FAKE_ANCHOR", repr(_real_now)))
    _when = _dt.datetime.fromisoformat(_MOMENT)
    if _when.tzinfo is None:
        _when = _when.replace(tzinfo=_zoneinfo.ZoneInfo("Europe/London"))
    # a plain timestamp: given a datetime with a zone, travel() would also set this process's TZ
    # (to UTC for timezone.utc); the run sets TZ=Europe/London itself
    _time_machine.travel(_when.timestamp() + max(0.0, _real_now - _anchor), tick=True).start()
