"""The store on a real SQLite file: what it keeps, what survives a kill, what it refuses."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from store_kit import START, UUID, Clock, hurt, phase, rows, start, totals
from supple.store.db import Store, UnknownSession, open_store


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
    ref = store.start_session(
        "wall-nine",
        "Wall nine",
        planned_seconds=600,
        client="browser",
        speed=2.0,
        demo=True,
        options={"voice": False, "lead_in": 5},
        uuid=UUID,
    )
    assert (ref.uuid, ref.created) == (UUID, True)
    sid = ref.id
    store.set_pain(sid, before=6)
    phase(store, sid, 0, kind="get-ready", stretch_id="wall-quad", planned_seconds=5, key="a:0")
    clock.tick(35)
    phase(store, sid, 1, step_index=0, stretch_id="wall-quad", side="left", actual_seconds=31.5)
    phase(store, sid, 2, step_index=0, kind="switch-sides", outcome="skipped", actual_seconds=2)
    phase(store, sid, 3, step_index=0, side="right", outcome="stopped", actual_seconds=4)
    clock.tick(60)
    store.set_pain(sid, after=3)
    store.end_session(sid, "completed")

    s = store.session(sid)
    assert (s.id, s.uuid, s.routine_id, s.routine_title) == (sid, UUID, "wall-nine", "Wall nine")
    assert (s.client, s.speed, s.demo, s.planned_seconds) == ("browser", 2.0, True, 600)
    assert s.options == {"voice": False, "lead_in": 5}
    assert (s.pain_before, s.pain_after, s.status) == (6, 3, "completed")
    assert s.started_at == START and s.ended_at == START + timedelta(seconds=95)
    assert [p.phase_index for p in s.phases] == [0, 1, 2, 3]
    assert [p.step_index for p in s.phases] == [0, 0, 0, 0]
    assert [p.kind for p in s.phases] == ["get-ready", "hold", "switch-sides", "hold"]
    assert [p.outcome for p in s.phases] == ["done", "done", "skipped", "stopped"]
    assert [p.side for p in s.phases] == [None, "left", None, "right"]
    assert s.phases[0].key == "a:0"
    assert s.phases[1].actual_seconds == 31.5
    assert s.phases[1].ended_at == START + timedelta(seconds=35)
    # One step, stopped on its right side: stopped, however the left side went.
    assert totals(store, sid) == (0, 0, 1, 30 + 31.5 + 2 + 4)


def test_options_may_be_left_out(store: Store) -> None:
    assert store.session(start(store)).options is None


def test_times_come_back_timezone_aware_in_utc(home: Path) -> None:
    # A clock in another zone is stored as the same instant in UTC.
    clock = Clock(datetime(2024, 5, 6, 20, 30, tzinfo=timezone(timedelta(hours=2))))
    with open_store(home, clock=clock) as store:
        sid = start(store)
        store.end_session(sid, "quit")
        s = store.session(sid)
    assert s.started_at == START and s.started_at.tzinfo == UTC
    assert s.ended_at is not None and s.ended_at.tzinfo == UTC


def test_a_start_retried_with_its_uuid_finds_the_first(store: Store, clock: Clock) -> None:
    first = store.start_session(
        "r", "R", planned_seconds=60, client="browser", speed=1, demo=False, options=None, uuid=UUID
    )
    clock.tick(5)
    again = store.start_session(
        "other",
        "Other",
        planned_seconds=9,
        client="browser",
        speed=3,
        demo=True,
        options={},
        uuid=UUID,
    )
    assert first.created and not again.created
    assert (again.id, again.uuid) == (first.id, UUID)
    assert store.count_sessions() == 1
    s = store.session(first.id)
    # The retry changed nothing.
    assert (s.routine_id, s.planned_seconds, s.demo, s.started_at) == ("r", 60, False, START)


def test_a_start_without_a_uuid_gets_a_fresh_one(store: Store) -> None:
    refs = [
        store.start_session(
            "r", "R", planned_seconds=60, client="terminal", speed=1, demo=False, options=None
        )
        for _ in range(2)
    ]
    assert all(r.created for r in refs)
    assert refs[0].uuid != refs[1].uuid
    assert [store.session(r.id).uuid for r in refs] == [r.uuid for r in refs]


def test_a_session_is_found_by_id_or_uuid(store: Store) -> None:
    sid = start(store, uuid=UUID)
    assert store.session_id(sid) == sid
    assert store.session_id(UUID) == sid
    for ref in (42, "1f8fad5b-d9cb-469f-a165-70867728950e", UUID.upper(), str(sid), True):
        with pytest.raises(UnknownSession, match=r"^session_id: no session "):
            store.session_id(ref)
    with pytest.raises(UnknownSession, match=r"^session_id: no session 42$"):
        store.session(42)


def test_back_replaying_a_phase_keeps_both_in_the_order_they_happened(store: Store) -> None:
    sid = start(store)
    phase(store, sid, 3, outcome="skipped")
    phase(store, sid, 2)
    phase(store, sid, 3)
    assert [(p.phase_index, p.outcome) for p in store.session(sid).phases] == [
        (3, "skipped"),
        (2, "done"),
        (3, "done"),
    ]
    # Step 3 was skipped, then done on the way back: done.
    assert totals(store, sid)[:3] == (2, 0, 0)


def test_a_retried_phase_is_stored_once(store: Store) -> None:
    sid, other = start(store), start(store)
    assert phase(store, sid, 0, key="s1:p0") is True
    # The retry carries the same key; what it says differently does not count.
    assert phase(store, sid, 0, key="s1:p0", outcome="stopped", actual_seconds=99) is False
    assert [(p.key, p.outcome) for p in store.session(sid).phases] == [("s1:p0", "done")]
    assert totals(store, sid) == (1, 0, 0, 30)
    # A key is unique within its session only.
    assert phase(store, other, 0, key="s1:p0") is True
    assert rows(store, "phases") == 2


def test_a_retried_hurt_counts_once(store: Store) -> None:
    sid = start(store)
    assert hurt(store, sid, key="h1") is True
    assert hurt(store, sid, key="h1", reason="numbness") is False
    flag = store.flags()["cat-cow"]
    assert (flag.count, flag.reason) == (1, "sharp")
    assert rows(store, "hurts") == 1


def test_threads_racing_one_key_store_one_row(store: Store) -> None:
    sid = start(store)
    racers = 8
    barrier = threading.Barrier(racers)
    results: list[tuple[bool, bool]] = []

    def send() -> None:
        barrier.wait()
        results.append((phase(store, sid, 0, key="same"), hurt(store, sid, key="same")))

    threads = [threading.Thread(target=send) for _ in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Whichever thread won each race, one phase and one hurt got in.
    assert [sum(r[0] for r in results), sum(r[1] for r in results)] == [1, 1]
    assert len(results) == racers
    assert (rows(store, "phases"), rows(store, "hurts")) == (1, 1)
    assert store.flags()["cat-cow"].count == 1
    assert totals(store, sid) == (1, 0, 0, 30)


def test_totals_follow_the_counting_rule_after_each_write(store: Store) -> None:
    sid = start(store)
    seen = []

    def then(index: int, **changes: Any) -> None:
        phase(store, sid, index, **changes)
        seen.append(totals(store, sid))

    then(0, kind="get-ready", step_index=0, actual_seconds=5)  # a lead-in is not a stretch
    then(1, step_index=0)
    then(2, step_index=1, side="left", kind="mobilize")
    then(3, step_index=1, kind="switch-sides", actual_seconds=3)
    then(4, step_index=1, side="right", kind="mobilize", outcome="stopped", actual_seconds=8)
    then(5, step_index=2, outcome="skipped", actual_seconds=1)
    then(6, step_index=3, outcome="ended", actual_seconds=12)  # quit during it: no count
    then(7, step_index=None, actual_seconds=10)  # no step: time only
    assert seen == [
        (0, 0, 0, 5),
        (1, 0, 0, 35),
        (2, 0, 0, 65),
        (2, 0, 0, 68),
        (1, 0, 1, 76),
        (1, 1, 1, 77),
        (1, 1, 1, 89),
        (1, 1, 1, 99),
    ]


def test_ending_twice_keeps_the_first_ending(store: Store, clock: Clock) -> None:
    sid = start(store)
    store.end_session(sid, "completed")
    clock.tick(10)
    store.end_session(sid, "quit")
    s = store.session(sid)
    assert (s.status, s.ended_at) == ("completed", START)


def test_open_sessions_are_closed_as_interrupted(store: Store, clock: Clock) -> None:
    played = start(store)
    clock.tick(40)
    phase(store, played, 0)
    clock.tick(40)
    phase(store, played, 1)
    untouched = start(store)
    finished = start(store)
    store.end_session(finished, "completed")
    clock.tick(3600)

    assert store.close_open_sessions() == 2
    assert store.close_open_sessions() == 0
    ended = [(s.status, s.ended_at) for s in map(store.session, (played, untouched, finished))]
    # Ended when the last thing happened in them, not an hour later when supple noticed.
    assert ended == [
        ("interrupted", START + timedelta(seconds=80)),  # its last phase
        ("interrupted", START + timedelta(seconds=80)),  # its start: no phase
        ("completed", START + timedelta(seconds=80)),
    ]


def test_a_late_end_replaces_interrupted(store: Store, clock: Clock) -> None:
    sid = start(store)
    store.close_open_sessions()
    clock.tick(600)
    # The browser was offline; its end arrives after supple marked the session interrupted.
    store.end_session(sid, "completed")
    s = store.session(sid)
    assert (s.status, s.ended_at) == ("completed", START + timedelta(seconds=600))
    store.end_session(sid, "quit")
    assert store.session(sid).status == "completed"


def test_rows_written_survive_kill_9(home: Path) -> None:
    script = textwrap.dedent(
        """
        import os
        from supple.store.db import open_store

        store = open_store()
        sid = store.start_session("paleohacks-nine", "Nine", planned_seconds=390,
                                  client="terminal", speed=1, demo=False, options=None).id
        store.set_pain(sid, before=5)
        for i, outcome in enumerate(["done", "skipped", "done"]):
            store.record_phase(sid, key=f"p{i}", phase_index=i, step_index=i, kind="hold",
                               stretch_id="happy-baby", side=None, planned_seconds=30,
                               actual_seconds=30, outcome=outcome)
        store.record_hurt(sid, key="h", phase_index=2, stretch_id="happy-baby", side=None,
                          reason="sharp")
        os.kill(os.getpid(), 9)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    with open_store() as store:
        [s] = store.sessions_page(10)
        flags = store.flags()
    assert (s.routine_id, s.pain_before, s.status, s.ended_at) == (
        "paleohacks-nine",
        5,
        "in-progress",
        None,
    )
    assert [p.outcome for p in s.phases] == ["done", "skipped", "done"]
    assert (s.stretches_done, s.stretches_skipped, s.seconds) == (2, 1, 90)
    assert flags["happy-baby"].count == 1


