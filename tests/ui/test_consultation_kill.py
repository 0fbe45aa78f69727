"""Nothing typed is lost: a real process runs the consultation, types, and is killed with
SIGKILL (no chance to save on the way out); the vault has the text, and opening the person
again shows it.

The child (tests/ui/consultation_child.py) types Lorna's story into "What's new", leaves the
field with Tab, types into "What's good" and prints TYPED straight after the last keystroke,
without waiting for any save. It is killed once the autosave pause has passed
(IDLE_MS after the last keystroke, plus one second for a slow machine): that pause is the
promise. The text left by Tab must be in even if the kill comes sooner.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from careplan_desktop.models import Patient
from careplan_desktop.services.demo import DEMO_PASSPHRASE
from careplan_desktop.services.demo_people import LORNA_NHS
from careplan_desktop.services.planning import current_draft
from careplan_desktop.store import Vault
from careplan_desktop.ui.consultation.autosave import IDLE_MS

from .consultation_child import STORY_GOOD, STORY_NEW, open_consultation

CHILD = Path(__file__).with_name("consultation_child.py")


def run_child_until_typed(vault_path: Path) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen([sys.executable, str(CHILD), str(vault_path), DEMO_PASSPHRASE, "baxter"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if line.strip() == "TYPED":
            return child
        if not line and child.poll() is not None:
            break
    child.kill()
    pytest.fail(f"the child never typed (exit {child.poll()}): {child.stderr.read()[-2000:]}")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_right_after_typing_the_text_is_in_the_vault_and_on_screen(
        qtbot, demo_vault_path: Path, make_context, open_window) -> None:
    child = run_child_until_typed(demo_vault_path)
    try:
        time.sleep(IDLE_MS / 1000 + 1.0)
        assert child.poll() is None, "the child was still running the consultation"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()

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
