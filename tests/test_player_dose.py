"""The terminal player with rounds, longer holds, start notes, "too strong" and osteoporosis.

Textual's pilot on a clock the test moves, on real SQLite; the get-ready screen at 80 x 24.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Static

from supple.kinds import HurtReason, PhaseKind
from supple.library.catalog import default_library
from supple.planner.needs import Condition, Profile
from supple.player.app import PlayerApp
from supple.player.engine import ManualClock
from supple.player.screens import AdviceScreen, PainScreen
from supple.player.voice import Speaker
from supple.player.widgets import PainScale
from supple.profile import save_profile
from supple.services import sessions
from supple.services.person import person_of
from supple.store.db import open_store
from supple.timeline import Timeline, build_timeline, options_for
from test_player import Script, advance, countdown, quit_now, screen, screen_text, shown, summary

LIB = default_library()
NOTE = (
    "You said a doctor or physiotherapist has checked your back and is happy for you to "
    "exercise. Go gently, and stop and get advice if anything new or different appears."
)


class Heard(Speaker):
    """Every cue the player would speak."""

    def __init__(self) -> None:
        super().__init__(enabled=False)
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def run(
    home: Path, timeline: Timeline, script: Script, size: tuple[int, int] = (110, 40)
) -> PlayerApp:
    store = open_store(home)
    screen(store)
    app = PlayerApp(timeline, store, clock=ManualClock(), speaker=Heard())

    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            app.pilot = pilot  # type: ignore[attr-defined]
            clock = app.clock
            assert isinstance(clock, ManualClock)
            await script(app, clock)

    asyncio.run(go())
    return app


def test_the_get_ready_screen_shows_the_session_and_start_notes_in_80_by_24(home: Path) -> None:
    r = LIB.routines["atlas-spine-ten"]
    timeline = build_timeline(r, LIB, options_for(r, rounds=2), start_notes=[NOTE, NOTE])

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.pause()
        ready = app.screen
        assert isinstance(ready, PainScreen)
        about = str(ready.query_one("#about", Static).content)
        assert about == timeline.about and "each stretch twice" in about
        assert str(ready.query_one("#start-notes", Static).content) == f"{NOTE}\n{NOTE}"
        # Everything on it, the pain scale too, fits on an 80 x 24 terminal.
        for widget in [*ready.query(Static), ready.query_one(PainScale)]:
            region = widget.region
            assert region.height > 0 and region.bottom <= 24 and region.right <= 80, widget
        await pilot.press("enter")  # no pain score: the session begins
        await pilot.pause()
        assert shown(app, "phase") == "Warm-up"
        await quit_now(app)

    app = run(home, timeline, script, size=(80, 24))
    assert app.return_value == "quit"


def test_no_start_notes_no_notes_box(home: Path) -> None:
    r = LIB.routines["wall-nine"]

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.pause()
        assert not app.screen.query("#start-notes")
        assert "2 min" not in str(app.screen.query_one("#about", Static).content)
        await pilot.press("enter")
        await quit_now(app)

    run(home, build_timeline(r, LIB), script, size=(80, 24))


def test_rounds_and_older_holds_are_played_and_stored(home: Path) -> None:
    r = LIB.routines["verywell-lunge-twist"]
    timeline = build_timeline(r, LIB, options_for(r, warmup=False, rounds=2, older_holds=True))

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, 5 + 5 + 1)
        assert shown(app, "phase") == "Hold · LEFT SIDE"
        assert countdown(app) == "0:44"  # 45 s, the older adult's hold
        assert shown(app, "info").startswith("Round 1 of 2")
        await advance(app, clock, 44 + 5 + 45)
        assert shown(app, "phase") == "Rest"
        # Said aloud, not repeated on screen: the heading and "Round 2 of 2" show it.
        assert shown(app, "cue") == "" and shown(app, "info").startswith("Round 2 of 2")
        await advance(app, clock, 5 + 5 + 1)
        assert shown(app, "phase") == "Hold · LEFT SIDE"
        assert shown(app, "info").startswith("Round 2 of 2")
        await advance(app, clock, 44 + 5 + 45)
        await pilot.press("escape")  # no pain score after
        text = await summary(app)
        assert "Finished the whole routine." in text and "Time: 3:30" in text
        await pilot.press("enter")

    app = run(home, timeline, script)
    assert app.return_value == "completed"
    with open_store(home) as store:
        record = sessions.get(store, app.session_uuid).record
        assert record.planned_seconds == round(timeline.total_seconds) == 5 + 2 * 100 + 5
        assert record.options is not None
        assert (record.options["rounds"], record.options["older_holds"]) == (2, True)
        got = [(p.kind, p.side, round(p.actual_seconds)) for p in record.phases if p.side]
        one = [("get-ready", "left", 5), ("hold", "left", 45)]
        one += [("switch-sides", "right", 5), ("hold", "right", 45)]
        assert got == one + one


def test_too_strong_on_the_left_offers_the_easier_version_and_the_right_side_follows(
    home: Path,
) -> None:
    r = LIB.routines["verywell-lunge-twist"]
    timeline = build_timeline(r, LIB, options_for(r, warmup=False))
    easier = timeline.stretches["kneeling-lunge-twist"].easier
    assert easier

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, 5 + 5 + 10)
        assert shown(app, "phase") == "Hold · LEFT SIDE"
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("3")  # it was just too strong
        await pilot.pause()
        advice = app.screen
        assert isinstance(advice, AdviceScreen)
        assert advice.reason.id is HurtReason.TOO_STRONG
        text = screen_text(app)
        assert "Easier: " + " ".join(easier) in text  # right there, with the advice
        assert "Next: Switch sides · Kneeling lunge with a twist (right)" in text
        assert "go on to what is next, more gently" in text
        await pilot.press("c")
        await pilot.pause()
        assert shown(app, "phase") == "Switch sides · RIGHT SIDE"
        assert "It hurt last time (it was just too strong" in shown(app, "flag")
        await advance(app, clock, 5 + 1)
        assert shown(app, "phase") == "Hold · RIGHT SIDE"
        await advance(app, clock, 29)
        await pilot.press("escape")
        text = await summary(app)
        assert "Finished the routine." in text and "1 stopped for pain" in text
        await pilot.press("enter")

    app = run(home, timeline, script)
    with open_store(home) as store:
        phases = sessions.get(store, app.session_uuid).record.phases
        got = [(p.kind, p.side, p.outcome) for p in phases]
    assert got == [
        ("change-position", None, "done"),
        ("get-ready", "left", "done"),
        ("hold", "left", "stopped"),
        ("switch-sides", "right", "done"),
        ("hold", "right", "done"),
    ]


def test_sharp_pain_on_the_left_still_leaves_the_right_out(home: Path) -> None:
    r = LIB.routines["wall-nine"]
    timeline = build_timeline(r, LIB, options_for(r, warmup=False))

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await advance(app, clock, 5 + 5 + 3)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("1")  # sharp: the advice is to stop
        await pilot.pause()
        assert "go on to the next" in screen_text(app)
        assert not app.screen.query("#advice-next")
        await pilot.press("c")  # going on anyway: the next stretch, not the other side
        await pilot.pause()
        assert "Wall figure 4" in shown(app, "name")
        await quit_now(app)

    run(home, timeline, script)


def test_osteoporosis_cat_cow_plays_only_the_arching_half(home: Path) -> None:
    save_profile(Profile(conditions=[Condition.OSTEOPOROSIS]), home)
    with open_store(home) as store:
        person = person_of(store)
    r = LIB.routines["atlas-spine-ten"]
    timeline = sessions.prepare(LIB, r, options_for(r, warmup=False, move_seconds=0), person)
    catcow = next(p for p in timeline.phases if p.stretch_id == "cat-cow" and p.is_stretch)

    async def script(app: PlayerApp, clock: ManualClock) -> None:
        pilot = app.pilot  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space")  # paused: skip phase by phase to the cat-cow
        while app.engine.index < catcow.index:
            await pilot.press("n")
        await pilot.press("space")
        assert shown(app, "phase") == "Move"
        assert "Move between: Cow → back to the start (Cat left out for you)" in shown(app, "info")
        await advance(app, clock, catcow.duration)
        assert app.engine.phase.kind is not PhaseKind.MOBILIZE
        await quit_now(app)

    app = run(home, timeline, script)
    heard = app.speaker
    assert isinstance(heard, Heard)
    start = heard.said.index("Move: Cat-cow")
    calls = heard.said[start + 1 : start + 9]
    assert "Cat" not in heard.said and "Cow" in calls and "Back to the start" in calls
