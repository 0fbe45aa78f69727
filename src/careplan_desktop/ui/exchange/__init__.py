"""The Exchange area (issue 8): sync by file through encrypted bundles, the conflicts inbox,
and the exchange part of the status bar. The core is `careplan_desktop.exchange`."""
