"""The bottom layer: pure helpers every other layer may use, and that import nothing of ours.

NHS numbers, UK dates, working days, the wording and reference files in resources/ (a
practice's override wins), CSV reading and where things live on disk (`paths`). No database,
no Qt, no I/O beyond reading bundled or overridden resource files.
"""
