"""Jobs off the GUI thread: results, failures, cancellation, one write at a time."""

from __future__ import annotations

import errno
import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, QThreadPool

from careplan_desktop.store import WrongPassphraseError
from careplan_desktop.ui.workers import SynchronousPool, TaskRunner


@pytest.fixture
def runner(qapp):
    pool = QThreadPool()
    pool.setMaxThreadCount(4)
    made = TaskRunner(pool)
    yield made
    made.shutdown()
    assert made.active_count == 0
    pool.waitForDone()


def test_a_result_reaches_the_finished_slot(qtbot, runner: TaskRunner) -> None:
    results, progress = [], []

    def job(control):
        for step in range(3):
            control.progress(step + 1, 3)
        return "done"

    runner.read(job, on_finished=results.append, on_progress=lambda done, total: progress.append((done, total)))
    qtbot.waitUntil(lambda: results == ["done"], timeout=3000)
    assert progress == [(1, 3), (2, 3), (3, 3)]
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=3000)


def test_a_failing_job_reaches_the_failed_slot_without_its_text(qtbot, runner: TaskRunner) -> None:
    failures, results = [], []

    def job(control):
        raise RuntimeError("Jack Morrison 9990000026")  # exception text may hold patient data

    runner.read(job, on_finished=results.append, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=3000)
    assert failures == ["Something went wrong: RuntimeError. Nothing was changed."]
    assert results == []


def test_a_vault_error_keeps_its_own_message(qtbot, runner: TaskRunner) -> None:
    failures = []

    def job(control):
        raise WrongPassphraseError()

    runner.write(job, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=3000)
    assert failures == [str(WrongPassphraseError())]


def test_a_message_written_for_the_nurse_reaches_them(qtbot, runner: TaskRunner) -> None:
    """The app's own exceptions carry written words (never data): shown as they are, not as
    "Something went wrong"; a library's ValueError (its text may quote data) is not."""
    from careplan_desktop.services.directory.entries import DirectoryError

    written = "That service is already in the directory."
    failures = []
    runner.read(lambda control: (_ for _ in ()).throw(DirectoryError(written)), on_failed=failures.append)
    runner.read(lambda control: int("Lorna Baxter"), on_failed=failures.append)
    qtbot.waitUntil(lambda: len(failures) == 2, timeout=3000)
    assert written in failures
    assert "Something went wrong: ValueError. Nothing was changed." in failures
    assert not any("Lorna" in message for message in failures)


def test_a_file_written_to_a_full_disk_says_so_and_where_without_the_file_name(qtbot, runner: TaskRunner) -> None:
    failures = []

    def job(control):
        raise OSError(errno.ENOSPC, "No space left on device", "/media/usb/Letters/Jack Morrison.pdf")

    runner.read(job, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=3000)
    assert failures[0].startswith("The disk is full: there is no space left in the folder /media/usb/Letters, "
                                  "so the file could not be written. Nothing in the vault has been lost.")
    assert "Jack" not in failures[0]


def test_a_failure_nobody_handles_is_announced(qtbot, runner: TaskRunner) -> None:
    with qtbot.waitSignal(runner.unhandled_failure, timeout=3000) as signal:
        runner.read(lambda control: 1 / 0)
    assert signal.args == ["Something went wrong: ZeroDivisionError. Nothing was changed."]


def test_writes_run_one_at_a_time_in_order(qtbot, runner: TaskRunner) -> None:
    spans: list[tuple[str, float, float]] = []
    lock = threading.Lock()

    def write(name: str):
        def job(control):
            start = time.monotonic()
            time.sleep(0.05)
            with lock:
                spans.append((name, start, time.monotonic()))
            return name

        return job

    finished: list[str] = []
    for name in "abcd":
        runner.write(write(name), on_finished=finished.append)
    qtbot.waitUntil(lambda: len(finished) == 4, timeout=5000)
    assert finished == list("abcd")
    ordered = sorted(spans, key=lambda span: span[1])
    assert [span[0] for span in ordered] == list("abcd")
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        assert later[1] >= earlier[2], "two writes overlapped"


def test_reads_run_in_parallel(qtbot, runner: TaskRunner) -> None:
    together = threading.Barrier(2, timeout=3)  # both must be running at once to pass it
    finished = []

    def read(control):
        together.wait()
        return True

    runner.read(read, on_finished=finished.append)
    runner.read(read, on_finished=finished.append)
    qtbot.waitUntil(lambda: finished == [True, True], timeout=5000)


def test_cancelled_jobs_deliver_no_result(qtbot, runner: TaskRunner) -> None:
    started = threading.Event()
    release = threading.Event()
    results, cancelled = [], []

    def slow(control):
        started.set()
        release.wait(3)
        control.check()
        return "late"

    first = runner.write(slow, on_finished=results.append, on_cancelled=lambda: cancelled.append(1))
    runner.write(lambda control: "never", on_finished=results.append,
                 on_cancelled=lambda: cancelled.append(2))
    assert started.wait(3)
    runner.cancel_all()
    release.set()
    assert first.is_cancelled
    qtbot.waitUntil(lambda: sorted(cancelled) == [1, 2], timeout=3000)
    assert results == []


def test_shutdown_waits_and_then_stays_silent(qtbot, runner: TaskRunner) -> None:
    results = []

    def job(control):
        time.sleep(0.1)
        return "late"

    runner.read(job, on_finished=results.append)
    runner.shutdown()
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, 0)
    assert results == []
    assert runner.active_count == 0
    with pytest.raises(RuntimeError):
        runner.read(job)


def test_wait_for_done_runs_queued_writes(qtbot, runner: TaskRunner) -> None:
    finished = []
    for number in range(3):
        runner.write(lambda control, n=number: (time.sleep(0.02), n)[1], on_finished=finished.append)
    assert runner.wait_for_done()
    assert finished == [0, 1, 2]
    assert not runner.is_busy


def test_a_synchronous_pool_finishes_before_read_or_write_returns(qapp) -> None:
    runner = TaskRunner(SynchronousPool())
    results, failures = [], []
    runner.write(lambda control: 42, on_finished=results.append)
    runner.read(lambda control: {}["missing"], on_failed=failures.append)
    assert results == [42]
    assert failures == ["Something went wrong: KeyError. Nothing was changed."]
    assert not runner.is_busy
    runner.shutdown()


def test_cancel_reads_lets_writes_finish(qtbot, runner: TaskRunner) -> None:
    release = threading.Event()
    finished, cancelled = [], []

    def slow_read(control):
        release.wait(3)
        control.check()
        return "read"

    runner.read(slow_read, on_finished=finished.append, on_cancelled=lambda: cancelled.append("read"))
    for name in ("save 1", "save 2"):
        runner.write(lambda control, n=name: (time.sleep(0.02), n)[1], on_finished=finished.append)
    runner.cancel_reads()
    release.set()
    assert runner.wait_for_done()
    QCoreApplication.sendPostedEvents(None, 0)
    assert finished == ["save 1", "save 2"]
    assert cancelled == ["read"]
