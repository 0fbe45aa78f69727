"""The Exchange area (issue 8): sync by file through encrypted bundles, the conflicts inbox,
and the exchange part of the status bar. The core is `careplan_desktop.exchange` (no Qt).

* screen.py           ExchangeScreen (the area): runs every read and write through context.tasks.
* sending.py          the "Sending and receiving" tab: this computer, the key, destinations.
* conflicts_panel.py  the conflicts inbox: the two versions side by side, keep one or merge.
* status.py           the status bar label and the 30-second outbox check with automatic export.
* jobs.py             the work itself, as plain functions calling the core (no Qt, no SQL).
"""
