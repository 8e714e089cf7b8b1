"""improvement plans: the district's cost catalog prices, plan actions and their items

Generated with alembic autogenerate against 0001, then checked by hand: CHECK constraints are
portable SQL (SQLite and PostgreSQL), money columns are BIGINT whole rupiah, and the unique
(facility_id, indicator_code) lets own actions (NULL code) repeat on both backends.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:42:44.527196
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cost_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('estimate', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('unit_cost >= 0', name=op.f('ck_cost_items_unit_cost_not_negative')),
    sa.CheckConstraint('year BETWEEN 1900 AND 2200', name=op.f('ck_cost_items_year_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cost_items')),
    sa.UniqueConstraint('code', name=op.f('uq_cost_items_code'))
    )
    op.create_table('plan_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('indicator_code', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('responsible', sa.String(length=200), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('funding_source', sa.String(length=20), nullable=True),
    sa.Column('edited', sa.String(length=200), nullable=False),
    sa.Column('indicator_met', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("funding_source IS NULL OR funding_source IN ('APBD', 'DAK', 'BOK', 'UNICEF', 'other')", name=op.f('ck_plan_actions_funding_source_valid')),
    sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name=op.f('ck_plan_actions_status_valid')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_plan_actions_assessment_id_assessments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_plan_actions_facility_id_facilities'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions')),
    sa.UniqueConstraint('facility_id', 'indicator_code', name='uq_plan_actions_facility_indicator')
    )
    op.create_table('plan_action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('cost_item_code', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_cost_override', sa.BigInteger(), nullable=True),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_plan_action_items_quantity_positive')),
    sa.CheckConstraint('unit_cost_override IS NULL OR unit_cost_override >= 0', name=op.f('ck_plan_action_items_override_not_negative')),
    sa.ForeignKeyConstraint(['action_id'], ['plan_actions.id'], name=op.f('fk_plan_action_items_action_id_plan_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cost_item_code'], ['cost_items.code'], name=op.f('fk_plan_action_items_cost_item_code_cost_items'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_action_items')),
    sa.UniqueConstraint('action_id', 'cost_item_code', name='uq_plan_action_items_action_item')
    )


def downgrade() -> None:
    op.drop_table('plan_action_items')
    op.drop_table('plan_actions')
    op.drop_table('cost_items')
