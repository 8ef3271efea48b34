"""Reminder settings: days and times in people's words, checks that name what is wrong."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from supple.reminders.schedule import (
    Breaks,
    Daily,
    Schedule,
    Weekday,
    days_text,
    explain,
    local_timezone,
    next_daily,
    parse_days,
    parse_time,
)

W = Weekday
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", {W.MON, W.TUE, W.WED, W.THU, W.FRI}),
        ("sat,sun", {W.SAT, W.SUN}),
        ("Mon,Wed-Fri", {W.MON, W.WED, W.THU, W.FRI}),
        ("weekdays", {W.MON, W.TUE, W.WED, W.THU, W.FRI}),
        ("WEEKENDS", {W.SAT, W.SUN}),
        ("daily", set(W)),
        ("every-day", set(W)),
        ("all", set(W)),
        ("tuesday, thursday", {W.TUE, W.THU}),
        ("sat-mon", {W.SAT, W.SUN, W.MON}),
    ],
)
def test_days_in_peoples_words(text: str, days: set[Weekday]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["mnd", "mon-xyz", "monkey", "", "mon,,7"])
def test_a_bad_day_is_named(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_days(text)
    message = str(err.value)
    assert "use mon, tue, ... sun" in message
    if text == "mnd":
        assert message.startswith("'mnd' is not a day")
    if text == "mon-xyz":
        assert "'mon-xyz'" in message


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("mon-fri", "Mon–Fri"),
        ("daily", "every day"),
        ("sat,sun", "Sat, Sun"),
        ("mon,wed-fri", "Mon, Wed–Fri"),
        ("tue", "Tue"),
        ("mon-wed,fri-sun", "Mon–Wed, Fri–Sun"),
    ],
)
def test_days_read_back_shortly(text: str, shown: str) -> None:
    assert days_text(parse_days(text)) == shown


def test_weekday_matches_python_and_icalendar() -> None:
    assert W.of(date(2026, 11, 30)) is W.MON
    assert W.of(date(2026, 12, 6)) is W.SUN
    assert [d.number for d in W] == list(range(7))
    assert [d.ical for d in W] == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("08:00", time(8, 0)),
        ("8:00", time(8, 0)),
        ("18:30", time(18, 30)),
        ("6:30pm", time(18, 30)),
        ("12am", time(0, 0)),
        ("12:15 PM", time(12, 15)),
        ("7am", time(7, 0)),
    ],
)
def test_times(text: str, value: time) -> None:
    assert parse_time(text) == value


@pytest.mark.parametrize("text", ["25:00", "8", "08:60", "13pm", "noon", "8:5"])
def test_a_bad_time_is_named(text: str) -> None:
    with pytest.raises(ValueError, match=f"'{text}' is not a time: use hours and minutes"):
        parse_time(text)


def test_daily_defaults_and_words() -> None:
    daily = Daily(at="6:30pm", days="mon-fri")  # type: ignore[arg-type]
    assert daily.at == time(18, 30)
    assert daily.days == parse_days("weekdays")
    assert (daily.routine, daily.minutes, daily.place.value) == (None, 10, "anywhere")
    assert Daily(at=time(8, 0)).days == frozenset(W)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"at": "08:00", "days": []}, "days: name at least one day"),
        ({"at": "08:00", "minutes": 90}, "minutes: 90 minutes is not allowed"),
        ({"at": "08:00", "place": "beach"}, "place: Input should be 'anywhere'"),
        ({"at": "08:00", "colour": "red"}, "colour: Extra inputs are not permitted (got 'red')"),
        ({"at": "08:00:30"}, "at: '08:00:30' is not a time"),
        ({"at": "08:00", "routine": " "}, "routine: name a routine"),
    ],
)
def test_daily_refuses_with_the_field_named(fields: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError) as err:
        Daily.model_validate(fields)
    assert words in explain(err.value)


def test_breaks_defaults() -> None:
    breaks = Breaks()
    assert not breaks.enabled
    assert (breaks.every, breaks.minutes, breaks.postpone, breaks.max_skips) == (45, 3, 5, None)
    assert (breaks.start, breaks.end) == (time(9), time(17, 30))
    assert days_text(breaks.days) == "Mon–Fri"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"every": 10}, "every: 10 minutes is not allowed for the time between breaks: use 15"),
        ({"minutes": 8}, "minutes: 8 minutes is not allowed for a desk break: use 2 to 5"),
        ({"start": "18:00"}, "breaks start at 18:00, which is not before the end at 17:30"),
        ({"max_skips": -1}, "max_skips: -1 skips is not allowed"),
    ],
)
def test_breaks_refuse_with_the_value_named(fields: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError) as err:
        Breaks.model_validate(fields)
    assert words in explain(err.value)


def test_schedule_sorts_by_time_and_refuses_a_clash() -> None:
    schedule = Schedule(
        daily=(Daily(at=time(18, 30)), Daily(at=time(8, 0))), timezone="Europe/London"
    )
    assert [d.at for d in schedule.daily] == [time(8, 0), time(18, 30)]
    # The same time on different days is two reminders, not a clash.
    Schedule(
        daily=(
            Daily.model_validate({"at": "8:00", "days": "sat,sun"}),
            Daily(at=time(8), days=parse_days("mon-fri")),
        ),
        timezone="UTC",
    )
    with pytest.raises(ValidationError) as err:
        Schedule.model_validate(
            {"daily": [{"at": "08:00"}, {"at": "8:00", "days": "sat"}], "timezone": "UTC"}
        )
    assert "daily: two reminders at 08:00 on Sat: keep one" in explain(err.value)


def test_schedule_refuses_an_unknown_zone() -> None:
    with pytest.raises(ValidationError) as err:
        Schedule(timezone="Mars/Olympus")
    assert explain(err.value) == (
        "timezone: 'Mars/Olympus' is not a time zone: use a name like Europe/London"
    )


def test_schedule_round_trips_through_json() -> None:
    schedule = Schedule.model_validate(
        {
            "daily": [{"at": "18:30", "days": "mon-fri", "routine": "wall"}, {"at": "08:00"}],
            "breaks": {"enabled": True, "every": 50, "max_skips": 2},
            "timezone": "America/New_York",
        }
    )
    data = schedule.model_dump(mode="json")
    assert data["daily"][1] == {
        "at": "18:30",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "routine": "wall",
        "minutes": 10,
        "place": "anywhere",
    }
    assert Schedule.model_validate_json(schedule.model_dump_json()) == schedule


def test_local_timezone_reads_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert local_timezone() == "Asia/Tokyo"
    assert Schedule().timezone == "Asia/Tokyo"
    monkeypatch.setenv("TZ", "Nowhere/Special")
    fallback = local_timezone()
    assert fallback != "Nowhere/Special"
    ZoneInfo(fallback)  # still a zone this machine knows
    if not Path("/etc/localtime").exists():
        assert fallback == "UTC"


def test_next_daily_in_order_and_on_its_days() -> None:
    schedule = Schedule.model_validate(
        {
            "daily": [{"at": "08:00", "days": "mon-fri"}, {"at": "18:30", "days": "daily"}],
            "timezone": "Europe/London",
        }
    )
    friday_evening = datetime(2026, 12, 4, 19, 0, tzinfo=LONDON)
    when, daily = next_daily(schedule, friday_evening) or (None, None)
    assert when == datetime(2026, 12, 5, 18, 30, tzinfo=LONDON)  # Saturday: no 08:00
    assert daily is not None and daily.at == time(18, 30)
    monday_early = datetime(2026, 12, 7, 7, 0, tzinfo=LONDON)
    assert next_daily(schedule, monday_early) == (
        datetime(2026, 12, 7, 8, 0, tzinfo=LONDON),
        schedule.daily[0],
    )
    # Exactly at the time: the next one, not this one.
    at_eight = datetime(2026, 12, 7, 8, 0, tzinfo=LONDON)
    assert next_daily(schedule, at_eight) == (
        datetime(2026, 12, 7, 18, 30, tzinfo=LONDON),
        schedule.daily[1],
    )
    assert next_daily(Schedule(timezone="UTC"), at_eight) is None


def test_next_daily_across_a_clock_change() -> None:
    schedule = Schedule.model_validate({"daily": [{"at": "08:00"}], "timezone": "Europe/London"})
    # The clocks go forward at 01:00 UTC on Sunday 29 March 2026.
    saturday_night = datetime(2026, 3, 28, 22, 0, tzinfo=ZoneInfo("UTC"))
    when, _ = next_daily(schedule, saturday_night) or (None, None)
    assert when is not None
    assert when.astimezone(LONDON).time() == time(8, 0)
    assert when.utcoffset() is not None and when.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert when.astimezone(ZoneInfo("UTC")).hour == 7
    # Asked from another zone, the answer is still in the schedule's zone.
    from_tokyo = saturday_night.astimezone(ZoneInfo("Asia/Tokyo"))
    assert next_daily(schedule, from_tokyo) == (when, schedule.daily[0])


def test_next_daily_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="time zone"):
        next_daily(Schedule(timezone="UTC"), datetime(2026, 1, 1))
