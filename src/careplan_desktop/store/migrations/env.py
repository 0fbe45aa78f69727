"""Alembic environment: always run on a connection the vault hands over (already keyed)."""

from alembic import context

from careplan_desktop.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
