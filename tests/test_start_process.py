"""A real `supple start` in a real terminal: killed mid-session, it keeps its finished phases."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from supple.ptyrun import TerminalRun
from supple.safety import questions
from supple.store import open_store


def screened(home: Path) -> None:
    """The person has answered the red-flag questions: none applies."""
    with open_store(home) as store:
        store.save_screening({q.id: False for q in questions()}, "clear")


def phase_rows(home: Path) -> list[tuple[int, str, str]]:
    with closing(sqlite3.connect(home / "supple.db")) as db:
        return db.execute("SELECT phase_index, kind, outcome FROM phases ORDER BY id").fetchall()


def test_sigkill_mid_session_keeps_the_phases_already_finished(home: Path) -> None:
    screened(home)
    trace = home / "trace.jsonl"
    run = TerminalRun(
        ["start", "paleohacks-nine", "--speed", "20"],
        env={"SUPPLE_HOME": str(home), "SUPPLE_TRACE": str(trace)},
    )
    try:
        run.wait_for_trace(trace, "first-frame")
        run.send("\r")  # no pain score before
        deadline = time.monotonic() + 30
        while len(phase_rows(home)) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(run.proc.pid, signal.SIGKILL)
        run.proc.wait(timeout=10)
        assert run.proc.returncode == -signal.SIGKILL
    finally:
        run.close()
    rows = phase_rows(home)
    assert len(rows) >= 4
    assert [r[0] for r in rows] == list(range(len(rows)))
    assert rows[0][1:] == ("warm-up", "done")
    assert all(outcome == "done" for _, _, outcome in rows)
    with open_store(home) as store:
        session = store.sessions()[0]
    assert session.routine_id == "paleohacks-nine"
    assert session.status == "in-progress" and session.ended_at is None
    assert len(session.phases) == len(rows)
