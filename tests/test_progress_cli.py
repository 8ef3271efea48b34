"""`supple progress` and its commands, and the weekly pain question in the terminal player:
through the real command line, Textual's pilot and a real pseudo-terminal, on real SQLite."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from ptyrun import TerminalRun
from supple.cli import app
from supple.cli.session import _weekly_pain_week
from supple.library.catalog import default_library
from supple.player.app import PlayerApp
from supple.player.engine import ManualClock
from supple.player.screens import PainScreen, SummaryScreen
from supple.progress import week_start
from supple.safety import questions
from supple.services import progress, sessions
from supple.services.person import person_of
from supple.store.db import open_store
from supple.store.meta import WEEKLY_PAIN_SKIPPED
from supple.store.peek import peek

LIB = default_library()
THIS_WEEK = week_start(date.today())


def screened(home: Path) -> None:
    with open_store(home) as store:
        store.save_screening({q.id: False for q in questions()}, "clear")


# -- supple progress ------------------------------------------------------------------------


def test_progress_with_nothing_yet_says_what_comes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["progress"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    assert "No weekly pain score yet: you will be asked at the start of your next session" in said
    assert "Patient-Specific Functional Scale (PSFS; Stratford et al. 1995)" in said
    assert "This week: 0 of 7 (your goal: once a day)" in said
    assert "not medical advice" in said


def test_pain_psfs_and_goal_written_through_the_cli_show_in_progress(
    runner: CliRunner, home: Path
) -> None:
    assert runner.invoke(app, ["progress", "pain", "6"]).exit_code == 0
    with open_store(home) as store:
        # Last week's answer, as if given then: the trend runs from it to this week's.
        store.set_weekly_pain(THIS_WEEK - timedelta(weeks=1), 6)
    result = runner.invoke(app, ["progress", "pain", "4"])
    assert result.exit_code == 0, result.output
    assert "Saved. Pain this week 4, down from 6: a meaningful change." in result.stdout

    ratings = ["Putting on socks=3", "Sitting through a film=5", "Lifting a child = 2"]
    result = runner.invoke(app, ["progress", "psfs", *ratings])
    assert result.exit_code == 0, result.output
    assert "Activities 3.3 of 10: your starting point" in result.stdout
    result = runner.invoke(app, ["progress", "goal", "Most-Days"])
    assert result.exit_code == 0 and "Your goal is now most days." in result.stdout

    data = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    assert data["home_line"] == "Pain this week 4, down from 6: a meaningful change"
    assert (data["pain"]["trend"], data["pain"]["meaningful"]) == ("better", True)
    assert [w["pain"] for w in data["pain"]["weeks"]] == [6, 4]
    assert "Ostelo 2008" in data["pain"]["rule"]
    check = data["function"]["checks"][0]
    assert check["ratings"][2] == {"activity": "Lifting a child", "score": 2}
    assert check["score"] == 3.33 and "Abbott and Schmitt 2014" in data["function"]["rule"]
    assert data["function"]["due"] is False and data["function"]["next_due"]
    fn = data["function"]
    assert (fn["score"], fn["baseline"], fn["latest"], fn["change"]) == (3.33, 3.33, 3.33, None)
    assert (data["adherence"]["goal"], data["adherence"]["target_this_week"]) == ("most-days", 5)
    assert data["adherence"]["streak"]["unit"] == "week"

    text = " ".join(runner.invoke(app, ["progress"]).stdout.split())
    assert "Pain this week 4, down from 6: a meaningful change." in text
    assert "Putting on socks 3 3" in text and "your goal: most days" in text


def test_bad_input_is_refused_naming_it_and_nothing_is_saved(runner: CliRunner, home: Path) -> None:
    assert runner.invoke(app, ["progress", "pain", "11"]).exit_code == 2
    result = runner.invoke(app, ["progress", "psfs", "Socks=3", "Film=4"])
    assert result.exit_code == 1 and "name 3 to 5 activities, got 2" in result.stderr
    result = runner.invoke(app, ["progress", "psfs", "Socks=3", "Film=4", "Child"])
    assert result.exit_code == 1 and "give each activity with its score" in result.stderr
    result = runner.invoke(app, ["progress", "psfs", "Socks=3", "Film=14", "Child=1"])
    assert result.exit_code == 1 and "ratings[1].score" in result.stderr
    result = runner.invoke(app, ["progress", "psfs", "Socks=3", "Fi\x1blm=4", "Child=1"])
    assert result.exit_code == 1 and "U+001B" in result.stderr
    result = runner.invoke(app, ["progress", "goal", "hourly"])
    assert result.exit_code == 1 and "goal: must be one of twice-a-day" in result.stderr
    with open_store(home) as store:
        assert (store.weekly_pain(), store.psfs()) == ([], [])
        assert progress.goal_of(store).value == "once-a-day"


def test_psfs_asked_one_by_one_then_the_same_activities_again(runner: CliRunner) -> None:
    typed = "Putting on socks\nSitting through a film\nLifting a child\n\n3\n11\n5\n2\n"
    result = runner.invoke(app, ["progress", "psfs"], input=typed)
    assert result.exit_code == 0, result.output
    assert "for example: putting on socks, sitting through a film, lifting a child" in (
        " ".join(result.stdout.split())
    )
    assert "'11' is not a whole number from 0 to 10." in result.stdout
    result = runner.invoke(app, ["progress", "psfs"], input="6\n7\n4\n")
    assert result.exit_code == 0, result.output
    assert "Putting on socks (last time 3), 0-10" in result.stdout
    assert "Activities 5.7 of 10, up from 3.3: a meaningful change" in result.stdout
    fn = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)["function"]
    assert (fn["trend"], fn["change"], fn["compared"]) == ("better", 2.33, fn["activities"])
    # No answers at all: nothing is saved, and the message says how else to give them.
    result = runner.invoke(app, ["progress", "psfs"], input="")
    assert result.exit_code == 1 and "nothing saved" in result.stderr


def test_the_goal_is_shown_with_its_choices(runner: CliRunner) -> None:
    result = runner.invoke(app, ["progress", "goal"])
    assert "Your goal: once a day." in result.stdout
    assert "twice-a-day, once-a-day, most-days, three-times-a-week" in result.stdout


# -- the weekly question in the terminal player ---------------------------------------------


def play(home: Path, week: date | None, keys: list[str]) -> tuple[PlayerApp, list[str]]:
    """A real-speed session whose first screen may ask the usual pain of `week`; `keys` are
    typed there, then the session is quit. What the first screen showed."""
    store = open_store(home)
    screened(home)
    timeline = sessions.prepare(LIB, LIB.routines["wall-nine"], None, person_of(store))
    clock = ManualClock()
    player = PlayerApp(timeline, store, clock=clock, weekly_pain=week)
    seen: list[str] = []

    async def run() -> None:
        async with player.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(player.screen, PainScreen)
            seen.extend(player.screen.asks)
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.press("q", "y")
            await pilot.pause()
            await pilot.press("escape")
            deadline = time.monotonic() + 10
            while not (isinstance(player.screen, SummaryScreen) and "Time:" in player.screen.text):
                assert time.monotonic() < deadline, "no summary"
                await pilot.pause(0.02)
            await pilot.press("enter")

    try:
        asyncio.run(run())
    finally:
        store.close()
    return player, seen


def test_the_weeks_first_session_asks_the_usual_pain_after_the_pain_now(home: Path) -> None:
    player, seen = play(home, THIS_WEEK, ["5", "enter", "6", "enter"])
    assert seen == ["pain", "weekly"]
    with open_store(home) as store:
        assert [(w.week, w.pain) for w in store.weekly_pain()] == [(THIS_WEEK, 6)]
        assert store.session(store.session_id(player.session_uuid)).pain_before == 5
        assert not progress.weekly_status(store, date.today()).due


def test_left_blank_it_is_not_asked_again_this_week(home: Path) -> None:
    player, _ = play(home, THIS_WEEK, ["3", "enter", "enter"])
    with open_store(home) as store:
        assert store.weekly_pain() == []
        assert store.get_meta(WEEKLY_PAIN_SKIPPED) == THIS_WEEK.isoformat()
        assert store.session(store.session_id(player.session_uuid)).pain_before == 3
    assert _weekly_pain_week(peek(home)) is None


def test_skipping_the_pain_now_leaves_the_weekly_question_for_next_time(home: Path) -> None:
    _, seen = play(home, THIS_WEEK, ["enter"])
    assert seen == ["pain", "weekly"]
    with open_store(home) as store:
        assert store.weekly_pain() == [] and store.get_meta(WEEKLY_PAIN_SKIPPED) is None
    assert _weekly_pain_week(peek(home)) == THIS_WEEK


def test_a_bad_weekly_score_is_refused_on_the_screen(home: Path) -> None:
    _, _ = play(
        home, THIS_WEEK, ["4", "enter", "1", "2", "enter", "backspace", "backspace", "7", "enter"]
    )
    with open_store(home) as store:
        assert [w.pain for w in store.weekly_pain()] == [7]


def test_without_a_week_to_ask_only_the_pain_now_is_asked(home: Path) -> None:
    _, seen = play(home, None, ["2", "enter"])
    assert seen == ["pain"]


def test_which_week_supple_start_asks(home: Path) -> None:
    assert _weekly_pain_week(None) == THIS_WEEK  # no database yet
    screened(home)
    assert _weekly_pain_week(peek(home)) == THIS_WEEK
    with open_store(home) as store:
        store.set_weekly_pain(THIS_WEEK - timedelta(weeks=1), 5)
    assert _weekly_pain_week(peek(home)) == THIS_WEEK  # last week's does not answer this week's
    with open_store(home) as store:
        progress.record_weekly_pain(store, 4, date.today())
    assert _weekly_pain_week(peek(home)) is None


def rows(home: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(home / "supple.db")) as db:
        return db.execute(query).fetchall()


def test_supple_start_in_a_real_terminal_asks_it_and_reminds_of_the_psfs(home: Path) -> None:
    screened(home)
    trace = home / "trace.jsonl"
    run = TerminalRun(
        ["start", "wall-nine"], env={"SUPPLE_HOME": str(home), "SUPPLE_TRACE": str(trace)}
    )
    try:
        run.wait_for_trace(trace, "first-frame")
        time.sleep(0.3)
        for keys in ("5\r", "6\r"):
            run.send(keys)
            time.sleep(0.3)
        run.wait_for_trace(trace, "phase")
        for keys in ("q", "y", "\r", "x"):
            time.sleep(0.3)
            run.send(keys)
        run.proc.wait(timeout=30)
    finally:
        run.close()
    said = " ".join(run.text().split())
    assert "Your usual pain this week" in said
    assert "Time to rate your activities" in said and "supple progress psfs" in said
    assert rows(home, "SELECT week, pain FROM weekly_pain") == [(THIS_WEEK.isoformat(), 6)]
    assert rows(home, "SELECT pain_before, demo FROM sessions") == [(5, 0)]
    recorded = rows(home, "SELECT recorded_at FROM weekly_pain")[0][0]
    assert datetime.fromisoformat(str(recorded)).replace(tzinfo=UTC) <= datetime.now(UTC)
