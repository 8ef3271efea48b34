"""The reminder settings: daily stretching times and desk breaks, checked as they are set."""

from __future__ import annotations

import contextlib
import os
import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
    model_validator,
)

from supple.planner.needs import Frozen, Place


class Weekday(StrEnum):
    """A day of the week, in ISO order (Monday first)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """0 for Monday to 6 for Sunday, as `date.weekday()` counts."""
        return list(Weekday).index(self)

    @property
    def ical(self) -> str:
        """The iCalendar name (MO..SU) for RRULE's BYDAY."""
        return self.value[:2].upper()

    @classmethod
    def of(cls, day: date) -> Weekday:
        """The weekday of a date."""
        return list(cls)[day.weekday()]


EVERY_DAY = frozenset(Weekday)
WEEKDAYS = frozenset(list(Weekday)[:5])
WEEKEND = frozenset({Weekday.SAT, Weekday.SUN})
_NAMED = {
    **dict.fromkeys(("weekdays", "workdays"), WEEKDAYS),
    **dict.fromkeys(("weekends", "weekend"), WEEKEND),
    **dict.fromkeys(("daily", "every-day", "everyday", "all"), EVERY_DAY),
}
_DAY_HELP = "use mon, tue, ... sun, a range like mon-fri, weekdays or daily"
_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day(text: str) -> Weekday:
    word = text.strip().lower()
    # "mon", "mond" and "monday", but not "monkey".
    for day, name in zip(Weekday, _NAMES, strict=True):
        if len(word) >= 3 and name.startswith(word):
            return day
    raise ValueError(f"{text.strip()!r} is not a day: {_DAY_HELP}")


def parse_days(text: str) -> frozenset[Weekday]:
    """Days from words like "mon-fri", "sat,sun", "mon,wed-fri", "weekdays" or "daily"."""
    days: set[Weekday] = set()
    pieces = [p for p in re.split(r"[,\s]+", text.strip().lower()) if p]
    if not pieces:
        raise ValueError(f"no days given: {_DAY_HELP}")
    for piece in pieces:
        if piece in _NAMED:
            days |= _NAMED[piece]
        elif "-" in piece:
            first, _, last = piece.partition("-")
            try:
                a, b = _day(first).number, _day(last).number
            except ValueError:
                raise ValueError(f"{piece!r} is not a day or range of days: {_DAY_HELP}") from None
            # A range may wrap past Sunday: "sat-mon" is Saturday, Sunday and Monday.
            span = (b - a) % 7
            days |= {list(Weekday)[(a + i) % 7] for i in range(span + 1)}
        else:
            days.add(_day(piece))
    return frozenset(days)


def days_text(days: frozenset[Weekday] | set[Weekday]) -> str:
    """The days in the fewest readable words: "every day", "Mon–Fri", "Sat, Sun"."""
    if frozenset(days) == EVERY_DAY:
        return "every day"
    runs: list[list[str]] = []
    for day in Weekday:
        if day not in days:
            continue
        name = day.value.capitalize()
        if day.number and list(Weekday)[day.number - 1] in days:
            runs[-1].append(name)
        else:
            runs.append([name])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) >= 3 else ", ".join(r) for r in runs)


