"""Long work off the GUI thread (ARCHITECTURE rule 4).

A job is a plain callable taking a `TaskControl` (to report progress and see cancellation)
and returning a result. Give it a snapshot of what it needs (a path, a list of uuids, the
Vault object), never live ORM objects. The TaskRunner runs it on a thread pool:

    runner.read(lambda control: load_register(vault), on_finished=show_rows)
    runner.write(save_job, on_finished=..., on_failed=..., by=self)

Writes run one at a time, in the order given; reads (and rendering) run in parallel. A write
collects what its committed transactions changed (`models.changes.Changes`: which people,
which plans, which kinds of record, gathered from the audit rows) and, as it ends (before the
caller's own `on_finished`/`on_failed`), the runner emits `wrote(changes, by)`; the composition root hands that to `DataChanges`, which
tells every open screen. So no caller names what to refresh. Every job ends with exactly one of
`finished(result)`, `failed(message)` or `cancelled()`, delivered on the GUI thread. A failure
message is fit to show: a VaultError's own text (a full disk, a damaged vault), a full
disk when writing a file, otherwise a generic sentence naming only the exception type
(exception text can hold patient data). A failure with no `on_failed` is re-emitted as
`TaskRunner.unhandled_failure(message)`, which the main window shows.
The app's own exceptions (a class defined in careplan_desktop: PlanRuleError, PersonNotFound,
ImportFileError...) are written for the nurse and never quote patient data, so their text is
shown as it is; anything else (a library's error, whose text may hold data) is named by type.

Tests inject `SynchronousPool()` so a job has finished when `submit` returns.
"""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from careplan_desktop.store import VaultError
from careplan_desktop.store.errors import file_error_for

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a job (by `TaskControl.check`) to stop early."""


def written_for_people(error: BaseException) -> bool:
    """One of the app's own exceptions: its message was written to be read, and holds no data."""
    return isinstance(error, VaultError) or (
        type(error).__module__.startswith("careplan_desktop.") and bool(str(error).strip()))


def user_message(error: BaseException) -> str:
    """What the person sees when a job fails."""
    if written_for_people(error):
        return str(error)
    if (disk_full := file_error_for(error)) is not None:  # a PDF or a bundle written to a full disk
        return str(disk_full)
    return f"Something went wrong: {type(error).__name__}. Nothing was changed."


class TaskControl:
    """Handed to the job: report progress, notice cancellation."""

    def __init__(self, signals: WorkerSignals, cancel_event: threading.Event) -> None:
        self._signals = signals
        self._cancel_event = cancel_event

    @property
    def cancelled(self) -> bool:
        return self._cancel_event.is_set()

    def check(self) -> None:
        """Raise Cancelled if the job was cancelled: call it between steps."""
        if self._cancel_event.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int) -> None:
        self._signals.progress.emit(int(done), int(total))


Job = Callable[[TaskControl], Any]


class WorkerSignals(QObject):
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # the job's result
    failed = Signal(str)  # a message fit to show
    cancelled = Signal()
    ended = Signal()  # always last, after one of the three above


class Worker(QRunnable):
    """Runs one job. Its `signals` live on the GUI thread, so slots run there."""

    def __init__(self, job: Job, *, name: str = "task", writes: bool = False, by: object = None) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the TaskRunner keeps it until `ended` is delivered
        self.job = job
        self.name = name
        self.writes = writes
        self.by = by  # who asked for a write: told with its changes, so it can ignore its own
        self.changes: Any = None  # a write's Changes, set before `ended`
        self.signals = WorkerSignals()
        self._cancel_event = threading.Event()

    def cancel(self) -> None:
        self._cancel_event.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel_event.is_set()

    def run(self) -> None:
        signals = self.signals
        try:
            if self._cancel_event.is_set():
                raise Cancelled()
            result = self._run_job(TaskControl(signals, self._cancel_event))
        except Cancelled:
            signals.cancelled.emit()
        except Exception as error:  # every failure reaches the person, never silently lost
            log.error("%s failed: %s", self.name, type(error).__name__)  # no message: may hold data
            signals.failed.emit(user_message(error))
        else:
            if self._cancel_event.is_set():
                signals.cancelled.emit()
            else:
                signals.finished.emit(result)
        finally:
            signals.ended.emit()


    def _run_job(self, control: TaskControl) -> Any:
        if not self.writes:
            return self.job(control)
        from careplan_desktop.models.changes import collecting  # no SQLAlchemy: start-up stays light

        with collecting() as collected:
            try:
                return self.job(control)
            finally:  # what committed is reported even when a later step fails
                self.changes = collected.changes


class PoolLike(Protocol):
    def start(self, runnable: QRunnable) -> None: ...
    def waitForDone(self, msecs: int = -1) -> bool: ...


