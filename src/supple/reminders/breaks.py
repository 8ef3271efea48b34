"""The desk-break timer: a pure state machine on whatever clock it is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from .schedule import Breaks, Weekday, at_local

AWAY_AFTER = timedelta(minutes=5)  # idle this long: the person is away, the timer resets
SOON_BEFORE = timedelta(minutes=1)


class NoticeKind(StrEnum):
    SOON = "soon"
    DUE = "due"


class Action(StrEnum):
    """What a person can answer a break notice with."""

    START = "start"
    POSTPONE = "postpone"
    SKIP = "skip"


@dataclass(frozen=True)
class Notice:
    """One thing to show the person: a break coming up, or a break due now."""

    kind: NoticeKind
    at: datetime  # when the break is due, in the person's zone
    actions: tuple[Action, ...]
    title: str
    body: str
    postpone_minutes: int

    def label(self, action: Action) -> str:
        """The words on the button for an action."""
        if action is Action.POSTPONE:
            return f"Postpone {self.postpone_minutes} min"
        return action.value.capitalize()


class BreakTimer:
    """When the next desk break is due, and what to show about it."""

    def __init__(self, breaks: Breaks, zone: ZoneInfo, *, now: datetime | None = None) -> None:
        self.breaks = breaks
        self.zone = zone
        self._day: date | None = None
        self._due: datetime | None = None  # always in UTC, so sums are in real minutes
        self._soon_sent = False
        self._due_sent = False
        self._skips = 0
        self._away = False
        self._in_break = False
        self._last: datetime | None = None
        if now is not None:
            self._catch_up(now.astimezone(UTC))  # so due_at() can answer before the first poll

    # What the timer holds.

    def due_at(self) -> datetime | None:
        """When the next break is due, in the person's zone; None when none is due today."""
        return self._due.astimezone(self.zone) if self._due else None

    @property
    def skips_left(self) -> int | None:
        if self.breaks.max_skips is None:
            return None
        return max(0, self.breaks.max_skips - self._skips)

    @property
    def away(self) -> bool:
        return self._away

    def _window(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's active hours in UTC, or None on a day without breaks."""
        if Weekday.of(day) not in self.breaks.days:
            return None
        start = at_local(day, self.breaks.start, self.zone).astimezone(UTC)
        end = at_local(day, self.breaks.end, self.zone).astimezone(UTC)
        return start, end

    def _schedule(self, due: datetime, *, soon: bool = True) -> None:
        """Due at that moment if it falls within today's active hours; otherwise not today."""
        window = self._window(self._day) if self._day else None
        self._due = due if window and window[0] < due <= window[1] else None
        self._soon_sent = not soon
        self._due_sent = False

    def _next_after(self, moment: datetime) -> None:
        """The next break a whole interval after this moment (or after today's start)."""
        window = self._window(self._day) if self._day else None
        if window is None:
            self._due = None
            return
        self._schedule(max(moment, window[0]) + timedelta(minutes=self.breaks.every))

    def _catch_up(self, now: datetime) -> None:
        """Start a new day at midnight, and start over after the computer slept."""
        day = now.astimezone(self.zone).date()
        if day != self._day:
            self._day = day
            self._skips = 0
            self._in_break = False
            self._next_after(now)
        elif self._last is not None and now - self._last > AWAY_AFTER and not self._in_break:
            # No poll for a while: the machine was asleep, so the person was away too.
            self._next_after(now)
        self._last = now

    # What happens.

    def poll(self, now: datetime, idle_seconds: float | None = None) -> Notice | None:
        """What to show now, if anything; each notice is given once."""
        now = now.astimezone(UTC)
        self._catch_up(now)
        if idle_seconds is not None and idle_seconds >= AWAY_AFTER.total_seconds():
            self._away = True
            self._due = None
            return None
        if self._away:
            # Back at the desk: a whole interval from now, not a break straight away.
            self._away = False
            self._next_after(now)
        if self._in_break or self._due is None:
            return None
        if now >= self._due and not self._due_sent:
            self._due_sent = self._soon_sent = True
            return self._notice(NoticeKind.DUE)
        if now >= self._due - SOON_BEFORE and not self._soon_sent and not self._due_sent:
            self._soon_sent = True
            return self._notice(NoticeKind.SOON)
        return None

    def postpone(self, now: datetime) -> None:
        """Put the break off for the postpone time (dropped if that is past the end)."""
        now = now.astimezone(UTC)
        self._catch_up(now)
        self._schedule(now + timedelta(minutes=self.breaks.postpone), soon=False)

    def skip(self, now: datetime) -> bool:
        """Skip this break; False (and nothing changes) once today's skips are used up."""
        now = now.astimezone(UTC)
        self._catch_up(now)
        if self.skips_left == 0:
            return False
        self._skips += 1
        self._next_after(now)
        return True

    def dismissed(self, now: datetime) -> None:
        """The notice went unanswered: the next one comes a whole interval later."""
        now = now.astimezone(UTC)
        self._catch_up(now)
        self._next_after(now)

    def started(self, now: datetime) -> None:
        """The person started their break: no notices until it ends."""
        now = now.astimezone(UTC)
        self._catch_up(now)
        self._in_break = True
        self._due = None

    def ended(self, now: datetime) -> None:
        """The break is over: the next one a whole interval from now."""
        now = now.astimezone(UTC)
        self._in_break = False
        self._catch_up(now)
        self._next_after(now)

    def _notice(self, kind: NoticeKind) -> Notice:
        assert self._due is not None
        minutes = f"{self.breaks.minutes}-minute"
        if kind is NoticeKind.SOON:
            title = "Break in 1 minute"
            body = f"A {minutes} desk break is coming up."
            actions: tuple[Action, ...] = ()
        else:
            title = f"Time for a {minutes} desk break"
            body = "A few easy stretches for your back and hips, then back to work."
            actions = (Action.START, Action.POSTPONE, Action.SKIP)
            if self.skips_left == 0:
                actions = actions[:2]
        return Notice(
            kind=kind,
            at=self._due.astimezone(self.zone),
            actions=actions,
            title=title,
            body=body,
            postpone_minutes=self.breaks.postpone,
        )
