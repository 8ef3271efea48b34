"""Progress from the store's records: the counting rule, streaks, minutes per week, and the
outcome measures (weekly pain, the PSFS, sessions against a goal) with their rules.

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
from enum import StrEnum
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


# -- Outcome measures: is the person getting better? ---------------------------------------
#
# Pain is the numeric rating scale (NPRS, 0-10). Its minimal important change is a fall of
# 2 points or of 30% of the baseline (Ostelo et al. 2008, Spine 33:90-94): a smaller change
# is within what a rating varies by anyway, so it is "no clear change yet". Function is the
# Patient-Specific Functional Scale (Stratford et al. 1995, Physiotherapy Canada 47:258-263):
# 3-5 activities the person names, each 0 (unable) to 10 (as before the problem), the score
# their mean; a change of 2 points in the mean is meaningful (Abbott and Schmitt 2014, JOSPT
# 44:560-564). A meaningful change is a sign of progress, never a promise or a cure.

PAIN_POINTS = 2.0  # Ostelo 2008: the NPRS's minimal important change, in points ...
PAIN_FRACTION = 0.3  # ... or as a share of the baseline, whichever is reached first
PSFS_POINTS = 2.0  # Abbott and Schmitt 2014: the PSFS mean's minimal important change
PSFS_DAYS = 14  # asked at the start, then every two weeks
PSFS_FEWEST, PSFS_MOST = 3, 5  # activities, as Stratford's instructions ask
# Floating-point slack: 30% of 5 is 1.5, and a fall of 1.5 must reach it.
_EPS = 1e-9


class Trend(StrEnum):
    """Which way a measure has moved since the baseline, and whether it is a meaningful move."""

    BETTER = "better"  # a meaningful improvement
    WORSE = "worse"  # a meaningful change for the worse
    UNCLEAR = "unclear"  # no clear change yet
    BASELINE = "baseline"  # one measurement: nothing to compare with yet


def pain_trend(baseline: float, latest: float) -> Trend:
    """The NPRS rule: better at a fall of 2 points or 30% of the baseline (Ostelo 2008).

    Worse only at a rise of 2 points: a rise from a low baseline (1 to 2) is not called worse.
    """
    fall = baseline - latest
    if fall >= PAIN_POINTS - _EPS or (baseline > 0 and fall >= PAIN_FRACTION * baseline - _EPS):
        return Trend.BETTER
    if -fall >= PAIN_POINTS - _EPS:
        return Trend.WORSE
    return Trend.UNCLEAR


def psfs_score(ratings: Iterable[int]) -> float:
    """The PSFS score: the mean of the activity scores (0-10)."""
    scores = list(ratings)
    if not scores:
        raise ValueError("ratings: a PSFS score needs at least one activity rated")
    return sum(scores) / len(scores)


def same_activity(name: str) -> str:
    """How activities are matched between checks: case and spacing do not matter."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class PsfsChange:
    """The change in the PSFS mean over the activities rated at both checks."""

    activities: tuple[str, ...]  # as named at the latest check
    baseline: float
    latest: float
    trend: Trend

    @property
    def change(self) -> float:
        return self.latest - self.baseline


def psfs_trend(
    baseline: Iterable[tuple[str, int]], latest: Iterable[tuple[str, int]]
) -> PsfsChange | None:
    """The change between two checks, on the activities rated at both; None if none was.

    Better or worse at a change of 2 points in the mean (Abbott and Schmitt 2014).
    """
    first = {same_activity(a): s for a, s in baseline}
    shared = [(a, s) for a, s in latest if same_activity(a) in first]
    if not shared:
        return None
    before = psfs_score(first[same_activity(a)] for a, _ in shared)
    now = psfs_score(s for _, s in shared)
    rise = now - before
    trend = (
        Trend.BETTER
        if rise >= PSFS_POINTS - _EPS
        else Trend.WORSE
        if -rise >= PSFS_POINTS - _EPS
        else Trend.UNCLEAR
    )
    return PsfsChange(tuple(a for a, _ in shared), before, now, trend)


