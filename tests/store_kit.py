"""Writing sessions, phases and hurts through the store, for the store's tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from supple.store.db import Store, open_store


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


START = datetime(2024, 5, 6, 18, 30, tzinfo=UTC)
UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"
KEYS = itertools.count()


def start(store: Store, routine_id: str = "r", **changes: Any) -> int:
    fields: dict[str, Any] = {
        "planned_seconds": 60,
        "client": "terminal",
        "speed": 1.0,
        "demo": False,
        "options": None,
    }
    fields.update(changes)
    return store.start_session(routine_id, routine_id.upper(), **fields).id


def phase(store: Store, session_id: int, index: int, **changes: Any) -> bool:
    fields: dict[str, Any] = {
        "key": f"phase-{next(KEYS)}",
        "phase_index": index,
        "step_index": index,
        "kind": "hold",
        "stretch_id": "cat-cow",
        "side": None,
        "planned_seconds": 30,
        "actual_seconds": 30,
        "outcome": "done",
    }
    fields.update(changes)
    return store.record_phase(session_id, **fields)


def hurt(store: Store, session_id: int, stretch_id: str = "cat-cow", **changes: Any) -> bool:
    fields: dict[str, Any] = {
        "key": f"hurt-{next(KEYS)}",
        "phase_index": 1,
        "stretch_id": stretch_id,
        "side": None,
        "reason": "sharp",
    }
    fields.update(changes)
    return store.record_hurt(session_id, **fields)


def rows(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def totals(store: Store, session_id: int) -> tuple[int, int, int, float]:
    s = store.session(session_id)
    return (s.stretches_done, s.stretches_skipped, s.stretches_stopped, s.seconds)


def written(home: Path) -> tuple[object, ...]:
    """What a write could change: the screen, the profile, sessions, flags, own routine files."""
    with open_store(home) as store:
        screen = store.last_screening()
        return (
            screen and screen.result,
            store.get_meta("profile"),
            store.count_sessions(),
            sorted(store.flags()),
            sorted(p.name for p in (home / "routines").glob("*")),
        )
