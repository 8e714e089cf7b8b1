"""trust state: login attempts for the throttle, version counters for admin edits, one-time form tokens

The hard account lock (``users.failed_logins``, ``users.locked_until``) gives way to the
``login_attempts`` table the throttle reads; the lock's counters are dropped (they held only
a transient count). Facilities, users and cost items get a ``version`` starting at 1 for
every existing row, and plan actions a nullable, unique ``form_token`` (NULLs repeat on both
backends, so existing actions need none).

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
    for table in ("facilities", "users", "cost_items"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("users") as batch:
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")
    with op.batch_alter_table("plan_actions") as batch:
        batch.add_column(sa.Column("form_token", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f("uq_plan_actions_form_token"), ["form_token"])


def downgrade() -> None:
    with op.batch_alter_table("plan_actions") as batch:
        batch.drop_constraint(op.f("uq_plan_actions_form_token"), type_="unique")
        batch.drop_column("form_token")
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
    for table in ("cost_items", "users", "facilities"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
    op.drop_index("ix_login_attempts_client_at", table_name="login_attempts")
    op.drop_index("ix_login_attempts_username_client", table_name="login_attempts")
    op.drop_index(op.f("ix_login_attempts_at"), table_name="login_attempts")
    op.drop_table("login_attempts")
