"""The store on a real SQLite file: what it keeps, what survives a kill, what it refuses."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from supple.store import Store, open_store


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


START = datetime(2024, 5, 6, 18, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def store(home: Path, clock: Clock) -> Any:
    with open_store(home, clock=clock) as opened:
        yield opened


def phase(store: Store, session_id: int, index: int, **changes: Any) -> None:
    fields: dict[str, Any] = {
        "phase_index": index,
        "kind": "hold",
        "stretch_id": "cat-cow",
        "side": None,
        "planned_seconds": 30,
        "actual_seconds": 30,
        "outcome": "done",
    }
    fields.update(changes)
    store.record_phase(session_id, **fields)


def test_open_store_makes_supple_db_in_the_home_folder(home: Path) -> None:
    with open_store() as store:
        store.set_meta("first_run_seen", "yes")
    assert (home / "supple.db").is_file()
    with open_store(home) as again:
        assert again.get_meta("first_run_seen") == "yes"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_session_keeps_its_phases_pain_and_end(store: Store, clock: Clock) -> None:
    sid = store.start_session(
        "wall-nine", "Wall nine", planned_seconds=600, client="browser", speed=2.0
    )
    store.set_pain(sid, before=6)
    phase(store, sid, 0, kind="get-ready", stretch_id="wall-quad", planned_seconds=5)
    clock.tick(35)
    phase(store, sid, 1, stretch_id="wall-quad", side="left", actual_seconds=31.5)
    phase(store, sid, 2, kind="switch-sides", stretch_id="wall-quad", outcome="skipped")
    phase(store, sid, 3, stretch_id="wall-quad", side="right", outcome="stopped")
    clock.tick(60)
    store.set_pain(sid, after=3)
    store.end_session(sid, "completed")

    [s] = store.sessions()
    assert (s.id, s.routine_id, s.routine_title) == (sid, "wall-nine", "Wall nine")
    assert (s.client, s.speed, s.planned_seconds) == ("browser", 2.0, 600)
    assert (s.pain_before, s.pain_after, s.status) == (6, 3, "completed")
    assert s.started_at == START and s.ended_at == START + timedelta(seconds=95)
    assert [p.phase_index for p in s.phases] == [0, 1, 2, 3]
    assert [p.kind for p in s.phases] == ["get-ready", "hold", "switch-sides", "hold"]
    assert [p.outcome for p in s.phases] == ["done", "done", "skipped", "stopped"]
    assert [p.side for p in s.phases] == [None, "left", None, "right"]
    assert s.phases[1].actual_seconds == 31.5
    assert s.phases[1].ended_at == START + timedelta(seconds=35)


def test_times_come_back_timezone_aware_in_utc(home: Path) -> None:
    # A clock in another zone is stored as the same instant in UTC.
    clock = Clock(datetime(2024, 5, 6, 20, 30, tzinfo=timezone(timedelta(hours=2))))
    with open_store(home, clock=clock) as store:
        sid = store.start_session("r", "R", planned_seconds=60)
        store.end_session(sid, "quit")
        [s] = store.sessions()
    assert s.started_at == START and s.started_at.tzinfo == UTC
    assert s.ended_at is not None and s.ended_at.tzinfo == UTC


def test_sessions_come_newest_first_and_limit_cuts_the_list(store: Store, clock: Clock) -> None:
    ids = []
    for _ in range(3):
        ids.append(store.start_session("r", "R", planned_seconds=60))
        clock.tick(3600)
    assert [s.id for s in store.sessions()] == ids[::-1]
    assert [s.id for s in store.sessions(limit=2)] == ids[:0:-1]


def test_back_replaying_a_phase_keeps_both_in_the_order_they_happened(store: Store) -> None:
    sid = store.start_session("r", "R", planned_seconds=60)
    phase(store, sid, 3, outcome="skipped")
    phase(store, sid, 2)
    phase(store, sid, 3)
    assert [(p.phase_index, p.outcome) for p in store.sessions()[0].phases] == [
        (3, "skipped"),
        (2, "done"),
        (3, "done"),
    ]


def test_ending_twice_keeps_the_first_ending(store: Store, clock: Clock) -> None:
    sid = store.start_session("r", "R", planned_seconds=60)
    store.end_session(sid, "completed")
    clock.tick(10)
    store.end_session(sid, "quit")
    [s] = store.sessions()
    assert (s.status, s.ended_at) == ("completed", START)


def test_rows_written_survive_kill_9(home: Path) -> None:
    script = textwrap.dedent(
        """
        import os
        from supple.store import open_store

        store = open_store()
        sid = store.start_session("paleohacks-nine", "Nine", planned_seconds=390)
        store.set_pain(sid, before=5)
        for i, outcome in enumerate(["done", "skipped", "done"]):
            store.record_phase(sid, phase_index=i, kind="hold", stretch_id="happy-baby",
                               side=None, planned_seconds=30, actual_seconds=30,
                               outcome=outcome)
        store.record_hurt(sid, phase_index=2, stretch_id="happy-baby", side=None,
                          reason="sharp")
        os.kill(os.getpid(), 9)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    with open_store() as store:
        [s] = store.sessions()
        flags = store.flags()
    assert (s.routine_id, s.pain_before, s.status, s.ended_at) == (
        "paleohacks-nine",
        5,
        "in-progress",
        None,
    )
    assert [p.outcome for p in s.phases] == ["done", "skipped", "done"]
    assert flags["happy-baby"].count == 1


