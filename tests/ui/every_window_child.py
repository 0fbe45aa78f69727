"""Open every area and dialog (ui/every_window.WINDOWS) on a demo vault, on a 1366x768 screen,
at a text size, and write what access_checks finds about each as JSON. Run as its own process
by tests/ui/test_every_window.py, because the screen's size is fixed when Qt starts and the
text size is the whole application's:

    python tests/ui/every_window_child.py OUT.json PERCENT FOLDER [--palette dark|high_contrast] [--vault DEMO.vault] [KEY ...]

With --vault, the windows open on that demo vault (a copy the test made, with its key slots
beside it, locked) instead of one made here.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path[:0] = [str(HERE.parents[2]), str(HERE.parents[2] / "src")]


def screen_config(folder: Path, width: int = 1366, height: int = 768) -> str:
    """The offscreen platform with one screen of this size (Qt's offscreen configfile)."""
    config = folder / "screen.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
                                  "screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return f"offscreen:configfile={config}"


def open_on_demo_vault(folder: Path, patients: int = 30, vault_path: Path | None = None):
    """The main window on a demo vault, unlocked and shown: a `Walk`. The vault is `vault_path`
    (a demo vault, locked) or, without it, a new one made in `folder`."""
    from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault
    from careplan_desktop.store import Vault
    from careplan_desktop.ui.application import build_context
    from careplan_desktop.ui.every_window import Walk
    from careplan_desktop.ui.main_window import MainWindow

    if vault_path is None:
        vault_path = Path(tempfile.mkdtemp(prefix="vault-", dir=folder)) / "demo.vault"
        create_demo_vault(vault_path, DEMO_PASSPHRASE, patients=patients).lock()
    context = build_context(vault_path, demo_passphrase=DEMO_PASSPHRASE)
    context.vault = Vault.unlock(vault_path, DEMO_PASSPHRASE)
    window = MainWindow(context)
    window.show()
    window.vault_opened()
    return Walk(window, folder)


def main(argv: list[str]) -> int:
    out, percent, folder = Path(argv[1]), int(argv[2]), Path(argv[3])
    rest = argv[4:]
    palette = "light"
    if rest[:1] == ["--palette"]:
        palette, rest = rest[1], rest[2:]
    vault_path = None
    if rest[:1] == ["--vault"]:
        vault_path, rest = Path(rest[1]), rest[2:]
    only = set(rest) or None
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["QT_QPA_PLATFORM"] = screen_config(folder)
    os.environ["CAREPLAN_DATA_DIR"] = str(folder / "data")

    from careplan_desktop.ui.application import make_application
    from careplan_desktop.ui.every_window import visit_every_window
    from careplan_desktop.ui.palette import PALETTES
    from careplan_desktop.ui.text_size import apply_text_size
    from tests.ui import access_checks as checks

    app = make_application()
    apply_text_size(percent, app)
    if PALETTES[palette] is not None:  # a desktop in dark mode, or high contrast
        app.setPalette(PALETTES[palette]())
    walk = open_on_demo_vault(folder, vault_path=vault_path)
    window = walk.window
    found: dict[str, dict] = {}

    def visit(shown, widget) -> None:
        frame = widget.frameGeometry()
        found[shown.key] = {
            "name": shown.name,
            "size": [frame.width(), frame.height()],
            "size_problems": checks.size_problems(widget),
            "button_problems": checks.button_problems(widget),
            "name_problems": checks.name_problems(widget),
            "mnemonic_problems": checks.mnemonic_problems(widget),
            "colour_problems": checks.colour_problems(widget),
        }

    visit_every_window(walk, visit, only)
    main_frame = window.frameGeometry()
    found["main_window"] = {"name": "Main window", "size": [main_frame.width(), main_frame.height()],
                            "size_problems": checks.size_problems(window), "button_problems": [],
                            "name_problems": [], "mnemonic_problems": [],
                            "colour_problems": checks.colour_problems(window)}
    out.write_text(json.dumps(found, indent=1), encoding="utf-8")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
