"""The practice's details inside the vault (name, address, phone, ODS code, clinic hours,
review intervals by level of need, the idle lock's minutes, who signs letters), moved out of
settings.json so they are encrypted and the same for everyone using the vault.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('practice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('phone', sa.Text(), nullable=False),
    sa.Column('ods_code', sa.Text(), nullable=False),
    sa.Column('clinic_hours', sa.JSON(), nullable=False),
    sa.Column('review_months', sa.JSON(), nullable=False),
    sa.Column('lock_minutes', sa.Double(), nullable=False),
    sa.Column('letters_signed_by', sa.Text(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice')),
    sa.UniqueConstraint('uuid', name=op.f('uq_practice_uuid'))
    )


def downgrade() -> None:
    op.drop_table('practice')
