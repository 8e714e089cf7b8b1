"""plans as a whole (drafted from, district validation, snapshot) and monitoring of their actions

Adds facility_plans (one row per facility's plan: the assessment it was drafted from, its state
draft/submitted/returned/validated, who submitted, returned or validated it and when, the
district's comment, the validated snapshot as JSON), the monitoring columns of plan_actions
(started_on, completed_on, progress_note, spent) and plan_action_photos (evidence photos,
re-encoded, as bytes). Additive only: new columns are nullable or defaulted, so existing plans
read as drafts with nothing monitored yet.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 01:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('facility_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('drafted_from_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('submitted_by', sa.String(length=80), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('returned_by', sa.String(length=80), nullable=True),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('validated_by', sa.String(length=80), nullable=True),
    sa.Column('validated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snapshot', sa.Text(), nullable=True),
    sa.Column('reopen_note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("state IN ('draft', 'submitted', 'returned', 'validated')",
                       name=op.f('ck_facility_plans_state_valid')),
    sa.ForeignKeyConstraint(['drafted_from_id'], ['assessments.id'],
                            name=op.f('fk_facility_plans_drafted_from_id_assessments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_facility_plans_facility_id_facilities'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facility_plans')),
    sa.UniqueConstraint('facility_id', name=op.f('uq_facility_plans_facility_id'))
    )
    op.create_table('plan_action_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=20), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=80), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("media_type IN ('image/jpeg', 'image/png')", name=op.f('ck_plan_action_photos_media_type_valid')),
    sa.ForeignKeyConstraint(['action_id'], ['plan_actions.id'],
                            name=op.f('fk_plan_action_photos_action_id_plan_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_action_photos'))
    )
    op.create_index(op.f('ix_plan_action_photos_action_id'), 'plan_action_photos', ['action_id'], unique=False)
    op.add_column('plan_actions', sa.Column('started_on', sa.Date(), nullable=True))
    op.add_column('plan_actions', sa.Column('completed_on', sa.Date(), nullable=True))
    op.add_column('plan_actions', sa.Column('progress_note', sa.Text(), server_default='', nullable=False))
    op.add_column('plan_actions', sa.Column('spent', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('plan_actions') as batch:
        batch.drop_column('spent')
        batch.drop_column('progress_note')
        batch.drop_column('completed_on')
        batch.drop_column('started_on')
    op.drop_index(op.f('ix_plan_action_photos_action_id'), table_name='plan_action_photos')
    op.drop_table('plan_action_photos')
    op.drop_table('facility_plans')
