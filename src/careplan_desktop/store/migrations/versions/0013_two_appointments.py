"""Issue 16 (prepare): the tests appointment and the care planning appointment, invitations and second invitations.

A recall points at two appointments: the care planning appointment (`appointment_id`, as
before) and the tests and checks with the healthcare assistant one to two weeks before it
(`tests_appointment_id`, NULL when the person's conditions need no tests). An appointment keeps
a line for each of the person's communication needs, written when it is booked (`needs_note`).
Invitation letters are logged in `letter_log` (kind "invitation" or "second_invitation").

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('appointment') as batch:
        batch.add_column(sa.Column('needs_note', sa.Text(), nullable=True))
    with op.batch_alter_table('recall') as batch:
        batch.add_column(sa.Column('tests_appointment_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_recall_tests_appointment_id_appointment'), 'appointment',
                                 ['tests_appointment_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('recall') as batch:
        batch.drop_constraint(op.f('fk_recall_tests_appointment_id_appointment'), type_='foreignkey')
        batch.drop_column('tests_appointment_id')
    with op.batch_alter_table('appointment') as batch:
        batch.drop_column('needs_note')
