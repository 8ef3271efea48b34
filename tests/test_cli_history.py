"""`supple history` and `supple flags` on sessions written through the store."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta

from typer.testing import CliRunner

from supple.cli import app
from supple.store.db import Store, open_store


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


class Clock:
    """Local noon (plus some minutes), some days ago: each session lands on a known date."""

    def __init__(self) -> None:
        self.days_ago = 0
        self.minutes = 0

    def __call__(self) -> datetime:
        day = date.today() - timedelta(days=self.days_ago)
        return (datetime.combine(day, time(12)) + timedelta(minutes=self.minutes)).astimezone()


def start(store: Store, routine_id: str, title: str, *, speed: float = 1.0) -> int:
    # What the session service does before each start: a session left open is interrupted.
    store.close_open_sessions()
    return store.start_session(
        routine_id,
        title,
        planned_seconds=300,
        client="terminal",
        speed=speed,
        demo=speed > 1,
        options={"warmup": False, "speed": speed},
    ).id


def phase(
    store: Store,
    sid: int,
    index: int,
    step: int | None,
    outcome: str,
    seconds: float,
    *,
    kind: str = "hold",
    stretch: str | None = "wall-quad",
    side: str | None = None,
) -> None:
    store.record_phase(
        sid,
        key=f"p{index}",
        phase_index=index,
        step_index=step,
        kind=kind,
        stretch_id=stretch,
        side=side,
        planned_seconds=45,
        actual_seconds=seconds,
        outcome=outcome,
    )


def write_sessions() -> None:
    """Two days in a row to yesterday, then today one interrupted with a hurt and one demo.

    Each of the two days: Wall quad held on both sides (done), Wall figure 4 skipped; 92 s.
    Today: Cat-cow stopped for pain (12 s), never ended, so interrupted by the next start;
    then a demonstration at 10x with one stretch done.
    """
    clock = Clock()
    with open_store(clock=clock) as store:
        for days_ago in (2, 1):
            clock.days_ago = days_ago
            sid = start(store, "wall-nine", "Wall nine")
            store.set_pain(sid, before=6)
            phase(store, sid, 0, 0, "done", 45, side="left")
            phase(store, sid, 1, 0, "done", 0, kind="switch-sides", side="right")
            phase(store, sid, 2, 0, "done", 45, side="right")
            phase(store, sid, 3, 1, "skipped", 2, stretch="wall-figure-4", side="left")
            phase(store, sid, 4, 1, "skipped", 0, stretch="wall-figure-4", side="right")
            store.set_pain(sid, after=3)
            store.end_session(sid, "completed")
        clock.days_ago = 0
        sid = start(store, "paleohacks-nine", "PaleoHacks nine")
        phase(store, sid, 0, 0, "stopped", 12, kind="mobilize", stretch="cat-cow")
        store.record_hurt(
            sid, key="h0", phase_index=0, stretch_id="cat-cow", side=None, reason="sharp"
        )
        clock.minutes = 30
        sid = start(store, "verywell-lunge-twist", "Lunge twist", speed=10)
        phase(store, sid, 0, 0, "done", 30, stretch="kneeling-lunge-twist", side="left")
        phase(store, sid, 1, 0, "done", 30, stretch="kneeling-lunge-twist", side="right")
        store.end_session(sid, "completed")


def test_no_sessions_points_at_supple_start(runner: CliRunner) -> None:
    out = run(runner, "history")
    assert "No sessions yet" in out and "supple start" in out


def test_no_sessions_json_is_empty_but_whole(runner: CliRunner) -> None:
    data = json.loads(run(runner, "history", "--json"))
    assert data["sessions"] == [] and data["flags"] == [] and data["total_sessions"] == 0
    assert data["streak"] == {"current": 0, "longest": 0}
    assert len(data["minutes_per_week"]) == 8
    assert all(w["minutes"] == 0 for w in data["minutes_per_week"])


def rows(out: str, columns: int = 8) -> dict[str, list[str]]:
    """The sessions table's rows as cells, by routine title (the first row of each title).

    Cells are apart by two spaces or more; a cell's own words by one.
    """
    found: dict[str, list[str]] = {}
    for line in out.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == columns and cells[0] != "when":
            found.setdefault(cells[1], cells)
    return found


def test_history_counts_stretches_and_marks_interrupted_and_demo(runner: CliRunner) -> None:
    write_sessions()
    out = run(runner, "history")
    assert "Recent sessions" in out
    assert out.count("Wall nine") == 2 and out.count("6 -> 3") == 2
    by_title = rows(out)
    # Columns: when, routine, time, done, skipped, stopped, pain, ended. Stretches,
    # not phases: both sides of Wall quad are one stretch done, Wall figure 4 one skipped.
    assert by_title["Wall nine"][2:7] == ["1 min 32 s", "1", "1", "0", "6 -> 3"]
    assert by_title["Wall nine"][7] == "finished"
    assert by_title["PaleoHacks nine"][2:7] == ["12 s", "0", "0", "1", "-"]
    assert by_title["PaleoHacks nine"][7] == "interrupted"
    assert by_title["Lunge twist"][3:6] == ["1", "0", "0"]
    assert by_title["Lunge twist"][7] == "whole routine, demo"
    assert "demo" not in by_title["Wall nine"][7] + by_title["PaleoHacks nine"][7]
    today = date.today()
    assert (today - timedelta(days=today.weekday())).strftime("%d %b") in out
    # Today has only a stopped stretch and a demonstration: neither makes a streak day.
    assert "Streak: 2 days in a row (longest: 2 days)" in out
    assert "Stretches that hurt" in out
    assert "Cat-cow (cat-cow): once" in out and "(sharp, shooting or spreading pain)" in out
    assert "supple flags" in out


def test_history_reads_well_at_80_columns(runner: CliRunner) -> None:
    """At 80 columns the table merges columns rather than squeezing a word a line."""
    write_sessions()
    out = runner.invoke(app, ["history"], env={"COLUMNS": "80"}).stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    header = out.splitlines()[1].split()
    assert header == ["when", "routine", "time", "stretches", "pain", "ended"]
    # A cell may take two lines, broken between words: the first lines of the rows.
    today = date.today().strftime("%d %b")
    lunge, paleo, *walls = [
        re.split(r"\s{2,}", line.strip()) for line in out.splitlines() if line[:1].isdigit()
    ][:4]
    assert lunge[:4] == [f"{today} 12:30", "Lunge twist", "1:00", "1 done"]
    assert paleo[2:] == ["0:12", "1 stopped", "-", "interrupted"]
    assert [w[4:] for w in walls] == [["6 -> 3", "finished"]] * 2
    said = " ".join(out.split())  # the words of each cell, read across their lines
    assert "whole routine" in said and "1 done, 1" in said and "…" not in out


def test_history_json_holds_what_the_store_holds(runner: CliRunner) -> None:
    write_sessions()
    data = json.loads(run(runner, "history", "--json"))
    assert data["total_sessions"] == 4
    demo, interrupted, middle, oldest = data["sessions"]
    assert (demo["routine_id"], demo["demo"], demo["speed"]) == ("verywell-lunge-twist", True, 10)
    assert demo["stretches"] == {"done": 1, "skipped": 0, "stopped": 0}
    assert demo["summary"][-1].startswith("A demonstration at 10x speed")
    assert interrupted["routine_id"] == "paleohacks-nine"
    assert interrupted["status"] == "interrupted" and interrupted["demo"] is False
    # Closed when the next session started, at the time of its last phase.
    assert interrupted["ended_at"] == interrupted["phases"][0]["ended_at"]
    assert interrupted["stretches"] == {"done": 0, "skipped": 0, "stopped": 1}
    assert interrupted["actual_seconds"] == 12
    assert interrupted["summary"][0] == "Interrupted: the session was left open."
    assert (oldest["pain_before"], oldest["pain_after"]) == (6, 3)
    assert oldest["stretches"] == {"done": 1, "skipped": 1, "stopped": 0}
    assert oldest["actual_seconds"] == 92 and oldest["whole"] is False
    assert oldest["summary"][:2] == [
        "Finished the routine.",
        "1 stretch done, 1 skipped, 0 stopped for pain.",
    ]
    assert [p["step_index"] for p in oldest["phases"]] == [0, 0, 0, 1, 1]
    assert [p["key"] for p in oldest["phases"]] == ["p0", "p1", "p2", "p3", "p4"]
    assert oldest["options"] == {"warmup": False, "speed": 1.0}
    assert datetime.fromisoformat(oldest["started_at"]).utcoffset() == timedelta(0)
    assert middle["id"] == oldest["id"] + 1
    assert data["streak"] == {"current": 2, "longest": 2}
    # 92 + 92 + 12 s; the demonstration's 60 s are not minutes spent stretching.
    total = sum(w["minutes"] for w in data["minutes_per_week"])
    assert abs(total - 196 / 60) <= 0.1
    [flag] = data["flags"]
    assert (flag["stretch_id"], flag["name"], flag["reason"], flag["count"]) == (
        "cat-cow",
        "Cat-cow",
        "sharp",
        1,
    )
    assert flag["reason_words"] == "Sharp, shooting or spreading pain"


def test_limit_cuts_the_list_but_not_the_streak(runner: CliRunner) -> None:
    write_sessions()
    data = json.loads(run(runner, "history", "--json", "--limit", "1"))
    assert [s["routine_id"] for s in data["sessions"]] == ["verywell-lunge-twist"]
    assert data["total_sessions"] == 4
    assert data["streak"] == {"current": 2, "longest": 2}
    out = run(runner, "history", "--limit", "1")
    assert "Lunge twist" in out and "Wall nine" not in out


def test_limit_must_be_at_least_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["history", "--limit", "0"])
    assert result.exit_code != 0


def test_flags_lists_and_clears_what_hurt(runner: CliRunner) -> None:
    assert "No stretch is flagged" in run(runner, "flags")
    write_sessions()
    out = run(runner, "flags")
    assert "Cat-cow (cat-cow): once" in out and "(sharp, shooting or spreading pain)" in out
    assert "supple flags clear ID" in out
    assert "Cleared: cat-cow may be planned again." in run(runner, "flags", "clear", "cat-cow")
    assert "No stretch is flagged" in run(runner, "flags")
    assert json.loads(run(runner, "history", "--json"))["flags"] == []
    assert "Stretches that hurt" not in run(runner, "history")
    with open_store() as store:
        assert store.flags() == {}


def test_clearing_an_unknown_flag_says_so(runner: CliRunner) -> None:
    write_sessions()
    for stretch_id in ("cat-cows", "wall-quad"):  # no such stretch; a stretch that never hurt
        result = runner.invoke(app, ["flags", "clear", stretch_id])
        assert result.exit_code == 1
        assert f"'{stretch_id}' is not flagged; see the flagged ones with supple flags" in (
            result.stderr
        )
    assert "Cat-cow (cat-cow): once" in run(runner, "flags")  # nothing else was touched


def test_a_stretch_that_hurts_again_after_clearing_starts_a_fresh_count(runner: CliRunner) -> None:
    write_sessions()
    run(runner, "flags", "clear", "cat-cow")
    with open_store() as store:
        sid = start(store, "paleohacks-nine", "PaleoHacks nine")
        for key in ("h1", "h2"):
            store.record_hurt(
                sid, key=key, phase_index=0, stretch_id="cat-cow", side=None, reason="numbness"
            )
    out = run(runner, "flags")
    assert "Cat-cow (cat-cow): 2 times" in out and "numbness" in out.lower()
