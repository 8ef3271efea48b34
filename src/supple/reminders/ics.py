"""The daily reminders as an iCalendar file (RFC 5545) a calendar app can import or subscribe to."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from .schedule import Daily, Schedule, Weekday, at_local, time_text

# (title, length in seconds, how to start it) for one daily reminder; the caller knows the
# routines and the planner, this module only writes the calendar.
Describe = Callable[[Daily], tuple[str, int, str]]

ALARM_BEFORE = timedelta(minutes=5)
PRODID = "-//supple//Reminders//EN"


def minutes_text(seconds: int, *, short: bool = True) -> str:
    """A length in whole minutes, never less than one: "9 min" or "9 minutes"."""
    n = max(1, round(seconds / 60))
    if short:
        return f"{n} min"
    return f"{n} minute" if n == 1 else f"{n} minutes"


def reminder_uid(daily: Daily) -> str:
    """The same id for the same reminder on every call, so a subscribed calendar updates it."""
    what = daily.routine or f"plan:{daily.minutes}:{daily.place.value}"
    days = ",".join(d.value for d in sorted(daily.days, key=lambda d: d.number))
    digest = hashlib.sha256(f"{time_text(daily.at)}|{days}|{what}".encode()).hexdigest()
    return f"{digest[:24]}@supple.local"


def first_day(daily: Daily, today: date) -> date:
    """The first day on or after today that the reminder falls on."""
    for ahead in range(7):
        day = today + timedelta(days=ahead)
        if Weekday.of(day) in daily.days:
            return day
    raise ValueError("a reminder with no days")  # the schedule refuses these


def reminder_event(daily: Daily, schedule: Schedule, describe: Describe, now: datetime) -> Event:
    """One daily reminder as a weekly-recurring event with an alarm before it."""
    title, seconds, how = describe(daily)
    zone = schedule.zone
    length = minutes_text(seconds)
    event = Event()
    event.add("uid", reminder_uid(daily))
    event.add("dtstamp", now.astimezone(UTC))
    start = at_local(first_day(daily, now.astimezone(zone).date()), daily.at, zone)
    event.add("dtstart", start)
    event.add("duration", timedelta(seconds=max(60, seconds)))
    byday = [d.ical for d in sorted(daily.days, key=lambda d: d.number)]
    event.add("rrule", vRecur({"FREQ": "WEEKLY", "BYDAY": byday}))
    event.add("summary", f"Stretch: {title} ({length})")
    about = minutes_text(seconds, short=False)
    event.add("description", f"{title}: about {about} of stretching.\n{how}")
    event.add("categories", ["Stretching"])
    event.add("transp", "TRANSPARENT")  # a reminder, not time that makes the person busy

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -ALARM_BEFORE)
    alarm.add("description", f"In 5 minutes: {title} ({length})")
    event.add_component(alarm)
    return event


def calendar_bytes(schedule: Schedule, describe: Describe, *, now: datetime) -> bytes:
    """The schedule's daily reminders as an iCalendar file; desk breaks are left out."""
    if now.tzinfo is None:
        raise ValueError("now must carry its time zone")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "supple")
    cal.add("x-wr-caldesc", "Stretching reminders from supple")
    cal.add("x-wr-timezone", schedule.timezone)
    for daily in schedule.daily:
        cal.add_component(reminder_event(daily, schedule, describe, now))
    if schedule.daily:
        # The VTIMEZONE lets a calendar app without this zone's rules still place the times.
        # From this year on: the past rules would only make the file longer.
        cal.add_missing_timezones(first_date=date(now.year, 1, 1))
    data: bytes = cal.to_ical()
    return data
