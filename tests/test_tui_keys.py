"""The terminal player's keys, through Textual's pilot: no palette, a held clock, pain by keys."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from supple.library.catalog import default_library
from supple.player.app import PlayerApp
from supple.player.engine import ManualClock
from supple.player.screens import HurtScreen, PainScreen, QuitScreen, SummaryScreen
from supple.player.voice import Speaker
from supple.player.widgets import BigClock
from supple.safety import questions
from supple.services import sessions
from supple.services.person import person_of
from supple.store.db import Store, open_store
from supple.timeline import Options

LIB = default_library()

Script = Callable[[PlayerApp, Pilot[str], ManualClock], Awaitable[None]]


def play(home: Path, script: Script, speaker: Speaker | None = None) -> tuple[PlayerApp, Store]:
    """wall-nine on a clock the test moves, at 80 x 24."""
    store = open_store(home)
    store.save_screening({q.id: False for q in questions()}, "clear")
    timeline = sessions.prepare(LIB, LIB.routines["wall-nine"], Options(), person_of(store))
    clock = ManualClock()
    app = PlayerApp(timeline, store, clock=clock, speaker=speaker)

    async def run() -> None:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.pause()
            await script(app, pilot, clock)

    asyncio.run(run())
    return app, store


def countdown(app: PlayerApp) -> str:
    return app.screen_stack[0].query_one("#countdown", BigClock).value


def text_of(app: PlayerApp, widget: str) -> str:
    return str(app.screen.query_one(f"#{widget}", Static).content)


async def later(app: PlayerApp, pilot: Pilot[str], clock: ManualClock, seconds: float) -> None:
    clock.advance(seconds)
    app.tick()
    await pilot.pause()


def test_ctrl_p_opens_no_palette_and_ctrl_q_asks_as_q_does(home: Path) -> None:
    async def script(app: PlayerApp, pilot: Pilot[str], clock: ManualClock) -> None:
        await pilot.press("enter")  # no pain score: the session begins
        await later(app, pilot, clock, 10)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette) and len(app.screen_stack) == 1
        await later(app, pilot, clock, 5)
        assert countdown(app) == "0:45"  # nothing opened, nothing held: the clock went on
        await pilot.press("ctrl+q")  # Textual's quit key: the same question as q
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        assert "End the session now?" in text_of(app, "quit-title")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PainScreen)  # the pain after is asked, as after q
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)

    app, store = play(home, script)
    view = sessions.get(store, app.session_uuid)
    assert view.record.status == "quit" and view.record.pain_after == 3


def test_the_clock_stands_still_while_a_question_is_open(home: Path) -> None:
    async def script(app: PlayerApp, pilot: Pilot[str], clock: ManualClock) -> None:
        await pilot.press("enter")
        await later(app, pilot, clock, 10)
        assert countdown(app) == "0:50"
        await pilot.press("q")  # really quit? and the clock waits for the answer
        await later(app, pilot, clock, 30)
        assert isinstance(app.screen, QuitScreen) and countdown(app) == "0:50"
        await pilot.press("n")
        await pilot.pause()
        assert "PAUSED" not in str(app.screen.query_one("#phase", Static).content)
        await later(app, pilot, clock, 5)
        assert countdown(app) == "0:45"  # going again from where it stood
        await pilot.press("space")  # paused by the person, it stays paused after a question
        await pilot.press("q", "n")
        await later(app, pilot, clock, 5)
        assert countdown(app) == "0:45" and "PAUSED" in text_of(app, "phase")

    play(home, script)


async def _pain(app: PlayerApp, pilot: Pilot[str], *keys: str) -> str:
    """Keys on the pain question, all at once; what it shows back."""
    assert isinstance(app.screen, PainScreen)
    await pilot.press(*keys)
    return text_of(app, "pain-echo")


def test_pain_typed_fast_is_never_lost(home: Path) -> None:
    async def script(app: PlayerApp, pilot: Pilot[str], clock: ManualClock) -> None:
        for _ in range(3):
            assert await _pain(app, pilot, "a", "b", "c") == "Pain before: not given"
            assert "'c' is not a number: type 0 to 10" in text_of(app, "pain-error")
            await pilot.press("backspace", "backspace", "backspace", "4")
            assert text_of(app, "pain-echo") == "Pain before: 4"
            await pilot.press("backspace")
        await pilot.press("4", "enter")
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert text_of(app, "pain-shown") == "Pain before: 4"  # shown while the session plays

    app, store = play(home, script)
    assert sessions.get(store, app.session_uuid).record.pain_before == 4


@pytest.mark.parametrize(
    ("keys", "shown"),
    [
        (["1", "0"], "Pain before: 10"),
        (["7"], "Pain before: 7"),
        (["4", "6"], "Pain before: 6"),  # a change of mind: the new number replaces it
        (["1", "0", "2"], "Pain before: 2"),
        (["1", "2"], "12 is not on the scale: 0 to 10. Backspace to correct it."),
        (["1", "2", "backspace"], "Pain before: 1"),
        (["0", "backspace"], "Pain before: not given"),
    ],
)
def test_pain_is_taken_by_the_number_keys_and_shown_back(
    home: Path, keys: list[str], shown: str
) -> None:
    async def script(app: PlayerApp, pilot: Pilot[str], clock: ManualClock) -> None:
        assert await _pain(app, pilot, *keys) == shown
        await pilot.press("enter")
        await pilot.pause()
        # Enter gives a number on the scale (or skips when none was typed), never a wrong one.
        assert isinstance(app.screen, PainScreen) is shown.startswith("12 is not")

    play(home, script)


def test_the_hurt_question_holds_the_clock_and_answers_by_number(home: Path) -> None:
    async def script(app: PlayerApp, pilot: Pilot[str], clock: ManualClock) -> None:
        await pilot.press("enter", "n", "n", "n")  # into the first hold
        await later(app, pilot, clock, 8)
        await pilot.press("p")
        await later(app, pilot, clock, 60)
        assert isinstance(app.screen, HurtScreen) and countdown(app) == "0:22"
        await pilot.press("3")  # it was just too strong
        await pilot.press("c")  # carry on, more gently
        await pilot.pause()
        assert text_of(app, "phase") == "Switch sides · RIGHT SIDE"

    play(home, script)


def test_a_missing_espeak_is_said_inside_the_player(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(home))  # no espeak-ng on it
    said: list[str] = []

    async def script(app: PlayerApp, pilot: Pilot[str], clock: ManualClock) -> None:
        await pilot.pause()
        # On screen, over the pain question: a toast, not a line printed before the app.
        said.extend(str(toast.render()) for toast in app.screen.query("Toast"))

    play(home, script, speaker=Speaker(enabled=True))
    assert len(said) == 1 and "Voice cues need espeak-ng" in said[0]


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 8), ((120, 40), 15), ((200, 60), 28)])
def test_the_countdown_grows_with_the_terminal(
    home: Path, size: tuple[int, int], rows: int
) -> None:
    """Solid blocks as tall as its space allows, never cut: 8 rows at 80 x 24, more beyond."""
    store = open_store(home)
    store.save_screening({q.id: False for q in questions()}, "clear")
    timeline = sessions.prepare(LIB, LIB.routines["wall-nine"], Options(), person_of(store))
    app = PlayerApp(timeline, store, clock=ManualClock())

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.press("enter", "n", "n", "n")  # a hold: 0:30
            clock = app.screen.query_one("#countdown", BigClock)
            drawn = [line for line in str(clock.render()).splitlines() if line.strip()]
            assert len(drawn) >= rows and {"█"} <= set("".join(drawn))
            assert max(len(line) for line in drawn) <= clock.content_size.width
            assert len(str(clock.render()).splitlines()) <= clock.content_size.height

    asyncio.run(run())
