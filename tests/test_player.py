"""The terminal player driven by Textual's pilot on a clock the test moves."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.widgets import Digits, Static

from supple.library.catalog import default_library
from supple.player.app import PlayerApp
from supple.player.engine import ManualClock
from supple.store import Store, open_store
from supple.timeline import Options, PhaseKind, build_timeline

LIB = default_library()


def shown(app: PlayerApp, widget: str) -> str:
    return str(app.screen_stack[0].query_one(f"#{widget}", Static).content)


def screen_text(app: PlayerApp) -> str:
    """Everything written on the screen on top (a dialog, when one is open)."""
    return "\n".join(str(s.content) for s in app.screen.query(Static))


def countdown(app: PlayerApp) -> str:
    return app.screen_stack[0].query_one("#countdown", Digits).value


def play(
    home: Path,
    routine: str,
    script: Callable[[PlayerApp, ManualClock], Awaitable[None]],
    **opts: object,
) -> tuple[PlayerApp, Store]:
    store = open_store(home)
    timeline = build_timeline(LIB.routines[routine], LIB, Options(**opts))  # type: ignore[arg-type]
    clock = ManualClock()
    app = PlayerApp(timeline, store, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(110, 40)) as pilot:
            app.pilot = pilot  # type: ignore[attr-defined]
            await script(app, clock)

    asyncio.run(run())
    return app, store


async def advance(app: PlayerApp, clock: ManualClock, seconds: float, step: float = 0.5) -> None:
    end = clock.now() + seconds
    while clock.now() < end - 1e-9:
        clock.advance(min(step, end - clock.now()))
        app.tick()
    await app.pilot.pause()  # type: ignore[attr-defined]


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
        assert "knee" in shown(app, "info").lower()
        assert shown(app, "next") == "Next: Switch sides: Kneeling lunge with a twist (right)"

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
        await pilot.press("c")  # go on: nothing left, so the session is complete
        await pilot.pause()
        await pilot.press("2", "enter")  # pain after
        await pilot.pause()
        summary = screen_text(app)
        assert "Finished the whole routine." in summary
        assert "Pain before 4, after 2" in summary
        assert "1 stopped for pain" in summary
        await pilot.press("enter")

    app, store = play(home, "verywell-lunge-twist", script, warmup=False)
    assert app.return_value == "completed"
    session = store.sessions()[0]
    assert (session.status, session.pain_before, session.pain_after) == ("completed", 4, 2)
    got = [(p.kind, p.side, p.outcome, round(p.actual_seconds)) for p in session.phases]
    assert got == [
        ("change-position", None, "done", 5),
        ("get-ready", "left", "done", 5),
        ("hold", "left", "skipped", 15),  # 10 s, a pause that does not count, then 5 s
        ("hold", "left", "done", 30),
        ("switch-sides", "right", "done", 5),
        ("hold", "right", "stopped", 8),
    ]
    flags = store.flags()
    assert flags["kneeling-lunge-twist"].reason == "too-strong"


def test_quit_keeps_what_was_done(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")  # skip pain before
        await advance(app, clock, 60 + 5 + 5 + 12)  # warm-up, move, lead-in, into the hold
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("n")  # no, carry on
        await pilot.pause()
        assert "PAUSED" not in shown(app, "phase")
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.press("escape")  # skip pain after
        await pilot.pause()
        await pilot.press("enter")

    app, store = play(home, "paleohacks-nine", script)
    assert app.return_value == "quit"
    session = store.sessions()[0]
    assert session.status == "quit" and session.ended_at is not None
    assert session.pain_before is None and session.pain_after is None
    assert [p.kind for p in session.phases] == ["warm-up", "change-position", "get-ready"]
    assert all(p.outcome == "done" for p in session.phases)


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
        await pilot.pause()
        await pilot.press("enter")

    app, store = play(home, "wall-nine", script, warmup=False)
    assert app.return_value == "quit"
    phases = store.sessions()[0].phases
    assert phases[-1].kind == "hold" and phases[-1].outcome == "stopped"
    assert store.flags()["wall-runners-lunge"].reason == "sharp"


def test_a_long_routine_plays_to_the_end(home: Path) -> None:
    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, app.timeline.total_seconds + 1, step=1)
        await pilot.press("enter", "enter")

    app, store = play(home, "atlas-spine-ten", script)
    assert app.return_value == "completed"
    phases = store.sessions()[0].phases
    assert len(phases) == len(app.timeline.phases)
    assert [p.phase_index for p in phases] == list(range(len(phases)))
    assert all(p.outcome == "done" for p in phases)
    holds = [p for p in phases if p.kind in (PhaseKind.HOLD, PhaseKind.MOBILIZE)]
    # six one-sided stretches and four done on both sides: 14 holds of 30 s
    assert sum(p.actual_seconds for p in holds) == 30 * 14


def test_a_stretch_not_advised_for_the_profile_is_pointed_out(home: Path) -> None:
    from supple.planner import Condition, Profile
    from supple.profile import save_profile

    save_profile(Profile(conditions=[Condition.KNEE]), home)

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, 1)
        assert "Child's pose" in shown(app, "name")
        assert "Not advised for you (knee)" in shown(app, "flag")
        assert "Press n to skip it." in shown(app, "flag")
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")

    play(home, "paleohacks-nine", script, warmup=False)
