"""the WASH FIT team, the team's risk assessment, and the team leader of an assessment

Adds team_members (a puskesmas's WASH FIT team, with from/to dates) and risk_judgements (the
team's likelihood, severity, who is at risk and reason for one gap of an assessment), and the
assessments.team_leader column (empty for existing rows). Additive only.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 01:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assessments') as batch:
        batch.add_column(sa.Column('team_leader', sa.String(length=200), nullable=False, server_default=''))
    op.create_table('team_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=30), nullable=False),
    sa.Column('position_other', sa.String(length=200), nullable=False),
    sa.Column('team_role', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('leader', sa.Boolean(), nullable=False),
    sa.Column('from_on', sa.Date(), nullable=False),
    sa.Column('to_on', sa.Date(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('to_on IS NULL OR to_on >= from_on', name=op.f('ck_team_members_dates_in_order')),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_team_members_facility_id_facilities'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_members'))
    )
    op.create_index(op.f('ix_team_members_facility_id'), 'team_members', ['facility_id'], unique=False)
    op.create_table('risk_judgements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=20), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('at_risk', sa.String(length=200), nullable=False),
    sa.Column('likelihood', sa.String(length=20), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'],
                            name=op.f('fk_risk_judgements_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_judgements')),
    sa.UniqueConstraint('assessment_id', 'indicator_code', name='uq_risk_judgements_assessment_indicator')
    )


def downgrade() -> None:
    op.drop_table('risk_judgements')
    op.drop_index(op.f('ix_team_members_facility_id'), table_name='team_members')
    op.drop_table('team_members')
    with op.batch_alter_table('assessments') as batch:
        batch.drop_column('team_leader')
