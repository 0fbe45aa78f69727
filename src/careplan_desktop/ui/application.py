"""The GUI's composition root: the QApplication, the AppContext, the first dialog (create or
unlock) and the main window. Nothing else wires things together.

`--demo` makes a fresh throwaway demo vault in a new temporary folder, locks it, and shows
the unlock dialog with the demo passphrase; the folder is removed at exit.

CAREPLAN_SCREENSHOT=FOLDER runs a tour instead of waiting for a person: it saves a PNG of
every area and dialog (ui/every_window.py) into FOLDER, then quits (ui/screenshots.py). It is
for the README and for looking at the screens under Xvfb, at any --text-size.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QStyleFactory

from careplan_desktop import __version__
from careplan_desktop.domain.paths import default_vault_path
from careplan_desktop.store.settings import load_settings
from careplan_desktop.store import Vault

from .backup.daily import start_daily_backup
from .changes import DataChanges
from .context import AppContext
from .main_window import MainWindow, warm_up
from .text_size import apply_text_size, fix_for_session, starting_size
from .unexpected import UnexpectedErrors
from .vault import CreateVaultDialog, UnlockDialog
from .workers import TaskRunner

log = logging.getLogger(__name__)

SCREENSHOT_ENV = "CAREPLAN_SCREENSHOT"


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setApplicationName("CarePlan Desktop")
    QGuiApplication.setApplicationDisplayName("CarePlan Desktop")
    QGuiApplication.setOrganizationName("CarePlan")
    QGuiApplication.setApplicationVersion(__version__)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    if "Fusion" in QStyleFactory.keys():
        app.setStyle("Fusion")  # the same look everywhere; the system font (and its size) stays
    return app


def build_context(vault_path: Path, *, demo_passphrase: str | None = None) -> AppContext:
    return AppContext(
        vault_path=vault_path,
        settings=load_settings(),
        changes=DataChanges(),
        tasks=TaskRunner(),
        demo_passphrase=demo_passphrase,
    )


def make_demo_vault(folder: Path, patients: int) -> tuple[Path, str]:
    """(vault path, passphrase): a new demo vault in `folder`, locked."""
    from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE, create_demo_vault

    path = folder / "demo.vault"
    vault = create_demo_vault(path, DEMO_PASSPHRASE, patients=patients)
    vault.lock()
    return path, DEMO_PASSPHRASE


def make_demo_vault_showing_progress(folder: Path, patients: int) -> tuple[Path, str]:
    """The same, off the GUI thread behind a busy dialog (50,000 people take about a minute)."""
    runner = TaskRunner()
    busy = QProgressDialog(f"Making a demo vault with {patients + 3:,} made-up people…", "", 0, 0)
    busy.setCancelButton(None)
    busy.setWindowTitle("CarePlan Desktop")
    busy.setMinimumDuration(0)
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def ended(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    runner.write(
        lambda control: make_demo_vault(folder, patients),
        name="make demo vault",
        on_finished=lambda result: ended("result", result),
        on_failed=lambda message: ended("failed", message),
    )
    busy.show()
    if not outcome:
        loop.exec()
    busy.close()
    runner.shutdown()
    if "failed" in outcome:
        raise RuntimeError(str(outcome["failed"]))
    return outcome["result"]  # type: ignore[return-value]


def open_first_vault(context: AppContext) -> Vault | None:
    """The create dialog when there is no vault yet, else the unlock dialog; None means quit."""
    if context.vault_path.exists():
        dialog: QDialog = UnlockDialog(context.vault_path, demo_passphrase=context.demo_passphrase)
    else:
        dialog = CreateVaultDialog(context.vault_path)
    if os.environ.get(SCREENSHOT_ENV):
        from .screenshots import unlock_for_tour

        unlock_for_tour(dialog, Path(os.environ[SCREENSHOT_ENV]))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    vault = dialog.vault if accepted else None  # type: ignore[attr-defined]
    dialog.deleteLater()
    if vault is not None and not os.environ.get(SCREENSHOT_ENV):
        from .practice.first_run import set_up_practice

        context.vault = vault
        set_up_practice(context)  # a new vault goes on to the practice's details
    return vault


def run_gui(args: argparse.Namespace) -> int:
    app = make_application()
    if os.environ.get(SCREENSHOT_ENV):
        from .screenshots import apply_tour_palette

        apply_tour_palette(app)
    demo_folder: Path | None = None
    demo_passphrase: str | None = None
    try:
        if getattr(args, "demo", False):
            demo_folder = Path(tempfile.mkdtemp(prefix="careplan-demo-"))
            vault_path, demo_passphrase = make_demo_vault_showing_progress(demo_folder, getattr(args, "patients", 200))
        else:
            vault_path = Path(args.vault) if getattr(args, "vault", None) else default_vault_path()
        context = build_context(vault_path, demo_passphrase=demo_passphrase)
        asked = getattr(args, "text_size", None)
        apply_text_size(starting_size(context.settings, asked), app)
        if asked:
            fix_for_session(app)  # --text-size wins over a signed-in person's remembered size
        # while the passphrase is typed: import and map what the register's first paint leaves out
        context.tasks.read(lambda control: warm_up(), name="warm up")
        vault = open_first_vault(context)
        if vault is None:
            context.tasks.shutdown()
            return 0
        context.vault = vault
        window = MainWindow(context)
        errors = UnexpectedErrors(window)  # a slot that raises is logged (no data) and shown; the app goes on
        errors.install()
        window.closed.connect(app.quit)  # Quit, Ctrl+Q, or Quit in the unlock dialog
        window.show()
        window.vault_opened()
        start_daily_backup(context, lambda text: window.statusBar().showMessage(text, 15000))
        if os.environ.get(SCREENSHOT_ENV):
            from .screenshots import run_tour

            QTimer.singleShot(0, lambda: run_tour(window, Path(os.environ[SCREENSHOT_ENV])))
        code = app.exec()
        errors.uninstall()
        window.close()  # idempotent: locks the vault and finishes every job
        window.deleteLater()
        QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)  # none left for a later loop
        return code
    finally:
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)
