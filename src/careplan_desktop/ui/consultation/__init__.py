"""The care planning consultation workspace (issue "Discuss")."""

from .screen import ConsultationScreen

__all__ = ["ConsultationScreen"]
