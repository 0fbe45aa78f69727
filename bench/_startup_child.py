"""Child process for bench_startup.py: start, show a window, say when it is visible.

`empty`: an empty PySide6 main window. `app VAULT`: CarePlan Desktop's main window on VAULT,
unlocked with the passphrase in CAREPLAN_PASSPHRASE (the demo one, set by bench_startup.py,
which does not import the demo generator here), visible once the register shows everyone. Prints
`VISIBLE <seconds spent deriving the key> <resident memory in MB>` and exits.
"""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def settle(app, until) -> None:
    deadline = time.monotonic() + 120
    while not until() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()


def empty() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    settle(app, window.isVisible)
    window.grab()  # one real paint, as the app's register gets
    print(f"VISIBLE 0 {resident_mb():.1f}", flush=True)


def careplan(vault_path: str) -> None:
    from careplan_desktop.ui.startup_probe import time_key_derivation

    spent = time_key_derivation()  # the key slot's Argon2id, left out of the start-up figure
    from pathlib import Path

    from careplan_desktop.store import Vault
    from careplan_desktop.ui.application import build_context, make_application
    from careplan_desktop.ui.main_window import MainWindow

    app = make_application()
    context = build_context(Path(vault_path))
    context.vault = Vault.unlock(Path(vault_path), os.environ["CAREPLAN_PASSPHRASE"])
    window = MainWindow(context)
    window.show()
    window.vault_opened()
    register = window.screens["register"]
    settle(app, lambda: register.model.rowCount() > 0)
    window.grab()
    print(f"VISIBLE {spent[0]:.4f} {resident_mb():.1f}", flush=True)
    if "--search" in sys.argv:  # memory with the search index built and a search done
        register.model.build_search()
        register.search.setText("jack")
        settle(app, lambda: True)
        window.grab()
        print(f"SEARCHED {resident_mb():.1f}", flush=True)
    window.close()


if __name__ == "__main__":
    if sys.argv[1] == "empty":
        empty()
    else:
        careplan(sys.argv[2])
