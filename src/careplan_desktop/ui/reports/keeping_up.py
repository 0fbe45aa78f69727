"""Keeping the report's facts up to date while the app is used (issue 15: every figure in about
a second). A little after records change, once nobody has typed for a while, the people whose
records changed have their facts rebuilt on a worker, a few at a time (each few one short
transaction: a save waits for at most one), so the Reports area rarely finds any to rebuild
first. After unlocking it starts once by itself: the first time after the upgrade that brought
the facts, that gets everyone's ready in the background.

Nothing is shown: if it fails (a full disk), the next report tries again and says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from careplan_desktop.ui.context import AppContext

log = logging.getLogger(__name__)

KEEP_UP_AFTER_MS = 20_000  # after the last change, and after the last key or click
CHUNK = 100  # people a transaction: short enough that a save never waits long


class FactsKeeper(QObject):
    def __init__(self, context: AppContext, quiet_for: Callable[[], float], parent: QObject | None = None,
                 *, after_ms: int = KEEP_UP_AFTER_MS) -> None:
        super().__init__(parent)
        self.context, self.quiet_for, self.after_ms = context, quiet_for, after_ms
        self.running = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(after_ms)
        self.timer.timeout.connect(self._keep_up)
        context.changes.changed.connect(lambda _what: self.timer.start())

    def start(self) -> None:
        """Keep up once the app has been quiet for a while (at unlock)."""
        self.timer.start()

    def _keep_up(self) -> None:
        if not self.context.is_unlocked or self.running:
            return
        if self.quiet_for() * 1000 < self.after_ms:  # not while someone types: later
            self.timer.start()
            return
        from careplan_desktop.services.reports import facts

        vault = self.context.vault
        self.running = True
        try:
            self.context.tasks.read(lambda control: facts.refresh(vault, chunk=CHUNK), name="report facts",
                                    on_finished=self._done, on_failed=self._failed, on_cancelled=self._failed)
        except RuntimeError:  # the runner is shut down: the window is closing
            self.running = False

    def _done(self, _rebuilt: int) -> None:
        self.running = False

    def _failed(self, *_message) -> None:
        self.running = False
        log.warning("the report's facts were not kept up to date; the next report rebuilds them")
