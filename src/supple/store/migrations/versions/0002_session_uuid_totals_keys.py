"""Sessions get a uuid, demo, options and cached totals; phases and hurts get keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-20
"""

from __future__ import annotations

import uuid
from collections import defaultdict

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Written out rather than taken from the models or supple.progress: a migration must keep
# doing what it did on its day, whatever those become later.
SESSIONS = sa.table(
    "sessions",
    sa.column("id", sa.Integer()),
    sa.column("speed", sa.Float()),
    sa.column("uuid", sa.String()),
    sa.column("demo", sa.Boolean()),
    sa.column("stretches_done", sa.Integer()),
    sa.column("stretches_skipped", sa.Integer()),
    sa.column("stretches_stopped", sa.Integer()),
    sa.column("seconds", sa.Float()),
)
PHASES = sa.table(
    "phases",
    sa.column("id", sa.Integer()),
    sa.column("session_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("stretch_id", sa.String()),
    sa.column("outcome", sa.String()),
    sa.column("actual_seconds", sa.Float()),
    sa.column("key", sa.String()),
)
HURTS = sa.table("hurts", sa.column("id", sa.Integer()), sa.column("key", sa.String()))
STRETCH_KINDS = ("hold", "mobilize")
ZERO = sa.text("0")


def _refuse_cascading_copies() -> None:
    if context.is_offline_mode():
        # The backfill computes uuids and totals in Python, from the rows themselves.
        raise RuntimeError("0002 fills in existing rows, so it cannot be written out as SQL")
    # Batch mode rebuilds a table by copying it and dropping the old one; on SQLite with
    # foreign keys on, dropping sessions cascades to every phase and hurt. migrate() turns
    # them off around the migration; anything else running it must do the same.
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "0002 needs SQLite foreign keys off (supple.store.db.migrate does this); "
            "with them on, rebuilding sessions would delete every phase and hurt"
        )


def upgrade() -> None:
    """Add the columns, fill them in for existing rows, then make them required and unique."""
    _refuse_cascading_copies()
    op.add_column("sessions", sa.Column("uuid", sa.String(36), nullable=True))
    op.add_column(
        "sessions", sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("sessions", sa.Column("options", sa.JSON(), nullable=True))
    for name in ("stretches_done", "stretches_skipped", "stretches_stopped"):
        op.add_column(
            "sessions", sa.Column(name, sa.Integer(), nullable=False, server_default=ZERO)
        )
    op.add_column("sessions", sa.Column("seconds", sa.Float(), nullable=False, server_default=ZERO))
    op.add_column("phases", sa.Column("step_index", sa.Integer(), nullable=True))
    for table in ("phases", "hurts"):
        op.add_column(table, sa.Column("key", sa.String(64), nullable=True))

    _backfill_sessions()
    for keyed in (PHASES, HURTS):
        legacy = sa.literal("legacy-", sa.String()) + sa.cast(keyed.c.id, sa.String())
        op.execute(keyed.update().values(key=legacy))

    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("uuid", existing_type=sa.String(36), nullable=False)
        batch.create_unique_constraint("uq_sessions_uuid", ["uuid"])
    op.create_index("ix_sessions_demo_started_at", "sessions", ["demo", "started_at"])
    for table in ("phases", "hurts"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("key", existing_type=sa.String(64), nullable=False)
            batch.create_unique_constraint(f"uq_{table}_session_id_key", ["session_id", "key"])


def _backfill_sessions() -> None:
    bind = op.get_bind()
    # Old phases have no step index: each distinct stretch among a session's hold and
    # mobilize phases is one step, tallied by the rule of the day (stopped beats done beats
    # skipped); the seconds are every second spent in any of its phases.
    steps: dict[int, dict[str | None, set[str]]] = defaultdict(dict)
    seconds: dict[int, float] = defaultdict(float)
    query = sa.select(
        PHASES.c.session_id,
        PHASES.c.kind,
        PHASES.c.stretch_id,
        PHASES.c.outcome,
        PHASES.c.actual_seconds,
    )
    for session_id, kind, stretch_id, outcome, actual in bind.execute(query):
        seconds[session_id] += actual
        if kind in STRETCH_KINDS:
            steps[session_id].setdefault(stretch_id, set()).add(outcome)
    rows = []
    for session_id, speed in bind.execute(sa.select(SESSIONS.c.id, SESSIONS.c.speed)):
        seen = steps[session_id].values()
        values = {
            "uuid": str(uuid.uuid4()),
            # Before 0002, only a demo ran faster than real time.
            "demo": speed > 1,
            "stretches_stopped": sum("stopped" in s for s in seen),
            "stretches_done": sum("stopped" not in s and "done" in s for s in seen),
            "stretches_skipped": sum(s.isdisjoint({"stopped", "done"}) for s in seen),
            "seconds": round(seconds[session_id], 3),
        }
        # Bound as new_<column>: SQLAlchemy keeps the bare column names for itself.
        rows.append({"sid": session_id, **{f"new_{k}": v for k, v in values.items()}})
    if rows:
        columns = (c for c in SESSIONS.c if c.name not in ("id", "speed"))
        update = (
            SESSIONS.update()
            .where(SESSIONS.c.id == sa.bindparam("sid"))
            .values({c.name: sa.bindparam(f"new_{c.name}") for c in columns})
        )
        bind.execute(update, rows)


def downgrade() -> None:
    """Drop what upgrade added."""
    _refuse_cascading_copies()
    for table in ("hurts", "phases"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_session_id_key", type_="unique")
            batch.drop_column("key")
    with op.batch_alter_table("phases") as batch:
        batch.drop_column("step_index")
    op.drop_index("ix_sessions_demo_started_at", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_constraint("uq_sessions_uuid", type_="unique")
        for name in (
            "seconds",
            "stretches_stopped",
            "stretches_skipped",
            "stretches_done",
            "options",
            "demo",
            "uuid",
        ):
            batch.drop_column(name)