def psfs_due(last_taken: date | None, today: date) -> bool:
    """A PSFS check is asked at the start, then every two weeks."""
    return last_taken is None or today >= last_taken + timedelta(days=PSFS_DAYS)


def weekly_pain_due(this_week: date, last_answered: date | None, skipped: date | None) -> bool:
    """The weekly usual-pain question is asked until answered, or left blank, this week."""
    answered = last_answered is not None and last_answered >= this_week
    return not answered and skipped != this_week


def within_sessions(pairs: Iterable[tuple[int, int]]) -> tuple[int, float | None]:
    """(how many sessions, the average of after - before) over (before, after) ratings."""
    changes = [after - before for before, after in pairs]
    if not changes:
        return 0, None
    return len(changes), sum(changes) / len(changes)


# -- Adherence: sessions against the person's goal -----------------------------------------


class Goal(StrEnum):
    """How often the person means to stretch. The wall article says once or twice a day;
    ACSM says at least 2-3 days a week, daily being most effective."""

    TWICE_A_DAY = "twice-a-day"
    ONCE_A_DAY = "once-a-day"
    MOST_DAYS = "most-days"
    THREE_A_WEEK = "three-times-a-week"

    @property
    def words(self) -> str:
        return self.value.replace("-", " ")

    @property
    def per_day(self) -> int:
        """Sessions a day that count towards the goal (more on one day count no further)."""
        return 2 if self is Goal.TWICE_A_DAY else 1

    @property
    def weekly(self) -> bool:
        """Met week by week (most days, three times a week) rather than day by day."""
        return self in (Goal.MOST_DAYS, Goal.THREE_A_WEEK)

    @property
    def per_week(self) -> int:
        """What a week of the goal comes to, in sessions counted."""
        return {Goal.MOST_DAYS: 5, Goal.THREE_A_WEEK: 3}.get(self, 7 * self.per_day)


DEFAULT_GOAL = Goal.ONCE_A_DAY


@dataclass(frozen=True)
class Adherence:
    """This week against the goal, and the runs of days (or weeks) that met it."""

    goal: Goal
    week_start: date
    sessions: int  # real sessions this week, however many on one day
    counted: int  # those that count towards the goal (at most per_day on one day)
    target: int
    current: int  # days (weeks, for a weekly goal) in a row that met the goal
    longest: int

    @property
    def unit(self) -> str:
        return "week" if self.goal.weekly else "day"


def adherence(days: Iterable[date], goal: Goal, today: date) -> Adherence:
    """days: the local date of each real session (demonstrations never count), repeated
    for a day with several."""
    per_day: dict[date, int] = {}
    for day in days:
        if day <= today:  # a day after today can only come from a wrong clock
            per_day[day] = per_day.get(day, 0) + 1
    this_week = week_start(today)
    week = {d: n for d, n in per_day.items() if week_start(d) == this_week}
    counted = {d: min(n, goal.per_day) for d, n in per_day.items()}
    if goal.weekly:
        weeks: dict[date, int] = {}
        for day, n in counted.items():
            weeks[week_start(day)] = weeks.get(week_start(day), 0) + n
        met = {w for w, n in weeks.items() if n >= goal.per_week}
        current, longest = _runs(met, this_week, timedelta(weeks=1))
    else:
        met = {d for d, n in counted.items() if n >= goal.per_day}
        current, longest = _runs(met, today, timedelta(days=1))
    return Adherence(
        goal=goal,
        week_start=this_week,
        sessions=sum(week.values()),
        counted=sum(min(n, goal.per_day) for n in week.values()),
        target=goal.per_week,
        current=current,
        longest=longest,
    )


def _runs(met: set[date], now: date, step: timedelta) -> tuple[int, int]:
    """(current, longest) runs of consecutive periods; the current one may end at now or the
    period before it: the present day or week is not over."""
    longest = run = 0
    previous: date | None = None
    for period in sorted(met):
        run = run + 1 if previous is not None and period - previous == step else 1
        longest = max(longest, run)
        previous = period
    period = now if now in met else now - step
    current = 0
    while period in met:
        current += 1
        period -= step
    return current, longest
