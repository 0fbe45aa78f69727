"""Importing the register from a practice-system CSV export (issue 3)."""

from .wizard import ImportWizard, open_import_wizard

__all__ = ["ImportWizard", "open_import_wizard"]
