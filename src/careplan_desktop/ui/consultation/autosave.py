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
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from careplan_desktop.services.planning import PlanDraft, PlanRuleError, SavedDraft, save_draft
from careplan_desktop.store import Vault

from ..workers import TaskRunner, user_message

log = logging.getLogger(__name__)

IDLE_MS = 1500
MAX_WAIT_MS = 5000

SAVING, SAVED, WAITING, PROBLEM = "saving", "saved", "waiting", "problem"


@dataclass(frozen=True)
class Refused:
    """`save_draft` refused the snapshot: the planning rule's message, fit to show."""

    message: str


def save_snapshot(vault: Vault, draft: PlanDraft, today: dt.date) -> SavedDraft | Refused:
    """The job run on the database worker."""
    try:
        return save_draft(vault, draft, today=today)
    except PlanRuleError as refused:
        return Refused(str(refused))


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
    ) -> None:
        super().__init__(parent)
        self._tasks, self._vault, self._snapshot, self._today = tasks, vault, snapshot, today
        self.enabled = True
        self._edits = 0  # edits counted since the draft was shown
        self._saved_edits = 0  # the edit count the last finished save covered
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

    # -- the typing path --------------------------------------------------------------------------
    def changed(self) -> None:
        self._edits += 1
        if not self.enabled:
            return
        self._idle.start()
        if not self._max.isActive():
            self._max.start()
        if self.state != WAITING and not self._running:
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
        self._set_state(SAVING, "Saving…")
        self._tasks.submit(
            lambda control: save_snapshot(vault, draft, today),
            writes=True,
            name="autosave plan",
            on_finished=lambda outcome: self._finished(outcome, edits, token),
            on_failed=lambda message: self._failed(message, token),
            on_cancelled=lambda: self._cancelled(token),
        )

    def _finished(self, outcome: SavedDraft | Refused, edits: int, token: int) -> None:
        if token != self._token:
            return
        self._running = False
        self.saves_finished += 1
        if isinstance(outcome, Refused):
            self._saved_edits = edits  # not saved, but trying the same snapshot again cannot help
            self._set_state(PROBLEM, f"Not saved: {outcome.message}")
            self.refused.emit(outcome.message)
        else:
            self._saved_edits = edits
            self.saved.emit(outcome)
            if not self.is_dirty:
                self._set_state(SAVED, f"Saved {dt.datetime.now().strftime('%H:%M:%S')}")
        self._follow_up()

    def _failed(self, message: str, token: int) -> None:
        if token == self._token:
            self._running = False
        self._set_state(PROBLEM, f"Not saved: {message} Your typing is kept here; it will be saved again.")
        if token == self._token:
            self._follow_up(retry=False)

    def _cancelled(self, token: int) -> None:
        if token == self._token:
            self._running = False

    def _follow_up(self, *, retry: bool = True) -> None:
        if self._again and self.is_dirty:
            self._again = False
            self.save_now()
        elif self.is_dirty and not self._idle.isActive():
            self._idle.start()
        if self.is_dirty and self.state == SAVED:
            self._set_state(WAITING, "Not saved yet")

    def flush(self) -> bool:
        """Save now and wait (lock, close, another person): True when everything typed is in
        the vault. Runs `save_draft` on the GUI thread: only at moments nobody is typing."""
        self._idle.stop()
        self._max.stop()
        if self._running:
            self._tasks.wait_for_done()  # delivers the running save's answer (and any follow-up)
        self._idle.stop()
        self._max.stop()
        if not self.is_dirty:
            return True
        vault, draft = self._vault(), self._snapshot()
        if vault is None or draft is None:
            return False
        edits = self._edits
        try:
            outcome = save_snapshot(vault, draft, self._today())
        except Exception as error:  # the person must hear of it; the text stays on screen
            log.error("saving the plan failed: %s", type(error).__name__)
            self._set_state(PROBLEM, f"Not saved: {user_message(error)}")
            return False
        self._finished(outcome, edits, self._token)
        return not isinstance(outcome, Refused)

    # -- which draft ------------------------------------------------------------------------------
    def start(self, *, dirty: bool = False) -> None:
        """A draft is now shown: count edits afresh (`dirty` when it already holds unsaved text)."""
        self._token += 1
        self._running = self._again = False
        self._edits, self._saved_edits = (1, 0) if dirty else (0, 0)
        self._set_state(SAVED, "")
        if dirty:
            self.changed()

    def detach(self) -> None:
        """Forget the draft (after `flush`): late answers about it are ignored."""
        self._idle.stop()
        self._max.stop()
        self._token += 1
        self._running = self._again = False
        self._edits = self._saved_edits = 0
        self._set_state(SAVED, "")

    def stop(self) -> None:
        self._idle.stop()
        self._max.stop()

    def _set_state(self, state: str, text: str) -> None:
        self.state = state
        self.status_changed.emit(state, text)
