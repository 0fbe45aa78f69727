"""Issue 17 (the golden thread): the need a goal answers, its importance, the goals each action and service serves, progress at review.

Goals gain `need` (the need in the person's words) and `importance` (1-10); "what I will do",
support services and actions gain `goal_uuids` (the goals each serves, one or more); a review
gains `support_progress` (how "what I will do" and each service went). A "what I will do" that
named one goal (`goal_uuid`) keeps it and gets it as its first `goal_uuids` too: for that one
update the agreed-version trigger on the table is lifted and put back as it was.

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

FIXED = "'This version of the plan has been agreed and cannot be changed'"
SERVING = ("self_care_action", "support_service", "action")


def _update_trigger(table: str) -> str:
    return (f"CREATE TRIGGER {table}_fixed_update BEFORE UPDATE ON {table} "
            f"WHEN (SELECT status FROM plan_version WHERE id = OLD.plan_version_id) <> 'draft' "
            f"BEGIN SELECT RAISE(ABORT, {FIXED}); END")


def upgrade() -> None:
    op.add_column('goal', sa.Column('need', sa.Text(), nullable=True))
    op.add_column('goal', sa.Column('importance', sa.Integer(), nullable=True))
    for table in SERVING:
        op.add_column(table, sa.Column('goal_uuids', sa.JSON(), nullable=True))
    op.add_column('review', sa.Column('support_progress', sa.JSON(), nullable=True))
    op.execute("DROP TRIGGER IF EXISTS self_care_action_fixed_update")
    op.execute("UPDATE self_care_action SET goal_uuids = json_array(goal_uuid) WHERE goal_uuid IS NOT NULL")
    op.execute(_update_trigger("self_care_action"))


def downgrade() -> None:
    # plain ALTER TABLE (SQLite 3.35+), not a batch copy: a copied table would lose its triggers
    for table, column in (('review', 'support_progress'), *((t, 'goal_uuids') for t in SERVING),
                          ('goal', 'importance'), ('goal', 'need')):
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
