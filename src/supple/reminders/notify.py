"""Showing a break notice: as a desktop notification where there is a service, else the bell."""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
from functools import partial
from typing import Protocol, TextIO

from desktop_notifier import Button, DesktopNotifier, Notification

from .breaks import Action, Notice, NoticeKind

NOTIFICATIONS = "org.freedesktop.Notifications"
WAIT = 120.0  # seconds to wait for an answer to a due notice before calling it unanswered
BUS_TIMEOUT = 2.0
KEYS = {Action.START: "s", Action.POSTPONE: "p", Action.SKIP: "k"}


class Notifier(Protocol):
    """Something that shows a notice and hears the answer."""

    async def notify(self, notice: Notice) -> Action | None:
        """Show the notice; the button pressed, or None if dismissed or unanswered in time."""
        ...

    async def close(self) -> None: ...


def fallback_message(reason: str) -> str:
    return (
        f"Desktop notices are not available here ({reason}); "
        "breaks will ring the terminal bell instead."
    )


class TerminalNotices:
    """The terminal bell and one line of text; reads s, p or k only when given an input."""

    def __init__(self, stream: TextIO, input: TextIO | None = None, *, wait: float = WAIT) -> None:
        self.stream = stream
        self.input = input
        self.wait = wait

    async def notify(self, notice: Notice) -> Action | None:
        line = f"\a{notice.at:%H:%M}  {notice.title}. {notice.body}"
        ask = self.input is not None and bool(notice.actions)
        if ask:
            choices = "  ".join(f"{notice.label(a)} [{KEYS[a]}]" for a in notice.actions)
            line = f"{line}  {choices}"
        self.stream.write(line + "\n")
        self.stream.flush()
        if not ask:
            return None
        try:
            answer = await asyncio.wait_for(self._read_line(), self.wait)
        except TimeoutError:
            return None
        key = answer.strip().lower()[:1]
        return next((a for a in notice.actions if KEYS[a] == key), None)

    async def _read_line(self) -> str:
        assert self.input is not None
        try:
            fd = self.input.fileno()
        except (OSError, ValueError):
            fd = -1
        if fd < 0 or os.name != "posix":
            return self.input.readline()  # an in-memory stream never blocks
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()

        # Wait for a line without a thread: a thread stuck in readline() would outlive the loop.
        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, wake)
        try:
            await ready
        finally:
            loop.remove_reader(fd)
        return self.input.readline()

    async def close(self) -> None:
        return None


class DesktopNotices:
    """A desktop notification (desktop-notifier) with the notice's buttons."""

    def __init__(self, *, fallback: TerminalNotices | None = None, wait: float = WAIT) -> None:
        self.notifier = DesktopNotifier(app_name="supple", app_icon=None)
        self.fallback = fallback
        self.wait = wait

    @property
    def backend(self) -> str:
        return type(self.notifier._backend).__name__

    async def notify(self, notice: Notice) -> Action | None:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[Action | None] = loop.create_future()
        sent: list[bool] = []

        def settle(value: Action | None) -> None:
            if not answer.done():
                answer.set_result(value)

        buttons = tuple(
            Button(title=notice.label(a), identifier=a.value, on_pressed=partial(settle, a))
            for a in notice.actions
        )
        # A "soon" notice goes by itself before the break is due; a due one when we stop waiting.
        timeout = 55 if notice.kind is NoticeKind.SOON else max(1, int(self.wait))
        notification = Notification(
            title=notice.title,
            message=notice.body,
            buttons=buttons,
            on_dispatched=lambda: sent.append(True),
            on_dismissed=partial(settle, None),
            timeout=timeout,
        )
        identifier = await self.notifier.send_notification(notification)
        if not sent:
            # desktop-notifier logs and swallows a failed send; the bell still reaches the person.
            return await self.fallback.notify(notice) if self.fallback else None
        if not notice.actions:
            return None
        try:
            return await asyncio.wait_for(answer, self.wait)
        except TimeoutError:
            with contextlib.suppress(Exception):
                await self.notifier.clear(identifier)
            return None

    async def close(self) -> None:
        # desktop-notifier has no close of its own; its D-Bus connection would be left open.
        bus = getattr(self.notifier._backend, "bus", None)
        if bus is not None and getattr(bus, "connected", False):
            bus.disconnect()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(bus.wait_for_disconnect(), BUS_TIMEOUT)


async def notification_service_problem(timeout: float = BUS_TIMEOUT) -> str | None:
    """Why desktop notices cannot be shown on this Linux session, or None if they can."""
    from dbus_fast import Message, MessageType
    from dbus_fast.aio import MessageBus

    try:
        bus = MessageBus()
        await asyncio.wait_for(bus.connect(), timeout)
    except Exception:
        return "no desktop session was found"
    try:
        for member in ("NameHasOwner", "ListActivatableNames"):
            message = Message(
                destination="org.freedesktop.DBus",
                path="/org/freedesktop/DBus",
                interface="org.freedesktop.DBus",
                member=member,
                signature="s" if member == "NameHasOwner" else "",
                body=[NOTIFICATIONS] if member == "NameHasOwner" else [],
            )
            reply = await asyncio.wait_for(bus.call(message), timeout)
            if reply.message_type is not MessageType.METHOD_RETURN:
                continue
            found = reply.body[0]
            # A service the bus starts on the first call is as good as one already running.
            if found is True or (isinstance(found, list) and NOTIFICATIONS in found):
                return None
        return "no notification service is running"
    except Exception:
        return "the desktop session did not answer"
    finally:
        bus.disconnect()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(bus.wait_for_disconnect(), timeout)  # type: ignore[no-untyped-call]


async def choose_notifier(
    stream: TextIO, input: TextIO | None = None, *, system: str | None = None
) -> tuple[Notifier, str | None]:
    """Desktop notices where they can be shown, else the terminal, with a message saying so."""
    system = system or platform.system()
    terminal = TerminalNotices(stream, input)
    if system == "Linux":
        problem = await notification_service_problem()
    elif system in ("Darwin", "Windows"):
        problem = None
    else:
        problem = f"no desktop notices on {system or 'this system'}"
    if problem is None:
        desktop = DesktopNotices(fallback=terminal)
        if desktop.backend != "DummyNotificationCenter":
            return desktop, None
        await desktop.close()
        # On macOS desktop-notifier can only notify from an app bundle, not from a terminal.
        problem = "notices need an app bundle on this system"
    return terminal, fallback_message(problem)
