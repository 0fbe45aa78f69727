"""The practice self-assessment area (issue 15 §3)."""

from .screen import SelfAssessmentScreen

__all__ = ["SelfAssessmentScreen"]
