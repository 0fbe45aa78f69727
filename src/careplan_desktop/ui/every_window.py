"""Every area and every dialog of the app, with how to open each on a demo vault: the one list
that the large-text test (tests/ui/test_every_window.py), the accessibility walk and the
screenshot tour (`CAREPLAN_SCREENSHOT`, ui/screenshots.py) go through.

Every area of `ui/areas.py` is in the list already (choosing it in the areas list opens it; an
area that needs a person open gets an opener in `AREA_OPENERS`). A new dialog is one entry in
`WINDOWS`: a key (the screenshot's file name), what a
nurse calls it, and a function that opens it from the main window on a demo vault (Lorna Baxter,
Jack and James are in every demo vault) and returns the window to look at. Open it the way
the app does (the screen's own method), so the walk checks what a nurse gets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from .areas import AREAS

LORNA_SEARCH = "999 000 0018"


class WalkTimeout(RuntimeError):
    pass


class Walk:
    """The main window on an unlocked demo vault, and the helpers the openers share."""

    def __init__(self, window, scratch: Path) -> None:
        self.window = window
        self.context = window.context
        self.scratch = scratch  # a folder for what an opener may write (a new vault's path)
        self.opened: list[QWidget] = []

    def wait(self, condition: Callable[[], bool], timeout_ms: int = 15_000) -> None:
        end = time.monotonic() + timeout_ms / 1000
        while not condition():
            if time.monotonic() > end:
                raise WalkTimeout("a window did not finish loading in time")
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)

    def settle(self) -> None:
        """Let every job the window started end, and the screens paint what they read."""
        self.wait(lambda: not self.context.tasks.is_busy)
        for _ in range(5):
            QCoreApplication.processEvents()

    def person(self, search: str = LORNA_SEARCH):
        """Find the person in the register as a nurse would, and return the register screen
        with their overview open."""
        register = self.window.show_area("register")
        self.wait(lambda: register.model.total_count > 0)
        register.search.setText(search)
        self.wait(lambda: register.model.rowCount() > 0)
        register.table.selectRow(0)
        register.open_selected()
        self.wait(lambda: register.overview.person is not None and register.overview.person.nhs_number.replace(" ", "")
                  == search.replace(" ", ""))
        return register

    def lorna_uuid(self) -> str:
        return self.person().overview.person.uuid

    def plan_window(self):
        register = self.person()
        uuid = register.overview.person.uuid
        plan = register.plan_windows.open(uuid)
        self.wait(lambda: plan.screen.state is not None)
        return plan

    def show(self, dialog: QDialog) -> QDialog:
        if not dialog.isVisible():
            dialog.open()
        self.opened.append(dialog)
        return dialog


def _area(key: str) -> Callable[[Walk], QWidget]:
    def open_(walk: Walk) -> QWidget:
        walk.window.show_area(key)
        walk.settle()
        return walk.window

    return open_


def _register(walk: Walk) -> QWidget:
    from careplan_desktop.services.demo.case_studies import JACK_NHS

    walk.person(JACK_NHS)
    walk.settle()
    return walk.window


def _consultation(walk: Walk) -> QWidget:
    register = walk.person()
    register.overview.findChild(QPushButton, "overview_consultation").click()
    screen = walk.window.screen_for("consultation")
    walk.wait(lambda: screen.ui.states.currentWidget() is not screen.ui.placeholder
              and (screen.draft is not None or screen.ui.start.from_agreed.isVisible()))
    if screen.draft is None:
        screen.ui.start.from_agreed.click()
        walk.wait(lambda: screen.draft is not None)
    walk.settle()
    return walk.window


def _person(walk: Walk) -> QWidget:
    register = walk.person()
    register.entry.edit_person(register.overview.person.uuid)
    walk.settle()
    return register.entry.forms.dialog


def _register_status(walk: Walk) -> QWidget:
    register = walk.person()
    register.ask_register_status(register.overview.person.uuid)
    walk.settle()
    return register.status_dialog


def _results(walk: Walk) -> QWidget:
    from .results import open_results_entry

    register = walk.person()
    dialog = open_results_entry(walk.context, register.overview.person.uuid, register)
    walk.settle()
    return dialog


def _letters(walk: Walk) -> QWidget:
    from .letters import produce_letters

    register = walk.person()
    dialog = produce_letters(walk.context, [register.overview.person.uuid], register)
    walk.settle()
    return dialog


def _plan(walk: Walk) -> QWidget:
    plan = walk.plan_window()
    walk.settle()
    return plan


def _versions(walk: Walk) -> QWidget:
    dialog = walk.plan_window().screen.open_versions()
    walk.settle()
    return dialog


def _printout(walk: Walk) -> QWidget:
    dialog = walk.plan_window().screen.open_printout()
    walk.settle()
    return dialog


def _agree(walk: Walk) -> QWidget:
    screen = walk.plan_window().screen
    if screen.state.draft is None:
        screen.start_new_version()
        walk.wait(lambda: screen.state is not None and screen.state.draft is not None)
    dialog = screen.open_agree()
    walk.wait(lambda: dialog.changes is None or dialog.changes.differences is not None)
    walk.settle()
    return dialog


def _directory(walk: Walk) -> QWidget:
    _consultation(walk)
    screen = walk.window.screen_for("consultation")
    screen.open_directory()
    walk.settle()
    return screen.directory_dialog


def _booking(walk: Walk) -> QWidget:
    recall = walk.window.show_area("recall")
    walk.settle()
    walk.wait(lambda: len(recall.model.people) > 0)
    recall.select_people([person.uuid for person in recall.model.people[:2]])
    dialog = recall.ask_booking()
    walk.settle()
    return dialog


def _invitations(second: bool) -> Callable[[Walk], QWidget]:
    def open_(walk: Walk) -> QWidget:
        recall = walk.window.show_area("recall")
        walk.settle()
        walk.wait(lambda: len(recall.model.people) > 0)
        dialog = recall.invitation_letters([person.uuid for person in recall.model.people[:2]], second=second)
        walk.settle()
        return dialog

    return open_


def _change_level(walk: Walk) -> QWidget:
    register = walk.person()
    register.ask_change_level(register.overview.person.uuid)
    walk.settle()
    return register.status_dialog


def _export(walk: Walk) -> QWidget:
    exchange = walk.window.show_area("exchange")
    walk.wait(lambda: exchange.overview is not None)
    dialog = exchange.open_export_dialog("changed")
    walk.settle()
    return dialog


def _practice_setup(walk: Walk) -> QWidget:
    from .practice.setup_dialog import PracticeSetupDialog

    return walk.show(PracticeSetupDialog(walk.context, walk.window))


def _import_wizard(walk: Walk) -> QWidget:
    from .register_import.wizard import open_import_wizard

    wizard = open_import_wizard(walk.context, walk.window)
    walk.opened.append(wizard)
    return wizard


def _unlock(walk: Walk) -> QWidget:
    from .vault import UnlockDialog

    return walk.show(UnlockDialog(walk.context.vault_path, demo_passphrase=walk.context.demo_passphrase))


def _create_vault(walk: Walk) -> QWidget:
    from .vault import CreateVaultDialog

    return walk.show(CreateVaultDialog(walk.scratch / "new.vault"))


@dataclass(frozen=True)
class Shown:
    key: str  # the screenshot's file name (without .png), and the test's id
    name: str  # what a nurse calls it
    open: Callable[[Walk], QWidget | None]


#: areas that need more than choosing them in the list to show what they are for
AREA_OPENERS: dict[str, Callable[[Walk], QWidget]] = {"register": _register, "consultation": _consultation}

WINDOWS: list[Shown] = [
    Shown("unlock", "Sign in (unlock)", _unlock),
    Shown("create", "Create a vault", _create_vault),
    # every area of the main window (a new area in ui/areas.py is walked without a line here);
    # an area that shows a person is opened on one
    *(Shown(area.key, area.name, AREA_OPENERS.get(area.key, _area(area.key))) for area in AREAS),
    Shown("person-form", "A person's details", _person),
    Shown("register-status", "Register status", _register_status),
    Shown("results-entry", "Enter results", _results),
    Shown("letters", "Results letters", _letters),
    Shown("plan-window", "Care plan window", _plan),
    Shown("plan-versions", "Plan versions", _versions),
    Shown("printout", "Yellow-folder printout", _printout),
    Shown("plan-agree", "Agree the plan", _agree),
    Shown("directory", "Local directory", _directory),
    Shown("booking", "Book appointments", _booking),
    Shown("invitations", "Invitation letters", _invitations(second=False)),
    Shown("second-invitations", "Second invitation letters", _invitations(second=True)),
    Shown("change-level", "Change level of need", _change_level),
    Shown("exchange-export", "Export a plan bundle", _export),
    Shown("practice-setup", "The practice's details", _practice_setup),
    Shown("register-import", "Import the register", _import_wizard),
    Shown("change-passphrase", "Change my passphrase", lambda walk: walk.window.change_my_passphrase()),
    Shown("shortcuts", "Keyboard shortcuts", lambda walk: walk.window.show_shortcuts()),
    Shown("about", "About", lambda walk: (walk.window.show_about(), walk.window.about_dialog)[1]),
]


def close_everything_but(walk: Walk, keep: QWidget) -> None:
    """Close every dialog and extra window the last entry opened (never asking: no edits)."""
    for widget in list(QApplication.topLevelWidgets()):
        if widget is keep or not widget.isVisible():
            continue
        if isinstance(widget, QDialog):
            widget.reject()
        elif widget.isWindow() and widget.objectName() == "plan_window":
            widget.close()
    walk.settle()


def visit_every_window(walk: Walk, visit: Callable[[Shown, QWidget], None],
                       only: set[str] | None = None) -> None:
    """Open each window in turn, hand it to `visit` once loaded, then close it."""
    for shown in WINDOWS:
        if only is not None and shown.key not in only:
            continue
        widget = shown.open(walk)
        if widget is None:
            raise WalkTimeout(f"{shown.name} did not open")
        walk.wait(lambda: widget.isVisible(), 5_000)
        QCoreApplication.processEvents()
        visit(shown, widget)
        close_everything_but(walk, walk.window)
