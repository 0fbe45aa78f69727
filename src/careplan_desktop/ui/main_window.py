"""The main window: the areas on the left, the chosen area's screen on the right, the user,
computer and lock state in the status bar.

Shortcuts: Ctrl+F find in the register, Ctrl+L lock, Ctrl+1..9 the areas, Ctrl+Q quit.
While locked the whole workspace is replaced by a plain "locked" page, so no patient widget
is on screen behind the unlock dialog.
"""

from __future__ import annotations


from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from careplan_desktop.services.overrides import OverrideProblem, check_overrides, start_up_report

from .areas import AREAS, Area
from .changes import PRACTICE
from .context import AppContext
from .idle_lock import IdleLock, minutes_to_ms
from .reports.keeping_up import FactsKeeper
from .announce import announce
from .screen import AreaScreen
from .screen_fit import fit_to_screen, scroll_inside
from .text_size import TextSize
from .vault.lock_flow import LockFlow
from .widgets import ElidedLabel, heading, muted

WINDOW_TITLE = "CarePlan Desktop"


def quit_shortcuts() -> list[QKeySequence]:
    """The platform's Quit keys, plus Ctrl+Q where the platform has none (Windows)."""
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    ctrl_q = QKeySequence("Ctrl+Q")
    has_ctrl_q = any(key.matches(ctrl_q) == QKeySequence.SequenceMatch.ExactMatch for key in keys)
    return keys if has_ctrl_q else [*keys, ctrl_q]


WARM_UP_AFTER_MS = 500  # the register is painted, and nobody has typed for this long, before it starts


def warm_up() -> None:
    """Import what start-up left out: every mapped class, and the exchange core."""
    import careplan_desktop.exchange.outbox  # noqa: F401
    from careplan_desktop import models

    models.load_all()


