"""The desktop face of CarePlan Desktop: PySide6 screens over the same services as the CLI.

Only this package imports Qt. `application.run_gui` is the GUI's composition root.
"""

from .compat import guard_singletons

guard_singletons()  # before any Qt call: see compat.py (PySide6 6.12 on CPython 3.11)
