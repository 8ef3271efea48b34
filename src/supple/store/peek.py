"""A read-only look at what `supple start` checks first, with the standard library's sqlite3.

Opening the full store imports SQLAlchemy (about 150 ms); a person who is already set up
should see their session first, so the player opens the store just after its first frame.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .revision import HEAD


@dataclass(frozen=True)
class StartState:
    """What the terminal shows or checks before the full store is open."""

    last_screening_at: datetime | None
    last_screening_result: str | None
    meta: dict[str, str]
    # Active flags: stretch id -> (the reason it last hurt, when).
    flags: dict[str, tuple[str, datetime]]
    # The latest week (its Monday) with a usual pain score, and the latest PSFS check: the
    # questions and reminders a session brings.
    last_weekly_pain: date | None = None
    last_psfs_at: datetime | None = None


def _aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def peek(home: Path) -> StartState | None:
    """The latest screening, meta values and active flags; None if the database is not ready."""
    path = home / "supple.db"
    if not path.exists():
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] != HEAD:
                return None
            row = db.execute(
                "SELECT taken_at, result FROM screenings ORDER BY taken_at DESC, id DESC LIMIT 1"
            ).fetchone()
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            flags = db.execute(
                "SELECT stretch_id, last_reason, last_at FROM flags WHERE cleared_at IS NULL"
            ).fetchall()
            weekly = db.execute("SELECT max(week) FROM weekly_pain").fetchone()[0]
            psfs = db.execute("SELECT max(taken_at) FROM psfs_assessments").fetchone()[0]
    except sqlite3.Error:
        return None  # the full store will migrate or report it
    return StartState(
        last_screening_at=_aware(row[0]) if row else None,
        last_screening_result=row[1] if row else None,
        meta=meta,
        flags={stretch: (reason, _aware(at)) for stretch, reason, at in flags},
        last_weekly_pain=date.fromisoformat(weekly) if weekly else None,
        last_psfs_at=_aware(psfs) if psfs else None,
    )
