"""Reminders as a person sets them: `supple remind`, the calendar file and /calendar.ics,
the Reminders page and its API, and History's count of reminders followed and skipped."""

from __future__ import annotations

import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from typer.testing import CliRunner

from store_kit import written
from supple.cli import app
from supple.library.catalog import default_library
from supple.library.exchange import OwnRoutines
from supple.services import reminders
from supple.store.db import open_store
from webapp import client, form, server

LONDON = "Europe/London"


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def occurrences(ics: bytes, start: date, days: int) -> list[tuple[datetime, str]]:
    """What a calendar app would show: each event's local start and title, in order."""
    cal = icalendar.Calendar.from_ical(ics)
    found = recurring_ical_events.of(cal).between(start, start + timedelta(days=days))
    return sorted((e["DTSTART"].dt, str(e["SUMMARY"])) for e in found)


def test_the_schedule_set_in_the_terminal_is_the_calendar_file_and_the_served_one(
    runner: CliRunner, home: Path, tmp_path: Path
) -> None:
    run(runner, "remind", "zone", LONDON)
    out = run(runner, "remind", "set", "08:00", "18:30", "--days", "mon-fri")
    assert "08:00 Mon–Fri: A plan made for you, anywhere (10 min)" in out
    out = run(runner, "remind", "set", "9:15am", "--days", "sat", "--routine", "wall-nine", "--add")
    assert "09:15 Sat: Nine wall stretches" in out
    shown = run(runner, "remind")
    assert shown.index("08:00") < shown.index("09:15") < shown.index("18:30")
    assert "Europe/London" in shown and "Next:" in shown

    file = tmp_path / "mine.ics"
    out = run(runner, "remind", "ics", str(file))
    assert "3 reminders, each with an alert 5 minutes before" in out
    ics = file.read_bytes()
    # A week of it, as a calendar app expands the RRULEs: 5 mornings, 5 evenings, 1 Saturday.
    week = occurrences(ics, date(2026, 12, 7), 7)
    assert len(week) == 11
    zone = ZoneInfo(LONDON)
    times = {(d.astimezone(zone).weekday(), d.astimezone(zone).strftime("%H:%M")) for d, _ in week}
    assert (5, "09:15") in times and (0, "08:00") in times and (4, "18:30") in times
    assert not any(day == 6 for day, _ in times)  # nothing on Sunday
    saturday = [title for d, title in week if d.weekday() == 5]
    assert saturday == ["Stretch: Nine wall stretches for lower back and hips (10 min)"]
    # Each with an alarm 5 minutes before.
    cal = icalendar.Calendar.from_ical(ics)
    for event in cal.walk("VEVENT"):
        [alarm] = event.walk("VALARM")
        assert alarm["TRIGGER"].dt == -timedelta(minutes=5)
        assert "supple " in str(event["DESCRIPTION"])  # how to start it

    # The served calendar is the same schedule (not byte for byte: DTSTAMP is the moment).
    with server(home) as url:
        with urllib.request.urlopen(url.rstrip("/") + "/calendar.ics") as answer:
            assert answer.headers["Content-Type"].startswith("text/calendar")
            served = answer.read()
    assert occurrences(served, date(2026, 12, 7), 7) == week


def test_a_wrong_value_is_named_and_the_schedule_before_is_kept(
    runner: CliRunner, home: Path
) -> None:
    run(runner, "remind", "set", "07:00", "--days", "weekdays")
    for args, said in [
        (["25:00"], "'25:00' is not a time"),
        (["08:00", "--days", "mnd"], "'mnd' is not a day"),
        (["08:00", "--routine", "no-such"], "no-such"),
        (["08:00", "--minutes", "90"], "90 minutes is not allowed for a planned session"),
        (["08:00", "--place", "moon"], "place"),
    ]:
        result = runner.invoke(app, ["remind", "set", *args])
        assert result.exit_code == 1 and said in result.stderr, (args, result.output)
    assert "07:00 Mon–Fri" in run(runner, "remind")
    bad = runner.invoke(app, ["remind", "zone", "Mars/Base"])
    assert bad.exit_code == 1 and "'Mars/Base' is not a time zone" in bad.stderr
    assert run(runner, "remind", "remove", "07:00").count("No reminders set") == 1
    assert runner.invoke(app, ["remind", "remove", "07:00"]).exit_code == 1


