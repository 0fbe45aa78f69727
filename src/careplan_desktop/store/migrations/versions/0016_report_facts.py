"""Issue 15 (every report figure in at most 1 s over 50,000 people): the report's facts.

Narrow tables of what each person's record means for the Reports area (`models.report_facts`),
the list of people whose facts are out of date (`report_stale`), and the triggers that put a
person on that list in the same transaction as any change to what the figures read: the person,
their conditions and carers, plan versions and their goals, information, services, unmet needs
and confidence scores, reviews, letters, copies given, and the audit rows that say a record was
added or a plan agreed with a warning. Every person is stale at first: the first report after
this upgrade builds everyone's facts (`services.reports.facts.refresh`).

A later migration that rebuilds one of these tables (a batch copy) loses its triggers:
tests/services/test_report_facts.py checks every trigger named in `TRIGGERS` is in a new vault.

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

NEVER = "9999"
DIRECT = ("condition", "carer", "review", "letter_log", "print_log", "plan_version")
PARTS = ("goal", "information_prescription", "support_service", "unmet_need", "confidence_score")
TABLES = ("report_stale", "report_person", "report_joined", "report_condition", "report_version", "report_due",
          "report_exit", "report_information", "report_carer_copy", "report_score")


def _mark(expression: str) -> str:
    return f"INSERT OR IGNORE INTO report_stale (patient_id) SELECT {expression} WHERE {expression} IS NOT NULL;"


def _part(row: str) -> str:
    return (f"INSERT OR IGNORE INTO report_stale (patient_id) SELECT patient_id FROM plan_version "
            f"WHERE id = {row}.plan_version_id;")


def triggers() -> dict[str, str]:
    """Every trigger, by name: its CREATE statement."""
    out = {}

    def add(table: str, when: str, body: str, condition: str = "") -> None:
        name = f"report_stale_{table}_{when.lower()}"
        out[name] = f"CREATE TRIGGER {name} AFTER {when} ON {table} {condition}BEGIN {body} END"

    add("patient", "INSERT", _mark("NEW.id"))
    add("patient", "UPDATE", _mark("NEW.id"))
    add("patient", "DELETE", _mark("OLD.id"))
    for table in DIRECT:
        add(table, "INSERT", _mark("NEW.patient_id"))
        add(table, "UPDATE", _mark("OLD.patient_id") + " " + _mark("NEW.patient_id"))
        add(table, "DELETE", _mark("OLD.patient_id"))
    for table in PARTS:
        add(table, "INSERT", _part("NEW"))
        add(table, "UPDATE", _part("OLD") + " " + _part("NEW"))
        add(table, "DELETE", _part("OLD"))
    add("audit_event", "INSERT", _mark("NEW.patient_id"),
        "WHEN (NEW.entity = 'patient' AND NEW.action = 'created') "
        "OR (NEW.entity = 'plan_version' AND NEW.action = 'agreed') ")
    return out


#: the indexes the report reads by hold every column it reads there (covering)
INDEXES = {
    'report_person': (('left_on',), ('created_last',)),
    'report_joined': (('at', 'patient_id'),),
    'report_condition': (('patient_id',),),
    'report_version': (('agreed_at', 'number', 'copy_week', 'missing', 'warnings', 'letter_days',
                        'patient_id'),
                       ('superseded_at', 'agreed_at', 'patient_id', 'themes', 'unmet', 'services'), ('patient_id',)),
    'report_due': (('due_day', 'patient_id', 'first_met'), ('next_due_day', 'due_day', 'first_met', 'patient_id')),
    'report_exit': (('day', 'outcome', 'patient_id'), ('patient_id',)),
    'report_information': (('day', 'patient_id', 'topic', 'method', 'recipient'), ('patient_id',)),
    'report_carer_copy': (('given_at', 'unit', 'patient_id'), ('patient_id',)),
    'report_score': (('agreed_at', 'next_scored_at', 'first_agreed_at', 'change', 'patient_id'), ('patient_id',)),
}


def upgrade() -> None:
    i, t = sa.Integer, sa.Text
    op.create_table('report_stale', sa.Column('patient_id', i(), autoincrement=False, nullable=False),
                    sa.PrimaryKeyConstraint('patient_id', name=op.f('pk_report_stale')))
    op.create_table(
        'report_person', sa.Column('patient_id', i(), autoincrement=False, nullable=False),
        sa.Column('created_last', t()), sa.Column('left_on', t()), sa.Column('left_kind', t()),
        sa.Column('level_of_need', i()), sa.Column('offer_status', t()), sa.Column('conditions', i()),
        sa.Column('has_carer', i()), sa.Column('large_print', i()), sa.Column('easy_read', i()), sa.Column('bsl', i()),
        sa.Column('braille', i()), sa.Column('interpreter', i()), sa.Column('companion', i()),
        sa.Column('other_need', i()), sa.Column('first_agreed_at', t()),
        sa.PrimaryKeyConstraint('patient_id', name=op.f('pk_report_person')))
    op.create_table('report_joined', sa.Column('patient_id', i(), autoincrement=False, nullable=False),
                    sa.Column('at', t(), nullable=False),
                    sa.PrimaryKeyConstraint('patient_id', 'at', name=op.f('pk_report_joined')))
    op.create_table('report_condition', sa.Column('display', t(), nullable=False),
                    sa.Column('patient_id', i(), autoincrement=False, nullable=False),
                    sa.PrimaryKeyConstraint('display', 'patient_id', name=op.f('pk_report_condition')))
    op.create_table(
        'report_version', sa.Column('version_id', i(), autoincrement=False, nullable=False),
        sa.Column('patient_id', i()), sa.Column('number', i()), sa.Column('agreed_at', t()),
        sa.Column('superseded_at', t()), sa.Column('missing', t()),
        sa.Column('warnings', t()), sa.Column('copy_week', i()), sa.Column('letter_days', sa.Float()),
        sa.Column('themes', t()), sa.Column('unmet', t()), sa.Column('services', t()),
        sa.PrimaryKeyConstraint('version_id', name=op.f('pk_report_version')))
    op.create_table('report_due', sa.Column('patient_id', i(), autoincrement=False, nullable=False),
                    sa.Column('due_day', i(), autoincrement=False, nullable=False), sa.Column('first_met', i()),
                    sa.Column('next_due_day', i()),
                    sa.PrimaryKeyConstraint('patient_id', 'due_day', name=op.f('pk_report_due')))
    op.create_table('report_exit', sa.Column('review_id', i(), autoincrement=False, nullable=False),
                    sa.Column('patient_id', i()), sa.Column('outcome', t()), sa.Column('day', t()),
                    sa.PrimaryKeyConstraint('review_id', name=op.f('pk_report_exit')))
    op.create_table('report_information', sa.Column('id', i(), nullable=False), sa.Column('patient_id', i()),
                    sa.Column('day', t()), sa.Column('topic', t()), sa.Column('method', t()),
                    sa.Column('recipient', t()), sa.PrimaryKeyConstraint('id', name=op.f('pk_report_information')))
    op.create_table('report_carer_copy', sa.Column('id', i(), nullable=False), sa.Column('patient_id', i()),
                    sa.Column('unit', t()), sa.Column('given_at', t()),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_carer_copy')))
    op.create_table('report_score', sa.Column('id', i(), nullable=False), sa.Column('patient_id', i()),
                    sa.Column('agreed_at', t()), sa.Column('next_scored_at', t()), sa.Column('first_agreed_at', t()),
                    sa.Column('change', i()), sa.PrimaryKeyConstraint('id', name=op.f('pk_report_score')))
    for table, indexes in INDEXES.items():
        for columns in indexes:
            op.create_index(f"ix_{table}_by_{columns[0]}", table, list(columns), unique=False)
    op.create_index('ix_audit_event_record_uuid', 'audit_event', ['record_uuid'], unique=False)
    for statement in triggers().values():
        op.execute(statement)
    op.execute("INSERT INTO report_stale (patient_id) SELECT id FROM patient")


def downgrade() -> None:
    for name in triggers():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index('ix_audit_event_record_uuid', table_name='audit_event')
    for table in reversed(TABLES):
        op.drop_table(table)
