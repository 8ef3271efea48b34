"""A person's text is checked when written, and shown as written (never obeyed) everywhere."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from textual.widgets import Static
from typer.testing import CliRunner

from ptyrun import TerminalRun
from supple.cli import app
from supple.library.catalog import default_library
from supple.library.schema import Routine, displayable
from supple.player.app import PlayerApp
from supple.player.engine import ManualClock
from supple.services import sessions
from supple.services.person import person_of_state
from supple.store.db import open_store
from supple.timeline import Timeline
from webapp import client, screened

LIB = default_library()
MARKUP = "Evening [/dim] wind-down [bold"  # Rich once read this as tags, and crashed
ESCAPES = "Wipe\x1b[2Jout\x00here"  # clears the screen when a terminal is sent it


def routine(title: str, note: str | None = None, routine_id: str = "evening") -> dict[str, object]:
    return {
        "id": routine_id,
        "title": title,
        "source": None,
        "steps": [
            {"stretch": "cat-cow", "hold_seconds": 40, "per_side": False, "mode": "mobilize"},
            {"stretch": "wall-quad", "hold_seconds": 30, "per_side": True, "note": note},
        ],
    }


def keep_file(home: Path, data: dict[str, object]) -> None:
    """A routine file written by hand, or before the schema refused what it holds."""
    folder = home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{data['id']}.json").write_text(json.dumps(data))


def invoke(runner: CliRunner, *args: str, code: int = 0) -> tuple[str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == code, result.output
    return result.stdout, result.stderr


def raw(text: str) -> bool:
    """True if a control character other than a line break reached the output."""
    return any(c in text for c in "\x1b\x00\x07\x9b\u202e")


# -- the schema: refused when written ---------------------------------------------------


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "U+0000 (NUL)"),
        ("\x1b", "U+001B (escape)"),
        ("\x07", "U+0007"),
        ("\x7f", "U+007F (delete)"),
        ("\x9b", "U+009B"),
        ("\u202e", "U+202E (right-to-left override)"),
        ("\u2066", "U+2066 (left-to-right isolate)"),
        ("\n", "U+000A (line break)"),
        ("\t", "U+0009 (tab)"),
    ],
)
def test_a_title_with_a_control_or_bidi_character_is_refused_by_name_and_place(
    runner: CliRunner, tmp_path: Path, home: Path, char: str, name: str
) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(routine(f"Even{char}ing")))
    _, err = invoke(runner, "routine", "import", str(path), code=1)
    flat = " ".join(err.split())
    assert f"title: {name}" in flat and "at character 5 is not allowed" in flat
    assert not raw(err)
    assert not (home / "routines" / "evening.json").exists()


def test_a_note_may_run_over_lines_but_not_hold_controls(home: Path) -> None:
    ok = Routine.model_validate(routine("Evening", note="Slowly.\n\tBreathe out."))
    assert ok.steps[1].note == "Slowly.\n\tBreathe out."
    with client(home) as c:
        r = c.post("/api/routines", json=routine("Evening", note="Slowly.\nThen \x1b[31mred"))
        assert r.status_code == 422
        [problem] = r.json()["detail"]
        assert problem["field"] == "body.steps.1.note"
        assert "U+001B (escape) at line 2, character 6" in problem["message"]
        r = c.post("/api/routines", json={**routine("Evening"), "description": "a\u202eb"})
        assert r.status_code == 422 and "U+202E" in r.json()["detail"][0]["message"]
        assert c.post("/api/routines", json=routine(MARKUP)).status_code == 201  # brackets: fine


def test_the_library_content_passes_the_same_check() -> None:
    assert len(LIB.stretches) > 30  # loading it validates every name, step and note


def test_displayable_replaces_what_a_terminal_would_obey() -> None:
    assert displayable(ESCAPES) == "Wipe\ufffd[2Jout\ufffdhere"
    assert displayable("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert displayable("a\u202eb\x9bc\x7f") == "a\ufffdb\ufffdc\ufffd"


# -- the terminal: shown as written -----------------------------------------------------


def test_a_title_with_markup_is_shown_as_written_by_every_command(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(routine(MARKUP, note="Hold [b]still[/b] [/]")))
    out, _ = invoke(runner, "routine", "import", str(path))
    assert f"Imported {MARKUP} as evening" in out
    out, _ = invoke(runner, "routines")
    assert MARKUP in out
    out, _ = invoke(runner, "routine", "evening")
    assert MARKUP in out and "Step 2: Hold [b]still[/b] [/]" in out
    out, _ = invoke(runner, "routine", "export", "evening", "--format", "yaml")
    assert MARKUP in out
    export = tmp_path / "[red]out.json"
    out, _ = invoke(runner, "routine", "export", "evening", "--output", str(export))
    assert f"to {export}" in " ".join(out.split())


def test_an_old_routine_file_with_escapes_is_damaged_and_nothing_raw_is_printed(
    runner: CliRunner, home: Path
) -> None:
    keep_file(home, routine(ESCAPES, routine_id="wipe"))
    out, err = invoke(runner, "routines")
    assert "wipe" in out and "damaged" in out and "U+001B (escape)" in " ".join(out.split())
    assert not raw(out + err)
    for args in (["routine", "wipe"], ["routine", "export", "wipe"], ["start", "wipe"]):
        if args[0] == "start":
            screened(home)
        out, err = invoke(runner, *args, code=1)
        assert "your routine 'wipe' is damaged" in " ".join(err.split())
        assert not raw(out + err)
    out, err = invoke(runner, "routines", "--json")
    assert json.loads(out)  # the damaged one is said on stderr, so stdout stays JSON
    assert "damaged: wipe" in err.lower() and not raw(err)


def test_an_error_quoting_a_pattern_or_a_value_keeps_its_brackets(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(routine("Evening")))
    _, err = invoke(runner, "routine", "import", str(path), "--id", "my wall", code=1)
    flat = "".join(err.split())
    assert "shouldmatchpattern'^[a-z0-9]+(-[a-z0-9]+)*$'" in flat and "(got'mywall')" in flat
    _, err = invoke(runner, "stretch", "[/dim]cat\x1b[2J", code=1)
    assert "unknown stretch '[/dim]cat\\x1b[2J'" in err and not raw(err)
    _, err = invoke(runner, "routine", "import", str(tmp_path / "[/bold]\x1b.yaml"), code=1)
    assert "[/bold]\ufffd.yaml: no such file" in err and not raw(err)


def sessions_title(home: Path, title: str) -> None:
    """A session row as an older supple may have written it, title and all."""
    with closing(sqlite3.connect(home / "supple.db")) as db, db:
        db.execute("UPDATE sessions SET routine_title = ?", (title,))


def test_history_shows_any_stored_title_as_written(runner: CliRunner, home: Path) -> None:
    screened(home)
    timeline = sessions.prepare(LIB, LIB.routines["wall-nine"], None, person_of_state(None))
    play_and_quit(home, timeline)
    for title in (MARKUP, ESCAPES):
        sessions_title(home, title)
        out, err = invoke(runner, "history")
        assert displayable(title) in out and not raw(out + err)


# -- the player --------------------------------------------------------------------------


def play_and_quit(home: Path, timeline: Timeline, seen: list[str] | None = None) -> None:
    """The terminal player on a real store: skip the pain score, quit, close the summary."""
    store = open_store(home)
    app = PlayerApp(timeline, store, clock=ManualClock())

    async def run() -> None:
        async with app.run_test(size=(110, 40)) as pilot:
            if seen is not None:
                seen.append(str(app.screen_stack[0].query_one("#title", Static).content))
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("q", "y")
            await pilot.pause()
            await pilot.press("escape")
            deadline = time.monotonic() + 10
            while "Time:" not in "\n".join(app.summary_lines()):
                assert time.monotonic() < deadline, "the session was not read back"
                await pilot.pause(0.05)
            await pilot.press("enter")

    try:
        asyncio.run(run())
    finally:
        store.close()


def test_the_player_shows_a_title_as_written(home: Path) -> None:
    screened(home)
    # A routine as an older supple may have kept it: model_copy skips the checks.
    old = LIB.routines["wall-nine"].model_copy(update={"title": f"{MARKUP} {ESCAPES}"})
    timeline = sessions.prepare(LIB, old, None, person_of_state(None))
    seen: list[str] = []
    play_and_quit(home, timeline, seen)
    assert seen == [f"{MARKUP} Wipe\ufffd[2Jout\ufffdhere"]


def test_supple_start_in_a_real_terminal_with_a_markup_title(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    screened(home)
    keep_file(home, routine(MARKUP))
    trace = home / "trace.jsonl"
    run = TerminalRun(
        ["start", "evening"], env={"SUPPLE_HOME": str(home), "SUPPLE_TRACE": str(trace)}
    )
    try:
        run.wait_for_trace(trace, "first-frame")
        for keys in ("\r", "q", "y", "\r", "x"):
            time.sleep(0.3)
            run.send(keys)
        assert run.proc.wait(timeout=30) == 0, run.text()[-2000:]
    finally:
        run.close()
    assert "Traceback" not in run.text() and "MarkupError" not in run.text()
    assert MARKUP in run.text()
    out, err = invoke(runner, "history")  # after a session: the title in the table, as written
    assert "Evening [/dim] wind-down" in out
