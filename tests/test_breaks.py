"""The desk-break timer on a clock the test moves by hand: no sleeping, no real time."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from supple.reminders.breaks import Action, BreakTimer, Notice, NoticeKind
from supple.reminders.loop import Outcome, run_breaks
from supple.reminders.notify import TerminalNotices
from supple.reminders.schedule import Breaks

LONDON = ZoneInfo("Europe/London")
# Monday 30 November 2026.
MONDAY = datetime(2026, 11, 30, tzinfo=LONDON)


def at(day: datetime, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return day.replace(hour=hour, minute=minute)


class Run:
    """A timer polled every 15 seconds, like the real loop, recording what it shows."""

    def __init__(self, timer: BreakTimer, now: datetime) -> None:
        self.timer = timer
        self.now = now
        self.shown: list[tuple[str, Notice]] = []

    def until(
        self, end: datetime, idle: float | None = None, *, answer: bool = False
    ) -> list[tuple[str, Notice]]:
        """Poll until `end`; the notices shown, with their local time."""
        start = len(self.shown)
        while self.now < end:
            notice = self.timer.poll(self.now, idle)
            if notice:
                self.shown.append((self.now.astimezone(self.timer.zone).strftime("%H:%M"), notice))
                # With answer, a due notice goes unanswered at once, as the loop reports it.
                if answer and notice.kind is NoticeKind.DUE:
                    self.timer.dismissed(self.now)
            self.now += timedelta(seconds=15)
        return self.shown[start:]


def kinds(shown: list[tuple[str, Notice]]) -> list[tuple[str, str]]:
    return [(hhmm, n.kind.value) for hhmm, n in shown]


def timer(**fields: object) -> BreakTimer:
    return BreakTimer(Breaks.model_validate({"enabled": True, **fields}), LONDON)


def test_a_workday_has_a_break_every_45_minutes_within_active_hours() -> None:
    run = Run(timer(), at(MONDAY, "08:00"))
    shown = run.until(at(MONDAY, "18:00"), answer=True)
    dues = [hhmm for hhmm, n in shown if n.kind is NoticeKind.DUE]
    # Unanswered, each comes a whole interval after the last; none after 17:30.
    assert dues == [
        *("09:45", "10:30", "11:15", "12:00", "12:45", "13:30"),
        *("14:15", "15:00", "15:45", "16:30", "17:15"),
    ]
    assert kinds(shown)[:4] == [
        ("09:44", "soon"),
        ("09:45", "due"),
        ("10:29", "soon"),
        ("10:30", "due"),
    ]


def test_the_words_a_person_sees() -> None:
    run = Run(timer(), at(MONDAY, "09:00"))
    (_, soon), (_, due) = run.until(at(MONDAY, "09:46"))
    assert (soon.title, soon.body, soon.actions) == (
        "Break in 1 minute",
        "A 3-minute desk break is coming up.",
        (),
    )
    assert due.title == "Time for a 3-minute desk break"
    assert due.actions == (Action.START, Action.POSTPONE, Action.SKIP)
    assert [due.label(a) for a in due.actions] == ["Start", "Postpone 5 min", "Skip"]
    assert due.at == at(MONDAY, "09:45")
    assert soon.at == due.at


def test_each_break_after_the_last_one_ends() -> None:
    t = timer(every=30, minutes=2)
    run = Run(t, at(MONDAY, "09:00"))
    assert kinds(run.until(at(MONDAY, "09:31"))) == [("09:29", "soon"), ("09:30", "due")]
    t.started(run.now)
    assert run.until(at(MONDAY, "10:00")) == []  # nothing during the break
    t.ended(at(MONDAY, "10:00"))
    assert t.due_at() == at(MONDAY, "10:30")
    assert kinds(run.until(at(MONDAY, "10:31")))[-1] == ("10:30", "due")


def test_the_first_break_is_known_from_the_start() -> None:
    t = BreakTimer(Breaks(enabled=True), LONDON, now=at(MONDAY, "08:30"))
    assert t.due_at() == at(MONDAY, "09:45")
    assert BreakTimer(Breaks(), LONDON).due_at() is None  # not until it knows the time


def test_starting_mid_morning_waits_a_whole_interval() -> None:
    run = Run(timer(), at(MONDAY, "11:07"))
    run.until(at(MONDAY, "11:08"))
    assert run.timer.due_at() == at(MONDAY, "11:52")


def test_no_break_is_shown_after_the_end_of_the_day() -> None:
    t = timer(every=60, start="09:00", end="17:30")
    run = Run(t, at(MONDAY, "16:00"))
    run.until(at(MONDAY, "16:30"))
    assert t.due_at() == at(MONDAY, "17:00")
    run.until(at(MONDAY, "17:01"))
    t.dismissed(run.now)
    assert t.due_at() is None  # 18:01 is past 17:30
    assert run.until(at(MONDAY, "23:59")) == []


def test_the_next_day_starts_an_interval_after_the_start() -> None:
    t = timer()
    run = Run(t, at(MONDAY, "17:00"))
    run.until(at(MONDAY + timedelta(days=1), "09:00"))
    assert t.due_at() == at(MONDAY + timedelta(days=1), "09:45")
    shown = run.until(at(MONDAY + timedelta(days=1), "09:46"))
    assert kinds(shown) == [("09:44", "soon"), ("09:45", "due")]


def test_nothing_at_the_weekend() -> None:
    saturday = MONDAY - timedelta(days=2)
    run = Run(timer(), at(saturday, "08:00"))
    assert run.until(at(saturday, "18:00")) == []
    assert run.timer.due_at() is None
    # Unless the weekend is chosen.
    run = Run(timer(days="daily"), at(saturday, "08:00"))
    assert kinds(run.until(at(saturday, "09:46"))) == [("09:44", "soon"), ("09:45", "due")]


def test_postpone_puts_the_break_off_five_minutes_without_a_second_warning() -> None:
    t = timer()
    run = Run(t, at(MONDAY, "09:00"))
    assert kinds(run.until(at(MONDAY, "09:46")))[-1] == ("09:45", "due")
    t.postpone(at(MONDAY, "09:46"))
    assert t.due_at() == at(MONDAY, "09:51")
    assert kinds(run.until(at(MONDAY, "09:52"))) == [("09:51", "due")]


def test_postponing_past_the_end_drops_the_break() -> None:
    t = timer(end="17:30")
    t.poll(at(MONDAY, "17:00"))
    t.postpone(at(MONDAY, "17:27"))
    assert t.due_at() is None


def test_skip_and_the_daily_limit() -> None:
    t = timer(max_skips=2)
    run = Run(t, at(MONDAY, "09:00"))
    for _ in range(2):
        [*_, (_, due)] = run.until(run.now + timedelta(hours=1))
        assert Action.SKIP in due.actions
        assert t.skip(run.now) is True
    assert t.skips_left == 0
    [*_, (_, due)] = run.until(run.now + timedelta(hours=1))
    # The third break of the day offers no Skip, and skipping anyway changes nothing.
    assert due.actions == (Action.START, Action.POSTPONE)
    due_before = t.due_at()
    assert t.skip(run.now) is False
    assert t.due_at() == due_before
    # Skips come back at midnight.
    run.until(at(MONDAY + timedelta(days=1), "00:01"))
    assert t.skips_left == 2


def test_a_skip_waits_a_whole_interval() -> None:
    t = timer()
    run = Run(t, at(MONDAY, "09:00"))
    run.until(at(MONDAY, "09:46"))
    assert t.skip(at(MONDAY, "09:46")) is True
    assert t.due_at() == at(MONDAY, "10:31")
    assert t.skips_left is None  # no limit set


def test_idle_for_five_minutes_resets_the_timer() -> None:
    t = timer()
    run = Run(t, at(MONDAY, "09:00"))
    run.until(at(MONDAY, "09:30"), idle=10)
    # Away from 09:30 to 10:30: no notice while away.
    assert run.until(at(MONDAY, "10:30"), idle=600) == []
    assert t.away and t.due_at() is None
    # Back: the next break is a whole interval later, not at once.
    run.until(at(MONDAY, "10:31"), idle=3)
    assert not t.away
    assert t.due_at() == at(MONDAY, "11:15")
    # Four idle minutes is not away.
    run.until(at(MONDAY, "10:40"), idle=240)
    assert t.due_at() == at(MONDAY, "11:15")


def test_a_sleeping_computer_counts_as_away() -> None:
    t = timer()
    t.poll(at(MONDAY, "09:30"))
    assert t.due_at() == at(MONDAY, "10:15")
    # No polls for an hour (the lid was shut), then a poll past the old due time.
    assert t.poll(at(MONDAY, "10:30")) is None
    assert t.due_at() == at(MONDAY, "11:15")


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # 01:00 GMT becomes 02:00 BST: the hour from 01:00 to 02:00 is not on the clock.
        ("Europe/London", datetime(2026, 3, 29), ["00:40", "02:10", "02:40", "03:10", "03:40"]),
        # 02:00 EST becomes 03:00 EDT.
        ("America/New_York", datetime(2026, 3, 8), ["00:40", "01:10", "01:40", "03:10", "03:40"]),
    ],
)
def test_breaks_on_the_day_the_clocks_go_forward(
    zone: str, day: datetime, expected: list[str]
) -> None:
    place = ZoneInfo(zone)
    breaks = Breaks.model_validate({"every": 30, "start": "00:10", "end": "04:00", "days": "daily"})
    run = Run(BreakTimer(breaks, place), day.replace(tzinfo=place))
    shown = run.until(day.replace(hour=6, tzinfo=place), answer=True)
    dues = [n.at for _, n in shown if n.kind is NoticeKind.DUE]
    assert [d.strftime("%H:%M") for d in dues] == expected
    # Real half hours apart, however the clock on the wall moved.
    gaps = {b.astimezone(UTC) - a.astimezone(UTC) for a, b in zip(dues, dues[1:], strict=False)}
    assert gaps == {timedelta(minutes=30)}


# The loop behind `supple breaks`, on the same manual clock.


class ManualClock:
    """Time that moves only when the loop sleeps; it stops the loop at `end`."""

    def __init__(self, now: datetime, end: datetime, stop: asyncio.Event) -> None:
        self.now, self.end, self.stop = now, end, stop

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        if self.now >= self.end:
            self.stop.set()


class ScriptedNotices:
    """A person answering each notice from a script."""

    def __init__(self, clock: ManualClock, answers: list[Action | None]) -> None:
        self.clock = clock
        self.answers = answers
        self.seen: list[tuple[str, str]] = []

    async def notify(self, notice: Notice) -> Action | None:
        self.seen.append((self.clock.now.strftime("%H:%M"), notice.title))
        if notice.kind is NoticeKind.SOON:
            return None
        return self.answers.pop(0)

    async def close(self) -> None:
        return None


def run_loop(
    answers: list[Action | None], end: str, idle: float | None = None
) -> tuple[BreakTimer, ScriptedNotices, list[tuple[str, str, str]], list[str]]:
    t = timer()
    records: list[tuple[str, str, str]] = []
    starts: list[str] = []

    async def go() -> ScriptedNotices:
        stop = asyncio.Event()
        clock = ManualClock(at(MONDAY, "09:00"), at(MONDAY, end), stop)
        notices = ScriptedNotices(clock, answers)

        async def probe() -> float | None:
            return idle

        async def on_start() -> None:
            starts.append(clock.now.strftime("%H:%M"))
            clock.now += timedelta(minutes=3)  # the break in the terminal player

        def record(kind: str, outcome: Outcome, when: datetime) -> None:
            records.append((kind, outcome.value, when.strftime("%H:%M")))

        await run_breaks(
            t,
            notices,
            clock=clock,
            sleep=clock.sleep,
            idle_probe=probe,
            on_start=on_start,
            record=record,
            stop_event=stop,
        )
        return notices

    notices = asyncio.run(go())
    return t, notices, records, starts


def test_the_loop_follows_each_answer() -> None:
    answers = [Action.POSTPONE, Action.SKIP, Action.START, None]
    t, notices, records, starts = run_loop(answers, "12:00")
    assert records == [
        ("break", "postponed", "09:45"),
        ("break", "skipped", "09:50"),
        ("break", "started", "10:35"),
        ("break", "missed", "11:23"),  # 45 minutes after the break ended at 10:38
    ]
    assert starts == ["10:35"]
    assert notices.seen == [
        ("09:44", "Break in 1 minute"),
        ("09:45", "Time for a 3-minute desk break"),
        ("09:50", "Time for a 3-minute desk break"),  # postponed: no second warning
        ("10:34", "Break in 1 minute"),
        ("10:35", "Time for a 3-minute desk break"),
        ("11:22", "Break in 1 minute"),
        ("11:23", "Time for a 3-minute desk break"),
    ]
    assert t.due_at() == at(MONDAY, "12:08")


def test_the_loop_shows_nothing_while_the_person_is_away() -> None:
    _, notices, records, _ = run_loop([], "12:00", idle=900)
    assert notices.seen == [] and records == []


def test_the_loop_rings_the_terminal_and_reads_keys() -> None:
    t = timer()
    out = io.StringIO()

    async def go() -> None:
        stop = asyncio.Event()
        clock = ManualClock(at(MONDAY, "09:00"), at(MONDAY, "10:00"), stop)
        terminal = TerminalNotices(out, io.StringIO("p\nk\n"))
        await run_breaks(t, terminal, clock=clock, sleep=clock.sleep, stop_event=stop)

    asyncio.run(go())
    assert out.getvalue().splitlines() == [
        "\a09:45  Break in 1 minute. A 3-minute desk break is coming up.",
        "\a09:45  Time for a 3-minute desk break. A few easy stretches for your back and hips, "
        "then back to work.  Start [s]  Postpone 5 min [p]  Skip [k]",
        "\a09:50  Time for a 3-minute desk break. A few easy stretches for your back and hips, "
        "then back to work.  Start [s]  Postpone 5 min [p]  Skip [k]",
    ]
    assert t.due_at() == at(MONDAY, "10:35")  # skipped at 09:50


def test_the_loop_stops_at_once_when_told() -> None:
    async def go() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(
            run_breaks(timer(), TerminalNotices(io.StringIO()), stop_event=stop, poll_seconds=60)
        )
        await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 2)

    asyncio.run(go())
