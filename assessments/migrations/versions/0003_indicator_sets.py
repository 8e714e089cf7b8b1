"""indicator sets in the database: each round names the set it is scored with; two profile fields

Facilities get ``rainfall_sufficient`` and ``sewered`` (false: on-site sanitation), read by the
applicability conditions of newer sets; no shipped indicator uses them, so no score moves.

Creates ``indicator_sets`` (a set kept whole: YAML text, id, version, title, source, SHA-256)
and ``assessment_rounds.indicator_set_id``. An installation that already has rounds was running
with one set per process (``WASHFIT_INDICATORS``, else the shipped ``seed_indicators.yaml``):
that file is stored as the first set and every round points at it, so every score stays what
it was. Reads the file with PyYAML and hashlib only, never with application code, so that later
changes to the application cannot change what this migration does.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:55:00
"""

import datetime as dt
import hashlib
import os
from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

revision = '0003'
down_revision = "0006"
branch_labels = None
depends_on = None


def _first_set_file() -> Path:
    """The set the application ran with before this revision (twin: ``assessments.shipped_files.first_set_path``)."""
    override = os.environ.get("WASHFIT_INDICATORS")
    if override:
        return Path(override)
    from assessments.shipped_files import shipped_path

    return shipped_path("seed_indicators.yaml")


def upgrade() -> None:
    sets = op.create_table(
        'indicator_sets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('set_id', sa.String(length=50), nullable=False),
        sa.Column('version', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('yaml_text', sa.Text(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_sets')),
        sa.UniqueConstraint('set_id', 'version', name='uq_indicator_sets_set_version'),
    )
    with op.batch_alter_table('facilities') as batch:
        batch.add_column(sa.Column('rainfall_sufficient', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column('sewered', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('assessment_rounds') as batch:
        batch.add_column(sa.Column('indicator_set_id', sa.Integer(), nullable=True))
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT COUNT(*) FROM assessment_rounds")).scalar():
        path = _first_set_file()
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        title = data.get("title") or {}
        stored = connection.execute(sets.insert().values(
            set_id=str(data["id"]), version=str(data["version"]),
            title=str(title.get("id") or data["id"])[:300], source=str((data.get("source") or {}).get("citation", "")),
            yaml_text=text, content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            created_at=dt.datetime.now(dt.timezone.utc),
        ).returning(sets.c.id)).scalar_one()
        connection.execute(sa.text("UPDATE assessment_rounds SET indicator_set_id = :id"), {"id": stored})
    with op.batch_alter_table('assessment_rounds') as batch:
        batch.alter_column('indicator_set_id', existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(
            op.f('fk_assessment_rounds_indicator_set_id_indicator_sets'), 'indicator_sets',
            ['indicator_set_id'], ['id'], ondelete='RESTRICT',
        )


def downgrade() -> None:
    with op.batch_alter_table('assessment_rounds') as batch:
        batch.drop_constraint(op.f('fk_assessment_rounds_indicator_set_id_indicator_sets'), type_='foreignkey')
        batch.drop_column('indicator_set_id')
    op.drop_table('indicator_sets')
    with op.batch_alter_table('facilities') as batch:
        batch.drop_column('sewered')
        batch.drop_column('rainfall_sufficient')
