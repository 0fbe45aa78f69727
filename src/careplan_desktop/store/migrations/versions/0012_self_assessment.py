"""Issue 15 (the practice self-assessment): assessments, their answers and the figures stored at completion.

This revision's place in the line is kept for that work; until it adds its tables and columns
it changes nothing.

Revision ID: 0012
Revises: 0011
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
