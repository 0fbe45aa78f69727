"""Issue 15 (the practice self-assessment): assessments, their answers and the figures stored at completion.

`self_assessment` holds one sitting (date, who, draft or completed, the figures from the records
kept when it was completed); `self_assessment_answer` its answers (yes, partly, no, the evidence,
the action agreed, who and by when), each with the question's words as they were.

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def _traveller() -> list[sa.Column]:
    return [
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('changed_by_device', sa.String(length=36), nullable=True),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        'self_assessment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessed_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('started_by', sa.Text(), nullable=False),
        sa.Column('taking_part', sa.Text(), nullable=False),
        sa.Column('started_from_uuid', sa.String(length=36), nullable=True),
        sa.Column('completed_at', sa.DateTime(), nullable=True),
        sa.Column('completed_by', sa.Text(), nullable=True),
        sa.Column('completed_by_role', sa.String(length=32), nullable=True),
        sa.Column('evidence', sa.JSON(), nullable=True),
        *_traveller(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment')),
        sa.UniqueConstraint('uuid', name=op.f('uq_self_assessment_uuid')),
    )
    op.create_table(
        'self_assessment_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('question_key', sa.String(length=64), nullable=False),
        sa.Column('question_text', sa.Text(), nullable=False),
        sa.Column('rating', sa.String(length=8), nullable=True),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('action', sa.Text(), nullable=False),
        sa.Column('action_by', sa.Text(), nullable=False),
        sa.Column('action_due', sa.Date(), nullable=True),
        *_traveller(),
        sa.ForeignKeyConstraint(['assessment_id'], ['self_assessment.id'], ondelete='CASCADE',
                                name=op.f('fk_self_assessment_answer_assessment_id_self_assessment')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment_answer')),
        sa.UniqueConstraint('uuid', name=op.f('uq_self_assessment_answer_uuid')),
    )
    op.create_index(op.f('ix_self_assessment_answer_assessment_id'), 'self_assessment_answer', ['assessment_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_self_assessment_answer_assessment_id'), table_name='self_assessment_answer')
    op.drop_table('self_assessment_answer')
    op.drop_table('self_assessment')
