"""The calendar file, read back and expanded as a calendar app would read it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event

from supple.reminders.ics import calendar_bytes
from supple.reminders.schedule import Daily, Schedule

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def describe(daily: Daily) -> tuple[str, int, str]:
    if daily.routine:
        return ("Wall routine", 540, f"Start it with: supple start {daily.routine}")
    how = f"Start it with: supple plan --minutes {daily.minutes} --place {daily.place.value}"
    return ("A session planned for you", daily.minutes * 60, how)


def schedule(zone: str, *daily: dict[str, object]) -> Schedule:
    return Schedule.model_validate({"daily": list(daily), "timezone": zone})


def parsed(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def occurrences(cal: Calendar, start: date, end: date) -> list[Event]:
    found = recurring_ical_events.of(cal).between(start, end)
    return sorted(found, key=lambda e: e["DTSTART"].dt)


def test_the_calendar_names_itself_and_its_zone() -> None:
    sched = schedule("Europe/London", {"at": "08:00", "days": "mon-fri", "routine": "wall"})
    cal = parsed(calendar_bytes(sched, describe, now=datetime(2026, 11, 29, 9, tzinfo=LONDON)))
    assert cal["VERSION"] == "2.0"
    assert "supple" in str(cal["PRODID"])
    assert cal["CALSCALE"] == "GREGORIAN"
    assert cal["X-WR-CALNAME"] == "supple"
    [zone] = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/London"
    offsets = {str(c["TZNAME"]): c["TZOFFSETTO"].td for c in zone.subcomponents}
    assert offsets == {"GMT": timedelta(0), "BST": timedelta(hours=1)}
    [event] = cal.events
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]


def test_weekday_mornings_on_the_right_days_and_times() -> None:
    sched = schedule(
        "Europe/London",
        {"at": "08:00", "days": "mon-fri", "routine": "wall"},
        {"at": "18:30", "days": "sat,sun", "minutes": 12, "place": "no-floor"},
    )
    # Sunday 29 November 2026.
    data = calendar_bytes(sched, describe, now=datetime(2026, 11, 29, 9, tzinfo=LONDON))
    found = occurrences(parsed(data), date(2026, 11, 29), date(2026, 12, 7))
    seen = [(e["DTSTART"].dt.strftime("%a %d %H:%M"), str(e["SUMMARY"])) for e in found]
    assert seen == [
        ("Sun 29 18:30", "Stretch: A session planned for you (12 min)"),
        ("Mon 30 08:00", "Stretch: Wall routine (9 min)"),
        ("Tue 01 08:00", "Stretch: Wall routine (9 min)"),
        ("Wed 02 08:00", "Stretch: Wall routine (9 min)"),
        ("Thu 03 08:00", "Stretch: Wall routine (9 min)"),
        ("Fri 04 08:00", "Stretch: Wall routine (9 min)"),
        ("Sat 05 18:30", "Stretch: A session planned for you (12 min)"),
        ("Sun 06 18:30", "Stretch: A session planned for you (12 min)"),
    ]
    morning, planned = found[1], found[0]
    assert morning["DTEND"].dt - morning["DTSTART"].dt == timedelta(minutes=9)
    assert str(morning["DESCRIPTION"]) == (
        "Wall routine: about 9 minutes of stretching.\nStart it with: supple start wall"
    )
    assert str(planned["DESCRIPTION"]) == (
        "A session planned for you: about 12 minutes of stretching.\n"
        "Start it with: supple plan --minutes 12 --place no-floor"
    )


def test_the_series_starts_on_the_first_day_it_falls_on() -> None:
    sched = schedule("Europe/London", {"at": "08:00", "days": "mon-fri"})
    sunday = datetime(2026, 11, 29, 9, tzinfo=LONDON)
    [event] = parsed(calendar_bytes(sched, describe, now=sunday)).events
    assert event["DTSTART"].dt == datetime(2026, 11, 30, 8, 0, tzinfo=LONDON)


def test_each_alarm_is_five_minutes_before() -> None:
    sched = schedule("America/New_York", {"at": "07:15", "days": "tue,thu", "routine": "wall"})
    cal = parsed(calendar_bytes(sched, describe, now=datetime(2026, 12, 1, tzinfo=NEW_YORK)))
    query = recurring_ical_events.of(cal, components=["VALARM"])
    fired = query.between(datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 15, tzinfo=UTC))
    alarms = sorted(((a.subcomponents[0], a["DTSTART"].dt) for a in fired), key=lambda p: p[1])
    triggers = [(alarm["TRIGGER"].dt, start) for alarm, start in alarms]
    assert [t.astimezone(NEW_YORK).strftime("%a %d %H:%M") for t, _ in triggers] == [
        "Tue 01 07:10",
        "Thu 03 07:10",
        "Tue 08 07:10",
        "Thu 10 07:10",
    ]
    assert all(start - t == timedelta(minutes=5) for t, start in triggers)
    alarm = alarms[0][0]
    assert alarm["ACTION"] == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "In 5 minutes: Wall routine (9 min)"


def test_eight_oclock_stays_eight_oclock_across_the_clock_change() -> None:
    for zone_name, change in (
        ("Europe/London", date(2026, 3, 29)),
        ("America/New_York", date(2026, 3, 8)),
    ):
        zone = ZoneInfo(zone_name)
        sched = schedule(zone_name, {"at": "08:00"})
        now = datetime.combine(change - timedelta(days=3), time(12), tzinfo=zone)
        cal = parsed(calendar_bytes(sched, describe, now=now))
        found = occurrences(cal, change - timedelta(days=2), change + timedelta(days=2))
        local = [e["DTSTART"].dt.astimezone(zone).strftime("%d %H:%M") for e in found]
        assert local == [f"{(change + timedelta(days=i)).day:02d} 08:00" for i in range(-2, 2)]
        utc_hours = [e["DTSTART"].dt.astimezone(UTC).hour for e in found]
        # The local time holds; the hour in UTC moves by one when the clocks go forward.
        assert utc_hours[0] == utc_hours[1] == utc_hours[2] + 1 == utc_hours[3] + 1


def test_autumn_change_in_new_york() -> None:
    sched = schedule("America/New_York", {"at": "18:30", "days": "sat,sun"})
    now = datetime(2026, 10, 30, tzinfo=NEW_YORK)
    found = occurrences(
        parsed(calendar_bytes(sched, describe, now=now)), date(2026, 10, 31), date(2026, 11, 2)
    )
    assert [e["DTSTART"].dt.astimezone(UTC).strftime("%d %H:%M") for e in found] == [
        "31 22:30",  # EDT, UTC-4
        "01 23:30",  # EST, UTC-5
    ]


def test_the_same_reminder_keeps_its_uid() -> None:
    sched = schedule("Europe/London", {"at": "08:00", "routine": "wall"}, {"at": "18:30"})
    first = parsed(calendar_bytes(sched, describe, now=datetime(2026, 11, 29, tzinfo=LONDON)))
    later = parsed(calendar_bytes(sched, describe, now=datetime(2026, 12, 24, tzinfo=LONDON)))
    uids = [str(e["UID"]) for e in first.events]
    assert uids == [str(e["UID"]) for e in later.events]
    assert len(set(uids)) == 2 and all(u.endswith("@supple.local") for u in uids)
    moved = schedule("Europe/London", {"at": "08:15", "routine": "wall"}, {"at": "18:30"})
    again = parsed(calendar_bytes(moved, describe, now=datetime(2026, 11, 29, tzinfo=LONDON)))
    assert [str(e["UID"]) for e in again.events][1] == uids[1]
    assert [str(e["UID"]) for e in again.events][0] != uids[0]


def test_text_with_commas_semicolons_and_newlines_survives() -> None:
    title = "Hips, back; and\nshoulders \\ all"

    def odd(daily: Daily) -> tuple[str, int, str]:
        return (title, 300, "Start it with: supple start mine")

    sched = schedule("UTC", {"at": "12:00", "routine": "mine"})
    data = calendar_bytes(sched, odd, now=datetime(2026, 11, 29, tzinfo=UTC))
    assert b"Hips\\, back\\; and\\nshoulders \\\\ all" in data.replace(b"\r\n ", b"")
    [event] = parsed(data).events
    assert str(event["SUMMARY"]) == f"Stretch: {title} (5 min)"
    assert str(event["DESCRIPTION"]).startswith(f"{title}: about 5 minutes")


def test_no_reminders_is_an_empty_calendar() -> None:
    cal = parsed(calendar_bytes(Schedule(timezone="UTC"), describe, now=datetime.now(UTC)))
    assert cal.events == [] and cal.walk("VTIMEZONE") == []
    assert cal["X-WR-CALNAME"] == "supple"