BAD_PHASES = [
    ({"kind": "stretch"}, "kind", "'stretch'"),
    ({"outcome": "finished"}, "outcome", "'finished'"),
    ({"side": "both"}, "side", "'both'"),
    ({"phase_index": -1}, "phase_index", "-1"),
    ({"step_index": -1}, "step_index", "-1"),
    ({"step_index": 1.5}, "step_index", "1.5"),
    ({"planned_seconds": -5}, "planned_seconds", "-5"),
    ({"actual_seconds": float("nan")}, "actual_seconds", "nan"),
    ({"key": ""}, "key", "''"),
    ({"key": "a" * 65}, "key", "'a{65}'"),
    ({"key": "a b"}, "key", "'a b'"),
    ({"key": "café"}, "key", "'café'"),
    ({"key": "k\n"}, "key", r"'k\\n'"),
    ({"stretch_id": "x" * 101}, "stretch_id", "101"),
]


@pytest.mark.parametrize(("change", "field", "value"), BAD_PHASES)
def test_bad_phase_values_are_refused_by_name(
    store: Store, change: dict[str, Any], field: str, value: str
) -> None:
    sid = start(store)
    with pytest.raises(ValueError, match=rf"^{field}: .*{value}"):
        phase(store, sid, 0, **change)
    assert store.session(sid).phases == ()


