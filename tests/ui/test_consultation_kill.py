"""Nothing typed is lost: a real process runs the consultation, types, and is killed with
SIGKILL (no chance to save on the way out); the vault has the text, and opening the person
again shows it.

The child (tests/ui/consultation_child.py) types Lorna's story into "What's new", leaves the
field with Tab, types into "What's good" and prints TYPED straight after the last keystroke,
without waiting for any save. It is killed as soon as it says SAVED: the autosave's `saved`
signal after the pause (IDLE_MS after the last keystroke), with nothing left unsaved and no
keystroke since. That the pause saves by itself is the promise; the test waits on the signal,
not on a sleep, and the SIGKILL then shows that what was saved survives with no chance to
save on the way out.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.models import Patient
from careplan_desktop.services.demo.case_mix import DEMO_PASSPHRASE
from careplan_desktop.services.demo.case_studies import LORNA_NHS
from careplan_desktop.services.planning.versions import current_draft
from careplan_desktop.store import Vault
from careplan_desktop.ui.consultation.autosave import IDLE_MS

from .consultation_child import STORY_GOOD, STORY_NEW, open_consultation

CHILD = Path(__file__).with_name("consultation_child.py")


class Child:
    """The child process; its output is read on a thread, so every wait has a deadline even
    when the child says nothing."""

    def __init__(self, vault_path: Path) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, str(CHILD), str(vault_path), DEMO_PASSPHRASE, "baxter"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)  # the child's output ended

    def wait_for(self, word: str, timeout: float) -> list[str]:
        """The words of the first line starting with `word`."""
        deadline = time.monotonic() + timeout
        with contextlib.suppress(queue.Empty):
            while (line := self.lines.get(timeout=max(0.0, deadline - time.monotonic()))) is not None:
                if line.split()[:1] == [word]:
                    return line.split()
        self.process.kill()
        pytest.fail(f"the child never said {word} (exit {self.process.wait()}): {self.process.stderr.read()[-2000:]}")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reader.join(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_right_after_the_pause_saved_the_text_is_in_the_vault_and_on_screen(
        qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    child = Child(demo_vault_path)
    try:
        child.wait_for("TYPED", timeout=90)
        _, seconds = child.wait_for("SAVED", timeout=IDLE_MS / 1000 + 30)
        # the pause saved it (IDLE_MS after the last key, and a little for a slow machine), by itself
        assert float(seconds) < IDLE_MS / 1000 + 2.5, f"saved only {seconds} s after the last keystroke"
        os.kill(child.process.pid, signal.SIGKILL)
        assert child.process.wait(timeout=10) == -signal.SIGKILL, "the child was still running the consultation"
    finally:
        child.close()

    vault = Vault.unlock(demo_vault_path, DEMO_PASSPHRASE)
    with vault.reader() as session:
        lorna = session.scalar(select(Patient.uuid).where(Patient.nhs_number == LORNA_NHS))
    draft = current_draft(vault, lorna)
    assert draft is not None
    assert draft.about_me.story_new == STORY_NEW
    assert draft.about_me.story_good == STORY_GOOD

    window = open_window(make_context(demo_vault_path, vault))
    screen = open_consultation(window, "baxter", qtbot.waitUntil)
    assert screen.draft is not None and screen.draft.version_uuid == draft.version_uuid, "the draft, not a start page"
    fields = screen.pages["about_me"].fields
    assert fields["story_new"].toPlainText() == STORY_NEW
    assert fields["story_good"].toPlainText() == STORY_GOOD
