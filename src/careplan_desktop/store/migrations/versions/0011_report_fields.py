"""Issue 15 (reports): goal themes, how and to whom an information prescription was given, unmet needs.

Each goal may take a theme (staying independent, getting out and about ...); an information
prescription records how it was given (directly, posted, electronic, pharmacy, information
centre) and to whom (the person or the carer); a plan part holds "what I need that nobody
provides yet", with its theme. All optional: plans already in a vault keep them blank.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

FIXED = "'This version of the plan has been agreed and cannot be changed'"


def upgrade() -> None:
    with op.batch_alter_table('goal') as batch:
        batch.add_column(sa.Column('theme', sa.Text(), nullable=True))
    with op.batch_alter_table('information_prescription') as batch:
        batch.add_column(sa.Column('method', sa.Text(), nullable=True))
        batch.add_column(sa.Column('recipient', sa.Text(), nullable=True))
    op.create_table('unmet_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need', sa.Text(), nullable=False),
    sa.Column('theme', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_unmet_need_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unmet_need')),
    sa.UniqueConstraint('uuid', name=op.f('uq_unmet_need_uuid'))
    )
    with op.batch_alter_table('unmet_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unmet_need_plan_version_id'), ['plan_version_id'], unique=False)
    for when, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):  # fixed once agreed, as in 0002
        op.execute(
            f"CREATE TRIGGER unmet_need_fixed_{when.lower()} BEFORE {when} ON unmet_need "
            f"WHEN (SELECT status FROM plan_version WHERE id = {row}.plan_version_id) <> 'draft' "
            f"BEGIN SELECT RAISE(ABORT, {FIXED}); END"
        )


def downgrade() -> None:
    with op.batch_alter_table('unmet_need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unmet_need_plan_version_id'))
    op.drop_table('unmet_need')
    with op.batch_alter_table('information_prescription') as batch:
        batch.drop_column('recipient')
        batch.drop_column('method')
    with op.batch_alter_table('goal') as batch:
        batch.drop_column('theme')
