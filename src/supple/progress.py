"""Progress from the store's records: streaks, minutes per week, the history summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store.models import FlagRecord, SessionRecord

# Stretching itself, not the lead-ins, rests and side switches around it.
STRETCH_KINDS = frozenset({"hold", "mobilize"})
# A stretch stopped because it hurt was still time spent stretching; a skipped one was not.
COUNTED_OUTCOMES = frozenset({"done", "stopped"})


def local_date(moment: datetime, tz: tzinfo | None = None) -> date:
    """The date of moment in tz (the machine's local zone by default)."""
    return moment.astimezone(tz).date()


def counts_for_streak(session: SessionRecord) -> bool:
    """A session counts if at least one hold or mobilize phase was done."""
    return any(p.kind in STRETCH_KINDS and p.outcome == "done" for p in session.phases)


def streak_days(sessions: Iterable[SessionRecord], tz: tzinfo | None = None) -> set[date]:
    """The local start dates of the sessions that count toward a streak."""
    return {local_date(s.started_at, tz) for s in sessions if counts_for_streak(s)}


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


def session_minutes(session: SessionRecord) -> float:
    """Minutes spent in the session's done or stopped phases."""
    return sum(p.actual_seconds for p in session.phases if p.outcome in COUNTED_OUTCOMES) / 60


def outcome_counts(session: SessionRecord) -> dict[str, int]:
    """How many hold and mobilize phases were done, skipped and stopped."""
    counts = {"done": 0, "skipped": 0, "stopped": 0}
    for phase in session.phases:
        if phase.kind in STRETCH_KINDS and phase.outcome in counts:
            counts[phase.outcome] += 1
    return counts


def week_start(day: date) -> date:
    """The Monday of day's week."""
    return day - timedelta(days=day.weekday())


def minutes_per_week(
    sessions: Iterable[SessionRecord], today: date, weeks: int = 8, *, tz: tzinfo | None = None
) -> list[tuple[date, float]]:
    """Minutes per Monday-start week for the last `weeks` weeks, oldest first."""
    if weeks < 1:
        raise ValueError(f"weeks: must be 1 or more, got {weeks!r}")
    this_week = week_start(today)
    totals = {this_week - timedelta(weeks=k): 0.0 for k in range(weeks - 1, -1, -1)}
    for session in sessions:
        start = week_start(local_date(session.started_at, tz))
        if start in totals:
            totals[start] += session_minutes(session)
    return list(totals.items())


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def history_data(
    sessions: Iterable[SessionRecord],
    flags: Mapping[str, FlagRecord],
    today: date,
    *,
    limit: int | None = None,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    """What `supple history --json` prints; streaks and weeks use every session given."""
    every = sorted(sessions, key=lambda s: (s.started_at, s.id), reverse=True)
    current, longest = streaks(streak_days(every, tz), today)
    shown = every if limit is None else every[:limit]
    return {
        "sessions": [
            {
                "id": s.id,
                "routine_id": s.routine_id,
                "routine_title": s.routine_title,
                "started_at": _iso(s.started_at),
                "ended_at": _iso(s.ended_at),
                "status": s.status,
                "client": s.client,
                "pain_before": s.pain_before,
                "pain_after": s.pain_after,
                "minutes": round(session_minutes(s), 1),
                "phases": [
                    {
                        "phase_index": p.phase_index,
                        "kind": p.kind,
                        "stretch_id": p.stretch_id,
                        "side": p.side,
                        "planned_seconds": p.planned_seconds,
                        "actual_seconds": p.actual_seconds,
                        "outcome": p.outcome,
                        "ended_at": _iso(p.ended_at),
                    }
                    for p in s.phases
                ],
            }
            for s in shown
        ],
        "streak": {"current": current, "longest": longest},
        "minutes_per_week": [
            {"week_start": start.isoformat(), "minutes": round(minutes, 1)}
            for start, minutes in minutes_per_week(every, today, tz=tz)
        ],
        "flags": [
            {
                "stretch_id": f.stretch_id,
                "reason": f.reason,
                "count": f.count,
                "last_at": _iso(f.last_at),
            }
            for f in sorted(flags.values(), key=lambda f: f.last_at, reverse=True)
        ],
    }
