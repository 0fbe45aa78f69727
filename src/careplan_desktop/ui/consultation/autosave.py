"""Autosave: nothing typed is lost, and typing never waits for the vault.

* Each edit only counts itself and (re)starts a timer: the typing path does no other work.
* When the person pauses (`idle_ms` after the last edit), when edits have gone on for
  `max_wait_ms` without a pause, on leaving a field and on Ctrl+S, `save_now()` takes a
  snapshot of the plan (an immutable `PlanDraft`, built on the GUI thread in well under a
  millisecond) and hands it to the TaskRunner's database worker, which runs `save_draft`.
* Saves are coalesced: at most one runs; asked again meanwhile, one more follows when it ends,
  with the newest snapshot. Never a queue of stale snapshots.
* `flush()` (locking, closing, switching person) waits for a running save and saves what is
  left on the spot: a few milliseconds, at a moment when nobody is typing.
* The status line says "Saving…", "Saved 10:42:13", or what went wrong.
* A save that fails (disk full, vault gone, any error) leaves the text on screen and dirty:
  the status says plainly that it is NOT saved and why, and the save is tried again every
  `retry_ms` until it works. A snapshot a planning rule refused stays dirty too (it is not in
  the vault), but is not retried until something more is typed. `flush()` says False whenever
  something typed is not in the vault, so the screen asks before it is left behind.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from careplan_desktop.services.planning.versions import PlanDraft, PlanRuleError, SavedDraft, save_draft
from careplan_desktop.store import Vault, VaultError

from ..workers import TaskRunner

log = logging.getLogger(__name__)

IDLE_MS = 1500
MAX_WAIT_MS = 5000
RETRY_MS = 5000

SAVING, SAVED, WAITING, PROBLEM = "saving", "saved", "waiting", "problem"


@dataclass(frozen=True)
class Refused:
    """`save_draft` refused the snapshot: the planning rule's message, fit to show."""

    message: str


@dataclass(frozen=True)
class Failed:
    """The save went wrong (not a planning rule): why, in plain words."""

    reason: str


def why_not_saved(error: BaseException) -> str:
    """Plain words for a failed save; never the exception's own text (it can hold data)."""
    if isinstance(error, VaultError):
        return str(error)
    text = str(error).casefold() if isinstance(error, (sqlite3.Error, OSError)) or "sqlite" in type(
        error).__module__ or "sqlalchemy" in type(error).__module__ else ""
    if (isinstance(error, OSError) and error.errno == errno.ENOSPC) or "disk is full" in text \
            or "database or disk is full" in text:
        return "There is no space left on the disk that holds the vault."
    if "locked" in text or "busy" in text:
        return "The vault is busy: another program or window is holding it."
    if isinstance(error, (FileNotFoundError, PermissionError)) or "unable to open" in text \
            or "readonly" in text or "read-only" in text:
        return "The vault file cannot be written: it may have been moved, or its drive unplugged."
    return f"The vault could not be written to ({type(error).__name__})."


def save_snapshot(vault: Vault, draft: PlanDraft, today: dt.date) -> SavedDraft | Refused | Failed:
    """The job run on the database worker (and by `flush` on the GUI thread)."""
    try:
        return save_draft(vault, draft, today=today)
    except PlanRuleError as refused:
        return Refused(str(refused))
    except Exception as error:  # the person must hear of it; the text stays on screen
        log.error("saving the plan failed: %s", type(error).__name__)  # no message: it may hold data
        return Failed(why_not_saved(error))


def not_saved_text(reason: str) -> str:
    return (f"NOT SAVED. {reason} What you typed is still here; saving is tried again every few seconds. "
            "Do not close this window or switch person until it says Saved.")


