"""Schema versions through Alembic: create, inspect, upgrade.

The migration scripts live in `store/migrations/versions/`. A vault records its revision in
`alembic_version`. A vault made by a newer release has a revision this release does not
know: it is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from .errors import VaultTooNewError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


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
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def backup_path_before_upgrade(vault_path: Path, from_revision: str | None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return vault_path.with_name(f"{vault_path.stem}.before-upgrade-{from_revision or 'empty'}-{stamp}{vault_path.suffix}")
