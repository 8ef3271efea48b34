"""A real `supple start` in a real terminal: killed, quit, or played as a demonstration."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from ptyrun import TerminalRun
from supple.safety import questions
from supple.store.db import open_store


def screened(home: Path) -> None:
    """The person has answered the red-flag questions: none applies."""
    with open_store(home) as store:
        store.save_screening({q.id: False for q in questions()}, "clear")


def rows(home: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(home / "supple.db")) as db:
        return db.execute(query).fetchall()


def phase_rows(home: Path) -> list[tuple[object, ...]]:
    return rows(home, "SELECT phase_index, kind, outcome FROM phases ORDER BY id")


def start(home: Path, *args: str) -> tuple[TerminalRun, Path]:
    trace = home / f"trace-{time.monotonic_ns()}.jsonl"
    run = TerminalRun(["start", *args], env={"SUPPLE_HOME": str(home), "SUPPLE_TRACE": str(trace)})
    run.wait_for_trace(trace, "first-frame")
    run.send("\r")  # no pain score before
    return run, trace


def quit_session(run: TerminalRun) -> str:
    """q, y, no pain score after, close the summary; what the command printed."""
    for keys in ("q", "y", "\r", "x"):
        time.sleep(0.3)
        run.send(keys)
    run.proc.wait(timeout=30)
    return run.text()


def test_sigkill_mid_session_keeps_the_phases_already_finished(home: Path) -> None:
    screened(home)
    run, _ = start(home, "paleohacks-nine", "--speed", "20")
    try:
        deadline = time.monotonic() + 30
        while len(phase_rows(home)) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(run.proc.pid, signal.SIGKILL)
        run.proc.wait(timeout=10)
        assert run.proc.returncode == -signal.SIGKILL
    finally:
        run.close()
    found = phase_rows(home)
    assert len(found) >= 4
    assert [r[0] for r in found] == list(range(len(found)))
    assert found[0][1:] == ("warm-up", "done")
    assert all(outcome == "done" for _, _, outcome in found)
    [(routine, status, ended)] = rows(home, "SELECT routine_id, status, ended_at FROM sessions")
    assert (routine, status, ended) == ("paleohacks-nine", "in-progress", None)

    # The next session, in either face, closes it as interrupted at its last phase.
    run, _ = start(home, "wall-nine")
    try:
        quit_session(run)
    finally:
        run.close()
    [killed, quit] = rows(home, "SELECT status, ended_at FROM sessions ORDER BY id")
    last_phase = rows(home, "SELECT max(ended_at) FROM phases WHERE session_id = 1")[0][0]
    assert killed == ("interrupted", last_phase)
    assert quit[0] == "quit"


def test_a_sped_up_session_is_a_demonstration(home: Path) -> None:
    screened(home)
    run, trace = start(home, "wall-nine", "--speed", "10")
    try:
        run.wait_for_trace(trace, "phase")
        time.sleep(1)
        out = quit_session(run)
    finally:
        run.close()
    assert run.proc.returncode == 0, out
    said = " ".join(out.split())
    assert "At 10x speed this is a demonstration: not counted in your streak" in said
    assert "A demonstration at 10x speed: not counted in your streak or minutes." in said
    [(demo, speed, status, client)] = rows(home, "SELECT demo, speed, status, client FROM sessions")
    assert (demo, speed, status, client) == (1, 10.0, "quit", "terminal")
