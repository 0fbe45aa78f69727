"""Printing a self-assessment for the practice meeting: the assessment as plain data for
`documents.self_assessment`, the PDF written owner-only, and the printing audited.

A completed assessment prints the figures kept when it was completed; a draft prints today's
figures and says DRAFT. The figures are counts only: no person is named."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from careplan_desktop.documents.self_assessment import PrintedAnswer, PrintedAssessment, render_self_assessment

from .assessments import Assessment, load_assessment
from .evidence import evidence_today

if TYPE_CHECKING:
    from careplan_desktop.store import Vault


def printed_assessment(vault: Vault, assessment: Assessment, today: dt.date) -> PrintedAssessment:
    from careplan_desktop.services.practice.details import read_practice

    figures = assessment.evidence if assessment.is_completed else tuple(evidence_today(vault, today))
    figures_on = assessment.evidence_on if assessment.is_completed and assessment.evidence_on else today
    text = {figure.key: figure.text for figure in figures}
    answers = tuple(PrintedAnswer(
        a.position, a.section_title, a.question_text, a.rating, a.previous, a.notes, a.action, a.action_by,
        a.action_due, tuple(text[key] for key in a.evidence if key in text)) for a in assessment.answers)
    return PrintedAssessment(
        practice_name=read_practice(vault).name, assessed_on=assessment.assessed_on,
        completed=assessment.is_completed, started_by=assessment.started_by, completed_by=assessment.completed_by,
        completed_by_role=assessment.completed_by_role,
        completed_on=assessment.evidence_on if assessment.is_completed else None,
        taking_part=assessment.taking_part, started_from_date=assessment.started_from_date, answers=answers,
        figures=tuple(figure.text for figure in figures), figures_on=figures_on, printed_on=today)


def print_assessment(vault: Vault, uuid: str, out: str | os.PathLike[str], today: dt.date) -> Path:
    """Write the assessment's PDF to `out` (owner-only), then note the printing in the audit trail."""
    from careplan_desktop.models import record_event
    from careplan_desktop.store.private_files import write_private

    assessment = load_assessment(vault, uuid)
    path = write_private(out, render_self_assessment(printed_assessment(vault, assessment, today)))
    with vault.transaction() as session:
        record_event(session, "printed", "self_assessment", uuid, details={"status": assessment.status})
    return path
