"""The exchange part of the status bar: pending changes, last export, last import (and open
conflicts), with the heartbeat of the outbox and of the inbox folders.

Every 30 seconds (and soon after any change; at once on the Exchange screen's "Check now") a
worker reads the destinations and the inbox folders. When a destination set to export
automatically is reachable and has changes pending, an export job (a write task) sends them.
When bundles from other computers wait in a reachable inbox folder, an import job (a write task)
imports each, one transaction per bundle; open screens are told (DataChanges) and the status bar
says what came in. A bundle that cannot be read is said once, here and on the Exchange screen,
and set aside until its file changes. Nothing runs while the vault is locked.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from careplan_desktop.exchange.inbox_folders import check_inbox_folders, import_waiting
from careplan_desktop.exchange.outbox import check_destinations, exchange_status

from ..context import AppContext
from ..dates import local_time
from . import jobs
from .jobs import when


def short_when(moment: dt.datetime | None) -> str:
    """"14:05" today, "3 Nov" otherwise: the status bar is narrow."""
    if moment is None:
        return "never"
    moment = local_time(moment)
    return f"{moment:%H:%M}" if moment.date() == dt.date.today() else f"{moment:%d %b}".lstrip("0")


FIRST_CHECK_MS = 3_000  # soon after start-up, once the register is on screen
CHECK_INTERVAL_MS = 30_000
AFTER_CHANGE_MS = 2_000  # a burst of saves gives one read
NOTICE_MS = 60_000  # how long what came in (or could not be read) stays in the status bar


class ExchangeStatusLabel(QLabel):
    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("status_exchange")
        self.setAccessibleName("Sync by file")
        self.context = context
        self._checking = False
        self._exporting = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)
        self.timer.start()
        QTimer.singleShot(min(FIRST_CHECK_MS, interval_ms), self, self.check_now)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(AFTER_CHANGE_MS)
        self.soon.timeout.connect(self.check_now)
        self._importing = False
        self._told_no_key = False
        self._again = False  # "Check now" while a check runs: another one after it
        self.last_notice = ""  # the last thing said in the status bar about the inbox folders
        context.changes.changed.connect(self._changed)  # a bound slot: disconnected with the label

    def _changed(self, what: frozenset) -> None:
        if jobs.CHECK_NOW in what:
            self.soon.stop()
            self._again = self._checking
            self.check_now()
        else:
            self.soon.start()

    def check_now(self) -> None:
        """Read the destinations and the totals; export to reachable auto-export destinations."""
        if not self.context.is_unlocked or self._checking:
            if not self.context.is_unlocked:
                self.setText("")
            return
        vault = self.context.open_vault()
        self._checking = True

        def read(control):
            destinations = check_destinations(vault)
            waiting = any(inbox.waiting for inbox in check_inbox_folders(vault))
            return destinations, exchange_status(vault), waiting

        try:
            self.context.tasks.read(read, name="exchange check", on_finished=self._checked,
                                    on_failed=self._check_failed, on_cancelled=self._check_failed)
        except RuntimeError:  # the runner is shut down: the window is closing
            self._checking = False

    def _check_failed(self, *_message) -> None:
        self._checking = False

    def _checked(self, result) -> None:
        self._checking = False
        if not self.context.is_unlocked:
            self.setText("")
            return
        destinations, status, waiting = result
        self.show_status(status)
        if waiting and not self._importing:
            self._import()
        # changes only: audit events alone (the export writes one) wait for the next bundle
        due = {d.id for d in destinations if d.auto_export and d.reachable and d.pending.changes}
        if due and not self._exporting:
            self._export(due)
        if self._again:  # "Check now" came while this check ran: what it asked for may be newer
            self._again = False
            self.check_now()

    def _import(self) -> None:
        """Import what waits in the inbox folders (one transaction per bundle, on the write worker)."""
        vault = self.context.open_vault()
        self._importing = True

        def done(round_) -> None:
            self._importing = False
            if not self.context.is_unlocked:
                return
            notice = jobs.inbox_notice(round_)
            if round_.no_key and not (round_.imported or round_.refused):
                notice, self._told_no_key = ("" if self._told_no_key else notice), True  # said once, not every 30 s
            if notice:  # what was imported reaches open screens by itself (ui.changes)
                self.tell(notice)
                self.context.changes.notify(jobs.EXCHANGE)  # the Exchange screen re-reads
            if round_.imported:
                self.soon.stop()
                self.check_now()  # the totals after the import

        def failed(message: str) -> None:
            self._importing = False
            self.setToolTip(message)
            if message:  # never a bare exception name: the round itself never fails (issue 14)
                self.tell("The inbox folders could not be looked into just now; they are tried again in a moment.")

        self.context.tasks.write(lambda control: import_waiting(vault), name="import from inbox folders",
                                 on_finished=done, on_failed=failed, on_cancelled=lambda: failed(""))

    def tell(self, text: str) -> None:
        """Say it once in the status bar (it stays a minute, or until the next message)."""
        self.last_notice = text
        bar = self.parentWidget()
        if isinstance(bar, QStatusBar):
            bar.showMessage(text, NOTICE_MS)

    def _export(self, destination_ids: set[int]) -> None:
        vault = self.context.open_vault()
        self._exporting = True

        def done(round_) -> None:
            self._exporting = False
            if round_.exported:
                self.context.changes.notify(jobs.EXCHANGE)  # the Exchange screen re-reads
                self.soon.stop()
                self.check_now()  # the totals after the export

        def failed(message: str) -> None:
            self._exporting = False
            self.setToolTip(message)

        self.context.tasks.write(lambda control: jobs.export_pending(vault, destination_ids, only_auto=True),
                                 name="auto export", on_finished=done, on_failed=failed,
                                 on_cancelled=lambda: failed(""))

    def show_status(self, status) -> None:
        text = (f"To send: {status.pending_changes} · Exported: {short_when(status.last_export_at)} · "
                f"Imported: {short_when(status.last_import_at)}")
        if status.open_conflicts:
            text += f" · Conflicts: {status.open_conflicts}"
        self.setText(text)
        self.setToolTip(f"{status.pending_changes} changes waiting to be exported. Last successful export: "
                        f"{when(status.last_export_at)}; last import: {when(status.last_import_at)}.")

    def stop(self) -> None:
        self.timer.stop()
        self.soon.stop()
