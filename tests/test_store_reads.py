"""The store's reads on a real SQLite file: pages, aggregates, flags, screenings, meta."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store_kit import START, Clock, hurt, phase, start
from supple.store.db import Store


def test_sessions_come_newest_first_a_page_at_a_time(store: Store, clock: Clock) -> None:
    ids = []
    for i in range(5):
        ids.append(start(store))
        phase(store, ids[-1], 0, stretch_id=f"stretch-{i}")
        clock.tick(3600)
    newest = ids[::-1]
    assert store.count_sessions() == 5
    assert [s.id for s in store.sessions_page(2)] == newest[:2]
    page = store.sessions_page(2, offset=2)
    assert [s.id for s in page] == newest[2:4]
    assert [[p.stretch_id for p in s.phases] for s in page] == [["stretch-2"], ["stretch-1"]]
    assert [s.id for s in store.sessions_page(2, offset=4)] == newest[4:]
    assert store.sessions_page(2, offset=5) == []
    with pytest.raises(ValueError, match=r"^limit: .*-1"):
        store.sessions_page(-1)


def test_streaks_count_real_sessions_with_a_stretch_done(store: Store, clock: Clock) -> None:
    counted = []
    for demo, outcome, counts in [
        (False, "done", True),
        (True, "done", False),  # a demo
        (False, "skipped", False),
        (False, "stopped", False),
        (False, None, False),  # nothing recorded
        (False, "done", True),
    ]:
        sid = start(store, demo=demo, speed=4 if demo else 1)
        if outcome is not None:
            phase(store, sid, 0, outcome=outcome)
        if counts:
            counted.append(clock.now)
        clock.tick(86400)
    assert store.streak_starts() == counted


def test_seconds_since_a_moment_for_real_sessions(store: Store, clock: Clock) -> None:
    early = start(store)
    phase(store, early, 0, actual_seconds=100)
    clock.tick(3600)
    since = clock.now
    on_time = start(store)
    phase(store, on_time, 0, actual_seconds=30)
    phase(store, on_time, 1, kind="rest", actual_seconds=12.5)
    demo = start(store, demo=True, speed=4)
    phase(store, demo, 0, actual_seconds=7)
    clock.tick(60)
    start(store)  # started, nothing done yet
    assert store.seconds_since(since) == [(since, 42.5), (since + timedelta(seconds=60), 0.0)]
    with pytest.raises(ValueError, match=r"^since: "):
        store.seconds_since(since.replace(tzinfo=None))


def test_stretches_done_since_counts_real_done_stretch_phases(store: Store, clock: Clock) -> None:
    old = start(store, "old")
    phase(store, old, 0, stretch_id="childs-pose")
    clock.tick(3 * 86400)
    first = start(store, "first")
    phase(store, first, 0, stretch_id="cat-cow")
    phase(store, first, 1, stretch_id="wall-quad", outcome="skipped")
    phase(store, first, 2, stretch_id="butterfly", kind="get-ready")
    clock.tick(3600)
    later = start(store, "later")
    phase(store, later, 0, stretch_id="cat-cow")
    demo = start(store, "demo", speed=10.0, demo=True)
    phase(store, demo, 0, stretch_id="happy-baby")
    found = store.stretches_done_since(START + timedelta(days=1))
    # The newest start of a real session in which it was done; skips, lead-ins, demos, and
    # what came before `since` are left out.
    assert found == {"cat-cow": START + timedelta(days=3, hours=1)}


def test_that_hurt_flags_the_stretch_and_counts_each_time(store: Store, clock: Clock) -> None:
    sid = start(store)
    hurt(store, sid, "figure-4-supine", side="left")
    clock.tick(60)
    hurt(store, sid, "figure-4-supine", phase_index=3, side="right", reason="numbness")
    hurt(store, sid, "cat-cow", phase_index=5, reason="too-strong")
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
    sid = start(store)
    for _ in range(2):
        hurt(store, sid)
    assert store.clear_flag("cat-cow") is True
    assert store.clear_flag("cat-cow") is False  # already cleared
    assert store.clear_flag("never-flagged") is False
    assert store.flags() == {}
    clock.tick(86400)
    hurt(store, sid, reason="too-strong")
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
