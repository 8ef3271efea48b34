"""Progress from the store's records: the counting rule, streaks, minutes per week.

One counting rule for every face: a session is tallied in stretches (a routine step), not
phases. A step was stopped if any of its stretch phases was stopped for pain, else done if
one was done, else skipped if one was skipped; a step the session ended in the middle of
counts as none of these. "That hurts" during a stretch's lead-in stops that stretch too.
Time spent is every second actually spent in the session's phases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol

from .kinds import STRETCH_KINDS, Outcome, PhaseKind

# The phases that lead into a stretch: they belong to it.
LEAD_KINDS = frozenset({PhaseKind.READY, PhaseKind.SWITCH, PhaseKind.CHANGE_POSITION})


class PhaseLike(Protocol):
    @property
    def step_index(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def actual_seconds(self) -> float: ...


@dataclass(frozen=True)
class Tally:
    """Stretches done, skipped and stopped in one session, and the seconds spent in it."""

    done: int = 0
    skipped: int = 0
    stopped: int = 0
    seconds: float = 0.0

    @property
    def whole(self) -> bool:
        """Nothing skipped or stopped (with "completed", the whole routine was done)."""
        return self.skipped == 0 and self.stopped == 0


def tally(phases: Iterable[PhaseLike]) -> Tally:
    """The counting rule: see the module's docstring."""
    outcomes: dict[int, set[str]] = {}
    seconds = 0.0
    for p in phases:
        seconds += p.actual_seconds
        if p.step_index is None:
            continue
        # "That hurts" during a stretch's lead-in or side switch stops that stretch too.
        if p.kind in STRETCH_KINDS or (p.outcome == Outcome.STOPPED and p.kind in LEAD_KINDS):
            outcomes.setdefault(p.step_index, set()).add(p.outcome)
    done = skipped = stopped = 0
    for seen in outcomes.values():
        if Outcome.STOPPED in seen:
            stopped += 1
        elif Outcome.DONE in seen:
            done += 1
        elif Outcome.SKIPPED in seen:
            skipped += 1
    return Tally(done=done, skipped=skipped, stopped=stopped, seconds=round(seconds, 3))


def local_date(moment: datetime, tz: tzinfo | None = None) -> date:
    """The date of moment in tz (the machine's local zone by default)."""
    return moment.astimezone(tz).date()


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days; current may end today or yesterday."""
    # A day after today can only come from a wrong clock: it counts toward neither.
    seen = {d for d in days if d <= today}
    longest = run = 0
    previous: date | None = None
    for day in sorted(seen):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    # Nothing yet today does not break the streak: the day is not over.
    day = today if today in seen else today - timedelta(days=1)
    current = 0
    while day in seen:
        current += 1
        day -= timedelta(days=1)
    return current, longest


def week_start(day: date) -> date:
    """The Monday of day's week."""
    return day - timedelta(days=day.weekday())


def minutes_per_week(
    spent: Iterable[tuple[datetime, float]],
    today: date,
    weeks: int = 8,
    *,
    tz: tzinfo | None = None,
) -> list[tuple[date, float]]:
    """Minutes per Monday-start week for the last `weeks` weeks, oldest first.

    `spent` is (start, seconds) for each session that counts (demonstrations do not).
    """
    if weeks < 1:
        raise ValueError(f"weeks: must be 1 or more, got {weeks!r}")
    this_week = week_start(today)
    totals = {this_week - timedelta(weeks=k): 0.0 for k in range(weeks - 1, -1, -1)}
    for started, seconds in spent:
        start = week_start(local_date(started, tz))
        if start in totals:
            totals[start] += seconds / 60
    return list(totals.items())
