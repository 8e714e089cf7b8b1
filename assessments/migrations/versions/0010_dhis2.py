"""DHIS2 export: a facility's DHIS2 org unit and a round's DHIS2 period

Adds facilities.dhis2_org_unit (a DHIS2 uid or code, NULL until an administrator sets it, unique
where set) and assessment_rounds.dhis2_period (``2025``, ``2025S1``, ``2025S2``; NULL means the
yearly period of the round's start date). Both columns are nullable, so existing rows keep their
values and nothing needs filling in.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('facilities') as batch:
        batch.add_column(sa.Column('dhis2_org_unit', sa.String(length=50), nullable=True))
        batch.create_unique_constraint(op.f('uq_facilities_dhis2_org_unit'), ['dhis2_org_unit'])
    with op.batch_alter_table('assessment_rounds') as batch:
        batch.add_column(sa.Column('dhis2_period', sa.String(length=7), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('assessment_rounds') as batch:
        batch.drop_column('dhis2_period')
    with op.batch_alter_table('facilities') as batch:
        batch.drop_constraint(op.f('uq_facilities_dhis2_org_unit'), type_='unique')
        batch.drop_column('dhis2_org_unit')