def _check_prompts(path: Path) -> None:
    from .consultation.prompts import read_prompts  # only when the practice has its own copy

    read_prompts(path)


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(
        self,
        context: AppContext,
        *,
        areas: Sequence[Area] = AREAS,
        idle_interval_ms: int | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle(WINDOW_TITLE + (" - demo vault" if context.demo_passphrase else ""))
        self.setObjectName("main_window")
        self._fit_default_size()
        self.areas = list(areas)
        self.screens: dict[str, AreaScreen] = {}
        self._closing = False

        self._build_workspace()
        self._build_menus()
        self._build_status_bar()

        self.lock_flow = LockFlow(context, lambda: list(self.screens.values()), self)
        self.lock_flow.locked.connect(self._show_locked)
        self.lock_flow.unlocked.connect(self._show_unlocked)
        self.lock_flow.quit_requested.connect(self.close)
        self._fixed_idle_interval = idle_interval_ms  # tests pin it; otherwise the practice's minutes
        self.idle = IdleLock(minutes_to_ms(context.practice.lock_minutes) if idle_interval_ms is None
                             else idle_interval_ms, self)
        self.idle.timed_out.connect(self._idle_timed_out)
        self.facts_keeper = FactsKeeper(context, self.idle.quiet_for, self)
        context.tasks.unhandled_failure.connect(self.show_problem)
        context.changes.changed.connect(self._data_changed)
        self._show_locked()

    # -- building ------------------------------------------------------------------------------
    def _fit_default_size(self) -> None:
        """1280 x 800, or what there is of a smaller screen (large scaling, small laptops)."""
        fit_to_screen(self, 1280, 800)

    def _build_workspace(self) -> None:
        self.pages = QStackedWidget(self)  # the workspace, or the locked page
        workspace = QWidget(self.pages)
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.navigation = QListWidget(workspace)
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Areas")
        self.stack = QStackedWidget(workspace)
        self._holders: dict[str, QWidget] = {}
        for position, area in enumerate(self.areas):
            # each area in a holder inside a scroll area: at large text a screen wider or taller
            # than the window scrolls inside it, and never makes the window wider than the screen
            holder = QWidget(self.stack)
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._holders[area.key] = holder
            self.stack.addWidget(scroll_inside(holder, self.stack, name=f"{area.key}_scroll"))
            if position == 0:  # the first area is on screen at once; the others when first shown
                self.screens[area.key] = area.build(self.context)
                holder.layout().addWidget(self.screens[area.key])
            QListWidgetItem(self.style().standardIcon(area.icon), area.name, self.navigation)
        self._fit_navigation()
        self.navigation.currentRowChanged.connect(self._area_chosen)
        self.navigation.setCurrentRow(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.workspace = workspace

        self.locked_page = QWidget(self.pages)
        self.locked_page.setObjectName("locked_page")
        column = QVBoxLayout(self.locked_page)
        column.addStretch(1)
        title = heading("CarePlan Desktop is locked", self.locked_page)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(title)
        note = muted("Sign in with your name and passphrase to carry on.", self.locked_page, factor=1.0)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(note)
        column.addStretch(2)
        self.pages.addWidget(workspace)
        self.pages.addWidget(self.locked_page)
        self.setCentralWidget(self.pages)

    def _fit_navigation(self) -> None:
        """The areas list as wide as its longest name at the current text size."""
        metrics = self.navigation.fontMetrics()
        icon = metrics.height()
        self.navigation.setIconSize(QSize(icon, icon))
        for row in range(self.navigation.count()):
            self.navigation.item(row).setSizeHint(QSize(0, metrics.height() * 2 + 8))
        widest = max((metrics.horizontalAdvance(a.name) for a in self.areas), default=80)
        self.navigation.setFixedWidth(max(widest + icon + 44, metrics.averageCharWidth() * 14))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip("Lock CarePlan Desktop now; your passphrase unlocks it")
        self.lock_action.triggered.connect(lambda: self.lock())
        file_menu.addAction(self.lock_action)
        self.switch_user_action = QAction("S&witch user", self)
        self.switch_user_action.setStatusTip("Lock CarePlan Desktop and sign in as someone else")
        self.switch_user_action.triggered.connect(lambda: self.switch_user())
        file_menu.addAction(self.switch_user_action)
        self.change_passphrase_action = QAction("&Change my passphrase…", self)
        self.change_passphrase_action.triggered.connect(lambda: self.change_my_passphrase())
        file_menu.addAction(self.change_passphrase_action)
        file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcuts(quit_shortcuts())
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        go_menu = self.menuBar().addMenu("&Go")
        self.find_action = QAction("&Find in the register", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_register_search)
        go_menu.addAction(self.find_action)
        go_menu.addSeparator()
        for number, area in enumerate(self.areas[:9], start=1):
            action = QAction(area.name, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, key=area.key: self.show_area(key))
            go_menu.addAction(action)
        self.unlocked_actions = [self.find_action, self.switch_user_action, self.change_passphrase_action,
                                 *go_menu.actions()]

        view_menu = self.menuBar().addMenu("&View")
        self.text_size = TextSize(self.context.settings, self)
        self.text_size.fill_menu(view_menu)
        self.text_size.changed.connect(lambda _: self._fit_navigation())

        help_menu = self.menuBar().addMenu("&Help")
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        self.about_action = QAction("&About CarePlan Desktop", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def show_shortcuts(self):
        """Help > Keyboard shortcuts (F1): every shortcut of this window, read from its menus."""
        from .shortcuts_help import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog = dialog
        dialog.open()
        return dialog

    def show_about(self) -> None:
        """Help > About: versions and where the vault lives (works locked too: no patient data)."""
        from .about import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog = dialog
        dialog.open()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.demo_badge = QLabel(" DEMO VAULT ", self)
        self.demo_badge.setToolTip("Everyone in this vault is made up; it is deleted when you quit.")
        self.demo_badge.setAccessibleName("Demo vault: everyone in it is made up")
        self.demo_badge.setStyleSheet("background:#ffe08a; color:#3d2e00; font-weight:bold; border-radius:3px;")
        self.demo_badge.setVisible(self.context.demo_passphrase is not None)
        self.user_label = ElidedLabel(self)
        self.user_label.setObjectName("status_user")
        self.device_label = ElidedLabel(self)
        self.device_label.setObjectName("status_device")
        self.lock_label = QLabel(self)
        self.lock_label.setObjectName("status_lock")
        self._exchange_status = None  # built once the first screen has loaded (see below)
        self._waiting_for_start_up = False
        for widget in (self.demo_badge, self.user_label, self.device_label, self.lock_label):
            widget.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(widget)
        for widget in (self.demo_badge, self.lock_label):  # never squeezed: as wide as their words
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    @property
    def exchange_status(self):
        """The status bar's exchange label (pending changes, last export and import). It needs
        the exchange core, which builds every mapped class, so it is made after the first
        screen has loaded rather than before the register is on screen."""
        if self._exchange_status is None:
            from .exchange.status import ExchangeStatusLabel

            self._exchange_status = label = ExchangeStatusLabel(self.context, self)
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().insertPermanentWidget(0, label)
        return self._exchange_status

    def _start_up_finished(self, busy: bool) -> None:
        """Once the start-up reads are done (the register is on screen): build the mapped
        classes and the exchange core on a worker, so the first person opened does not wait
        for them and the window stays responsive; then add the exchange label."""
        if busy:
            return
        if self._waiting_for_start_up:
            self._waiting_for_start_up = False
            self.context.tasks.busy_changed.disconnect(self._start_up_finished)
        QTimer.singleShot(WARM_UP_AFTER_MS, self._warm_up)  # after the register's first paint

    def _warm_up(self) -> None:
        if not self.context.is_unlocked or self._closing:
            return
        if self.idle.quiet_for() * 1000 < WARM_UP_AFTER_MS:  # not while someone types: later
            QTimer.singleShot(WARM_UP_AFTER_MS, self._warm_up)
            return
        self.context.tasks.read(lambda control: warm_up(), name="warm up",
                                on_finished=lambda _: self._exchange_status_when_unlocked())

    def _exchange_status_when_unlocked(self) -> None:
        if self.context.is_unlocked and not self._closing:
            _ = self.exchange_status

    # -- areas -----------------------------------------------------------------------------------
    def screen_for(self, key: str) -> AreaScreen:
        """The area's screen, built now if it has not been shown yet (start-up builds only the
        first area's screen, so the register is on screen sooner)."""
        if key not in self.screens:
            area = next(a for a in self.areas if a.key == key)
            screen = area.build(self.context)
            self.screens[key] = screen
            self._holders[key].layout().addWidget(screen)
            lock_flow = getattr(self, "lock_flow", None)  # None while the window is being built
            if lock_flow is not None and self.context.is_unlocked and not lock_flow.is_locked:
                screen.vault_unlocked()
        return self.screens[key]

    def _area_chosen(self, row: int) -> None:
        if 0 <= row < len(self.areas):
            self.screen_for(self.areas[row].key)
            self.stack.setCurrentIndex(row)

    def current_screen(self) -> AreaScreen:
        return self.screen_for(self.areas[max(0, self.stack.currentIndex())].key)

    def show_area(self, key: str) -> AreaScreen:
        index = [area.key for area in self.areas].index(key)
        self.navigation.setCurrentRow(index)
        return self.screen_for(key)

    def focus_register_search(self) -> None:
        if self.lock_flow.is_locked:
            return
        self.show_area("register").focus_search()

    # -- locking ---------------------------------------------------------------------------------
    def vault_opened(self) -> None:
        """Call once the context holds an unlocked vault (at start-up)."""
        self._show_unlocked()
        self.report_broken_overrides()
        for screen in self.screens.values():
            screen.vault_unlocked()
        if self._exchange_status is None:
            if self.context.tasks.is_busy and not self._waiting_for_start_up:
                self._waiting_for_start_up = True
                self.context.tasks.busy_changed.connect(self._start_up_finished)
            else:
                self._start_up_finished(False)

    def lock(self, reason: str = "") -> None:
        if self.context.is_unlocked and not self.lock_flow.is_locked:
            self.lock_flow.lock(reason)

    def _practice_read(self) -> None:
        """The practice's details from the vault into the context, and the idle lock's minutes."""
        practice = self.context.read_practice()
        if self._fixed_idle_interval is None:
            self.idle.set_interval(minutes_to_ms(practice.lock_minutes))

    def _data_changed(self, what: frozenset[str]) -> None:
        if PRACTICE in what and self.context.is_unlocked:
            self._practice_read()

    def switch_user(self) -> bool:
        """Lock and return to sign-in, after each screen has had its say about unsaved work
        (as when quitting): unsaved text is never handed to the next person."""
        if not self.context.is_unlocked or self.lock_flow.is_locked:
            return False
        staying = next((key for key, screen in self.screens.items() if not screen.may_close()), None)
        if staying is not None:
            self.show_area(staying)
            return False
        self.lock_flow.lock(switching=True)
        return True

    def change_my_passphrase(self):
        from .staff.passphrase_dialog import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _idle_timed_out(self) -> None:
        minutes = self.context.practice.lock_minutes
        self.lock(f"Locked after {minutes:g} minute{'s' if minutes != 1 else ''} without use. "
                  "Type your passphrase to carry on.")

    def _show_locked(self) -> None:
        self.idle.stop()
        self.pages.setCurrentWidget(self.locked_page)
        self.workspace.hide()
        for action in self.unlocked_actions:
            action.setEnabled(False)
        self.lock_action.setEnabled(False)
        self.user_label.setText("")
        self.device_label.setText("")
        self.lock_label.setText("Locked")
        announce(self.lock_label, "Locked")

    def _show_unlocked(self) -> None:
        vault = self.context.vault
        if vault is not None and vault.is_open:
            self._practice_read()
        self.pages.setCurrentWidget(self.workspace)
        self.workspace.show()
        for action in self.unlocked_actions:
            action.setEnabled(True)
        self.lock_action.setEnabled(True)
        self.user_label.setText(f"Signed in: {vault.user_name} ({vault.user_role})" if vault else "")
        self.device_label.setText(f"Computer: {vault.device_name}" if vault and vault.device_name else "")
        self.lock_label.setText("Unlocked")
        self.facts_keeper.start()
        announce(self.lock_label, "Unlocked")
        self.text_size.signed_in((vault.actor.user_uuid or "") if vault is not None and vault.is_open else "")
        self.idle.start()
        self.current_screen().setFocus()
        if "register" in self.screens and self.current_screen() is self.screens["register"]:
            self.screens["register"].focus_search()

    # -- problems and closing ----------------------------------------------------------------------
    def report_broken_overrides(self) -> list[OverrideProblem]:
        """Say at once which of the practice's own wording or reference files cannot be used (they
        are also logged, by name): a letter or printout needing one is refused until it is fixed."""
        problems = check_overrides({"wording/consultation_prompts.json": _check_prompts})
        if problems:
            self.show_problem(start_up_report(problems))
        return problems

    def show_problem(self, message: str) -> None:
        """A job failed and nobody else handled it: say so, without blocking."""
        box = QMessageBox(QMessageBox.Icon.Warning, WINDOW_TITLE, message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._closing:
            staying = next((key for key, screen in self.screens.items()
                            if self.context.is_unlocked and not screen.may_close()), None)
            if staying is not None:  # the person chose to stay with work that is not saved: show it
                event.ignore()
                self.show_area(staying)
                return
            self._closing = True
            self.idle.stop()
            self.lock_flow.close_dialog()
            for screen in self.screens.values():
                screen.shutdown()
            tasks = self.context.tasks
            tasks.cancel_reads()
            tasks.wait_for_done()  # saved work is written before the vault locks
            tasks.shutdown()
            for screen in self.screens.values():
                screen.clear_patient_data()
            vault, self.context.vault = self.context.vault, None
            if vault is not None:
                vault.lock()
            self.closed.emit()
        super().closeEvent(event)