def parse_time(text: str) -> time:
    """A clock time from "08:00", "8:00", "18:30", "6:30pm" or "7am"."""
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?\s*", text.lower())
    problem = f"{text.strip()!r} is not a time: use hours and minutes like 08:00, 18:30 or 6:30pm"
    if not match or (match.group(2) is None and match.group(3) is None):
        raise ValueError(problem)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise ValueError(problem)
        hour = hour % 12 + (12 if match.group(3).startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise ValueError(problem)
    return time(hour, minute)


def time_text(value: time) -> str:
    return value.strftime("%H:%M")


def _clock(value: Any) -> Any:
    """A time from a string or a time; seconds and time zones are refused."""
    if isinstance(value, str):
        return parse_time(value)
    if isinstance(value, time) and (value.second or value.microsecond or value.tzinfo):
        raise ValueError(f"{value.isoformat()} is not a time of day in hours and minutes")
    return value


def _days(value: Any) -> Any:
    """Days from words or a collection of words and days; none at all is refused."""
    if isinstance(value, str):
        value = parse_days(value)
    elif isinstance(value, list | tuple | set | frozenset):
        if not all(isinstance(v, str) for v in value):
            raise ValueError("days: give each day as a word, like mon or mon-fri")
        value = frozenset(d for v in value for d in parse_days(v))
    if isinstance(value, frozenset) and not value:
        raise ValueError("name at least one day")
    return value


def _between(what: str, low: int, high: int, unit: str = "minutes") -> AfterValidator:
    """A range check whose message names the value, what it is for and what is allowed."""

    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(
                f"{value} {unit} is not allowed for {what}: use {low} to {high} {unit}"
            )
        return value

    return AfterValidator(check)


def _routine_id(value: str) -> str:
    if not value.strip():
        raise ValueError("name a routine, or leave it out to have one planned")
    return value.strip()


# Days and clock times as people write them, stored as plain words ("mon", "08:00").
Days = Annotated[
    frozenset[Weekday],
    BeforeValidator(_days),
    PlainSerializer(lambda days: [d.value for d in Weekday if d in days]),
]
Clock = Annotated[time, BeforeValidator(_clock), PlainSerializer(time_text)]


class Daily(Frozen):
    """One daily stretching reminder: a time, its days and what to do."""

    at: Clock
    days: Days = EVERY_DAY
    # A routine id; None: "plan for me", with minutes and place.
    routine: Annotated[str, AfterValidator(_routine_id)] | None = None
    minutes: Annotated[int, _between("a planned session", 2, 60)] = 10
    place: Place = Place.ANYWHERE


class Breaks(Frozen):
    """Desk breaks: how often, between which hours, on which days."""

    enabled: bool = False
    every: Annotated[int, _between("the time between breaks", 15, 240)] = 45
    start: Clock = time(9, 0)
    end: Clock = time(17, 30)
    days: Days = WEEKDAYS
    minutes: Annotated[int, _between("a desk break", 2, 5)] = 3
    postpone: Annotated[int, _between("postponing a break", 1, 60)] = 5
    # Skips allowed per day; None: no limit.
    max_skips: Annotated[int, _between("the daily skip limit", 0, 20, "skips")] | None = None

    @model_validator(mode="after")
    def _hours(self) -> Breaks:
        if self.start >= self.end:
            raise ValueError(
                f"breaks start at {time_text(self.start)}, which is not before the end at "
                f"{time_text(self.end)}"
            )
        return self


def local_timezone() -> str:
    """This machine's IANA time zone: TZ, else /etc/localtime's target, else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(str(Path("/etc/localtime").resolve()).partition("zoneinfo/")[2])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())  # Debian's older way
    for name in candidates:
        if name and _zone_or_none(name) is not None:
            # Etc/UTC and its aliases read as what they are.
            return "UTC" if name in ("Etc/UTC", "Etc/Universal", "Etc/Zulu", "UCT") else name
    return "UTC"


def _zone_or_none(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _zone_name(value: str) -> str:
    if not value.strip() or _zone_or_none(value) is None:
        raise ValueError(f"{value!r} is not a time zone: use a name like Europe/London")
    return value


class Schedule(Frozen):
    """All of a person's reminders and the time zone they are in."""

    daily: tuple[Daily, ...] = ()
    breaks: Breaks = Breaks()
    timezone: Annotated[str, AfterValidator(_zone_name)] = Field(default_factory=local_timezone)

    @field_validator("daily")
    @classmethod
    def _sorted(cls, value: tuple[Daily, ...]) -> tuple[Daily, ...]:
        ordered = tuple(sorted(value, key=lambda d: (d.at, sorted(x.number for x in d.days))))
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.at == b.at and a.days & b.days:
                raise ValueError(
                    f"two reminders at {time_text(a.at)} on {days_text(a.days & b.days)}: keep one"
                )
        return ordered

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def explain(error: ValidationError) -> str:
    """A pydantic error as plain lines naming the setting and what was wrong."""
    lines = []
    for item in error.errors():
        where = ".".join(f"#{p + 1}" if isinstance(p, int) else str(p) for p in item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] not in ("value_error", "assertion_error"):
            message = f"{message} (got {item.get('input')!r})"
        lines.append(f"{where}: {message}" if where else message)
    return "\n".join(lines)


def at_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """That wall-clock time on that day; a time skipped by a clock change falls after it."""
    naive = datetime.combine(day, at)
    # fold=0 reads a skipped time with the offset before the change, as RFC 5545 says.
    return datetime.fromtimestamp(naive.replace(tzinfo=zone).timestamp(), zone)


def next_daily(schedule: Schedule, now: datetime) -> tuple[datetime, Daily] | None:
    """The next daily reminder strictly after an aware `now`, in the schedule's zone."""
    if now.tzinfo is None:
        raise ValueError("now must carry its time zone")
    zone = schedule.zone
    days = [now.astimezone(zone).date() + timedelta(days=n) for n in range(8)]
    # Aware datetimes compare as instants, so a clock change cannot reorder them.
    upcoming = [
        (when, daily)
        for daily in schedule.daily
        for day in days
        if Weekday.of(day) in daily.days and (when := at_local(day, daily.at, zone)) > now
    ]
    return min(upcoming, key=lambda pair: pair[0], default=None)
