"""The app side of the AT-SPI test: under Xvfb and a D-Bus session (xvfb-run dbus-run-session),
start the accessibility bus, open the main window on a demo vault with Lorna's overview, let
atspi_reader.py (another process, as a screen reader is) read it, then open her consultation
and let it read that; write both readings as JSON:

    xvfb-run -a dbus-run-session -- python tests/ui/atspi_child.py OUT.json [DEMO.vault]

With DEMO.vault (a demo vault the test made, locked) the window opens on it; without, on one made here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path[:0] = [str(HERE.parents[2]), str(HERE.parents[2] / "src")]
LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
SYSTEM_PYTHON = "/usr/bin/python3"


def start_accessibility_bus() -> subprocess.Popen:
    bus = subprocess.Popen([LAUNCHER, "--launch-immediately"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        asked = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                                "org.a11y.Bus.GetAddress"], capture_output=True, text=True)
        if asked.returncode == 0 and "unix:" in asked.stdout:
            return bus
        time.sleep(0.1)
    raise RuntimeError("the accessibility bus did not start")


def main(argv: list[str]) -> int:
    out = Path(argv[1])
    vault_path = Path(argv[2]) if len(argv) > 2 else None  # a demo vault the test made (locked), or none
    bus = start_accessibility_bus()
    os.environ["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    folder = Path(tempfile.mkdtemp(prefix="careplan-atspi-"))
    os.environ["CAREPLAN_DATA_DIR"] = str(folder / "data")

    from PySide6.QtWidgets import QApplication

    from careplan_desktop.ui.application import make_application
    from careplan_desktop.ui.every_window import AREA_OPENERS
    from tests.ui.every_window_child import open_on_demo_vault

    app = make_application()
    walk = open_on_demo_vault(folder, patients=10, vault_path=vault_path)
    window = walk.window

    def read_aloud() -> dict:
        reader = subprocess.Popen([SYSTEM_PYTHON, str(HERE.parent / "atspi_reader.py"), app.applicationName()],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")})
        end = time.monotonic() + 120
        while reader.poll() is None and time.monotonic() < end:
            QApplication.processEvents()  # the app answers the reader's questions meanwhile
            time.sleep(0.0005)
        if reader.poll() is None:
            reader.kill()
            return {"error": "the reader did not finish"}
        output, errors = reader.communicate()
        try:
            return json.loads(output)
        except ValueError:
            return {"error": errors[-2000:]}

    readings = {}
    walk.person()
    walk.settle()
    readings["register"] = read_aloud()
    AREA_OPENERS["consultation"](walk)
    readings["consultation"] = read_aloud()
    out.write_text(json.dumps(readings), encoding="utf-8")
    window.close()
    bus.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