def test_bad_values_elsewhere_are_refused_by_name(store: Store) -> None:
    sid = start(store)
    cases: list[tuple[Any, str]] = [
        (lambda: store.set_pain(sid, before=11), r"^before: .*11"),
        (lambda: store.set_pain(sid, after=-1), r"^after: .*-1"),
        (lambda: store.set_pain(sid, before=True), r"^before: .*True"),
        (lambda: store.end_session(sid, "done"), r"^status: .*'done'"),
        (lambda: store.end_session(sid, "interrupted"), r"^status: .*'interrupted'"),
        (lambda: store.end_session(sid, "in-progress"), r"^status: .*'in-progress'"),
        (lambda: hurt(store, sid, reason="ouch"), r"^reason: .*'ouch'"),
        (lambda: hurt(store, sid, key="no spaces"), r"^key: .*'no spaces'"),
        (lambda: store.save_screening({"fever": True}, "fine"), r"^result: .*'fine'"),
        (lambda: store.save_screening({"fever": "yes"}, "clear"), r"^answers: .*'yes'"),
        (lambda: start(store, ""), r"^routine_id: .*''"),
        (lambda: start(store, speed=0), r"^speed: .*0"),
        (lambda: start(store, demo=1), r"^demo: .*1"),
        (lambda: start(store, client="x" * 41), r"^client: .*41"),
        (lambda: start(store, options=["voice"]), r"^options: .*'voice'"),
        (lambda: start(store, options={"at": START}), r"^options: .*JSON"),
        (lambda: start(store, options={"x": float("inf")}), r"^options: .*JSON"),
        (lambda: start(store, uuid=UUID.upper()), r"^uuid: .*'0F8FAD5B"),
        (lambda: start(store, uuid=UUID.replace("-", "")), r"^uuid: "),
        (lambda: start(store, uuid=UUID + "\n"), r"^uuid: "),
        (lambda: start(store, uuid=f"{{{UUID}}}"), r"^uuid: "),
    ]
    for call, message in cases:
        with pytest.raises(ValueError, match=message):
            call()
    [s] = store.sessions_page(10)
    assert (s.pain_before, s.pain_after, s.status) == (None, None, "in-progress")
    assert store.flags() == {} and store.last_screening() is None
    assert rows(store, "hurts") == 0


def test_an_unknown_session_id_is_refused(store: Store) -> None:
    calls: list[Any] = [
        lambda: phase(store, 42, 0),
        lambda: hurt(store, 42),
        lambda: store.set_pain(42, before=3),
        lambda: store.end_session(42, "quit"),
        lambda: store.session(42),
    ]
    for call in calls:
        with pytest.raises(UnknownSession, match=r"^session_id: no session 42$"):
            call()
    assert store.flags() == {} and rows(store, "phases") == 0
