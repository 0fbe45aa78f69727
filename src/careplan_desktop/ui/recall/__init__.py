"""The recall view: who is due a review in a month, grouped for clinics (issue 3)."""

from .screen import RecallScreen

__all__ = ["RecallScreen"]
