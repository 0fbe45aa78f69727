"""What was arranged for an appointment for a person with access needs: an interpreter in their
language, a British Sign Language interpreter, someone to come with them. Each is NULL when the
person has no such need (nothing to arrange), otherwise true (arranged) or false (not yet): a
letter claims an arrangement only when it is recorded true.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

COLUMNS = ('interpreter_arranged', 'bsl_arranged', 'companion_arranged')


def upgrade() -> None:
    with op.batch_alter_table('appointment') as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('appointment') as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
