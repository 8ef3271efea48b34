"""The terminal player driven by Textual's pilot on a clock the test moves, on real SQLite."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path

import pytest
from textual.widgets import Static

from supple.kinds import HurtReason, PhaseKind
from supple.library.catalog import default_library
from supple.player.app import PlayerApp
from supple.player.engine import ManualClock
from supple.player.screens import NotStartedScreen, SummaryScreen
from supple.player.widgets import BigClock
from supple.safety import outcome, questions
from supple.services import sessions
from supple.services.person import person_of, person_of_state
from supple.store.db import Store, open_store
from supple.timeline import Options

LIB = default_library()

Script = Callable[[PlayerApp, ManualClock], Awaitable[None]]


def shown(app: PlayerApp, widget: str) -> str:
    return str(app.screen_stack[0].query_one(f"#{widget}", Static).content)


def screen_text(app: PlayerApp) -> str:
    """Everything written on the screen on top (a dialog, when one is open)."""
    return "\n".join(str(s.content) for s in app.screen.query(Static))


def countdown(app: PlayerApp) -> str:
    return app.screen_stack[0].query_one("#countdown", BigClock).value


def screen(store: Store, level: str = "clear") -> None:
    """Answer the red-flag questions: none applies, or the first of this level does."""
    flagged = next((q.id for q in questions() if q.level == level), None)
    store.save_screening({q.id: q.id == flagged for q in questions()}, level)


def play(
    home: Path, routine: str, script: Script, *, level: str = "clear", **opts: object
) -> tuple[PlayerApp, Store]:
    store = open_store(home)
    screen(store, level)
    options = Options(**opts)
    timeline = sessions.prepare(LIB, LIB.routines[routine], options, person_of(store))
    clock = ManualClock()
    app = PlayerApp(timeline, store, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(110, 40)) as pilot:
            app.pilot = pilot  # type: ignore[attr-defined]
            await script(app, clock)

    asyncio.run(run())  # closing the app waits for the writes still queued
    return app, store


def stored(app: PlayerApp, store: Store) -> sessions.SessionView:
    return sessions.get(store, app.session_uuid)


async def advance(app: PlayerApp, clock: ManualClock, seconds: float, step: float = 0.5) -> None:
    end = clock.now() + seconds
    while clock.now() < end - 1e-9:
        clock.advance(min(step, end - clock.now()))
        app.tick()
    await app.pilot.pause()  # type: ignore[attr-defined]


async def wait_for(app: PlayerApp, ready: Callable[[], bool], timeout: float = 10) -> None:
    """Let the app run until ready() (the writer thread works in its own time)."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, "timed out"
        await app.pilot.pause(0.02)  # type: ignore[attr-defined]


async def summary(app: PlayerApp, read_back: bool = True) -> str:
    """The summary, once the session has been read back from the store (or said why not)."""

    def ready() -> bool:
        if not isinstance(app.screen, SummaryScreen):
            return False
        return "Time:" in app.screen.text if read_back else "history" in app.screen.text

    await wait_for(app, ready)
    return screen_text(app)


async def quit_now(app: PlayerApp) -> str:
    """q, y, no pain score; the summary's text."""
    pilot = app.pilot  # type: ignore[attr-defined]
    await pilot.press("q", "y")
    await pilot.pause()
    await pilot.press("escape")
    text = await summary(app)
    await pilot.press("enter")
    return text


def phase_rows(home: Path) -> int:
    with closing(sqlite3.connect(home / "supple.db")) as db:
        return int(db.execute("SELECT count(*) FROM phases").fetchone()[0])


