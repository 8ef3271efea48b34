"""Progress for Home, History and `supple history`: a page of sessions and the aggregates.

Read with SQL aggregates and one page of sessions, never every phase row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from ..library.catalog import Library
from ..progress import local_date, minutes_per_week, streaks, week_start
from ..safety import hurt_reason
from .errors import NotFound
from .reminders import WeekOfReminders, by_week
from .sessions import SessionView, view_data

if TYPE_CHECKING:
    from ..store.db import Store

WEEKS = 8


@dataclass(frozen=True)
class FlagView:
    """A stretch that hurt, as a person reads it."""

    stretch_id: str
    name: str
    reason: str  # the reason's id
    reason_words: str
    count: int
    last_at: datetime


@dataclass(frozen=True)
class Overview:
    sessions: list[SessionView]  # one page, newest first
    total_sessions: int
    streak_current: int
    streak_longest: int
    weeks: list[tuple[date, float]]  # (Monday, minutes), oldest first
    flags: list[FlagView]
    # The same weeks' reminders (daily and desk breaks): followed and skipped.
    reminders: list[WeekOfReminders] = field(default_factory=list)


def flags(store: Store, library: Library) -> list[FlagView]:
    """Stretches flagged as having hurt, the latest first."""
    found = [
        FlagView(
            stretch_id=f.stretch_id,
            # A stretch no longer in the library still shows, by its id.
            name=library.stretches[f.stretch_id].name
            if f.stretch_id in library.stretches
            else f.stretch_id,
            reason=f.reason,
            reason_words=hurt_reason(f.reason).label,
            count=f.count,
            last_at=f.last_at,
        )
        for f in store.flags().values()
    ]
    return sorted(found, key=lambda f: f.last_at, reverse=True)


def clear_flag(store: Store, stretch_id: str) -> None:
    """The person says this stretch is fine again: plans may use it and players stop warning."""
    if not store.clear_flag(stretch_id):
        raise NotFound(f"{stretch_id!r} is not flagged")


def overview(
    store: Store,
    library: Library,
    today: date,
    *,
    limit: int = 10,
    offset: int = 0,
    tz: tzinfo | None = None,
) -> Overview:
    """A page of sessions, streaks, minutes per week and flags."""
    current, longest = streaks({local_date(s, tz) for s in store.streak_starts()}, today)
    # A day's margin either side: the weeks are cut in local time below.
    since = datetime.combine(
        week_start(today) - timedelta(weeks=WEEKS, days=1), datetime.min.time()
    )
    spent = store.seconds_since(since.replace(tzinfo=UTC))
    return Overview(
        sessions=[SessionView(r) for r in store.sessions_page(limit, offset)],
        total_sessions=store.count_sessions(),
        streak_current=current,
        streak_longest=longest,
        weeks=minutes_per_week(spent, today, WEEKS, tz=tz),
        flags=flags(store, library),
        reminders=[
            r for r in by_week(store) if r.week >= week_start(today) - timedelta(weeks=WEEKS)
        ],
    )


def overview_data(o: Overview) -> dict[str, Any]:
    """What `supple history --json` prints and /api/history returns."""
    return {
        "sessions": [view_data(v) for v in o.sessions],
        "total_sessions": o.total_sessions,
        "streak": {"current": o.streak_current, "longest": o.streak_longest},
        "minutes_per_week": [
            {"week_start": start.isoformat(), "minutes": round(minutes, 1)}
            for start, minutes in o.weeks
        ],
        "flags": [flag_data(f) for f in o.flags],
        "reminders_per_week": [
            {
                "week_start": r.week.isoformat(),
                "followed": r.followed,
                "skipped": r.skipped,
                "breaks_taken": r.breaks_followed,
                "breaks_skipped": r.breaks_skipped,
            }
            for r in o.reminders
        ],
    }


def flag_data(f: FlagView) -> dict[str, Any]:
    return {
        "stretch_id": f.stretch_id,
        "name": f.name,
        "reason": f.reason,
        "reason_words": f.reason_words,
        "count": f.count,
        "last_at": f.last_at.isoformat(),
    }
