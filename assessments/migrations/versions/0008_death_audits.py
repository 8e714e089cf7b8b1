"""maternal and perinatal death audits (AMP-SR): de-identified case summaries, and the amp_sr role

Adds the death_audits table (a facility, a month and year, codes only: nothing identifying) and
widens the users.role check to the AMP-SR team's role. The role check is rebuilt in batch mode,
which on SQLite copies the users table; existing rows keep their values.

Revision ID: 0008
Revises: 0002
Create Date: 2026-12-01 21:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0003'
branch_labels = None
depends_on = None

_ROLES_BEFORE = "role IN ('admin', 'assessor', 'facility_head', 'viewer')"
_ROLES_AFTER = "role IN ('admin', 'assessor', 'facility_head', 'viewer', 'amp_sr')"


def _role_check(condition: str) -> None:
    """Replace the users.role check; SQLite copies the table, PostgreSQL alters it in place.

    Dropping the old users table on SQLite deletes its user_facilities rows (ON DELETE CASCADE,
    and PRAGMA foreign_keys cannot be turned off inside the migration's transaction), so they
    are kept aside and put back.
    """
    connection = op.get_bind()
    links = sa.table('user_facilities', sa.column('user_id'), sa.column('facility_id'))
    kept = [dict(row) for row in connection.execute(sa.select(links)).mappings()]
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('ck_users_role_valid'), type_='check')
        batch.create_check_constraint('role_valid', condition)
    if connection.dialect.name == 'sqlite' and kept:
        connection.execute(links.delete())
        connection.execute(links.insert(), kept)


def upgrade() -> None:
    op.create_table('death_audits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('case_type', sa.String(length=30), nullable=False),
    sa.Column('place', sa.String(length=30), nullable=False),
    sa.Column('cause_group', sa.String(length=30), nullable=False),
    sa.Column('factors', sa.String(length=400), nullable=False),
    sa.Column('recommendation', sa.Text(), nullable=False),
    sa.Column('response_status', sa.String(length=20), nullable=False),
    sa.Column('plan_action_id', sa.Integer(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.Column('import_digest', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_death_audits_month_range')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2200', name=op.f('ck_death_audits_year_range')),
    sa.CheckConstraint("response_status IN ('open', 'in_progress', 'done')",
                       name=op.f('ck_death_audits_response_status_valid')),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_death_audits_facility_id_facilities'),
                            ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_action_id'], ['plan_actions.id'],
                            name=op.f('fk_death_audits_plan_action_id_plan_actions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_death_audits'))
    )
    op.create_index(op.f('ix_death_audits_facility_id'), 'death_audits', ['facility_id'], unique=False)
    op.create_index(op.f('ix_death_audits_import_digest'), 'death_audits', ['import_digest'], unique=False)
    _role_check(_ROLES_AFTER)


def downgrade() -> None:
    op.execute("UPDATE users SET role = 'viewer', active = false WHERE role = 'amp_sr'")
    _role_check(_ROLES_BEFORE)
    op.drop_index(op.f('ix_death_audits_import_digest'), table_name='death_audits')
    op.drop_index(op.f('ix_death_audits_facility_id'), table_name='death_audits')
    op.drop_table('death_audits')
