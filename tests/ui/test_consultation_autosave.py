"""Autosave's promises, with the save itself replaced by a recorder that can be held: typing
only counts (no snapshot, no save), saves are coalesced (one running, at most one more,
always with the newest snapshot), a refused snapshot is not retried in a loop, a forgotten
draft's late answer is ignored, and flush() leaves nothing unsaved."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QTimer

from careplan_desktop.ui.consultation import autosave as autosave_module
from careplan_desktop.ui.consultation.autosave import PROBLEM, SAVED, Autosave, Refused
from careplan_desktop.ui.workers import TaskRunner


class Recorder:
    """Stands in for save_snapshot on the worker: records each snapshot, can be held."""

    def __init__(self) -> None:
        self.saved: list[int] = []
        self.gate = threading.Event()
        self.gate.set()
        self.answer = "saved"

    def __call__(self, vault, draft, today):
        assert self.gate.wait(10), "held too long"
        self.saved.append(draft)
        return Refused("The costed lines add up to too much.") if self.answer == "refused" else ("saved", draft)


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(autosave_module, "save_snapshot", recorder)
    return recorder


@pytest.fixture
def runner(qapp):
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def settled(saver: Autosave, runner: TaskRunner) -> bool:
    """Nothing more can happen by itself: no job running or waiting (its answers delivered),
    no autosave timer set. What has not happened by then will not happen."""
    return not runner.is_busy and not saver.is_saving and not any(t.isActive() for t in saver.findChildren(QTimer))


def make(runner: TaskRunner, snapshots: list[int], **timing) -> Autosave:
    def snapshot() -> int:
        snapshots.append(len(snapshots) + 1)
        return snapshots[-1]

    saver = Autosave(runner, lambda: "the vault", snapshot, dt.date.today, **timing)
    saver.start()
    return saver


def test_typing_only_counts_and_one_pause_saves_once(qtbot, runner, recorder) -> None:
    snapshots: list[int] = []
    saver = make(runner, snapshots, idle_ms=100, max_wait_ms=10_000)
    for _ in range(500):
        saver.changed()
    assert snapshots == [] and recorder.saved == [], "nothing but counting on the typing path"
    qtbot.waitUntil(lambda: saver.state == SAVED and bool(recorder.saved), timeout=5000)
    qtbot.waitUntil(lambda: settled(saver, runner), timeout=5000)
    assert recorder.saved == [1] and not saver.is_dirty


def test_saves_are_coalesced_with_the_newest_snapshot(qtbot, runner, recorder) -> None:
    snapshots: list[int] = []
    saver = make(runner, snapshots, idle_ms=60_000, max_wait_ms=60_000)
    recorder.gate.clear()  # the first save is slow
    saver.changed()
    saver.save_now()
    qtbot.waitUntil(lambda: saver.is_saving)
    for _ in range(5):  # more typing, leaving fields, Ctrl+S while the first save runs
        saver.changed()
        saver.save_now()
    assert snapshots == [1], "no snapshot is queued behind a running save"
    recorder.gate.set()
    qtbot.waitUntil(lambda: len(recorder.saved) == 2 and settled(saver, runner), timeout=5000)
    assert recorder.saved == [1, 2], "exactly one more save, with the snapshot taken after the first ended"
    assert not saver.is_dirty and saver.state == SAVED


def test_a_refused_snapshot_shows_the_rule_and_is_not_retried(qtbot, runner, recorder) -> None:
    snapshots: list[int] = []
    saver = make(runner, snapshots, idle_ms=50, max_wait_ms=100)
    recorder.answer = "refused"
    with qtbot.waitSignal(saver.refused, timeout=5000) as refused:
        saver.changed()
    assert refused.args == ["The costed lines add up to too much."]
    qtbot.waitUntil(lambda: settled(saver, runner), timeout=5000)
    assert recorder.saved == [1], "not retried in a loop"
    assert saver.state == PROBLEM


def test_an_answer_for_a_forgotten_draft_is_ignored(qtbot, runner, recorder) -> None:
    snapshots: list[int] = []
    saver = make(runner, snapshots, idle_ms=60_000, max_wait_ms=60_000)
    recorder.gate.clear()
    saver.changed()
    saver.save_now()
    qtbot.waitUntil(lambda: saver.is_saving)
    saver.detach()  # another person opened
    heard = []
    saver.saved.connect(heard.append)
    recorder.gate.set()
    qtbot.waitUntil(lambda: recorder.saved == [1] and settled(saver, runner), timeout=5000)  # its answer came
    assert heard == [] and not saver.is_dirty


def test_flush_waits_for_the_running_save_then_saves_the_rest(qtbot, runner, recorder) -> None:
    snapshots: list[int] = []
    saver = make(runner, snapshots, idle_ms=60_000, max_wait_ms=60_000)
    recorder.gate.clear()
    saver.changed()
    saver.save_now()
    qtbot.waitUntil(lambda: saver.is_saving)
    saver.changed()  # typed while it saves
    threading.Timer(0.2, recorder.gate.set).start()
    assert saver.flush() is True
    assert recorder.saved[-1] == snapshots[-1] and not saver.is_dirty and not saver.is_saving
