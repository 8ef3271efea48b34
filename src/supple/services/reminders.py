"""Reminders for this person: their schedule, what each reminder plays, the calendar, and
what became of the reminders (followed or skipped, by week).

`supple remind`, `supple breaks`, the Reminders page, /calendar.ics and the browser's
notices all come here, so every face sets, reads and counts reminders the same way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..library.catalog import Library
from ..library.exchange import OwnRoutines
from ..library.schema import Routine
from ..progress import week_start
from ..reminders.ics import calendar_bytes, minutes_text
from ..reminders.schedule import (
    Breaks,
    Daily,
    Schedule,
    Weekday,
    at_local,
    days_text,
    explain,
    next_daily,
    parse_days,
    parse_time,
    time_text,
)
from ..store.meta import BREAKS_TURNED_ON
from ..timeline import build_timeline
from ..words import plural
from .errors import Invalid, NotFound

if TYPE_CHECKING:
    from ..store.db import Store

PLACE_WORDS = {
    "anywhere": "anywhere",
    "no-floor": "without getting on the floor",
    "desk": "at a desk",
}
# A break that was started counts as followed; one postponed is still to come.
FOLLOWED, SKIPPED = ("started",), ("skipped", "missed")
DESK_BREAK_ID = "desk-break"
# A break notice left unanswered this long is let pass: the next one comes an interval later.
LET_PASS = timedelta(minutes=10)
# Written by `supple breaks` while it runs (its pid): an open page leaves breaks to it.
BREAKS_RUNTIME = "breaks.json"


def schedule_of(store: Store) -> Schedule:
    """The person's schedule; a new one (nothing set, this machine's time zone) if none."""
    from ..store import reminders as kept

    saved = kept.schedule(store)
    if saved is None:
        return Schedule()
    try:
        return Schedule.model_validate(saved)
    except ValidationError:
        # Written by a newer supple, or edited by hand: start again rather than fail every page.
        return Schedule()


def save(store: Store, schedule: Schedule) -> Schedule:
    """Keep the schedule as given."""
    from ..store import reminders as kept

    kept.save_schedule(store, schedule.model_dump(mode="json"))
    return schedule


def _checked(build: Any, **fields: Any) -> Any:
    try:
        return build(**fields)
    except ValidationError as err:
        raise Invalid(explain(err).splitlines()) from None
    except ValueError as err:
        raise Invalid([str(err)]) from None


def set_daily(
    store: Store,
    library: Library,
    own: OwnRoutines,
    times: Sequence[str],
    *,
    days: str | None = None,
    routine: str | None = None,
    minutes: int | None = None,
    place: str | None = None,
    replace: bool = True,
) -> Schedule:
    """Daily reminders at these times (replacing the ones before, unless replace=False).

    Each plays `routine`, or a plan of `minutes` for `place` when no routine is named.
    Invalid names the time, day, routine or number that is wrong; nothing changes then.
    """
    if not times:
        raise Invalid(["times: give at least one time, like 08:00 or 18:30"])
    try:
        clock = [parse_time(t) for t in times]
        on = parse_days(days) if days else None
    except ValueError as err:
        raise Invalid([str(err)]) from None
    if routine is not None:
        _routine(library, own, routine)  # NotFound: the id is named, nothing is saved
    fields: dict[str, Any] = {"routine": routine}
    if on is not None:
        fields["days"] = on
    if minutes is not None:
        fields["minutes"] = minutes
    if place is not None:
        fields["place"] = place
    new = [_checked(Daily, at=at, **fields) for at in clock]
    current = schedule_of(store)
    kept = () if replace else current.daily
    schedule = _checked(Schedule.model_validate, obj={**_plain(current), "daily": [*kept, *new]})
    return save(store, schedule)


def remove_daily(store: Store, at: str) -> Schedule:
    """Remove the daily reminder(s) at this time; NotFound if there is none."""
    try:
        when = parse_time(at)
    except ValueError as err:
        raise Invalid([str(err)]) from None
    current = schedule_of(store)
    left = tuple(d for d in current.daily if d.at != when)
    if len(left) == len(current.daily):
        raise NotFound(f"no reminder at {time_text(when)}")
    return save(store, current.model_copy(update={"daily": left}))


def set_breaks(store: Store, *, clear_max_skips: bool = False, **changes: Any) -> Schedule:
    """Change the desk-break settings (enabled, every, start, end, days, minutes, max_skips);
    what is None stays as it was. clear_max_skips: no daily limit on skips."""
    current = schedule_of(store)
    given = {k: v for k, v in changes.items() if v is not None}
    if clear_max_skips:
        given["max_skips"] = None
    if given.get("enabled") and not current.breaks.enabled:
        store.set_meta(BREAKS_TURNED_ON, store.clock().astimezone(UTC).isoformat())
    if "days" in given and isinstance(given["days"], str):
        try:
            given["days"] = parse_days(given["days"])
        except ValueError as err:
            raise Invalid([f"days: {err}"]) from None
    breaks = _checked(Breaks.model_validate, obj={**current.breaks.model_dump(), **given})
    return save(store, current.model_copy(update={"breaks": breaks}))


def set_timezone(store: Store, name: str) -> Schedule:
    """The time zone the reminders' times are in."""
    current = schedule_of(store)
    schedule = _checked(Schedule.model_validate, obj={**_plain(current), "timezone": name})
    return save(store, schedule)


