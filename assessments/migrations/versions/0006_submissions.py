"""submissions imported from KoboToolbox and ODK Central, keyed by their instance id

A new table only: no existing row moves.

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-01 21:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.String(length=100), nullable=False),
    sa.Column('deprecated_id', sa.String(length=100), nullable=True),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('form_version', sa.String(length=40), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=True),
    sa.Column('assessors', sa.String(length=300), nullable=False),
    sa.Column('team_leader', sa.String(length=200), nullable=False),
    sa.Column('imported_by', sa.String(length=80), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_submissions_facility_id_facilities'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id'], ['assessment_rounds.id'], name=op.f('fk_submissions_round_id_assessment_rounds'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('instance_id', name=op.f('uq_submissions_instance_id'))
    )
    op.create_index('ix_submissions_facility_round', 'submissions', ['facility_id', 'round_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_submissions_facility_round', table_name='submissions')
    op.drop_table('submissions')
