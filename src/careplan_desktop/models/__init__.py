"""Typed SQLAlchemy models, one module per aggregate.

The package is light on purpose. The vocabularies (`LEVEL_NAMES`, `VersionStatus`, `Actor`...)
live in `models.codes` and come at once. Any other name (`Patient`, `Base`, `record_event`...)
imports `models.mapped` on first use, which builds every mapped class together and installs the
flush rules from `models.rules`, so a mapped class never exists without its rules. That keeps
declaring about forty classes (a few hundred ms) out of start-up: the register is read through
the light table clauses in `models.register_columns` and shown before any class is mapped.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .codes import (
    LEVEL_NAMES, Actor, CareStatus, OfferStatus, RecallStatus, RegisterStatus, ReviewMethod, VersionStatus, is_on_register,
)

__all__ = ["LEVEL_NAMES", "Actor", "CareStatus", "OfferStatus", "RecallStatus", "RegisterStatus", "ReviewMethod",
           "VersionStatus", "is_on_register", "load_all"]


def load_all() -> ModuleType:
    """Build every mapped class and install the flush rules (once; cheap after)."""
    return importlib.import_module(f"{__name__}.mapped")


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    try:  # a submodule (`from careplan_desktop.models import register_columns`): just that one
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as missing:
        if missing.name != f"{__name__}.{name}":
            raise
    try:
        return getattr(load_all(), name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
