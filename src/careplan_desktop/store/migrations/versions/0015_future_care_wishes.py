"""Issue 17 (the whole plan): structured future care wishes, the plan's chosen title, conditions recorded in free text.

This revision's place in the line is kept for that work; until it adds its tables and columns
it changes nothing.

Revision ID: 0015
Revises: 0014
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
