"""prices with provenance: region and valid-from on each price, its history, the price-list mapping, freight

Every stored price gets a region (empty: unknown) and a valid-from date (NULL: since it was
seeded), and its current value becomes the first row of its history, so nothing a district
already set is lost. The mapping from the district's price-list items to catalog items and
the freight factors per kecamatan start empty (no freight anywhere).

Revision ID: 0007
Revises: 0002
Create Date: 2026-12-01 21:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cost_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
    op.create_table('cost_item_price_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('estimate', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.String(length=80), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('unit_cost >= 0', name=op.f('ck_cost_item_price_history_unit_cost_not_negative')),
    sa.ForeignKeyConstraint(['code'], ['cost_items.code'], name=op.f('fk_cost_item_price_history_code_cost_items'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cost_item_price_history'))
    )
    with op.batch_alter_table('cost_item_price_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cost_item_price_history_code'), ['code'], unique=False)
    op.execute(
        "INSERT INTO cost_item_price_history (code, unit_cost, source, year, region, estimate, valid_from, "
        "recorded_by, recorded_at) SELECT code, unit_cost, source, year, '', estimate, NULL, 'migration 0007', "
        "updated_at FROM cost_items"
    )
    op.create_table('price_list_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('cost_item_code', sa.String(length=40), nullable=False),
    sa.Column('list_unit', sa.String(length=40), nullable=False),
    sa.Column('per_item', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('per_item BETWEEN 1 AND 100000', name=op.f('ck_price_list_mappings_per_item_range')),
    sa.ForeignKeyConstraint(['cost_item_code'], ['cost_items.code'],
                            name=op.f('fk_price_list_mappings_cost_item_code_cost_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_list_mappings')),
    sa.UniqueConstraint('key', name=op.f('uq_price_list_mappings_key'))
    )


    op.create_table('freight_factors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kecamatan', sa.String(length=100), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('percent BETWEEN 100 AND 500', name=op.f('ck_freight_factors_percent_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_freight_factors')),
    sa.UniqueConstraint('kecamatan', name=op.f('uq_freight_factors_kecamatan'))
    )


def downgrade() -> None:
    op.drop_table('freight_factors')
    op.drop_table('price_list_mappings')
    with op.batch_alter_table('cost_item_price_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cost_item_price_history_code'))
    op.drop_table('cost_item_price_history')
    with op.batch_alter_table('cost_items', schema=None) as batch_op:
        batch_op.drop_column('valid_from')
        batch_op.drop_column('region')