def test_a_whole_routine_with_pause_plus_next_back_and_that_hurts(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("4", "enter")  # pain before
        await pilot.pause()
        assert shown(app, "phase") == "Change position"
        assert "Kneeling lunge with a twist" in shown(app, "name")
        await advance(app, clock, 5 + 5 + 10)  # move, lead-in, 10 s into the left hold
        assert shown(app, "phase") == "Hold · LEFT SIDE"
        assert countdown(app) == "0:20"
        assert "front knee" in shown(app, "info")
        assert shown(app, "next") == "Next: Switch sides · Kneeling lunge with a twist (right)"

        await pilot.press("space")
        assert "PAUSED" in shown(app, "phase")
        await advance(app, clock, 30)
        assert countdown(app) == "0:20"  # the pause stopped the clock
        await pilot.press("space")
        await pilot.press("plus")
        assert countdown(app) == "0:35"
        await advance(app, clock, 5)
        await pilot.press("n")  # skip the rest of the left hold
        assert shown(app, "phase") == "Switch sides · RIGHT SIDE"
        await pilot.press("b")  # straight back: to the left hold again, from the start
        assert shown(app, "phase") == "Hold · LEFT SIDE" and countdown(app) == "0:30"
        await advance(app, clock, 30 + 5 + 8)  # left hold done, switch, 8 s into the right
        assert shown(app, "phase") == "Hold · RIGHT SIDE"

        await pilot.press("p")  # that hurts
        await pilot.pause()
        assert "What happened?" in screen_text(app)
        await pilot.press("3")  # just too strong
        await pilot.pause()
        # The advice offers the stretch's easier version, from the timeline.
        easier = app.timeline.stretches["kneeling-lunge-twist"].easier
        assert easier and "Easier: " + " ".join(easier) in screen_text(app)
        await pilot.press("c")  # go on: nothing left, so the session is complete
        await pilot.pause()
        await pilot.press("2", "enter")  # pain after
        text = await summary(app)
        # Counted in stretches, not phases: the one stretch was stopped for pain.
        assert "Finished the routine." in text and "whole" not in text
        assert "0 stretches done, 0 skipped, 1 stopped for pain." in text
        assert "Pain before 4, after 2" in text
        assert "Flagged: Kneeling lunge with a twist: it was just too strong" in text
        await pilot.press("enter")

    app, store = play(home, "verywell-lunge-twist", script, warmup=False)
    assert app.return_value == "completed"
    record = stored(app, store).record
    assert (record.status, record.pain_before, record.pain_after) == ("completed", 4, 2)
    assert (record.client, record.demo, record.speed) == ("terminal", False, 1.0)
    assert record.planned_seconds == round(app.timeline.total_seconds)
    got = [(p.kind, p.side, p.outcome, round(p.actual_seconds)) for p in record.phases]
    assert got == [
        ("change-position", None, "done", 5),
        ("get-ready", "left", "done", 5),
        ("hold", "left", "skipped", 15),  # 10 s, a pause that does not count, then 5 s
        ("hold", "left", "done", 30),
        ("switch-sides", "right", "done", 5),
        ("hold", "right", "stopped", 8),
    ]
    # Each result carries the engine's key: a replayed phase is a new row, not a duplicate.
    assert [p.key for p in record.phases] == ["0.1", "1.2", "2.3", "2.4", "3.5", "4.6"]
    assert store.flags()["kneeling-lunge-twist"].reason == "too-strong"
    with closing(sqlite3.connect(home / "supple.db")) as db:
        assert db.execute("SELECT key, reason FROM hurts").fetchall() == [
            ("hurt.4.6", "too-strong")
        ]


def test_quit_mid_hold_records_the_hold_as_far_as_it_got(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")  # skip pain before
        await advance(app, clock, 60 + 5 + 5 + 12)  # warm-up, move, lead-in, into the hold
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("n")  # no, carry on
        await pilot.pause()
        assert "PAUSED" not in shown(app, "phase")
        text = await quit_now(app)
        assert "Ended early." in text
        # The hold the session ended in counts as neither done nor skipped.
        assert "0 stretches done, 0 skipped, 0 stopped for pain." in text
        assert "Time: 1:22" in text

    app, store = play(home, "paleohacks-nine", script)
    assert app.return_value == "quit"
    record = stored(app, store).record
    assert record.status == "quit" and record.ended_at is not None
    assert record.pain_before is None and record.pain_after is None
    got = [(p.kind, p.outcome, p.actual_seconds) for p in record.phases]
    assert got == [
        ("warm-up", "done", 60),
        ("change-position", "done", 5),
        ("get-ready", "done", 5),
        ("hold", "ended", 12),
    ]


def test_ctrl_c_mid_hold_saves_the_hold_and_ends_the_session(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, 5 + 5 + 7.5)
        await pilot.press("ctrl+c")  # closing the app flushes the queue

    app, store = play(home, "wall-nine", script, warmup=False)
    assert app.return_value == "quit"
    record = stored(app, store).record
    assert record.status == "quit"
    assert [(p.kind, p.outcome, p.actual_seconds) for p in record.phases][-1] == (
        "hold",
        "ended",
        7.5,
    )


def test_sharp_pain_advises_stopping_and_ends_the_session(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, 5 + 5 + 3)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("1")  # sharp, shooting or spreading pain
        await pilot.pause()
        text = screen_text(app)
        assert "Stop stretching for today" in text and "(advised)" in text
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # pain after: skip
        assert "1 stopped for pain" in await summary(app)
        await pilot.press("enter")

    app, store = play(home, "wall-nine", script, warmup=False)
    assert app.return_value == "quit"
    record = stored(app, store).record
    assert record.status == "quit"
    assert (record.phases[-1].kind, record.phases[-1].outcome) == ("hold", "stopped")
    assert store.flags()["wall-runners-lunge"].reason == "sharp"


def test_a_stretch_that_hurt_today_is_marked_if_it_comes_round_again(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, 5 + 5 + 3)
        assert shown(app, "flag") == ""
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("3")  # too strong
        await pilot.pause()
        await pilot.press("c")  # carry on: too strong on the left, the right side still comes
        await pilot.pause()
        assert shown(app, "phase") == "Switch sides · RIGHT SIDE"
        assert "Wall runner's lunge" in shown(app, "name")
        assert "It hurt last time (it was just too strong" in shown(app, "flag")
        await pilot.press("b")  # and straight back into the side that hurt
        assert shown(app, "phase") == "Hold · LEFT SIDE"
        assert "It hurt last time (it was just too strong" in shown(app, "flag")
        await quit_now(app)

    play(home, "wall-nine", script, warmup=False)


def test_a_long_routine_plays_to_the_end(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, app.timeline.total_seconds + 1, step=1)
        await pilot.press("enter")
        text = await summary(app)
        assert "Finished the whole routine." in text
        assert "10 stretches done, 0 skipped, 0 stopped for pain." in text
        await pilot.press("enter")

    app, store = play(home, "atlas-spine-ten", script)
    assert app.return_value == "completed"
    phases = stored(app, store).record.phases
    assert len(phases) == len(app.timeline.phases)
    assert [p.phase_index for p in phases] == list(range(len(phases)))
    assert all(p.outcome == "done" for p in phases)
    holds = [p for p in phases if p.kind in (PhaseKind.HOLD, PhaseKind.MOBILIZE)]
    # six one-sided stretches and four done on both sides: 14 holds of 30 s
    assert sum(p.actual_seconds for p in holds) == 30 * 14


def test_what_the_timeline_says_about_a_stretch_is_shown(home: Path) -> None:
    from supple.planner import Condition, Profile
    from supple.profile import save_profile

    save_profile(Profile(conditions=[Condition.KNEE]), home)
    with open_store(home) as store:  # it hurt in an earlier session
        screen(store)
        earlier = sessions.prepare(LIB, LIB.routines["wall-nine"], None, person_of(store))
        started = sessions.start(store, earlier, client="browser")
        sessions.record_hurt(
            store,
            started.id,
            key="h1",
            phase_index=3,
            stretch_id="wall-figure-4",
            side=None,
            reason=HurtReason.SHARP,
        )

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, 5 + 1)
        assert (
            shown(app, "name") == "Wall runner's lunge\nleft shin up the wall, right foot forward"
        )
        assert "Take care (knee)" in shown(app, "flag")  # kneeling: a caution
        assert shown(app, "flag").endswith("Press n to skip it.")
        await advance(app, clock, 4 + 30 + 5 + 30 + 5)  # on to the wall figure 4
        assert "Wall figure 4" in shown(app, "name")
        assert "It hurt last time (sharp" in shown(app, "flag")
        await quit_now(app)

    play(home, "wall-nine", script, warmup=False)


def test_a_session_left_open_is_closed_as_interrupted_when_the_next_starts(home: Path) -> None:
    with open_store(home) as store:  # a browser tab closed mid-session
        screen(store)
        timeline = sessions.prepare(LIB, LIB.routines["wall-nine"], None, person_of(store))
        left_open = sessions.start(store, timeline, client="browser")

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        await app.pilot.press("enter")  # type: ignore[attr-defined]
        await advance(app, clock, 2)
        await quit_now(app)

    app, store = play(home, "wall-nine", script)
    assert sessions.get(store, left_open.id).record.status == "interrupted"
    assert stored(app, store).record.status == "quit"


def test_a_busy_database_never_stalls_the_countdown(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(app, lambda: app.recorder.session_id is not None)
        # Another program takes the write lock and keeps it for a second.
        with closing(sqlite3.connect(home / "supple.db", isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            locked = time.monotonic()
            seen = []
            for _ in range(4):
                await advance(app, clock, 11)
                seen.append((shown(app, "phase"), countdown(app)))
            played = time.monotonic() - locked
            assert seen == [
                ("Hold · LEFT SIDE", "0:29"),
                ("Hold · LEFT SIDE", "0:18"),
                ("Hold · LEFT SIDE", "0:07"),
                ("Switch sides · RIGHT SIDE", "0:01"),
            ]
            # The lock is held for a whole second: well under it, the countdown did not wait
            # for it (drawing four frames of the big clock takes ~0.1-0.6 s on a busy machine).
            assert played < 0.9, f"the countdown waited {played:.2f} s for the database"
            assert phase_rows(home) == 0  # the writes wait their turn, off the UI thread
            await asyncio.sleep(max(0.0, 1 - (time.monotonic() - locked)))
            other.execute("COMMIT")
        await wait_for(app, lambda: phase_rows(home) == 3)
        await quit_now(app)

    app, store = play(home, "wall-nine", script, warmup=False)
    phases = stored(app, store).record.phases
    assert [(p.kind, p.outcome) for p in phases] == [
        ("change-position", "done"),
        ("get-ready", "done"),
        ("hold", "done"),
        ("switch-sides", "ended"),
    ]
    assert app.recorder.errors == []


def test_a_session_the_screen_now_refuses_is_not_started(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        # Pushed, then drawn: wait for its words, not only for the screen.
        await wait_for(
            app, lambda: isinstance(app.screen, NotStartedScreen) and bool(screen_text(app))
        )
        text = screen_text(app)
        assert "Get urgent help now" in text
        assert outcome("emergency").message in text
        await app.pilot.press("x")  # type: ignore[attr-defined]

    app, store = play(home, "wall-nine", script, level="emergency")
    assert app.return_value == "refused"
    assert store.count_sessions() == 0


def test_the_summary_waits_for_a_busy_database_then_shows_the_session(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("supple.player.app.SUMMARY_WAIT", 0.2)

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(app, lambda: app.recorder.session_id is not None)
        with closing(sqlite3.connect(home / "supple.db", isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            await advance(app, clock, 12)
            await pilot.press("q", "y")
            await pilot.pause()
            await pilot.press("escape")
            await wait_for(app, lambda: "Still saving" in screen_text(app))
            other.execute("COMMIT")
        text = await summary(app)
        assert "Ended early." in text and "Time: 0:12" in text
        await pilot.press("enter")

    app, store = play(home, "wall-nine", script, warmup=False)
    assert stored(app, store).record.status == "quit"


def test_a_store_that_cannot_open_is_said_not_hidden(home: Path) -> None:
    timeline = sessions.prepare(LIB, LIB.routines["wall-nine"], None, person_of_state(None))

    def broken() -> Store:
        raise OSError("disk full")

    clock = ManualClock()
    app = PlayerApp(timeline, broken, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(110, 40)) as pilot:
            app.pilot = pilot  # type: ignore[attr-defined]
            await pilot.press("enter")
            await wait_for(app, lambda: bool(app.recorder.errors))
            await advance(app, clock, 3)  # the session goes on regardless
            await pilot.press("q", "y")
            await pilot.pause()
            await pilot.press("escape")
            text = await summary(app, read_back=False)
            await pilot.press("enter")
            assert "Not everything was saved" in text
            assert "The session cannot be saved: disk full" in text

    asyncio.run(run())
    assert app.return_value == "quit"
