"""The quick read `supple start` makes before opening the full store."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from supple.safety import questions
from supple.safety.gate import standing_of
from supple.store.db import open_store
from supple.store.peek import StartState, peek

NONE_APPLY = {q.id: False for q in questions()}


def test_no_database_yet(home: Path) -> None:
    assert peek(home) is None


def test_reads_the_latest_screening_and_meta(home: Path) -> None:
    taken = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    with open_store(home, clock=lambda: taken) as store:
        store.save_screening(NONE_APPLY, "clear")
        store.set_meta("last_routine", "wall-nine")
    state = peek(home)
    assert state is not None
    assert state.last_screening_at == taken
    assert state.last_screening_result == "clear"
    assert state.meta["last_routine"] == "wall-nine"


def test_reads_the_active_flags(home: Path) -> None:
    first = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    clock = [first]
    with open_store(home, clock=lambda: clock[0]) as store:
        sid = store.start_session(
            "r", "R", planned_seconds=60, client="terminal", speed=1, demo=False, options=None
        ).id
        for key, stretch, reason in [
            ("a", "cat-cow", "sharp"),
            ("b", "wall-quad", "sharp"),
            ("c", "cat-cow", "numbness"),
        ]:
            store.record_hurt(
                sid, key=key, phase_index=0, stretch_id=stretch, side=None, reason=reason
            )
            clock[0] += timedelta(minutes=1)
        store.clear_flag("wall-quad")
    state = peek(home)
    assert state is not None
    assert state.flags == {"cat-cow": ("numbness", first + timedelta(minutes=2))}


def _ready(state: StartState | None) -> bool:
    """What `supple start` checks on its quick path: the one rule, on the peeked values."""
    assert state is not None
    found = standing_of(
        state.last_screening_result,
        state.last_screening_at,
        state.meta.get("screen_due_reason"),
        datetime.now(UTC),
    )
    return found.may_start


def test_ready_only_when_clear_and_not_due(home: Path) -> None:
    with open_store(home) as store:
        store.save_screening(NONE_APPLY, "clear")
        assert _ready(peek(home))
        store.mark_screen_due("numbness or tingling during Cat-cow")
        assert not _ready(peek(home))
        store.save_screening({**NONE_APPLY, "cancer-history": True}, "doctor")
        assert not _ready(peek(home))
    old = datetime.now(UTC) - timedelta(days=30)
    with open_store(home, clock=lambda: old) as store:
        store.save_screening(NONE_APPLY, "clear")
    assert not _ready(peek(home))  # the newest is still the "doctor" one


def test_an_unmigrated_database_is_left_to_the_store(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "supple.db").write_bytes(b"")
    assert peek(home) is None


def test_importing_the_cli_does_not_load_sqlalchemy() -> None:
    import subprocess

    code = "import sys, supple.cli; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
