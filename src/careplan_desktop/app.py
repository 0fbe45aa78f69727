"""The composition root: parse the command line, then run a headless command or the GUI.

Headless commands never import Qt; the GUI is imported only when it is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import cli
from .domain.paths import default_vault_path
from .logging_setup import configure_logging


def qt_version() -> str | None:
    """The Qt the GUI runs on (QtCore only: no window, no platform plugin), None without PySide6."""
    try:
        from PySide6 import __version__ as pyside
        from PySide6.QtCore import qVersion
    except ImportError:
        return None
    return f"{qVersion()} (PySide6 {pyside})"


def version_text() -> str:
    from .store.about import about_text

    return about_text(qt_version())


def main(argv: list[str] | None = None) -> int:
    parser = cli.build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.version:
        print(version_text())
        return 0
    configure_logging()
    if args.command:
        return cli.run(args)
    from .preflight import explain_missing_libraries

    if (problem := explain_missing_libraries()) is not None:  # before Qt aborts with its own message
        print(problem, file=sys.stderr)
        return 3
    if os.environ.get("CAREPLAN_STARTUP_PROBE"):  # packaging/build.py times the frozen start-up
        from .ui.startup_probe import run_probe

        return run_probe(Path(args.vault) if args.vault else default_vault_path())
    from .ui.application import run_gui

    return run_gui(args)
