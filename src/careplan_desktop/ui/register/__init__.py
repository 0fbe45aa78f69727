"""The register area: search everyone on the LTC register and see one person's overview."""

from .model import RegisterModel
from .overview_panel import PersonOverviewPanel
from .screen import RegisterScreen

__all__ = ["PersonOverviewPanel", "RegisterModel", "RegisterScreen"]
