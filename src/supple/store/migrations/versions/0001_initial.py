"""The first schema: sessions, phases, hurts, flags, screenings, meta.

Revision ID: 0001
Revises:
Create Date: 2024-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Written out rather than taken from the models: a migration must keep creating the
# schema of its day, whatever the models become later.
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.String(100), nullable=False),
        sa.Column("routine_title", sa.String(200), nullable=False),
        sa.Column("client", sa.String(40), nullable=False),
        sa.Column("speed", sa.Float(), nullable=False),
        sa.Column("planned_seconds", sa.Integer(), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("ended_at", UTC_TIME, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("pain_before", sa.Integer(), nullable=True),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_sessions_pain_before"),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_sessions_pain_after"),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"])

    op.create_table(
        "phases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("phase_index", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("stretch_id", sa.String(100), nullable=True),
        sa.Column("side", sa.String(10), nullable=True),
        sa.Column("planned_seconds", sa.Float(), nullable=False),
        sa.Column("actual_seconds", sa.Float(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("ended_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name="fk_phases_session_id_sessions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_phases"),
    )
    op.create_index("ix_phases_session_id_phase_index", "phases", ["session_id", "phase_index"])

    op.create_table(
        "hurts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("phase_index", sa.Integer(), nullable=False),
        sa.Column("stretch_id", sa.String(100), nullable=False),
        sa.Column("side", sa.String(10), nullable=True),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("reported_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name="fk_hurts_session_id_sessions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_hurts"),
    )
    op.create_index("ix_hurts_session_id", "hurts", ["session_id"])

    op.create_table(
        "flags",
        sa.Column("stretch_id", sa.String(100), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_reason", sa.String(20), nullable=False),
        sa.Column("first_at", UTC_TIME, nullable=False),
        sa.Column("last_at", UTC_TIME, nullable=False),
        sa.Column("cleared_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("stretch_id", name="pk_flags"),
    )

    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_at", UTC_TIME, nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_screenings"),
    )
    op.create_index("ix_screenings_taken_at", "screenings", ["taken_at"])

    op.create_table(
        "meta",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.String(2000), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )


def downgrade() -> None:
    """Drop every table."""
    for table in ("meta", "screenings", "flags", "hurts", "phases", "sessions"):
        op.drop_table(table)
