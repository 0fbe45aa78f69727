"""Care plans: plans, versions and their parts, reviews, printouts given; agreed versions
are fixed by triggers as well as by the model layer. Also indexes the review date for recall.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

PART_TABLES = (
    "goal", "self_care_action", "support_service", "information_prescription", "action",
    "contingency_plan", "contingency_contact", "risk", "medication", "equipment", "participant",
    "confidence_score", "sharing_consent", "personal_health_budget", "budget_line",
)
FIXED = "'This version of the plan has been agreed and cannot be changed'"


def _fixed_version_triggers() -> None:
    """Belt and braces under the model-layer rule: SQL cannot change an agreed version either."""
    op.execute(
        "CREATE TRIGGER plan_version_fixed BEFORE UPDATE ON plan_version "
        "WHEN OLD.status <> 'draft' AND NOT (OLD.status = 'agreed' AND NEW.status = 'superseded') "
        f"BEGIN SELECT RAISE(ABORT, {FIXED}); END"
    )
    op.execute(
        "CREATE TRIGGER plan_version_fixed_delete BEFORE DELETE ON plan_version "
        f"WHEN OLD.status <> 'draft' BEGIN SELECT RAISE(ABORT, {FIXED}); END"
    )
    for table in PART_TABLES:
        for when, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER {table}_fixed_{when.lower()} BEFORE {when} ON {table} "
                f"WHEN (SELECT status FROM plan_version WHERE id = {row}.plan_version_id) <> 'draft' "
                f"BEGIN SELECT RAISE(ABORT, {FIXED}); END"
            )


def upgrade() -> None:
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.create_index("ix_patient_next_review_date", ["next_review_date"], unique=False)
    op.create_table('care_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_care_plan_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_plan')),
    sa.UniqueConstraint('uuid', name=op.f('uq_care_plan_uuid'))
    )
    with op.batch_alter_table('care_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_plan_patient_id'), ['patient_id'], unique=False)

    op.create_table('print_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('plan_version_uuid', sa.String(length=36), nullable=False),
    sa.Column('given_to', sa.String(length=16), nullable=False),
    sa.Column('carer_uuid', sa.String(length=36), nullable=True),
    sa.Column('given_at', sa.DateTime(), nullable=False),
    sa.Column('given_by', sa.Text(), nullable=True),
    sa.Column('large_print', sa.Boolean(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_print_log_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_log')),
    sa.UniqueConstraint('uuid', name=op.f('uq_print_log_uuid'))
    )
    with op.batch_alter_table('print_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_log_patient_id'), ['patient_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('plan_version_uuid', sa.String(length=36), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=True),
    sa.Column('what_changed', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Integer(), nullable=True),
    sa.Column('goal_progress', sa.JSON(), nullable=True),
    sa.Column('action_progress', sa.JSON(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('next_review_date', sa.Date(), nullable=True),
    sa.Column('reviewed_by', sa.Text(), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_review_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('uuid', name=op.f('uq_review_uuid'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_plan_version_uuid'), ['plan_version_uuid'], unique=False)

    op.create_table('plan_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('care_plan_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('parent_uuid', sa.String(length=36), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('story_new', sa.Text(), nullable=True),
    sa.Column('story_good', sa.Text(), nullable=True),
    sa.Column('story_tough', sa.Text(), nullable=True),
    sa.Column('what_matters', sa.Text(), nullable=True),
    sa.Column('communication_preferences', sa.Text(), nullable=True),
    sa.Column('brought_from_letter', sa.Text(), nullable=True),
    sa.Column('information_beforehand', sa.Text(), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('risk_discussion', sa.Text(), nullable=True),
    sa.Column('safeguarding_concern', sa.Text(), nullable=True),
    sa.Column('carer_involvement', sa.Text(), nullable=True),
    sa.Column('carer_needs', sa.Text(), nullable=True),
    sa.Column('end_of_life_preferences', sa.Text(), nullable=True),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('review_method', sa.String(length=16), nullable=True),
    sa.Column('agreed_at', sa.DateTime(), nullable=True),
    sa.Column('agreed_by_person', sa.Text(), nullable=True),
    sa.Column('agreed_by_clinician', sa.Text(), nullable=True),
    sa.Column('missing_at_agreement', sa.JSON(), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['care_plan_id'], ['care_plan.id'], name=op.f('fk_plan_version_care_plan_id_care_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_plan_version_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_version')),
    sa.UniqueConstraint('uuid', name=op.f('uq_plan_version_uuid'))
    )
    with op.batch_alter_table('plan_version', schema=None) as batch_op:
        batch_op.create_index('ix_plan_version_patient_status', ['patient_id', 'status'], unique=False)

    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('who', sa.Text(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_action_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action')),
    sa.UniqueConstraint('uuid', name=op.f('uq_action_uuid'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('amount_pence', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_budget_line_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line')),
    sa.UniqueConstraint('uuid', name=op.f('uq_budget_line_uuid'))
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_line_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('confidence_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_confidence_score_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_confidence_score')),
    sa.UniqueConstraint('uuid', name=op.f('uq_confidence_score_uuid'))
    )
    with op.batch_alter_table('confidence_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_confidence_score_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('contingency_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('hours', sa.Text(), nullable=True),
    sa.Column('when_to_call', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_contingency_contact_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contingency_contact')),
    sa.UniqueConstraint('uuid', name=op.f('uq_contingency_contact_uuid'))
    )
    with op.batch_alter_table('contingency_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contingency_contact_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('contingency_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('warning_signs', sa.Text(), nullable=True),
    sa.Column('what_i_do', sa.Text(), nullable=True),
    sa.Column('what_others_do', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_contingency_plan_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contingency_plan')),
    sa.UniqueConstraint('uuid', name=op.f('uq_contingency_plan_uuid'))
    )
    with op.batch_alter_table('contingency_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contingency_plan_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('equipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_equipment_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment')),
    sa.UniqueConstraint('uuid', name=op.f('uq_equipment_uuid'))
    )
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equipment_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('addresses', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('progress', sa.String(length=24), nullable=True),
    sa.Column('progress_note', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_goal_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal')),
    sa.UniqueConstraint('uuid', name=op.f('uq_goal_uuid'))
    )
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('information_prescription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('given_on', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_information_prescription_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_information_prescription')),
    sa.UniqueConstraint('uuid', name=op.f('uq_information_prescription_uuid'))
    )
    with op.batch_alter_table('information_prescription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_information_prescription_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('medication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('dose', sa.Text(), nullable=True),
    sa.Column('when', sa.Text(), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('colour', sa.String(length=24), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_medication_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medication')),
    sa.UniqueConstraint('uuid', name=op.f('uq_medication_uuid'))
    )
    with op.batch_alter_table('medication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medication_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_participant_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('uuid', name=op.f('uq_participant_uuid'))
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('personal_health_budget',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amount_pence', sa.Integer(), nullable=False),
    sa.Column('management', sa.String(length=24), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_personal_health_budget_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_health_budget')),
    sa.UniqueConstraint('uuid', name=op.f('uq_personal_health_budget_uuid'))
    )
    with op.batch_alter_table('personal_health_budget', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personal_health_budget_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('risk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('agreed_approach', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_risk_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk')),
    sa.UniqueConstraint('uuid', name=op.f('uq_risk_uuid'))
    )
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('self_care_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('goal_uuid', sa.String(length=36), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_self_care_action_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_care_action')),
    sa.UniqueConstraint('uuid', name=op.f('uq_self_care_action_uuid'))
    )
    with op.batch_alter_table('self_care_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_care_action_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('sharing_consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=32), nullable=False),
    sa.Column('consented', sa.Boolean(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_sharing_consent_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sharing_consent')),
    sa.UniqueConstraint('uuid', name=op.f('uq_sharing_consent_uuid'))
    )
    with op.batch_alter_table('sharing_consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sharing_consent_plan_version_id'), ['plan_version_id'], unique=False)

    op.create_table('support_service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('contact', sa.Text(), nullable=True),
    sa.Column('directory_entry_uuid', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('carried_forward', sa.Boolean(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_version.id'], name=op.f('fk_support_service_plan_version_id_plan_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_service')),
    sa.UniqueConstraint('uuid', name=op.f('uq_support_service_uuid'))
    )
    with op.batch_alter_table('support_service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_service_plan_version_id'), ['plan_version_id'], unique=False)
    _fixed_version_triggers()


def downgrade() -> None:
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_index("ix_patient_next_review_date")
    for table in PART_TABLES:
        for when in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fixed_{when}")
    op.execute("DROP TRIGGER IF EXISTS plan_version_fixed")
    op.execute("DROP TRIGGER IF EXISTS plan_version_fixed_delete")
    with op.batch_alter_table('support_service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_service_plan_version_id'))

    op.drop_table('support_service')
    with op.batch_alter_table('sharing_consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sharing_consent_plan_version_id'))

    op.drop_table('sharing_consent')
    with op.batch_alter_table('self_care_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_care_action_plan_version_id'))

    op.drop_table('self_care_action')
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_plan_version_id'))

    op.drop_table('risk')
    with op.batch_alter_table('personal_health_budget', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_personal_health_budget_plan_version_id'))

    op.drop_table('personal_health_budget')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_plan_version_id'))

    op.drop_table('participant')
    with op.batch_alter_table('medication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medication_plan_version_id'))

    op.drop_table('medication')
    with op.batch_alter_table('information_prescription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_information_prescription_plan_version_id'))

    op.drop_table('information_prescription')
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_plan_version_id'))

    op.drop_table('goal')
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equipment_plan_version_id'))

    op.drop_table('equipment')
    with op.batch_alter_table('contingency_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contingency_plan_plan_version_id'))

    op.drop_table('contingency_plan')
    with op.batch_alter_table('contingency_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contingency_contact_plan_version_id'))

    op.drop_table('contingency_contact')
    with op.batch_alter_table('confidence_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_confidence_score_plan_version_id'))

    op.drop_table('confidence_score')
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_line_plan_version_id'))

    op.drop_table('budget_line')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_plan_version_id'))

    op.drop_table('action')
    with op.batch_alter_table('plan_version', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_version_patient_status')

    op.drop_table('plan_version')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_plan_version_uuid'))
        batch_op.drop_index(batch_op.f('ix_review_patient_id'))

    op.drop_table('review')
    with op.batch_alter_table('print_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_log_patient_id'))

    op.drop_table('print_log')
    with op.batch_alter_table('care_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_care_plan_patient_id'))

    op.drop_table('care_plan')
