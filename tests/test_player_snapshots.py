"""What the terminal player looks like, at 80 x 24 and 120 x 40: Textual snapshot tests.

Each picture is taken on a clock that moves only when the test moves it, with no voice and a
fresh data folder, so it is the same on every run. When the look changes on purpose, look at
the new pictures (pytest --snapshot-report) and accept them with --snapshot-update.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from supple.library.catalog import default_library
from supple.player.app import PlayerApp
from supple.player.engine import ManualClock
from supple.player.screens import SummaryScreen
from supple.safety import questions
from supple.services import sessions
from supple.services.person import person_of
from supple.store.db import open_store
from supple.timeline import Options

LIB = default_library()
SIZES = [(80, 24), (120, 40)]

Steps = Callable[[Pilot[str], ManualClock], Awaitable[None]]


def player(home: Path, clock: ManualClock, routine: str = "wall-nine") -> PlayerApp:
    store = open_store(home)
    store.save_screening({q.id: False for q in questions()}, "clear")
    timeline = sessions.prepare(LIB, LIB.routines[routine], Options(), person_of(store))
    return PlayerApp(timeline, store, clock=clock)


async def started(pilot: Pilot[str], clock: ManualClock) -> None:
    """Pain before 4, then 12 s into the warm-up."""
    await pilot.press("4", "enter")
    clock.advance(12)
    pilot.app.tick()  # type: ignore[attr-defined]
    await pilot.pause()


async def holding(pilot: Pilot[str], clock: ManualClock) -> None:
    """Into the first hold (left side), 8 s in: a cue has been given."""
    await pilot.press("enter")
    for _ in range(3):  # the warm-up, the change of position, the lead-in
        await pilot.press("n")
    clock.advance(8)
    pilot.app.tick()  # type: ignore[attr-defined]
    await pilot.pause()


async def paused(pilot: Pilot[str], clock: ManualClock) -> None:
    await holding(pilot, clock)
    await pilot.press("space")


async def hurt(pilot: Pilot[str], clock: ManualClock) -> None:
    await holding(pilot, clock)
    await pilot.press("p")


async def pain_prompt(pilot: Pilot[str], clock: ManualClock) -> None:
    await pilot.press("a", "backspace", "4")


async def summary(pilot: Pilot[str], clock: ManualClock) -> None:
    """Quit 40 s into the first hold, pain after 2, and wait for the store's own count."""
    await pilot.press("3", "enter")
    clock.advance(60 + 5 + 5 + 20)
    pilot.app.tick()  # type: ignore[attr-defined]
    await pilot.press("q", "y")
    await pilot.press("2", "enter")
    deadline = time.monotonic() + 10
    while not (isinstance(pilot.app.screen, SummaryScreen) and "Time:" in pilot.app.screen.text):
        assert time.monotonic() < deadline, "the summary never came"
        await pilot.pause(0.02)
    await pilot.pause()


SCENES: dict[str, Steps] = {
    "pain-prompt": pain_prompt,
    "warm-up": started,
    "hold": holding,
    "paused": paused,
    "hurt-dialog": hurt,
    "summary": summary,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_the_player_looks_right(
    snap_compare: Callable[..., bool], home: Path, scene: str, size: tuple[int, int]
) -> None:
    clock = ManualClock()
    app = player(home, clock)

    async def run_before(pilot: Pilot[str]) -> None:
        await pilot.pause()
        await SCENES[scene](pilot, clock)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
