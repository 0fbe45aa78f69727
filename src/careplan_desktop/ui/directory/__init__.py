"""Keeping the practice's local directory of services (a dialog, with CSV import)."""

from .dialog import DirectoryDialog

__all__ = ["DirectoryDialog"]