def test_breaks_settings_and_off(runner: CliRunner, home: Path) -> None:
    bad = runner.invoke(app, ["breaks", "--every", "5"])
    assert bad.exit_code == 1 and "5 minutes is not allowed for the time between breaks" in (
        bad.stderr
    )
    with open_store(home) as store:
        reminders.set_breaks(store, enabled=True, every=30, start="08:30", days="mon-sat")
        b = reminders.schedule_of(store).breaks
    assert (b.enabled, b.every, b.start.hour, len(b.days)) == (True, 30, 8, 6)
    assert "Desk breaks of 3 min every 30 min, 08:30-17:30" in run(runner, "remind")
    run(runner, "breaks", "off")
    assert "Desk breaks" not in run(runner, "remind")
    run(runner, "remind", "zone", LONDON)
    run(runner, "remind", "set", "07:00")
    assert "Reminders removed; desk breaks are off." in run(runner, "remind", "clear")
    assert "No reminders were set." in run(runner, "remind", "clear")
    with open_store(home) as store:
        kept = reminders.schedule_of(store)
    # Cleared, not forgotten: the zone and the break settings stay for next time.
    assert (kept.daily, kept.timezone, kept.breaks.enabled) == ((), LONDON, False)
    assert kept.breaks.every == 30


def test_the_reminders_page_sets_and_removes_and_says_what_is_wrong(home: Path) -> None:
    with client(home) as c:
        page = c.get("/reminders")
        assert page.status_code == 200 and "No daily reminder yet" in page.text
        added = c.post(
            "/reminders/daily",
            data=form(c, at="07:45", days=["mon", "wed"], routine="wall-nine"),
        )
        assert added.status_code == 200 and "Saved your reminder." in added.text
        assert "07:45" in added.text and "Mon, Wed" in added.text
        before = written(home)
        bad = c.post("/reminders/daily", data=form(c, at="07:45", days=["wed"]))
        assert bad.status_code == 422
        assert "two reminders at 07:45 on Wed" in bad.text
        nodays = c.post("/reminders/daily", data=form(c, at="09:00"))
        assert nodays.status_code == 422 and "tick at least one day" in nodays.text
        assert written(home) == before  # nothing saved was lost or changed
        breaks = c.post(
            "/reminders/breaks",
            data=form(c, enabled="on", every="10", start="09:00", end="17:00", days=["mon"]),
        )
        assert breaks.status_code == 422 and "15 to 240 minutes" in breaks.text
        breaks = c.post(
            "/reminders/breaks",
            data=form(c, enabled="on", every="40", start="09:00", end="17:00", days=["mon", "tue"]),
        )
        assert breaks.status_code == 200 and "every 40 minutes" in breaks.text
        api = c.get("/api/reminders").json()
        assert api["schedule"]["daily"][0]["routine"] == "wall-nine"
        assert api["schedule"]["breaks"]["every"] == 40
        # A form from another page (no token) changes nothing.
        refused = c.post("/reminders/clear", data={})
        assert refused.status_code == 403
        assert c.get("/api/reminders").json() == api
        removed = c.post("/reminders/daily/remove", data=form(c, at="07:45"))
        assert "Removed the reminder." in removed.text and "No daily reminder yet" in removed.text


def test_the_next_break_follows_what_the_person_did(home: Path) -> None:
    library = default_library()
    own = OwnRoutines(home, library)
    monday = datetime(2026, 11, 30, tzinfo=ZoneInfo(LONDON))
    with open_store(home) as store:
        reminders.set_timezone(store, LONDON)
        reminders.set_breaks(store, enabled=True, every=45, start="09:00", end="17:30")
        # Nothing answered yet: the first break 45 minutes into the day.
        early = reminders.upcoming(store, library, own, monday.replace(hour=8))
        assert early.break_at == monday.replace(hour=9, minute=45)
        # Postponed at 09:46: due again 5 minutes later.
        store.clock = lambda: monday.replace(hour=9, minute=46).astimezone(UTC)
        reminders.record(store, "break", monday.replace(hour=9, minute=45), "postponed")
        later = reminders.upcoming(store, library, own, monday.replace(hour=9, minute=47))
        assert later.break_at == monday.replace(hour=9, minute=51)
        # Started at 09:51: a 3-minute break, then 45 minutes.
        store.clock = lambda: monday.replace(hour=9, minute=51).astimezone(UTC)
        reminders.record(store, "break", monday.replace(hour=9, minute=51), "started")
        after = reminders.upcoming(store, library, own, monday.replace(hour=9, minute=52))
        assert after.break_at == monday.replace(hour=10, minute=39)
        # A notice left unanswered is let pass after 10 minutes: the next an interval on.
        ignored = reminders.upcoming(store, library, own, monday.replace(hour=10, minute=50))
        assert ignored.break_at == monday.replace(hour=11, minute=24)
        # Nothing on a Sunday.
        sunday = reminders.upcoming(store, library, own, monday - timedelta(hours=12))
        assert sunday.break_at is None
        # Turned on in the afternoon: the first break an interval later, not at once.
        tuesday = monday + timedelta(days=1)
        store.clock = lambda: tuesday.replace(hour=14, minute=2).astimezone(UTC)
        reminders.set_breaks(store, enabled=False)
        reminders.set_breaks(store, enabled=True)
        fresh = reminders.upcoming(store, library, own, tuesday.replace(hour=14, minute=3))
        assert fresh.break_at == tuesday.replace(hour=14, minute=47)
        weeks = reminders.by_week(store)
    assert [(w.week, w.breaks_followed, w.breaks_skipped) for w in weeks] == [
        (date(2026, 11, 30), 1, 0)
    ]


