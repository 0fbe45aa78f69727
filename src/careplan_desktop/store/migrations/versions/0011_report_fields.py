"""Issue 15 (reports): goal themes, how and to whom an information prescription was given, unmet needs.

This revision's place in the line is kept for that work; until it adds its tables and columns
it changes nothing.

Revision ID: 0011
Revises: 0010
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
