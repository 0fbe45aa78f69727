"""A register kept true: whether each person is still on the long-term-condition register, or
has died (with the date), moved away or registered elsewhere (with the date), or left the
register (with the reason). Everyone already in a vault is on the register.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('patient') as batch:
        batch.add_column(sa.Column('register_status', sa.String(length=16), nullable=False, server_default='active'))
        batch.add_column(sa.Column('register_status_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('register_status_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('patient') as batch:
        for name in ('register_status_reason', 'register_status_on', 'register_status'):
            batch.drop_column(name)
