"""Issue 17 (the golden thread): the need a goal answers, its importance, the goals each action and service serves, progress at review.

This revision's place in the line is kept for that work; until it adds its tables and columns
it changes nothing.

Revision ID: 0014
Revises: 0013
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