def test_that_hurt_flags_the_stretch_and_counts_each_time(store: Store, clock: Clock) -> None:
    sid = store.start_session("r", "R", planned_seconds=60)
    store.record_hurt(sid, phase_index=1, stretch_id="figure-4-supine", side="left", reason="sharp")
    clock.tick(60)
    store.record_hurt(
        sid, phase_index=3, stretch_id="figure-4-supine", side="right", reason="numbness"
    )
    store.record_hurt(sid, phase_index=5, stretch_id="cat-cow", side=None, reason="too-strong")
    flags = store.flags()
    assert set(flags) == {"figure-4-supine", "cat-cow"}
    f = flags["figure-4-supine"]
    assert (f.count, f.reason, f.first_at, f.last_at) == (
        2,
        "numbness",
        START,
        START + timedelta(seconds=60),
    )


def test_a_cleared_flag_is_gone_until_the_stretch_hurts_again(store: Store, clock: Clock) -> None:
    sid = store.start_session("r", "R", planned_seconds=60)
    for _ in range(2):
        store.record_hurt(sid, phase_index=1, stretch_id="cat-cow", side=None, reason="sharp")
    store.clear_flag("cat-cow")
    store.clear_flag("never-flagged")
    assert store.flags() == {}
    clock.tick(86400)
    store.record_hurt(sid, phase_index=1, stretch_id="cat-cow", side=None, reason="too-strong")
    f = store.flags()["cat-cow"]
    # Counting starts again: the person decided the stretch was fine after the first two.
    assert (f.count, f.reason, f.first_at) == (1, "too-strong", START + timedelta(days=1))


def test_screenings_keep_answers_and_clear_the_due_reason(store: Store, clock: Clock) -> None:
    assert store.last_screening() is None
    store.mark_screen_due("numbness during figure-4")
    assert store.get_meta("screen_due_reason") == "numbness during figure-4"
    store.save_screening({"saddle-numbness": False, "fever": True}, "doctor")
    clock.tick(60)
    store.save_screening({"saddle-numbness": False, "fever": False}, "clear")
    last = store.last_screening()
    assert last is not None
    assert (last.answers, last.result, last.taken_at) == (
        {"saddle-numbness": False, "fever": False},
        "clear",
        START + timedelta(seconds=60),
    )
    assert store.get_meta("screen_due_reason") is None


def test_meta_values_are_set_and_replaced(store: Store) -> None:
    assert store.get_meta("last_routine") is None
    store.set_meta("last_routine", "wall-nine")
    store.set_meta("last_routine", "paleohacks-nine")
    assert store.get_meta("last_routine") == "paleohacks-nine"


BAD_PHASES = [
    ({"kind": "stretch"}, "kind", "'stretch'"),
    ({"outcome": "finished"}, "outcome", "'finished'"),
    ({"side": "both"}, "side", "'both'"),
    ({"phase_index": -1}, "phase_index", "-1"),
    ({"planned_seconds": -5}, "planned_seconds", "-5"),
    ({"actual_seconds": float("nan")}, "actual_seconds", "nan"),
]


@pytest.mark.parametrize(("change", "field", "value"), BAD_PHASES)
def test_bad_phase_values_are_refused_by_name(
    store: Store, change: dict[str, Any], field: str, value: str
) -> None:
    sid = store.start_session("r", "R", planned_seconds=60)
    with pytest.raises(ValueError, match=rf"^{field}: .*{value}"):
        phase(store, sid, 0, **change)
    assert store.sessions()[0].phases == ()


def test_bad_values_elsewhere_are_refused_by_name(store: Store) -> None:
    sid = store.start_session("r", "R", planned_seconds=60)
    cases: list[tuple[Any, str]] = [
        (lambda: store.set_pain(sid, before=11), r"^before: .*11"),
        (lambda: store.set_pain(sid, after=-1), r"^after: .*-1"),
        (lambda: store.set_pain(sid, before=True), r"^before: .*True"),
        (lambda: store.end_session(sid, "done"), r"^status: .*'done'"),
        (
            lambda: store.record_hurt(
                sid, phase_index=0, stretch_id="cat-cow", side=None, reason="ouch"
            ),
            r"^reason: .*'ouch'",
        ),
        (lambda: store.save_screening({"fever": True}, "fine"), r"^result: .*'fine'"),
        (lambda: store.save_screening({"fever": "yes"}, "clear"), r"^answers: .*'yes'"),
        (lambda: store.start_session("", "R", planned_seconds=60), r"^routine_id: .*''"),
        (lambda: store.start_session("r", "R", planned_seconds=60, speed=0), r"^speed: .*0"),
    ]
    for call, message in cases:
        with pytest.raises(ValueError, match=message):
            call()
    [s] = store.sessions()
    assert (s.pain_before, s.pain_after, s.status) == (None, None, "in-progress")
    assert store.flags() == {} and store.last_screening() is None


def test_an_unknown_session_id_is_refused(store: Store) -> None:
    calls: list[Any] = [
        lambda: phase(store, 42, 0),
        lambda: store.record_hurt(42, phase_index=0, stretch_id="x", side=None, reason="sharp"),
        lambda: store.set_pain(42, before=3),
        lambda: store.end_session(42, "quit"),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"^session_id: no session 42$"):
            call()
    assert store.flags() == {}
