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


def test_agreed_on_is_the_day_on_this_computers_calendar(monkeypatch) -> None:
    """A plan agreed at 00:30 British Summer Time is stored as 23:30 UTC the day before."""
    import datetime as dt
    import time

    from careplan_desktop.domain.dates import local_date
    from careplan_desktop.services.planning.agreement import VersionSummary
    from careplan_desktop.ui.plan.versions_dialog import version_label

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        stored = dt.datetime(2027, 6, 30, 23, 30)
        assert local_date(stored) == dt.date(2027, 7, 1)
        assert local_date(dt.datetime(2027, 12, 31, 23, 30)) == dt.date(2027, 12, 31)  # GMT: no change in winter
        assert local_date(None) is None
        assert "01/07/2027" in version_label(VersionSummary("v", 1, "agreed", stored))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