class SynchronousPool:
    """A stand-in for QThreadPool that runs each job at once on the calling thread (tests)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802 (Qt's name)
        return True


class TaskRunner(QObject):
    """Submits jobs to a pool; database writes one at a time, everything else in parallel."""

    unhandled_failure = Signal(str)
    busy_changed = Signal(bool)
    wrote = Signal(object, object)  # a write's Changes (never empty), who asked for it; before its callbacks

    def __init__(self, pool: PoolLike | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: PoolLike = pool if pool is not None else QThreadPool(self)
        self._active: set[Worker] = set()
        self._writes_waiting: collections.deque[Worker] = collections.deque()
        self._write_running: Worker | None = None
        self._closed = False

    # -- submitting ------------------------------------------------------------------------
    def read(self, job: Job, **callbacks: Any) -> Worker:
        """Run a job that reads (or renders): in parallel with others."""
        return self._submit(job, writes=False, **callbacks)

    def write(self, job: Job, *, by: object = None, **callbacks: Any) -> Worker:
        """Run a job that writes to the vault: one at a time, in order; what it changed is
        told to every screen after it ends (`wrote`). `by` (the screen or object asking) comes
        with the changes, for the one that wants to ignore its own writes."""
        return self._submit(job, writes=True, by=by, **callbacks)

    def _submit(
        self,
        job: Job,
        *,
        writes: bool,
        by: object = None,
        name: str = "task",
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Worker:
        if self._closed:
            raise RuntimeError("The task runner has been shut down.")
        worker = Worker(job, name=name, writes=writes, by=by)
        signals = worker.signals
        if writes:  # connected first: screens are told what changed before the caller's own callback runs
            for ending in (signals.finished, signals.failed, signals.cancelled):
                ending.connect(lambda *_, w=worker: self._tell(w))
        if on_progress is not None:
            signals.progress.connect(self._guarded(worker, on_progress))
        if on_finished is not None:
            signals.finished.connect(self._guarded(worker, on_finished))
        # a failure is shown even after cancelling: the person must know a write went wrong
        signals.failed.connect(self._guarded(worker, on_failed or self.unhandled_failure.emit, after_cancel=True))
        if on_cancelled is not None:
            signals.cancelled.connect(self._guarded(worker, on_cancelled, after_cancel=True))
        signals.ended.connect(lambda w=worker: self._ended(w))
        was_busy = self.is_busy
        self._active.add(worker)
        if not was_busy:
            self.busy_changed.emit(True)
        if writes:
            self._writes_waiting.append(worker)
            self._start_next_write()
        else:
            self._pool.start(worker)
        return worker

    def _guarded(self, worker: Worker, callback: Callable, *, after_cancel: bool = False) -> Callable:
        """A slot that stays silent once the runner is shut down, and (for progress and
        results) once the job is cancelled: a cancelled job's late result is never shown."""

        def deliver(*args: Any) -> None:
            if self._closed or (worker.is_cancelled and not after_cancel):
                return
            callback(*args)

        return deliver

    def _tell(self, worker: Worker) -> None:
        """What a write changed (committed, even if a later step failed), once."""
        changes, worker.changes = worker.changes, None
        if changes and not self._closed:
            self.wrote.emit(changes, worker.by)

    def _start_next_write(self) -> None:
        while self._write_running is None and self._writes_waiting:
            worker = self._writes_waiting.popleft()
            self._write_running = worker
            self._pool.start(worker)  # a SynchronousPool runs it (and _ended) right here

    def _ended(self, worker: Worker) -> None:
        self._active.discard(worker)
        worker.signals.deleteLater()  # drops its connections (and the callbacks they hold)
        if worker is self._write_running:
            self._write_running = None
            if not self._closed:
                self._start_next_write()
        if not self.is_busy:
            self.busy_changed.emit(False)

    # -- state and shutdown ----------------------------------------------------------------
    @property
    def is_busy(self) -> bool:
        return bool(self._active)

    @property
    def active_count(self) -> int:
        return len(self._active)

    def cancel_all(self) -> None:
        """Cancel every job; jobs not yet started never run, running ones stop at `check()`."""
        for worker in list(self._active):
            worker.cancel()

    def cancel_reads(self) -> None:
        """Cancel reading and rendering jobs; writes (a person's saved work) still complete."""
        for worker in list(self._active):
            if not worker.writes:
                worker.cancel()

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until running jobs end (used before locking the vault and at exit).
        Writes still waiting are started in turn, so none is lost."""
        while True:
            if not self._pool.waitForDone(msecs):
                return False
            self._flush_ended()
            if self._write_running is None and not self._writes_waiting:
                return True

    def _flush_ended(self) -> None:
        """Deliver queued `ended` signals now, so a waiting write can start."""
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.sendPostedEvents(None, 0)
        if self._write_running is not None and self._write_running not in self._active:
            self._write_running = None
            self._start_next_write()

    def shutdown(self) -> None:
        """Cancel everything, wait for running jobs, and never deliver another signal.
        To let queued writes finish first: `cancel_reads()`, `wait_for_done()`, then this."""
        if self._closed:
            return
        self._writes_waiting.clear()
        self.cancel_all()
        self._pool.waitForDone(-1)
        self._closed = True
        for worker in self._active:
            worker.signals.deleteLater()
        self._active.clear()
        self._write_running = None
