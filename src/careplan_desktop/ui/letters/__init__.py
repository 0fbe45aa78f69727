"""Results letters from the GUI: a batch for a recall selection, or a reprint for one person.

The recall view calls ``produce_letters(context, patient_uuids, parent)``; the register's
person overview calls ``reprint_results_letter(context, patient_uuid, parent)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from ..context import AppContext
from .dialog import LettersDialog, default_file_name

__all__ = ["LettersDialog", "default_file_name", "produce_letters", "reprint_results_letter"]


def _host(parent: QWidget | None) -> QWidget | None:
    return parent.window() if parent is not None else None


def produce_letters(context: AppContext, patient_uuids: Sequence[str], parent: QWidget | None = None) -> LettersDialog:
    """Open the letters dialog for these people: it checks who gets a letter at once, and makes
    the PDF when asked. Returns the dialog (already shown, deleted when closed)."""
    dialog = LettersDialog(context, patient_uuids, _host(parent))
    dialog.finished.connect(dialog.deleteLater)
    dialog.show()
    return dialog


def reprint_results_letter(context: AppContext, patient_uuid: str, parent: QWidget | None = None) -> LettersDialog:
    """Open the dialog that reprints this person's last logged results letter."""
    dialog = LettersDialog(context, [patient_uuid], _host(parent), reprint_uuid=patient_uuid)
    dialog.finished.connect(dialog.deleteLater)
    dialog.show()
    return dialog
