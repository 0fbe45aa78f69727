"""Search-as-you-type over 50,000 people: p95 per keystroke, beside the raw SQL query on sqlcipher3.

Each keystroke of a few realistic searches is timed through the register's own search (what the
register screen calls per keystroke) and, as the baseline, through a plain LIKE query on the
same encrypted file with sqlcipher3 (no SQLAlchemy, no Python filtering).
Run: .venv/bin/python bench/bench_search.py [--people 50000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _vaults import demo_vault, percentile, report  # noqa: E402

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE  # noqa: E402
from careplan_desktop.services.register.listing import RegisterSearch, load_register  # noqa: E402
from careplan_desktop.store import Vault  # noqa: E402
from careplan_desktop.store.vault import PRAGMAS, open_keyed_connection, read_salt  # noqa: E402
from careplan_desktop.store.key_slots import read_slots  # noqa: E402

SEARCHES = ("jack morrison", "margaret smith", "999 000 0026", "14/03/1948", "patel", "okafor")


def keystrokes(text: str) -> list[str]:
    return [text[: i + 1] for i in range(len(text))]


def gui_keystrokes(path: Path) -> list[float]:
    """Each keystroke typed into the register screen's search box as a nurse types it: the
    screen filters, the Qt model resets, the count updates and the table repaints (offscreen)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from careplan_desktop.ui.application import build_context, make_application
    from careplan_desktop.ui.main_window import MainWindow

    app = make_application()
    context = build_context(path)
    context.vault = Vault.unlock(path, DEMO_PASSPHRASE)
    window = MainWindow(context)
    window.show()
    window.vault_opened()
    register = window.screens["register"]
    while register.model.rowCount() == 0:
        app.processEvents()
    register.model.build_search()
    app.processEvents()
    timings: list[float] = []
    for text in SEARCHES:
        for character in text:
            start = time.perf_counter()
            QTest.keyClick(register.search, character)
            app.processEvents()  # delivers the update requests: the table and the count repaint
            timings.append((time.perf_counter() - start) * 1000)
        QTest.keyClick(register.search, Qt.Key.Key_Escape)  # clears the search, as a nurse would
        app.processEvents()
    window.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50_000)
    args = parser.parse_args()
    path = demo_vault(args.people)
    vault = Vault.unlock(path, DEMO_PASSPHRASE)
    rows, preferred = load_register(vault)
    search = RegisterSearch(rows, preferred)
    ours: list[float] = []
    for text in SEARCHES:
        for typed in keystrokes(text):
            start = time.perf_counter()
            search.matches(typed)
            ours.append((time.perf_counter() - start) * 1000)
    vault.lock()
    gui = gui_keystrokes(path)

    salt = read_salt(path)
    conn = open_keyed_connection(path, read_slots(path).for_user(None).open(DEMO_PASSPHRASE, salt), salt)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    raw: list[float] = []
    sql = "SELECT id FROM patient WHERE given_name LIKE ? OR family_name LIKE ? OR nhs_number LIKE ?"
    for text in SEARCHES:
        for typed in keystrokes(text):
            pattern = f"%{typed}%"
            start = time.perf_counter()
            conn.execute(sql, (pattern, pattern, f"%{typed.replace(' ', '')}%")).fetchall()
            raw.append((time.perf_counter() - start) * 1000)
    conn.close()
    print(f"{len(rows):,} people, {len(ours)} keystrokes")
    report("search p95 per keystroke", percentile(ours, 0.95), "raw SQL LIKE on sqlcipher3",
           percentile(raw, 0.95), "ms", "<= 30 ms")
    report("search median per keystroke", percentile(ours, 0.5), "raw SQL LIKE on sqlcipher3",
           percentile(raw, 0.5), "ms", "-")
    report("search p95 per keystroke in the register screen (model + table repaint)", percentile(gui, 0.95),
           "raw SQL LIKE on sqlcipher3", percentile(raw, 0.95), "ms", "<= 30 ms")


if __name__ == "__main__":
    main()