def clear(store: Store) -> bool:
    """Remove every daily reminder and turn desk breaks off; whether any was on. The time zone
    and the break settings stay, for the next time they are turned on."""
    current = schedule_of(store)
    had = bool(current.daily) or current.breaks.enabled
    breaks = current.breaks.model_copy(update={"enabled": False})
    save(store, current.model_copy(update={"daily": (), "breaks": breaks}))
    return had


def _plain(schedule: Schedule) -> dict[str, Any]:
    return schedule.model_dump(mode="json")


def _routine(library: Library, own: OwnRoutines, routine_id: str) -> Routine:
    from .sessions import routine_of

    return routine_of(library, own, routine_id)


# What each reminder plays, in words and seconds.


@dataclass(frozen=True)
class Plays:
    """What a daily reminder plays: its title, about how long, and how to start it."""

    title: str
    seconds: int
    command: str  # the terminal's way
    href: str  # the browser's way

    @property
    def length(self) -> str:
        """About how long, in whole minutes: '10 min'."""
        return minutes_text(self.seconds)


def plays(library: Library, own: OwnRoutines, daily: Daily) -> Plays:
    """What this reminder plays; a routine that no longer exists says so in its title."""
    if daily.routine is None:
        where = PLACE_WORDS.get(daily.place.value, daily.place.value)
        return Plays(
            title=f"A plan made for you, {where}",
            seconds=daily.minutes * 60,
            command=f"supple plan --minutes {daily.minutes} --place {daily.place.value} --start",
            href=f"/plan?minutes={daily.minutes}&place={daily.place.value}",
        )
    try:
        routine = _routine(library, own, daily.routine)
    except NotFound:  # deleted since: the reminder stays, and says so
        return Plays(
            title=f"{daily.routine} (no longer in your routines)",
            seconds=daily.minutes * 60,
            command=f"supple start {daily.routine}",
            href="/routines",
        )
    return Plays(
        title=routine.title,
        seconds=int(build_timeline(routine, library).total_seconds),
        command=f"supple start {routine.id}",
        href=f"/play/{routine.id}",
    )


def calendar(store: Store, library: Library, own: OwnRoutines, now: datetime) -> bytes:
    """The daily reminders as an iCalendar file, with an alarm 5 minutes before each."""

    def describe(daily: Daily) -> tuple[str, int, str]:
        p = plays(library, own, daily)
        return p.title, p.seconds, f"Start it with: {p.command}"

    return calendar_bytes(schedule_of(store), describe, now=now)


def lines(schedule: Schedule, library: Library, own: OwnRoutines) -> list[str]:
    """The schedule in words, one line a reminder, then the desk breaks."""
    out = []
    for d in schedule.daily:
        p = plays(library, own, d)
        out.append(f"{time_text(d.at)} {days_text(d.days)}: {p.title} ({minutes_text(p.seconds)})")
    b = schedule.breaks
    if b.enabled:
        skips = "" if b.max_skips is None else f", at most {b.max_skips} skipped a day"
        out.append(
            f"Desk breaks of {b.minutes} min every {b.every} min, {time_text(b.start)}-"
            f"{time_text(b.end)} {days_text(b.days)}{skips}"
        )
    return out


# What became of the reminders.


def record(store: Store, kind: str, due_at: datetime, outcome: str) -> None:
    """One reminder shown and what the person did: started, postponed, skipped or missed."""
    from ..store import reminders as kept

    try:
        kept.add_event(store, kind, due_at, outcome)
    except ValueError as err:
        raise Invalid([str(err)]) from None


@dataclass(frozen=True)
class WeekOfReminders:
    """One week's reminders: how many were followed, skipped (or let pass), by kind."""

    week: date
    followed: int
    skipped: int
    breaks_followed: int
    breaks_skipped: int

    def line(self) -> str:
        """'2 of 3 reminders followed; 4 desk breaks taken, 1 skipped'."""
        parts = []
        if self.followed or self.skipped:
            shown = plural(self.followed + self.skipped, "reminder")
            parts.append(f"{self.followed} of {shown} followed")
        if self.breaks_followed or self.breaks_skipped:
            parts.append(
                f"{plural(self.breaks_followed, 'desk break')} taken, {self.breaks_skipped} skipped"
            )
        return "; ".join(parts) or "no reminder answered"


