"""The printout store: each plan version's yellow-folder PDF kept inside the vault (a cache keyed
by the render's inputs; see models/printouts.py).

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stored_printout',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('large_print', sa.Boolean(), nullable=False),
    sa.Column('inputs_key', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('made_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'],
                            name=op.f('fk_stored_printout_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_printout')),
    sa.UniqueConstraint('plan_version_id', 'large_print', name=op.f('uq_stored_printout_plan_version_id'))
    )


def downgrade() -> None:
    op.drop_table('stored_printout')
