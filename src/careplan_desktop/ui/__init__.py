"""The desktop face of CarePlan Desktop: PySide6 screens over the same services as the CLI.

Only this package imports Qt. `application.run_gui` is the GUI's composition root.
"""
