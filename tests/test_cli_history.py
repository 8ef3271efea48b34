"""`supple history` on sessions written through the store, checked on what it prints."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from typer.testing import CliRunner

from supple.cli import app
from supple.store import open_store


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["history", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


class Clock:
    """Local noon, some days ago: each session lands on a known local date."""

    def __init__(self) -> None:
        self.days_ago = 0

    def __call__(self) -> datetime:
        day = date.today() - timedelta(days=self.days_ago)
        return datetime.combine(day, time(12)).astimezone()


def write_sessions() -> None:
    """Three days in a row up to today, one completed with pain, one interrupted, one hurt."""
    clock = Clock()
    with open_store(clock=clock) as store:
        for days_ago in (2, 1):
            clock.days_ago = days_ago
            sid = store.start_session("wall-nine", "Wall nine", planned_seconds=300)
            store.set_pain(sid, before=6)
            for i, outcome in enumerate(["done", "done", "skipped"]):
                store.record_phase(
                    sid,
                    phase_index=i,
                    kind="hold",
                    stretch_id="wall-quad",
                    side="left",
                    planned_seconds=45,
                    actual_seconds=45 if outcome == "done" else 2,
                    outcome=outcome,
                )
            store.set_pain(sid, after=3)
            store.end_session(sid, "completed")
        clock.days_ago = 0
        # Killed mid-way: never ended.
        sid = store.start_session("paleohacks-nine", "PaleoHacks nine", planned_seconds=390)
        store.record_phase(
            sid,
            phase_index=0,
            kind="mobilize",
            stretch_id="cat-cow",
            side=None,
            planned_seconds=30,
            actual_seconds=12,
            outcome="stopped",
        )
        store.record_hurt(sid, phase_index=0, stretch_id="cat-cow", side=None, reason="sharp")


def test_no_sessions_points_at_supple_start(runner: CliRunner) -> None:
    out = run(runner)
    assert "No sessions yet" in out and "supple start" in out


def test_no_sessions_json_is_empty_but_whole(runner: CliRunner) -> None:
    data = json.loads(run(runner, "--json"))
    assert data["sessions"] == [] and data["flags"] == []
    assert data["streak"] == {"current": 0, "longest": 0}
    assert len(data["minutes_per_week"]) == 8
    assert all(w["minutes"] == 0 for w in data["minutes_per_week"])


def test_history_shows_sessions_weeks_streak_and_flags(runner: CliRunner) -> None:
    write_sessions()
    out = run(runner)
    assert "Recent sessions" in out
    assert "Wall nine" in out and "PaleoHacks nine" in out
    assert out.count("6 -> 3") == 2
    assert out.count("completed") == 2 and "interrupted" in out
    assert "1.5" in out  # 45 s + 45 s done; the skipped 2 s does not count
    assert "Minutes per week" in out
    today = date.today()
    assert (today - timedelta(days=today.weekday())).strftime("%d %b") in out
    # Today's session only stopped: it counts for minutes but not for the streak.
    assert "Streak: 2 days in a row (longest: 2 days)" in out
    assert "Stretches that hurt" in out
    assert "Cat-cow (cat-cow): once" in out and "sharp pain" in out


def test_history_json_holds_what_the_store_holds(runner: CliRunner) -> None:
    write_sessions()
    data = json.loads(run(runner, "--json"))
    newest, middle, oldest = data["sessions"]
    assert newest["routine_id"] == "paleohacks-nine"
    assert (newest["status"], newest["ended_at"], newest["minutes"]) == ("in-progress", None, 0.2)
    assert newest["phases"][0]["outcome"] == "stopped"
    assert (oldest["pain_before"], oldest["pain_after"], oldest["minutes"]) == (6, 3, 1.5)
    assert [p["outcome"] for p in oldest["phases"]] == ["done", "done", "skipped"]
    assert datetime.fromisoformat(oldest["started_at"]).utcoffset() == timedelta(0)
    assert data["streak"] == {"current": 2, "longest": 2}
    assert round(sum(w["minutes"] for w in data["minutes_per_week"]), 1) == 3.2
    [flag] = data["flags"]
    assert (flag["stretch_id"], flag["reason"], flag["count"]) == ("cat-cow", "sharp", 1)


def test_limit_cuts_the_list_but_not_the_streak(runner: CliRunner) -> None:
    write_sessions()
    data = json.loads(run(runner, "--json", "--limit", "1"))
    assert [s["routine_id"] for s in data["sessions"]] == ["paleohacks-nine"]
    assert data["streak"] == {"current": 2, "longest": 2}
    out = run(runner, "--limit", "1")
    assert "PaleoHacks nine" in out and "Wall nine" not in out


def test_limit_must_be_at_least_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["history", "--limit", "0"])
    assert result.exit_code != 0
