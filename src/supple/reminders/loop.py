"""The foreground loop behind `supple breaks`: poll the timer, show notices, act on answers."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum

from .breaks import Action, BreakTimer, NoticeKind
from .notify import Notifier

POLL_SECONDS = 15.0


class Outcome(StrEnum):
    """What became of a due break, for the person's history (the store's outcome words)."""

    STARTED = "started"
    POSTPONED = "postponed"
    SKIPPED = "skipped"
    MISSED = "missed"  # closed, or no answer in time


BREAK = "break"  # the kind of reminder this loop records, beside the store's "daily"


Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[object]]
IdleProbe = Callable[[], Awaitable[float | None]]
OnStart = Callable[[], Awaitable[object] | object]
Record = Callable[[str, Outcome, datetime], object]


async def _nothing_idle() -> float | None:
    return None


async def run_breaks(
    timer: BreakTimer,
    notifier: Notifier,
    *,
    clock: Clock | None = None,
    sleep: Sleep = asyncio.sleep,
    idle_probe: IdleProbe = _nothing_idle,
    on_start: OnStart | None = None,
    record: Record | None = None,
    stop_event: asyncio.Event | None = None,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    """Every poll_seconds until stop_event is set: show what the timer says, act on the answer."""
    now_at: Clock = clock or (lambda: datetime.now(timer.zone))
    stop = stop_event or asyncio.Event()
    while not stop.is_set():
        notice = timer.poll(now_at(), await idle_probe())
        if notice is not None:
            action = await notifier.notify(notice)
            outcome = await _act(timer, notice.kind, action, now_at, on_start)
            # Each due break goes into History, dated when it was due; a "soon" notice asks
            # nothing, so there is nothing to record of it.
            if record is not None and outcome is not None:
                record(BREAK, outcome, notice.at)
        if stop.is_set():
            break
        await _sleep_unless_stopped(sleep, poll_seconds, stop)


async def _act(
    timer: BreakTimer,
    kind: NoticeKind,
    action: Action | None,
    now_at: Clock,
    on_start: OnStart | None,
) -> Outcome | None:
    """Tell the timer what the person chose; what to record of it."""
    if kind is NoticeKind.SOON and action is None:
        return None
    if action is Action.START:
        timer.started(now_at())
        try:
            if on_start is not None:
                result = on_start()
                if inspect.isawaitable(result):
                    await result
        finally:
            # A break in the browser returns at once; one in the terminal when it is over.
            timer.ended(now_at())
        return Outcome.STARTED
    if action is Action.POSTPONE:
        timer.postpone(now_at())
        return Outcome.POSTPONED
    if action is Action.SKIP and timer.skip(now_at()):
        return Outcome.SKIPPED
    timer.dismissed(now_at())
    return Outcome.MISSED


async def _sleep_unless_stopped(sleep: Sleep, seconds: float, stop: asyncio.Event) -> None:
    """Sleep, but wake as soon as the loop is told to stop."""
    napping = asyncio.ensure_future(sleep(seconds))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({napping, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (napping, stopping):
            if not task.done():
                task.cancel()
        await asyncio.gather(napping, stopping, return_exceptions=True)
