"""The Exchange area (issue 8): sync by file through encrypted bundles, the conflicts inbox,
and the exchange part of the status bar. The core is `careplan_desktop.exchange` (no Qt).

* screen.py           ExchangeScreen (the area): runs every read and write through context.tasks.
* sending.py          the "Sending and receiving" tab: this computer, the key, destinations,
                      "Export now" (its menu: chosen people, everything).
* receiving.py        ... its "Receiving" part: the inbox folders watched, bundles that could not
                      be read, "Import a bundle...".
* export_dialog.py    what goes (pending changes, chosen people, everything) and where to.
* people_picker.py    choosing people by searching the register.
* fhir_export.py      one person's agreed plan as a plain FHIR file, after a warning (plan screen).
* conflicts_panel.py  the conflicts inbox: the two versions side by side, keep one or merge.
* status.py           the status bar label and the 30-second check: automatic export to the
                      destinations, import from the inbox folders.
* jobs.py             the work itself, as plain functions calling the core (no Qt, no SQL).
"""
