"""The quick read `supple start` makes before opening the full store."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from supple.cli.session import _ready
from supple.safety import questions
from supple.store import open_store
from supple.store.peek import peek

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


def test_ready_only_when_seen_clear_and_not_due(home: Path) -> None:
    with open_store(home) as store:
        store.save_screening(NONE_APPLY, "clear")
        assert not _ready(peek(home))  # the first-run note has not been shown
        store.set_meta("first_run_seen", "yes")
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
