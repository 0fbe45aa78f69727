"""`careplan-desktop self-assessment`, run as a script would: lists the assessments kept, prints
the latest completed one (or the latest on or before --date) as an owner-only PDF with its
answers and the figures kept at completion, and says plainly when there is none."""

from __future__ import annotations

import dataclasses
import datetime as dt
import stat
from pathlib import Path

from sqlalchemy import select

from careplan_desktop.models import AuditEvent
from careplan_desktop.services.self_assessment.assessments import (
    complete_assessment, load_assessment, save_answers, start_assessment,
)
from careplan_desktop.store import Vault
from tests.documents.pdf_text import page_texts
from tests.services.test_self_assessment import NEXT_YEAR, TODAY, build_known_practice
from tests.test_cli_staff import ADMIN_PASS, run


def _assess(vault: Vault, on: dt.date, rating: str, action: str) -> str:
    draft = start_assessment(vault, on)
    answers = [dataclasses.replace(a.as_input(), rating=rating) for a in draft.answers]
    answers[0] = dataclasses.replace(answers[0], action=action, action_by="Sam Porter", action_due=on + dt.timedelta(90))
    save_answers(vault, draft.uuid, answers, taking_part="Dr Helen Shah, Sam Porter")
    return complete_assessment(vault, draft.uuid, on).uuid


def test_list_print_the_latest_and_one_by_date(tmp_path: Path, data_dir: Path):
    path = tmp_path / "practice.vault"
    vault = Vault.create(path, ADMIN_PASS, ADMIN_PASS, user_name="Sam Porter", user_role="administrator",
                         device_name="Test PC")
    try:
        build_known_practice(vault)
        nothing = run("self-assessment", "--vault", str(path), "--print", str(tmp_path / "none.pdf"),
                      data_dir=data_dir)
        assert nothing.returncode == 2 and "No self-assessment has been completed yet." in nothing.stderr
        first = _assess(vault, TODAY, "partly", "Search the records for people not coded")
        second = _assess(vault, NEXT_YEAR, "yes", "Run the search again each quarter")
        start_assessment(vault, NEXT_YEAR + dt.timedelta(30))  # a draft is never printed by the command
    finally:
        vault.lock()

    listed = run("self-assessment", "--vault", str(path), data_dir=data_dir)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "14/07/2027\tdraft, not completed\t33 yes, 0 partly, 0 no",
        "14/06/2027\tcompleted by Sam Porter\t33 yes, 0 partly, 0 no",
        "15/06/2026\tcompleted by Sam Porter\t0 yes, 33 partly, 0 no",
    ]

    out = tmp_path / "meeting.pdf"
    printed = run("self-assessment", "--vault", str(path), "--print", str(out), data_dir=data_dir)
    assert printed.returncode == 0, printed.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = " ".join(page_texts(out))
    assert "Date of the assessment: 14 June 2027" in text and "DRAFT" not in text
    assert "Completed by: Sam Porter (administrator) on 14 June 2027" in text
    assert "Who took part: Dr Helen Shah, Sam Porter" in text
    assert "Started from the answers of the assessment completed on 15 June 2026." in text
    assert "33 answers are different from the assessment completed on 15 June 2026." in text
    assert "Answers: 33 Yes, 0 Partly, 0 No, 0 not answered yet." in text
    assert "1. Is there provision to identify people in potential need? Answer: Yes (last time: Partly)" in text
    assert "Action agreed: Run the search again each quarter Who: Sam Porter By when: 12 September 2027" in text
    # the figures kept at completion: 4 on the register, 2 of them offered in the year up to 14 June 2027
    # (one offered on 1 March 2026 is now outside it; one declined on 15 June 2026 is inside)
    assert "4 people are on the long-term-condition register." in text
    assert "1 of 4 people on the register (25%) have been offered care planning in the last 12 months." in text
    # counts only: nobody on the register or their carer is named, nor their NHS number or date of birth
    assert not any(secret in text for secret in ("99900001", "Carer One", "Carer Two", "1950", "01/01"))

    by_date = tmp_path / "last-year.pdf"
    earlier = run("self-assessment", "--vault", str(path), "--print", str(by_date), "--date", "2026-12-31",
                  data_dir=data_dir)
    assert earlier.returncode == 0, earlier.stderr
    text = " ".join(page_texts(by_date))
    assert "Date of the assessment: 15 June 2026" in text and "This is the practice's first self-assessment." in text
    assert "2 of 4 people on the register (50%) have been offered care planning in the last 12 months." in text
    assert "Action agreed: Search the records for people not coded" in text

    too_early = run("self-assessment", "--vault", str(path), "--print", str(tmp_path / "x.pdf"), "--date",
                    "2026-01-01", data_dir=data_dir)
    assert too_early.returncode == 2
    assert "No self-assessment has been completed on or before 01/01/2026." in too_early.stderr
    bad = run("self-assessment", "--vault", str(path), "--print", str(tmp_path / "x.pdf"), "--date", "2026-13-01",
              data_dir=data_dir)
    assert bad.returncode == 2 and bad.stderr.startswith("--date: ") and "Traceback" not in bad.stderr

    vault = Vault.unlock(path, ADMIN_PASS)
    try:
        with vault.reader() as session:
            printed_rows = session.scalars(select(AuditEvent).where(AuditEvent.action == "printed",
                                                                    AuditEvent.entity == "self_assessment")).all()
            assert [e.record_uuid for e in printed_rows] == [second, first]
        assert load_assessment(vault, first).is_completed
    finally:
        vault.lock()
