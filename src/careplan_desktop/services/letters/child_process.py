"""Laying out a batch of results letters in a child process.

Layout is pure Python: on a thread it shares the interpreter lock with the GUI, and the garbage
collector's full passes over a growing 1,500-page document pause every thread (measured: GUI
stalls of 200-700 ms during a 500-letter batch). In a child process the GUI thread never waits
for it. The child gets plain frozen snapshots (ResultsLetterData) through a pipe and sends back
progress and the PDF bytes the same way: nothing touches the disk, and the child never opens
the vault. Started with "spawn" (never fork a threaded Qt process); it imports only the
documents package. A frozen (PyInstaller) build must call multiprocessing.freeze_support().
"""

from __future__ import annotations

import io
import multiprocessing
import queue
from collections.abc import Callable, Sequence

from careplan_desktop.documents.letter_data import PracticeDetails, ResultsLetterData

POLL_SECONDS = 0.05
_CONTEXT = multiprocessing.get_context("spawn")


class LetterLayoutError(RuntimeError):
    """The child process failed or ended without an answer. The message names no one."""


def _child(letters: Sequence[ResultsLetterData], practice: PracticeDetails, answers, stop) -> None:
    """Runs in the child: lay the letters out, report progress, send the PDF (or why not)."""
    from careplan_desktop.documents.results_letter import render_results_letters
    from careplan_desktop.domain.wording import WordingError

    out = io.BytesIO()
    try:
        done = render_results_letters(letters, practice, out, progress=lambda d, t: answers.put(("progress", d, t)),
                                      should_stop=stop.is_set)
    except WordingError as error:  # names the wording file and key: fit to show, no patient data
        answers.put(("wording", str(error)))
    except Exception as error:  # noqa: BLE001 - the type only: exception text can hold patient data
        answers.put(("failed", type(error).__name__))
    else:
        answers.put(("done", out.getvalue()) if done == len(letters) else ("stopped",))


def render_in_child_process(letters: Sequence[ResultsLetterData], practice: PracticeDetails, *,
                            progress: Callable[[int, int], None] | None = None,
                            should_stop: Callable[[], bool] | None = None) -> bytes | None:
    """The PDF bytes, or None when ``should_stop()`` turned true first. Blocks the calling
    (worker) thread, which mostly sleeps on the pipe."""
    from careplan_desktop.domain.wording import WordingError

    answers = _CONTEXT.Queue()
    stop = _CONTEXT.Event()
    child = _CONTEXT.Process(target=_child, args=(list(letters), practice, answers, stop), daemon=True,
                             name="letters layout")
    child.start()
    try:
        while True:
            if should_stop is not None and should_stop():
                stop.set()
            try:
                answer = answers.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not child.is_alive() and answers.empty():
                    raise LetterLayoutError(f"The letters could not be laid out (exit code {child.exitcode}).") from None
                continue
            kind = answer[0]
            if kind == "progress":
                if progress is not None:
                    progress(answer[1], answer[2])
            elif kind == "done":
                return answer[1]
            elif kind == "stopped":
                return None
            elif kind == "wording":
                raise WordingError(answer[1])
            else:
                raise LetterLayoutError(f"The letters could not be laid out ({answer[1]}).")
    finally:
        stop.set()
        child.join(timeout=10)
        if child.is_alive():  # pragma: no cover - a child stuck past a stop
            child.terminate()
            child.join(timeout=5)
        answers.close()
