"""The person's record: add and edit a person on the register (issue 3)."""

from .dialog import PersonDialog
from .host import PersonForms

__all__ = ["PersonDialog", "PersonForms"]
