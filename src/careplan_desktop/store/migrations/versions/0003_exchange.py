"""Sync by file: the practice exchange key, destinations and what was sent to each, record
history clocks, tombstones of deleted records, applied bundles and conflicts.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exchange_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('salt', sa.LargeBinary(), nullable=True),
    sa.Column('scrypt_n', sa.Integer(), nullable=True),
    sa.Column('scrypt_r', sa.Integer(), nullable=True),
    sa.Column('scrypt_p', sa.Integer(), nullable=True),
    sa.Column('practice', sa.Text(), nullable=True),
    sa.Column('installed_at', sa.DateTime(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_key')),
    sa.UniqueConstraint('key_id', name=op.f('uq_exchange_key_key_id'))
    )
    op.create_table('exchange_destination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('folder', sa.Text(), nullable=False),
    sa.Column('auto_export', sa.Boolean(), nullable=False),
    sa.Column('peer_device_uuid', sa.String(length=36), nullable=True),
    sa.Column('audit_watermark', sa.Integer(), nullable=False),
    sa.Column('tombstone_watermark', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_export_at', sa.DateTime(), nullable=True),
    sa.Column('last_export_file', sa.Text(), nullable=True),
    sa.Column('last_export_records', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_destination')),
    sa.UniqueConstraint('uuid', name=op.f('uq_exchange_destination_uuid')),
    sa.UniqueConstraint('folder', name=op.f('uq_exchange_destination_folder'))
    )
    op.create_table('exchange_sent',
    sa.Column('destination_id', sa.Integer(), nullable=False),
    sa.Column('record_uuid', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=48), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['destination_id'], ['exchange_destination.id'],
                            name=op.f('fk_exchange_sent_destination_id_exchange_destination'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('destination_id', 'record_uuid', name=op.f('pk_exchange_sent'))
    )
    op.create_table('exchange_clock',
    sa.Column('record_uuid', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=48), nullable=False),
    sa.Column('clock', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('record_uuid', name=op.f('pk_exchange_clock'))
    )
    op.create_table('exchange_tombstone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_uuid', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=48), nullable=False),
    sa.Column('patient_uuid', sa.String(length=36), nullable=True),
    sa.Column('clock', sa.JSON(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_by_device', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_tombstone'))
    )
    with op.batch_alter_table('exchange_tombstone', schema=None) as batch_op:
        batch_op.create_index('ix_exchange_tombstone_record', ['record_uuid'], unique=False)
    op.create_table('exchange_applied_bundle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('source_device_uuid', sa.String(length=36), nullable=False),
    sa.Column('source_device_name', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_applied_bundle')),
    sa.UniqueConstraint('bundle_id', name=op.f('uq_exchange_applied_bundle_bundle_id'))
    )
    op.create_table('exchange_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('entity', sa.String(length=48), nullable=False),
    sa.Column('record_uuid', sa.String(length=36), nullable=False),
    sa.Column('patient_uuid', sa.String(length=36), nullable=True),
    sa.Column('local_snapshot', sa.JSON(), nullable=True),
    sa.Column('incoming_snapshot', sa.JSON(), nullable=True),
    sa.Column('incoming_clock', sa.JSON(), nullable=True),
    sa.Column('incoming_device_uuid', sa.String(length=36), nullable=True),
    sa.Column('bundle_id', sa.String(length=36), nullable=True),
    sa.Column('flagged_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by', sa.String(length=36), nullable=True),
    sa.Column('choice', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_conflict')),
    sa.UniqueConstraint('uuid', name=op.f('uq_exchange_conflict_uuid'))
    )
    with op.batch_alter_table('exchange_conflict', schema=None) as batch_op:
        batch_op.create_index('ix_exchange_conflict_record', ['record_uuid', 'resolved_at'], unique=False)


def downgrade() -> None:
    for table in ('exchange_conflict', 'exchange_applied_bundle', 'exchange_tombstone', 'exchange_clock',
                  'exchange_sent', 'exchange_destination', 'exchange_key'):
        op.drop_table(table)
