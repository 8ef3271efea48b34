"""Progress as pure functions: the one counting rule (tally), streaks, minutes per week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from supple.progress import Tally, local_date, minutes_per_week, streaks, tally, week_start
from supple.store.models import PhaseRecord

TODAY = date(2024, 5, 15)  # a Wednesday
NOON = datetime(2024, 5, 15, 12, tzinfo=UTC)


def ph(
    step: int | None,
    outcome: str = "done",
    kind: str = "hold",
    seconds: float = 30.0,
    side: str | None = None,
) -> PhaseRecord:
    return PhaseRecord(
        key=f"k{step}-{kind}-{side}-{outcome}",
        phase_index=0,
        step_index=step,
        kind=kind,
        stretch_id=None if step is None else f"stretch-{step}",
        side=side,
        planned_seconds=30.0,
        actual_seconds=seconds,
        outcome=outcome,
        ended_at=NOON,
    )


def days(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


# The counting rule: stretches (routine steps), not phases.


def test_a_per_side_stretch_counts_once_not_once_per_phase() -> None:
    phases = [
        ph(0, kind="get-ready", side="left", seconds=5),
        ph(0, side="left"),
        ph(0, kind="switch-sides", seconds=5),
        ph(0, kind="get-ready", side="right", seconds=5),
        ph(0, side="right"),
    ]
    assert tally(phases) == Tally(done=1, skipped=0, stopped=0, seconds=75.0)


def test_a_per_side_stretch_with_one_side_stopped_is_stopped() -> None:
    got = tally([ph(0, side="left"), ph(0, "stopped", side="right", seconds=8)])
    assert (got.done, got.skipped, got.stopped) == (0, 0, 1)
    # Stopped on the first side, the second never played: still stopped.
    got = tally([ph(1, "stopped", side="left", seconds=3), ph(1, "skipped", side="right")])
    assert (got.done, got.skipped, got.stopped) == (0, 0, 1)
    assert not got.whole


def test_done_beats_skipped_within_a_stretch() -> None:
    # Skipped the left side, held the right: the stretch was done.
    got = tally([ph(0, "skipped", side="left", seconds=2), ph(0, side="right")])
    assert (got.done, got.skipped, got.stopped) == (1, 0, 0)
    assert got.whole
    # Skipped, then "back" and held it after all: done.
    assert tally([ph(2, "skipped", seconds=1), ph(2)]).done == 1
    # Only skipped: skipped.
    got = tally([ph(3, "skipped", side="left"), ph(3, "skipped", side="right")])
    assert (got.done, got.skipped, got.stopped) == (0, 1, 0)
    assert not got.whole


def test_a_stretch_the_session_ended_in_counts_as_none() -> None:
    got = tally([ph(0), ph(1, "ended", seconds=12)])
    assert (got.done, got.skipped, got.stopped) == (1, 0, 0)
    assert got.seconds == 42.0  # the 12 s spent in it still count as time
    alone = tally([ph(4, "ended", seconds=7)])
    assert (alone.done, alone.skipped, alone.stopped, alone.seconds) == (0, 0, 0, 7.0)
    assert alone.whole  # nothing skipped or stopped: "ended" is neither


def test_lead_ins_rests_and_the_warm_up_are_not_stretches() -> None:
    phases = [
        ph(None, kind="warm-up", seconds=60),
        ph(0, "skipped", kind="get-ready", seconds=1),
        ph(0, "skipped", kind="change-position", seconds=1),
        ph(0, "stopped", kind="rest", seconds=1),
        ph(1, kind="mobilize", seconds=40),
    ]
    got = tally(phases)
    assert (got.done, got.skipped, got.stopped) == (1, 0, 0)
    assert got.seconds == 103.0  # every phase's seconds, the warm-up's too


def test_time_spent_sums_every_phase_whatever_its_outcome() -> None:
    phases = [
        ph(None, kind="warm-up", seconds=60.25),
        ph(0, seconds=30.5),
        ph(1, "skipped", seconds=2.125),
        ph(2, "stopped", seconds=4),
        ph(3, "ended", seconds=10),
        ph(3, kind="rest", seconds=0.1),
    ]
    got = tally(phases)
    assert got.seconds == pytest.approx(106.975)
    assert (got.done, got.skipped, got.stopped) == (1, 1, 1)


def test_nothing_recorded_is_an_empty_tally() -> None:
    assert tally([]) == Tally()
    assert Tally().whole


# Streaks over the days that count.


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


def test_a_day_is_the_local_date_of_the_start() -> None:
    # 23:30 UTC on the 14th is already the 15th in UTC+2.
    late = datetime(2024, 5, 14, 23, 30, tzinfo=UTC)
    assert local_date(late, UTC) == date(2024, 5, 14)
    assert local_date(late, timezone(timedelta(hours=2))) == date(2024, 5, 15)
    assert streaks([local_date(late, timezone(timedelta(hours=2)))], TODAY) == (1, 1)
    assert streaks([local_date(late, UTC)], TODAY) == (1, 1)  # yesterday: still standing


# Minutes per week over (start, seconds) pairs.


def test_minutes_per_week_are_monday_weeks_oldest_first() -> None:
    spent = [
        (at(TODAY), 120.0),  # this week (Monday 13 May)
        (at(date(2024, 5, 13), 7), 60.0),  # Monday of this week
        (at(date(2024, 5, 12)), 300.0),  # Sunday: last week
        (at(date(2024, 3, 1)), 600.0),  # before the window
        (at(date(2024, 5, 20)), 900.0),  # next week (a wrong clock): outside the window
    ]
    weeks = minutes_per_week(spent, TODAY, tz=UTC)
    assert len(weeks) == 8
    assert [start.weekday() for start, _ in weeks] == [0] * 8
    assert weeks[0][0] == date(2024, 3, 25) and weeks[-1][0] == date(2024, 5, 13)
    assert weeks[-1] == (date(2024, 5, 13), 3.0)
    assert weeks[-2] == (date(2024, 5, 6), 5.0)
    assert sum(m for _, m in weeks) == 8.0


def test_minutes_per_week_cut_weeks_in_local_time() -> None:
    # 22:30 UTC on Sunday the 12th is Monday the 13th in UTC+2: this week, not last.
    late_sunday = datetime(2024, 5, 12, 22, 30, tzinfo=UTC)
    in_utc = dict(minutes_per_week([(late_sunday, 90.0)], TODAY, tz=UTC))
    east = dict(minutes_per_week([(late_sunday, 90.0)], TODAY, tz=timezone(timedelta(hours=2))))
    assert in_utc[date(2024, 5, 6)] == 1.5 and in_utc[date(2024, 5, 13)] == 0.0
    assert east[date(2024, 5, 13)] == 1.5 and east[date(2024, 5, 6)] == 0.0


def test_minutes_per_week_window_and_bad_weeks() -> None:
    assert minutes_per_week([], TODAY, weeks=2) == [
        (date(2024, 5, 6), 0.0),
        (date(2024, 5, 13), 0.0),
    ]
    with pytest.raises(ValueError, match="weeks"):
        minutes_per_week([], TODAY, weeks=0)
    assert week_start(TODAY) == date(2024, 5, 13)
    assert week_start(date(2024, 5, 13)) == date(2024, 5, 13)


def test_that_hurts_during_a_lead_in_stops_that_stretch() -> None:
    # Pressed while getting ready for step 0, or while switching sides in step 1.
    phases = [
        ph(0, "stopped", kind="get-ready", seconds=2),
        ph(1, kind="hold", seconds=30),
        ph(1, "stopped", kind="switch-sides", seconds=1),
        ph(2, kind="hold", seconds=30),
    ]
    got = tally(phases)
    assert (got.done, got.skipped, got.stopped) == (1, 0, 2)
