"""Logging to a rotating file in the user log folder. Log lines name actions and counts,
never people: no names, NHS numbers or free text from a record is ever logged."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from careplan_desktop.domain.paths import log_dir


def configure_logging(level: int = logging.INFO) -> None:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(folder / "careplan.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    # SQLAlchemy's echo would print parameters (patient data): keep it quiet whatever happens.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