class Autosave(QObject):
    status_changed = Signal(str, str)  # state, text for the status line
    saved = Signal(object)  # SavedDraft, for the draft being edited
    refused = Signal(str)  # a planning rule's message

    def __init__(
        self,
        tasks: TaskRunner,
        vault: Callable[[], Vault | None],
        snapshot: Callable[[], PlanDraft | None],
        today: Callable[[], dt.date],
        parent: QObject | None = None,
        *,
        idle_ms: int = IDLE_MS,
        max_wait_ms: int = MAX_WAIT_MS,
        retry_ms: int = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self._tasks, self._vault, self._snapshot, self._today = tasks, vault, snapshot, today
        self.enabled = True
        self._edits = 0  # edits counted since the draft was shown
        self._saved_edits = 0  # the edit count the last save that reached the vault covered
        self._refused_edits = -1  # the edit count of a snapshot a planning rule refused
        self.problem = ""  # why the last save did not reach the vault ("" when it did)
        self._running = False
        self._again = False
        self._token = 0  # bumped by `detach`: answers for an earlier draft are not ours
        self.state = SAVED
        self.saves_finished = 0
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_ms)
        self._idle.timeout.connect(self.save_now)
        self._max = QTimer(self)
        self._max.setSingleShot(True)
        self._max.setInterval(max_wait_ms)
        self._max.timeout.connect(self.save_now)
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.setInterval(retry_ms)
        self.retry_timer.timeout.connect(self.save_now)

    # -- the typing path --------------------------------------------------------------------------
    def changed(self) -> None:
        self._edits += 1
        if not self.enabled:
            return
        self._idle.start()
        if not self._max.isActive():
            self._max.start()
        if self.state not in (WAITING, PROBLEM) and not self._running:
            self._set_state(WAITING, "Not saved yet")

    @property
    def is_dirty(self) -> bool:
        return self._edits != self._saved_edits

    @property
    def is_saving(self) -> bool:
        return self._running

    # -- saving -----------------------------------------------------------------------------------
    def save_now(self) -> None:
        self._idle.stop()
        self._max.stop()
        self.retry_timer.stop()
        if not self.is_dirty or not self.enabled:
            return
        if self._running:
            self._again = True
            return
        vault = self._vault()
        draft = self._snapshot()
        if vault is None or draft is None:
            return
        edits, token, today = self._edits, self._token, self._today()
        self._running = True
        if self.state != PROBLEM:  # while it is failing, the warning stays until a save works
            self._set_state(SAVING, "Saving…")
        self._tasks.write(
            lambda control: save_snapshot(vault, draft, today),
            name="autosave plan",
            by=self,  # told with its changes: the consultation ignores its own saves, plan windows reload
            on_finished=lambda outcome: self._finished(outcome, edits, token),
            on_failed=lambda message: self._failed(message, token),
            on_cancelled=lambda: self._cancelled(token),
        )

    def _finished(self, outcome: SavedDraft | Refused | Failed, edits: int, token: int) -> None:
        if token != self._token:
            return
        self._running = False
        self.saves_finished += 1
        if isinstance(outcome, Failed):
            self._fail(outcome.reason)
            self._follow_up()
            return
        if isinstance(outcome, Refused):
            self._refused_edits = edits  # not in the vault, but the same snapshot cannot do better
            self.problem = outcome.message
            self._set_state(PROBLEM, f"NOT SAVED: {outcome.message}")
            self.refused.emit(outcome.message)
        else:
            self._saved_edits = edits
            self.problem = ""
            self.saved.emit(outcome)
            if not self.is_dirty:
                self._set_state(SAVED, f"Saved {dt.datetime.now().strftime('%H:%M:%S')}")
            elif self.state == PROBLEM:
                self._set_state(WAITING, "Not saved yet")
        self._follow_up()

    def _fail(self, reason: str) -> None:
        self.problem = reason
        self._set_state(PROBLEM, not_saved_text(reason))
        if self.enabled:
            self.retry_timer.start()

    def _failed(self, message: str, token: int) -> None:
        """The job itself failed (save_snapshot answers every error, so rarely): as a failure."""
        if token != self._token:
            return
        self._running = False
        self._fail(message)
        self._follow_up()

    def _cancelled(self, token: int) -> None:
        if token == self._token:
            self._running = False

    def _follow_up(self) -> None:
        if self._again and self.is_dirty and not self.retry_timer.isActive():
            self._again = False
            self.save_now()
        elif self.is_dirty and self._edits != self._refused_edits and not self._idle.isActive() \
                and not self.retry_timer.isActive():
            self._idle.start()
        if self.is_dirty and self.state == SAVED:
            self._set_state(WAITING, "Not saved yet")

    def flush(self) -> bool:
        """Save now and wait (lock, close, another person): True when everything typed is in
        the vault; False (the status says why) when it is not. Runs `save_draft` on the GUI
        thread: only at moments nobody is typing."""
        self._idle.stop()
        self._max.stop()
        self.retry_timer.stop()
        if self._running:
            self._tasks.wait_for_done()  # delivers the running save's answer (and any follow-up)
        self._idle.stop()
        self._max.stop()
        self.retry_timer.stop()
        if not self.is_dirty:
            return True
        vault, draft = self._vault(), self._snapshot()
        if vault is None or draft is None:
            return False
        edits = self._edits
        self._finished(save_snapshot(vault, draft, self._today()), edits, self._token)
        return not self.is_dirty

    # -- which draft ------------------------------------------------------------------------------
    def start(self, *, dirty: bool = False) -> None:
        """A draft is now shown: count edits afresh (`dirty` when it already holds unsaved text)."""
        self._token += 1
        self._running = self._again = False
        self._edits, self._saved_edits = (1, 0) if dirty else (0, 0)
        self._refused_edits, self.problem = -1, ""
        self.retry_timer.stop()
        self._set_state(SAVED, "")
        if dirty:
            self.changed()

    def detach(self) -> None:
        """Forget the draft (after `flush`): late answers about it are ignored."""
        self._idle.stop()
        self._max.stop()
        self.retry_timer.stop()
        self._token += 1
        self._running = self._again = False
        self._edits = self._saved_edits = 0
        self._refused_edits, self.problem = -1, ""
        self._set_state(SAVED, "")

    def stop(self) -> None:
        self._idle.stop()
        self._max.stop()
        self.retry_timer.stop()

    def _set_state(self, state: str, text: str) -> None:
        self.state = state
        self.status_changed.emit(state, text)
