"""Entering a person's test results (the healthcare assistant's step before the review)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..context import AppContext
from .dialog import ResultsEntryDialog
from .trend_chart import TrendChart

__all__ = ["ResultsEntryDialog", "TrendChart", "open_results_entry"]


def open_results_entry(context: AppContext, patient_uuid: str, parent: QWidget | None = None) -> ResultsEntryDialog:
    """Show the results-entry dialog for one person (the one already open for them, if any)."""
    host = parent.window() if parent is not None else None
    for dialog in (host.findChildren(ResultsEntryDialog) if host is not None else []):
        if dialog.patient_uuid == patient_uuid and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
    dialog = ResultsEntryDialog(context, patient_uuid, host)
    dialog.finished.connect(dialog.deleteLater)
    dialog.show()
    return dialog
