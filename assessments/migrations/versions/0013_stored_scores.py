"""stored scores: each assessment's domain tallies and JMP service levels, kept with its answers

Adds assessment_domain_scores and assessment_service_levels and fills them for every existing
assessment, scored with its round's stored indicator set by ``scoring`` (the same rules the app
applies when it stores them on every save).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 01:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessment_domain_scores',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=50), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('maximum', sa.Integer(), nullable=False),
    sa.Column('met', sa.Integer(), nullable=False),
    sa.Column('partial', sa.Integer(), nullable=False),
    sa.Column('not_met', sa.Integer(), nullable=False),
    sa.Column('not_applicable', sa.Integer(), nullable=False),
    sa.Column('unanswered', sa.Integer(), nullable=False),
    sa.Column('essential_met', sa.Integer(), nullable=False),
    sa.Column('essential_assessed', sa.Integer(), nullable=False),
    sa.Column('scored_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'],
                            name=op.f('fk_assessment_domain_scores_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'domain', name=op.f('pk_assessment_domain_scores'))
    )
    op.create_table('assessment_service_levels',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=50), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'],
                            name=op.f('fk_assessment_service_levels_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'area', name=op.f('pk_assessment_service_levels'))
    )
    _score_existing_rounds()


def _score_existing_rounds() -> None:
    """Every round scored with its own stored set through the service the app uses (``rescore``).

    A round whose stored set this version cannot read (written by an older format) stays unscored,
    as the app cannot score it either; ``washfit rescore`` scores it once the set is fixed.
    """
    from sqlalchemy.orm import Session

    from assessments.errors import InvalidInput
    from assessments.scores.stored_tallies import rescore

    connection = op.get_bind()
    with Session(bind=connection) as session:
        for (round_id,) in connection.execute(sa.text('SELECT id FROM assessment_rounds ORDER BY id')).all():
            try:
                with session.begin_nested():
                    rescore(session, round_id)
            except InvalidInput:
                continue
        session.flush()


def downgrade() -> None:
    op.drop_table('assessment_service_levels')
    op.drop_table('assessment_domain_scores')
