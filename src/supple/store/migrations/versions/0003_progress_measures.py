"""Progress measures: the weekly usual pain and the Patient-Specific Functional Scale.

Revision ID: 0003
Revises: 0002
Create Date: 2026-05-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Written out rather than taken from the models: a migration must keep creating the
# schema of its day, whatever the models become later.
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the three tables; nothing that was there changes."""
    op.create_table(
        "weekly_pain",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("recorded_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name="ck_weekly_pain_pain"),
        sa.PrimaryKeyConstraint("week", name="pk_weekly_pain"),
    )
    op.create_table(
        "psfs_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_psfs_assessments"),
    )
    op.create_index("ix_psfs_assessments_taken_at", "psfs_assessments", ["taken_at"])
    op.create_table(
        "psfs_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("activity", sa.String(120), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 10", name="ck_psfs_ratings_score"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["psfs_assessments.id"],
            name="fk_psfs_ratings_assessment_id_psfs_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_psfs_ratings"),
        sa.UniqueConstraint(
            "assessment_id", "position", name="uq_psfs_ratings_assessment_id_position"
        ),
    )


def downgrade() -> None:
    """Drop the three tables."""
    for table in ("psfs_ratings", "psfs_assessments", "weekly_pain"):
        op.drop_table(table)
