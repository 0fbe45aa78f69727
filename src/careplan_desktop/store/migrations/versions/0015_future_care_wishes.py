"""Issue 17 (the whole plan): structured future care wishes, the plan's chosen title, conditions recorded in free text.

* `plan_version` gains the person's future care wishes (what matters at the end of life, where
  they would like to be cared for and to die, a ReSPECT or DNACPR form and where it is kept, a
  Lasting Power of Attorney for health and welfare, an advance decision to refuse treatment and
  where it is kept, who should be told; "not now" is a valid answer), whether the person agreed
  they go on the printout (no for every plan already in a vault), and the plan's own title.
* `condition.snomed_id` may be empty: a condition not in the catalogue, in the nurse's words
  (code "free-text"); `condition.site` holds where in the body, for cancer.

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_TEXT = ('future_what_matters', 'future_place_of_care', 'future_place_of_death', 'future_form_kept_where',
         'future_lpa_who', 'future_lpa_contact', 'future_advance_decision_where', 'future_who_to_tell', 'plan_title')


def upgrade() -> None:
    # Plain ADD COLUMN, never a rebuilt table: the agreed-version triggers name plan_version.
    op.add_column('plan_version', sa.Column('future_care_choice', sa.String(length=16), nullable=True))
    op.add_column('plan_version', sa.Column('future_resuscitation_form', sa.String(length=24), nullable=True))
    op.add_column('plan_version', sa.Column('future_lpa', sa.String(length=8), nullable=True))
    op.add_column('plan_version', sa.Column('future_advance_decision', sa.String(length=8), nullable=True))
    for name in _TEXT:
        op.add_column('plan_version', sa.Column(name, sa.Text(), nullable=True))
    op.add_column('plan_version', sa.Column('future_on_printout', sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    with op.batch_alter_table('condition') as batch:
        batch.alter_column('snomed_id', existing_type=sa.String(length=20), nullable=True)
        batch.add_column(sa.Column('site', sa.Text(), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE condition SET snomed_id = '' WHERE snomed_id IS NULL")
    with op.batch_alter_table('condition') as batch:
        batch.drop_column('site')
        batch.alter_column('snomed_id', existing_type=sa.String(length=20), nullable=False)
    for name in ('future_on_printout', *reversed(_TEXT), 'future_advance_decision', 'future_lpa',
                 'future_resuscitation_form', 'future_care_choice'):
        op.drop_column('plan_version', name)  # SQLite 3.35 and later
