"""The composition root: parse the command line, then run a headless command or the GUI.

Headless commands never import Qt; the GUI is imported only when it is needed.
"""

from __future__ import annotations

import sys

from . import cli
from .logging_setup import configure_logging


def main(argv: list[str] | None = None) -> int:
    parser = cli.build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    configure_logging()
    if args.command:
        return cli.run(args)
    from .ui.application import run_gui

    return run_gui(args)
