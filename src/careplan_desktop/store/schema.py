"""Schema versions through Alembic: create, inspect, upgrade.

The migration scripts live in `store/migrations/versions/`. A vault records its revision in
`alembic_version`. A vault made by a newer release has a revision this release does not
know: it is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from .errors import VaultTooNewError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    from alembic.config import Config  # imported only when migrating: it is slow to import

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def known_revisions() -> list[str]:
    """Revision ids, oldest first, read from the scripts' file names (`0002_care_plans.py` is
    revision "0002"): unlocking needs no Alembic import. A test checks this matches Alembic."""
    names = sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))
    return [name.split("_", 1)[0] for name in names]


def head_revision() -> str:
    return known_revisions()[-1]


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def needs_upgrade(self) -> bool:
        return self.current != self.head


def inspect_revision(dbapi_connection) -> SchemaState:
    """Read the vault's revision from an already keyed DB-API connection, writing nothing."""
    has_table = dbapi_connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    current = None
    if has_table:
        row = dbapi_connection.execute("SELECT version_num FROM alembic_version").fetchone()
        current = row[0] if row else None
    if current is not None and current not in known_revisions():
        raise VaultTooNewError()
    return SchemaState(current, head_revision())


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def backup_path_before_upgrade(vault_path: Path, from_revision: str | None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return vault_path.with_name(f"{vault_path.stem}.before-upgrade-{from_revision or 'empty'}-{stamp}{vault_path.suffix}")
