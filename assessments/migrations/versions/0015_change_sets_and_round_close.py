"""one save's audit entries share a change set; rounds get an end date and can be closed

Adds audit_log.change_set (the id of the transaction that wrote the entry, so the history can
show one save as one group; NULL for entries written before), assessment_rounds.ends_on (an
optional planned end date) and assessment_rounds.closed (a closed round is read-only). All
additive: existing rows keep their values, rounds stay open.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-02 01:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log') as batch:
        batch.add_column(sa.Column('change_set', sa.String(length=32), nullable=True))
        batch.create_index(batch.f('ix_audit_log_change_set'), ['change_set'], unique=False)
    with op.batch_alter_table('assessment_rounds') as batch:
        batch.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('closed', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('assessment_rounds') as batch:
        batch.drop_column('closed')
        batch.drop_column('ends_on')
    with op.batch_alter_table('audit_log') as batch:
        batch.drop_index(batch.f('ix_audit_log_change_set'))
        batch.drop_column('change_set')
