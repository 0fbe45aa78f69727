"""Issue 16 (prepare): the tests appointment and the care planning appointment, invitations and second invitations.

This revision's place in the line is kept for that work; until it adds its tables and columns
it changes nothing.

Revision ID: 0013
Revises: 0012
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