def test_a_desk_break_is_planned_for_a_desk_and_never_over_a_routine_of_the_person(
    home: Path,
) -> None:
    library = default_library()
    own = OwnRoutines(home, library)
    with client(home) as c:
        made = c.post("/api/reminders/desk-break")
        assert made.status_code == 201
        routine_id = made.json()["routine_id"]
        assert routine_id == "desk-break" and made.json()["href"] == "/play/desk-break"
        routine = own.get("desk-break")
        assert routine is not None and routine.title.startswith("Desk break")
        for step in routine.steps:
            places = {p.value for p in library.stretch(step.stretch).positions}
            assert places <= {"standing", "seated-chair"}
        timeline = c.get("/api/routines/desk-break/timeline").json()
        assert 108 <= timeline["total_seconds"] <= 180  # 3 minutes asked: 90-100%
        # Planned again: the plan is replaced, not piled up.
        assert c.post("/api/reminders/desk-break").json()["routine_id"] == "desk-break"
        assert [r for r in own.ids() if r.startswith("desk-break")] == ["desk-break"]
        # The page's notices: the next break and the daily reminder, with where to start.
        c.put(
            "/api/reminders",
            json={"daily": [{"at": "07:00", "routine": "wall-nine"}], "timezone": LONDON},
        )
        up = c.get("/api/reminders/upcoming").json()
        assert up["daily"]["href"] == "/play/wall-nine" and up["desk_break"] is None
        assert c.put("/api/reminders", json={"daily": [{"at": "7"}]}).status_code == 422
        missing = c.put("/api/reminders", json={"daily": [{"at": "07:00", "routine": "gone"}]})
        assert missing.status_code == 404
        event = {"kind": "daily", "due_at": "2026-11-30T07:00:00+00:00", "outcome": "skipped"}
        assert c.post("/api/reminders/events", json=event).status_code == 204
        naive = {**event, "due_at": "2026-11-30T07:00:00"}
        assert c.post("/api/reminders/events", json=naive).status_code == 422
        page = c.get("/reminders").text
        assert "Reminders followed" in page and "0 of 1 reminder followed" in page


def test_history_shows_reminders_followed_and_skipped_by_week(home: Path) -> None:
    this_monday = date.today() - timedelta(days=date.today().weekday())
    due = datetime.combine(this_monday, datetime.min.time(), UTC) + timedelta(hours=9)
    with open_store(home) as store:
        reminders.record(store, "daily", due, "started")
        reminders.record(store, "daily", due + timedelta(days=1), "skipped")
        reminders.record(store, "daily", due + timedelta(days=2), "started")
        reminders.record(store, "break", due + timedelta(hours=1), "started")
        reminders.record(store, "break", due + timedelta(hours=2), "missed")
        reminders.record(store, "break", due - timedelta(weeks=20), "started")  # long ago
    with client(home) as c:
        data = c.get("/api/history").json()["reminders_per_week"]
        assert data == [
            {
                "week_start": this_monday.isoformat(),
                "followed": 2,
                "skipped": 1,
                "breaks_taken": 1,
                "breaks_skipped": 1,
            }
        ]
        page = c.get("/history").text
        said = "2 of 3 reminders followed; 1 desk break taken, 1 skipped"
        assert f"Week of {this_monday.day} {this_monday:%b}: {said}" in page
