"""UI fixtures: an AppContext on a fresh vault, a demo vault made in the test's own folder,
and a main window that is closed (and its jobs finished) at teardown."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.store.settings import load_settings
from careplan_desktop.store import Vault
from careplan_desktop.ui.changes import DataChanges
from careplan_desktop.ui.context import AppContext
from careplan_desktop.ui.main_window import MainWindow
from careplan_desktop.ui.workers import TaskRunner


@pytest.fixture(scope="session")
def demo_day() -> dt.date:
    """The day the demo vault is made on. A test that compares with the demo's dates uses this
    (and gives it to its context as today), not the clock: a run can pass midnight."""
    return dt.date.today()


@pytest.fixture(scope="session")
def demo_vault_template(demo_vaults, demo_day: dt.date) -> Path:
    """Made once per run with create_demo_vault (about a second); tests get their own copy."""
    return demo_vaults.template(DEMO_PASSPHRASE, 50, 1, demo_day)


@pytest.fixture
def demo_vault_path(tmp_path: Path, demo_vaults, demo_day: dt.date) -> Path:
    """A fresh copy of a demo vault (Lorna, Jack, James and 50 made-up people), locked."""
    return demo_vaults.copy(tmp_path / "demo" / "demo.vault", DEMO_PASSPHRASE, patients=50, today=demo_day)


@pytest.fixture
def make_context(qapp) -> Iterator[Callable[..., AppContext]]:
    made: list[AppContext] = []

    def make(vault_path: Path, vault: Vault | None = None, *, pool=None, today: dt.date | None = None) -> AppContext:
        context = AppContext(
            vault_path=vault_path,
            settings=load_settings(),
            changes=DataChanges(),
            tasks=TaskRunner(pool),
            vault=vault,
        )
        if today is not None:  # the screens' today, pinned
            context.today = lambda: today
        made.append(context)
        return context

    yield make
    for context in made:
        context.tasks.shutdown()
        assert context.tasks.active_count == 0
        if context.vault is not None:
            context.vault.lock()


@pytest.fixture
def open_window(qtbot) -> Iterator[Callable[..., MainWindow]]:
    """Show a main window on an unlocked context; closed at teardown with every job ended."""
    windows: list[MainWindow] = []

    def open_(context: AppContext, **options) -> MainWindow:
        window = MainWindow(context, **options)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        window.vault_opened()
        return window

    yield open_
    asked: list[str] = []

    def refuse_questions() -> None:
        """A question left open at closing (unsaved text, say) would wait for ever offscreen:
        note it and close it, so the test fails saying so instead of hanging the run."""
        box = QApplication.activeModalWidget()
        if box is not None:
            asked.append(box.windowTitle() or type(box).__name__)
            box.close()

    watcher = QTimer()
    watcher.timeout.connect(refuse_questions)
    watcher.start(200)
    try:
        for window in windows:
            window.close()
    finally:
        watcher.stop()
    assert not asked, f"closing the window asked a question the test left open: {asked}"
    for window in windows:
        assert window.context.tasks.active_count == 0
        assert window.context.vault is None
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, 0)


@pytest.fixture
def two_vaults(tmp_path: Path, demo_vault_path: Path):
    """"Practice hub" and "Andrea's laptop": two copies of one demo vault, one practice key;
    each as (path, unlocked vault)."""
    from careplan_desktop.exchange import keys
    from tests.exchange.helpers import introduce

    hub = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    keys.create_and_install_key(hub, tmp_path / "practice.key", practice="Ashby Green")
    keys.name_this_device(hub, "Practice hub")
    hub.lock()
    laptop_path = tmp_path / "laptop" / "laptop.vault"
    laptop_path.parent.mkdir()
    shutil.copy(demo_vault_path, laptop_path)
    shutil.copy(f"{demo_vault_path}.keys", f"{laptop_path}.keys")  # who signs in travels with a copied vault
    laptop = Vault.unlock(laptop_path, DEMO_PASSPHRASE)
    keys.name_this_device(laptop, "Andrea's laptop", new_identity=True)
    hub = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    introduce(hub, laptop)  # each computer's signing key confirmed on the other (issue 14)
    return (demo_vault_path, hub), (laptop_path, laptop)
