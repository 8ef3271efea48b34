"""Progress as pure functions over records: streaks, minutes per week, the history data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from supple.progress import (
    counts_for_streak,
    history_data,
    minutes_per_week,
    outcome_counts,
    session_minutes,
    streak_days,
    streaks,
)
from supple.store import FlagRecord, PhaseRecord, SessionRecord

TODAY = date(2024, 5, 15)  # a Wednesday


def days(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


def ph(
    kind: str = "hold", outcome: str = "done", seconds: float = 30.0, index: int = 0
) -> PhaseRecord:
    return PhaseRecord(
        phase_index=index,
        kind=kind,
        stretch_id="cat-cow",
        side=None,
        planned_seconds=30.0,
        actual_seconds=seconds,
        outcome=outcome,
        ended_at=datetime(2024, 5, 15, 12, tzinfo=UTC),
    )


def session(
    started: datetime, *phases: PhaseRecord, sid: int = 1, status: str = "completed"
) -> SessionRecord:
    return SessionRecord(
        id=sid,
        routine_id="wall-nine",
        routine_title="Wall nine",
        client="terminal",
        speed=1.0,
        planned_seconds=300,
        started_at=started,
        ended_at=None if status == "in-progress" else started + timedelta(minutes=5),
        status=status,
        pain_before=5,
        pain_after=None,
        phases=phases,
    )


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ((), (0, 0)),
        ((0,), (1, 1)),
        ((0, 1, 2), (3, 3)),
        ((1, 2, 3), (3, 3)),  # nothing yet today: the streak still stands
        ((2, 3, 4), (0, 3)),  # yesterday missed: the streak is broken
        ((0, 1, 3, 4, 5, 6), (2, 4)),  # a gap day splits two runs
        ((0, 0, 0, 1), (2, 2)),  # several sessions on one day count once
        ((-1, 0), (1, 1)),  # a day after today (a wrong clock) counts for nothing
    ],
)
def test_streaks(offsets: tuple[int, ...], expected: tuple[int, int]) -> None:
    assert streaks(days(*offsets), TODAY) == expected


def test_only_a_done_hold_or_mobilize_phase_makes_a_session_count() -> None:
    start = at(TODAY)
    assert counts_for_streak(session(start, ph("hold")))
    assert counts_for_streak(session(start, ph("mobilize")))
    assert not counts_for_streak(session(start))
    assert not counts_for_streak(session(start, ph("get-ready"), ph("rest"), ph("warm-up")))
    assert not counts_for_streak(session(start, ph("hold", "skipped"), ph("hold", "stopped")))


def test_streak_days_use_the_local_start_date() -> None:
    # 23:30 UTC on the 14th is already the 15th in UTC+2.
    late = session(datetime(2024, 5, 14, 23, 30, tzinfo=UTC), ph())
    assert streak_days([late], UTC) == {date(2024, 5, 14)}
    assert streak_days([late], timezone(timedelta(hours=2))) == {date(2024, 5, 15)}


def test_minutes_count_done_and_stopped_phases_but_not_skipped() -> None:
    s = session(at(TODAY), ph(seconds=60), ph(outcome="stopped", seconds=30), ph(outcome="skipped"))
    assert session_minutes(s) == 1.5
    assert outcome_counts(s) == {"done": 1, "skipped": 1, "stopped": 1}


def test_outcome_counts_leave_out_lead_ins_and_rests() -> None:
    s = session(at(TODAY), ph("get-ready"), ph("rest", "skipped"), ph("mobilize"))
    assert outcome_counts(s) == {"done": 1, "skipped": 0, "stopped": 0}


def test_minutes_per_week_are_monday_weeks_oldest_first() -> None:
    sessions = [
        session(at(TODAY), ph(seconds=120)),  # this week (Monday 13 May)
        session(at(date(2024, 5, 13), 7), ph(seconds=60)),  # Monday of this week
        session(at(date(2024, 5, 12)), ph(seconds=300)),  # Sunday: last week
        session(at(date(2024, 3, 1)), ph(seconds=600)),  # before the window
    ]
    weeks = minutes_per_week(sessions, TODAY, tz=UTC)
    assert len(weeks) == 8
    assert [start.weekday() for start, _ in weeks] == [0] * 8
    assert weeks[0][0] == date(2024, 3, 25) and weeks[-1][0] == date(2024, 5, 13)
    assert weeks[-1] == (date(2024, 5, 13), 3.0)
    assert weeks[-2] == (date(2024, 5, 6), 5.0)
    assert sum(m for _, m in weeks) == 8.0
    assert [start for start, _ in minutes_per_week([], TODAY, weeks=2)] == [
        date(2024, 5, 6),
        date(2024, 5, 13),
    ]
    with pytest.raises(ValueError, match="weeks"):
        minutes_per_week([], TODAY, weeks=0)


def test_history_data_has_the_promised_shape() -> None:
    older = session(at(TODAY - timedelta(days=1)), ph(seconds=90), sid=1)
    newer = session(at(TODAY), ph(seconds=45), ph("rest", "skipped"), sid=2, status="in-progress")
    flag = FlagRecord(
        stretch_id="cat-cow", count=2, reason="sharp", first_at=at(TODAY), last_at=at(TODAY)
    )
    data = history_data([older, newer], {"cat-cow": flag}, TODAY, limit=1, tz=UTC)
    assert set(data) == {"sessions", "streak", "minutes_per_week", "flags"}
    [s] = data["sessions"]  # the limit keeps the newest...
    assert s["id"] == 2 and s["status"] == "in-progress" and s["ended_at"] is None
    assert s["started_at"] == "2024-05-15T12:00:00+00:00"
    assert s["minutes"] == 0.8
    assert set(s) == {
        "id",
        "routine_id",
        "routine_title",
        "started_at",
        "ended_at",
        "status",
        "client",
        "pain_before",
        "pain_after",
        "minutes",
        "phases",
    }
    assert [p["kind"] for p in s["phases"]] == ["hold", "rest"]
    assert set(s["phases"][0]) == {
        "phase_index",
        "kind",
        "stretch_id",
        "side",
        "planned_seconds",
        "actual_seconds",
        "outcome",
        "ended_at",
    }
    assert data["streak"] == {"current": 2, "longest": 2}  # ...but streaks use every session
    assert data["minutes_per_week"][-1] == {"week_start": "2024-05-13", "minutes": 2.2}
    assert data["flags"] == [
        {"stretch_id": "cat-cow", "reason": "sharp", "count": 2, "last_at": at(TODAY).isoformat()}
    ]
