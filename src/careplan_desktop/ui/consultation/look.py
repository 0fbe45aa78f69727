"""Pictures of the consultation workspace, for looking at it (and for docs/screenshots):

    xvfb-run -s "-screen 0 2560x1600x24" .venv/bin/python -m careplan_desktop.ui.consultation.look OUT
    xvfb-run -s "-screen 0 2560x1600x24" .venv/bin/python -m careplan_desktop.ui.consultation.look OUT --font-scale 2

Makes a throwaway demo vault (made-up people only), opens the main window at 1280x800,
opens Lorna's consultation from her last agreed plan, types a little of her story and a goal,
and saves one PNG per section of interest: consultation.png (About me), and -goals,
-wrong (when things go wrong), -medicines, -budget and -future-care (James). `--font-scale 2` doubles the
application font first (a nurse's large system font), and names the files ...-200.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--font-scale", type=float, default=1.0)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="careplan-look-"))
    os.environ.setdefault("CAREPLAN_DATA_DIR", str(folder / "data"))
    try:
        return _run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(args: argparse.Namespace, folder: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault
    from careplan_desktop.services.directory.entries import import_directory_csv, sample_directory_path
    from careplan_desktop.ui.application import build_context, make_application
    from careplan_desktop.ui.main_window import MainWindow

    app = make_application()
    if args.font_scale != 1.0:
        font = app.font()
        font.setPointSizeF(font.pointSizeF() * args.font_scale)
        app.setFont(font)
    path = folder / "look.vault"
    vault = create_demo_vault(path, DEMO_PASSPHRASE, patients=20)
    import_directory_csv(vault, sample_directory_path())
    context = build_context(path, demo_passphrase=DEMO_PASSPHRASE)
    context.vault = vault
    window = MainWindow(context)
    window.resize(args.width, args.height)
    window.show()
    window.vault_opened()

    def settle(condition=lambda: True, seconds: float = 10.0) -> None:
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
        for _ in range(20):
            app.processEvents()
            time.sleep(0.01)

    suffix = "-200" if args.font_scale >= 1.9 else ""
    args.out.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        settle()
        window.grab().save(str(args.out / f"{name}{suffix}.png"))

    def type_into(widget, text: str) -> None:
        widget.setFocus()
        QTest.keyClicks(widget, text)

    from careplan_desktop.services.demo.case_studies import JAMES_NHS, LORNA_NHS
    from careplan_desktop.services.register.listing import load_register

    rows, _ = load_register(vault)
    people = {row.nhs_number: row.uuid for row in rows}
    screen = window.show_area("consultation")
    screen.open_person(people[LORNA_NHS])
    settle(lambda: screen.ui.start.from_agreed.isVisible())
    shoot("consultation-start")
    screen.ui.start.from_agreed.click()
    settle(lambda: screen.draft is not None)
    about = screen.pages["about_me"].fields
    type_into(about["story_new"], "My knees are worse this winter and I had a fall in the kitchen.")
    type_into(about["story_good"], "I still cook my own dinner, and Susan comes every Sunday.")
    type_into(about["story_tough"], "Getting to bingo when my knees are bad.")
    type_into(screen.side.letter.text, "Wants to talk about her feet, and about the stairs at night.")
    screen.show_section("about_me")
    about["story_tough"].setFocus()
    shoot("consultation")
    screen.show_section("goals")
    goals = screen.pages["goals"].goals
    card = goals.add_item()
    type_into(card.editors["text"], "To walk to the corner shop on my own by the summer.")
    shoot("consultation-goals")
    screen.show_section("support")
    shoot("consultation-support")
    screen.show_section("contingency")
    shoot("consultation-wrong")
    screen.show_section("medicines")
    shoot("consultation-medicines")
    if screen.quality is not None:
        screen.side.side_tabs.setCurrentWidget(screen.quality)
        settle()
        shoot("consultation-key-elements")
        screen.side.side_tabs.setCurrentIndex(0)
    screen.open_person(people[JAMES_NHS])
    settle(lambda: screen.ui.start.from_agreed.isVisible())
    screen.ui.start.from_agreed.click()
    settle(lambda: screen.draft is not None)
    screen.show_section("optional")
    page = screen.pages["optional"]
    page.lines.add_button.click()
    line = page.lines.cards[-1]
    type_into(line.editors["amount_pence"], "2,000")
    type_into(line.editors["description"], "Extra physiotherapy")
    shoot("consultation-budget")
    page.end_of_life.set_open(True)  # future care wishes (issue 17), opened and answered "yes"
    page.future_care.choice_buttons["talked"].click()
    settle()
    page.ensureWidgetVisible(page.future_care.on_printout)
    shoot("consultation-future-care")
    window.close()
    app.processEvents()
    del Qt, QApplication
    return 0


if __name__ == "__main__":
    sys.exit(main())
