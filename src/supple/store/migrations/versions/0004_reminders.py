"""Reminders: the person's schedule (daily times, desk breaks) and what became of each notice.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Written out rather than taken from the models: a migration must keep creating the
# schema of its day, whatever the models become later.
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the two tables; nothing that was there changes."""
    op.create_table(
        "reminder_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("id = 1", name="ck_reminder_settings_one"),
        sa.PrimaryKeyConstraint("id", name="pk_reminder_settings"),
    )
    op.create_table(
        "reminder_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("due_at", UTC_TIME, nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("recorded_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("kind IN ('daily', 'break')", name="ck_reminder_events_kind"),
        sa.CheckConstraint(
            "outcome IN ('started', 'postponed', 'skipped', 'missed')",
            name="ck_reminder_events_outcome",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reminder_events"),
    )
    op.create_index("ix_reminder_events_due_at", "reminder_events", ["due_at"])


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_index("ix_reminder_events_due_at", "reminder_events")
    for table in ("reminder_events", "reminder_settings"):
        op.drop_table(table)
