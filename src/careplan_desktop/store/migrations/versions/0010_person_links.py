"""Issue 14. Computers that sign bundles: each computer's Ed25519 key (`exchange_signer`: this
computer's with its private key, others' public keys as confirmed, waiting or removed).

One person, however many computers registered them: when two records of a person
(the same NHS number) meet, the one with the smaller uuid is kept and the other's uuid is
remembered here as an alias of it, so records that still name the other are attached to the
person. The links travel in every bundle's manifest.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'exchange_signer',
        sa.Column('device_uuid', sa.String(36), primary_key=True),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('public_key', sa.LargeBinary(), nullable=False),
        sa.Column('private_key', sa.LargeBinary(), nullable=True),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('first_seen', sa.DateTime(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
    )
    op.create_table(
        'exchange_person_link',
        sa.Column('alias_uuid', sa.String(36), primary_key=True),
        sa.Column('person_uuid', sa.String(36), nullable=False),
        sa.Column('linked_at', sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('exchange_person_link')
    op.drop_table('exchange_signer')
