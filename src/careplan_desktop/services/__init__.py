"""Use cases, grouped by area as ui/ is (register, recall, results, letters, planning, review,
directory, demo). No Qt. Each area package is empty at the top, so importing one module loads
only what it needs (start-up stays light: tests/models/test_light_start.py)."""
