"""trust state: login attempts for the throttle, version counters for admin edits, one-time form tokens

The hard account lock (``users.failed_logins``, ``users.locked_until``) gives way to the
``login_attempts`` table the throttle reads; the lock's counters are dropped (they held only
a transient count). Facilities, users and cost items get a ``version`` starting at 1 for
every existing row, and plan actions a nullable ``form_token`` with a unique index (NULLs
repeat on both backends, so existing actions need none).

Revision ID: 0005
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index(op.f("ix_login_attempts_at"), "login_attempts", ["at"])
    op.create_index("ix_login_attempts_username_client", "login_attempts", ["username", "client"])
    op.create_index("ix_login_attempts_client_at", "login_attempts", ["client", "at"])
    # No batch mode here: on SQLite it copies a table into a new one and drops the old, and with
    # foreign keys on, dropping users, facilities, cost_items or plan_actions would cascade to
    # (or be refused by) the rows that point at them. Each step below is a plain ALTER TABLE,
    # which SQLite (3.35 and later) and PostgreSQL both run in place.
    for table in ("facilities", "users", "cost_items"):
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    for column in ("failed_logins", "locked_until"):
        op.execute(f"ALTER TABLE users DROP COLUMN {column}")
    op.add_column("plan_actions", sa.Column("form_token", sa.String(length=64), nullable=True))
    op.create_index("uq_plan_actions_form_token", "plan_actions", ["form_token"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_plan_actions_form_token", table_name="plan_actions")
    op.execute("ALTER TABLE plan_actions DROP COLUMN form_token")
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
    for table in ("cost_items", "users", "facilities"):
        op.execute(f"ALTER TABLE {table} DROP COLUMN version")
    op.drop_index("ix_login_attempts_client_at", table_name="login_attempts")
    op.drop_index("ix_login_attempts_username_client", table_name="login_attempts")
    op.drop_index(op.f("ix_login_attempts_at"), table_name="login_attempts")
    op.drop_table("login_attempts")
