"""The first schema: the register (people, conditions, carers, results), recall and
appointments, the directory of services, letters, users, devices and the audit trail.

Revision ID: 0001
Revises: None
"""
from alembic import op
import sqlalchemy as sa

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('is_this_device', sa.Boolean(), nullable=False),
    sa.Column('first_seen', sa.DateTime(), nullable=False),
    sa.Column('exchange_key_id', sa.String(length=64), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device')),
    sa.UniqueConstraint('uuid', name=op.f('uq_device_uuid'))
    )
    op.create_table('directory_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('offers', sa.Text(), nullable=True),
    sa.Column('contact', sa.Text(), nullable=True),
    sa.Column('hours', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directory_entry')),
    sa.UniqueConstraint('uuid', name=op.f('uq_directory_entry_uuid'))
    )
    op.create_table('patient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nhs_number', sa.String(length=10), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('given_name', sa.Text(), nullable=False),
    sa.Column('family_name', sa.Text(), nullable=False),
    sa.Column('preferred_name', sa.Text(), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('birth_month', sa.Integer(), nullable=False),
    sa.Column('sex', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('postcode', sa.Text(), nullable=True),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('gp_name', sa.Text(), nullable=True),
    sa.Column('level_of_need', sa.Integer(), nullable=False),
    sa.Column('housebound', sa.Boolean(), nullable=False),
    sa.Column('large_print', sa.Boolean(), nullable=False),
    sa.Column('easy_read', sa.Boolean(), nullable=False),
    sa.Column('interpreter_language', sa.Text(), nullable=True),
    sa.Column('bsl', sa.Boolean(), nullable=False),
    sa.Column('braille', sa.Boolean(), nullable=False),
    sa.Column('needs_companion', sa.Boolean(), nullable=False),
    sa.Column('communication_other', sa.Text(), nullable=True),
    sa.Column('lead_professional', sa.Text(), nullable=True),
    sa.Column('offer_status', sa.String(length=16), nullable=False),
    sa.Column('offer_date', sa.Date(), nullable=True),
    sa.Column('offer_response_date', sa.Date(), nullable=True),
    sa.Column('offer_decline_reason', sa.Text(), nullable=True),
    sa.Column('care_status', sa.String(length=16), nullable=False),
    sa.Column('route_back', sa.Text(), nullable=True),
    sa.Column('next_review_date', sa.Date(), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(nhs_number) = 10', name=op.f('ck_patient_nhs_number_length')),
    sa.CheckConstraint('level_of_need BETWEEN 1 AND 3', name=op.f('ck_patient_level')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient')),
    sa.UniqueConstraint('nhs_number', name=op.f('uq_patient_nhs_number')),
    sa.UniqueConstraint('uuid', name=op.f('uq_patient_uuid'))
    )
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.create_index('ix_patient_birth_month', ['birth_month'], unique=False)
        batch_op.create_index('ix_patient_family_name', ['family_name'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('uuid', name=op.f('uq_user_uuid'))
    )
    op.create_table('appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=24), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('length_minutes', sa.Integer(), nullable=False),
    sa.Column('with_whom', sa.Text(), nullable=True),
    sa.Column('location', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_appointment_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment')),
    sa.UniqueConstraint('uuid', name=op.f('uq_appointment_uuid'))
    )
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointment_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index('ix_appointment_starts', ['starts_at'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_uuid', sa.String(length=36), nullable=True),
    sa.Column('device_uuid', sa.String(length=36), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=48), nullable=False),
    sa.Column('record_uuid', sa.String(length=36), nullable=True),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_audit_event_patient_id_patient'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('uuid', name=op.f('uq_audit_event_uuid'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_patient', ['patient_id', 'at'], unique=False)

    op.create_table('carer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('relationship_to_person', sa.Text(), nullable=True),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('involved_in_planning', sa.Boolean(), nullable=False),
    sa.Column('receives_copy', sa.Boolean(), nullable=False),
    sa.Column('copy_consent_recorded_on', sa.Date(), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_carer_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_carer')),
    sa.UniqueConstraint('uuid', name=op.f('uq_carer_uuid'))
    )
    with op.batch_alter_table('carer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carer_patient_id'), ['patient_id'], unique=False)

    op.create_table('condition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('snomed_id', sa.String(length=20), nullable=False),
    sa.Column('display', sa.Text(), nullable=False),
    sa.Column('diagnosed_on', sa.Date(), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_condition_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_condition')),
    sa.UniqueConstraint('uuid', name=op.f('uq_condition_uuid'))
    )
    with op.batch_alter_table('condition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_condition_patient_id'), ['patient_id'], unique=False)

    op.create_table('letter_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('sent_by', sa.Text(), nullable=True),
    sa.Column('appointment_uuid', sa.String(length=36), nullable=True),
    sa.Column('result_uuids', sa.JSON(), nullable=True),
    sa.Column('large_print', sa.Boolean(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_letter_log_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_log')),
    sa.UniqueConstraint('uuid', name=op.f('uq_letter_log_uuid'))
    )
    with op.batch_alter_table('letter_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_log_patient_id'), ['patient_id'], unique=False)

    op.create_table('result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('value_text', sa.Text(), nullable=False),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('value2', sa.Double(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('entered_by', sa.Text(), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_result_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result')),
    sa.UniqueConstraint('uuid', name=op.f('uq_result_uuid'))
    )
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.create_index('ix_result_patient_code', ['patient_id', 'code', 'taken_on'], unique=False)

    op.create_table('recall',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('due_year', sa.Integer(), nullable=False),
    sa.Column('due_month', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('invited_on', sa.Date(), nullable=True),
    sa.Column('second_invitation_on', sa.Date(), nullable=True),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], name=op.f('fk_recall_appointment_id_appointment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_recall_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recall')),
    sa.UniqueConstraint('uuid', name=op.f('uq_recall_uuid'))
    )
    with op.batch_alter_table('recall', schema=None) as batch_op:
        batch_op.create_index('ix_recall_due', ['due_year', 'due_month'], unique=False)
        batch_op.create_index(batch_op.f('ix_recall_patient_id'), ['patient_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recall', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recall_patient_id'))
        batch_op.drop_index('ix_recall_due')

    op.drop_table('recall')
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.drop_index('ix_result_patient_code')

    op.drop_table('result')
    with op.batch_alter_table('letter_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_log_patient_id'))

    op.drop_table('letter_log')
    with op.batch_alter_table('condition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_condition_patient_id'))

    op.drop_table('condition')
    with op.batch_alter_table('carer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carer_patient_id'))

    op.drop_table('carer')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_patient')

    op.drop_table('audit_event')
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_index('ix_appointment_starts')
        batch_op.drop_index(batch_op.f('ix_appointment_patient_id'))

    op.drop_table('appointment')
    op.drop_table('user')
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_index('ix_patient_family_name')
        batch_op.drop_index('ix_patient_birth_month')

    op.drop_table('patient')
    op.drop_table('directory_entry')
    op.drop_table('device')
