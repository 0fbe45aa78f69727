"""Times the vault stores (naive UTC) are shown on this computer's clock."""

from __future__ import annotations


def test_a_stored_moment_is_shown_on_this_computers_clock(monkeypatch) -> None:
    import datetime as dt
    import time

    from careplan_desktop.ui.dates import local_time
    from careplan_desktop.ui.exchange.jobs import when

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        summer = dt.datetime(2026, 7, 1, 9, 30)  # naive UTC, as the vault stores it
        assert local_time(summer).strftime("%H:%M") == "10:30"
        assert when(summer) == "01 Jul 2026 10:30"
        assert when(dt.datetime(2026, 12, 1, 9, 30)) == "01 Dec 2026 09:30"  # GMT in winter
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
