"""Sync by file: the inbox folders this computer watches, and the bundle files in them set
aside (refused, made here, or already imported under another name) until they change.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exchange_inbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('folder', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_import_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_inbox')),
    sa.UniqueConstraint('uuid', name=op.f('uq_exchange_inbox_uuid')),
    sa.UniqueConstraint('folder', name=op.f('uq_exchange_inbox_folder'))
    )
    op.create_table('exchange_set_aside',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inbox_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('modified_ns', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('noted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inbox_id'], ['exchange_inbox.id'],
                            name=op.f('fk_exchange_set_aside_inbox_id_exchange_inbox'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_set_aside')),
    sa.UniqueConstraint('inbox_id', 'file_name', name=op.f('uq_exchange_set_aside_inbox_id'))
    )


def downgrade() -> None:
    op.drop_table('exchange_set_aside')
    op.drop_table('exchange_inbox')