def by_week(store: Store, zone_name: str | None = None) -> list[WeekOfReminders]:
    """Reminders followed and skipped in each week with any, oldest first (local weeks)."""
    from ..store import reminders as kept

    zone = schedule_of(store).zone if zone_name is None else Schedule(timezone=zone_name).zone
    weeks: dict[date, list[int]] = {}
    for e in kept.events(store):
        counts = weeks.setdefault(week_start(e.due_at.astimezone(zone).date()), [0, 0, 0, 0])
        base = 2 if e.kind == "break" else 0
        if e.outcome in FOLLOWED:
            counts[base] += 1
        elif e.outcome in SKIPPED:
            counts[base + 1] += 1
    return [WeekOfReminders(w, *c) for w, c in sorted(weeks.items())]


# What is due next, for a page that is open (the browser shows its own notices).


@dataclass(frozen=True)
class Upcoming:
    """The next daily reminder and the next desk break, as the browser shows them."""

    daily_at: datetime | None
    daily: Plays | None
    break_at: datetime | None
    break_minutes: int
    postpone_minutes: int
    skips_left: int | None


def upcoming(store: Store, library: Library, own: OwnRoutines, now: datetime) -> Upcoming:
    """What is due next, for a page's notices.

    A desk break comes a whole interval after the last one answered today (a postponed one
    when its postponement ends), else an interval after the day's active hours began, or after
    breaks were turned on today. One left unanswered for LET_PASS is let pass: the next comes
    an interval after it, so an ignored notice never stops the rest of the day's.
    """
    from ..store import reminders as kept

    schedule = schedule_of(store)
    found = next_daily(schedule, now)
    daily_at, daily = (found[0], plays(library, own, found[1])) if found else (None, None)
    b = schedule.breaks
    break_at, skips_left = None, None
    if b.enabled:
        zone = schedule.zone
        today = now.astimezone(zone).date()
        start, end = at_local(today, b.start, zone), at_local(today, b.end, zone)
        midnight = datetime.combine(today, time(0), zone)
        answered = sorted(
            (
                e
                for e in kept.events(store, since=midnight - timedelta(days=1))
                if e.kind == "break" and midnight <= e.recorded_at <= now
            ),
            key=lambda e: e.recorded_at,
        )
        every = timedelta(minutes=b.every)
        if answered:
            last = answered[-1]
            after = {
                "postponed": timedelta(minutes=b.postpone),
                "started": timedelta(minutes=b.minutes) + every,
            }
            due = last.recorded_at + after.get(last.outcome, every)
        else:
            on = store.get_meta(BREAKS_TURNED_ON)
            turned_on = datetime.fromisoformat(on) if on else None
            since = max(start, turned_on) if turned_on and turned_on > midnight else start
            due = since + every
        while due + LET_PASS < now:
            due += every
        if Weekday.of(today) in b.days and start < due <= end:
            break_at = due.astimezone(zone)
        if b.max_skips is not None:
            skipped = sum(e.outcome == "skipped" for e in answered)
            skips_left = max(0, b.max_skips - skipped)
    return Upcoming(daily_at, daily, break_at, b.minutes, b.postpone, skips_left)


def desk_break(store: Store, library: Library, own: OwnRoutines, minutes: int | None = None) -> str:
    """Plan a desk break for this person (their profile respected) and keep it; its id.

    Kept as "desk-break", replacing the one before when that was a plan too; a routine of
    the person's own under that name is never overwritten (the plan gets another name).
    """
    from ..planner.needs import Place
    from .planning import Ask, plan_for, unused_id

    length = minutes or schedule_of(store).breaks.minutes
    planned = plan_for(store, library, Ask(minutes=length, place=Place.DESK))
    routine = planned.plan.routine
    mine, _ = own.load()
    before = mine.get(DESK_BREAK_ID)
    # A plan kept as the desk break before is replaced; a routine of the person's own is not.
    replace = before is not None and before.pacing is not None
    new_id = DESK_BREAK_ID
    if before is not None and not replace:
        taken = set(mine) | set(library.routines)
        new_id = unused_id(routine.model_copy(update={"id": DESK_BREAK_ID}), taken)
    routine = Routine.model_validate(
        {
            **routine.model_dump(mode="json"),
            "id": new_id,
            "title": f"Desk break ({minutes_text(round(planned.plan.total_seconds))})",
        }
    )
    own.save(routine, replace=replace)
    return routine.id


def breaks_running(home: Path) -> bool:
    """Whether a `supple breaks` seems to run for this home (its breaks.json names a live pid)."""
    try:
        pid = int(json.loads((home / BREAKS_RUNTIME).read_text(encoding="utf-8"))["pid"])
        os.kill(pid, 0)
    except PermissionError:
        return True  # someone else's process: running, at least
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True
