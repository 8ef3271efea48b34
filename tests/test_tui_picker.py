"""`supple start` without a routine, in a real 80 x 24 terminal: the picker and its mistakes."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from ptyrun import TerminalRun
from supple.library.catalog import default_library
from supple.library.exchange import OwnRoutines, all_routines
from supple.player.picker import Choice, RoutinePicker
from supple.safety import questions
from supple.store.db import open_store


def said(run: TerminalRun) -> str:
    """What the terminal shows, its colour codes left out and its lines joined."""
    return " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", run.text()).split())


def wait_for(run: TerminalRun, text: str, after: int = 0, timeout: float = 20) -> int:
    """Wait until `text` is on the terminal after position `after`; where it ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = said(run).find(text, after)
        if found >= 0:
            return found + len(text)
        assert run.proc.poll() is None, said(run)[-2000:]
        time.sleep(0.02)
    raise TimeoutError(f"no {text!r}:\n{said(run)[-2000:]}")


def test_in_a_real_terminal_a_wrong_number_asks_again(home: Path) -> None:
    with open_store(home) as store:
        store.save_screening({q.id: False for q in questions()}, "clear")
    lib = default_library()
    routines = list(all_routines(lib, OwnRoutines(home, lib)).values())
    last = len(routines)
    trace = home / "trace.jsonl"
    run = TerminalRun(
        ["start"], env={"SUPPLE_HOME": str(home), "SUPPLE_TRACE": str(trace)}, size=(24, 80)
    )
    try:
        at = wait_for(run, "Which routine?")
        for i, r in enumerate(routines, 1):
            at = wait_for(run, f"{i}. {r.title}", at)
        run.send(f"{last + 1}\r")  # typed fast: the wrong number and Enter together
        wait_for(run, f"There is no {last + 1} here: type a number from 1 to {last}.", at)
        time.sleep(0.3)
        assert run.proc.poll() is None and not trace.exists()  # still asking, nothing started
        run.send(f"{last}\r")
        run.wait_for_trace(trace, "first-frame")
        run.send("\x03")  # Ctrl-C: stop at once
        assert run.proc.wait(timeout=30) == 0
    finally:
        run.close()
    with closing(sqlite3.connect(home / "supple.db")) as db:
        [(routine_id,)] = db.execute("SELECT routine_id FROM sessions").fetchall()
    assert routine_id == routines[-1].id


CHOICES = [
    Choice("one", "First routine", "7 min"),
    Choice("two", "Second [bold]routine[/bold]", "4 min", last=True),
    Choice("three", "Third routine", "1 min"),
]


def pick(*keys: str, suggested: int = 1) -> tuple[str | None, str]:
    """Keys typed at once on the picker; what it returned (if it closed) and what it said."""
    picker = RoutinePicker(CHOICES, suggested)
    said: list[str] = []

    async def run() -> None:
        async with picker.run_test(size=(80, 24)) as pilot:
            await pilot.press(*keys)
            await pilot.pause()
            if picker.is_running:
                said.append(str(picker.query_one("#picker-error", Static).content))
                lines = [str(o.prompt) for o in picker.query_one(OptionList).options]
                said.append(lines[picker.query_one(OptionList).highlighted or 0])
                await pilot.press("escape")

    asyncio.run(run())
    return picker.return_value, " | ".join(said)


@pytest.mark.parametrize(
    ("keys", "chosen"),
    [
        (["enter"], "two"),  # Enter alone: the one suggested (last time's)
        (["1", "enter"], "one"),
        (["3", "enter"], "three"),
        (["down", "enter"], "three"),
        (["up", "up", "enter"], "three"),  # round from the top to the bottom
        (["9", "backspace", "1", "enter"], "one"),
        (["escape"], None),
    ],
)
def test_the_picker_takes_numbers_and_arrows(keys: list[str], chosen: str | None) -> None:
    assert pick(*keys)[0] == chosen


def test_a_wrong_number_then_enter_asks_again_and_starts_nothing() -> None:
    chosen, said = pick("9", "enter")
    assert chosen is None  # left with Escape after: Enter started nothing
    error, highlighted = said.split(" | ")
    assert error == "There is no 9 here: type a number from 1 to 3."
    assert highlighted.startswith(" 2. Second [bold]routine[/bold]")  # shown as written
    chosen, said = pick("x")
    assert said.startswith("Type the routine's number, 1 to 3, or use the arrows.")


def test_no_palette_on_the_picker() -> None:
    chosen, said = pick("ctrl+p", "2", "enter")
    assert chosen == "two"
