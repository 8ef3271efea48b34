"""Break notices on a real session bus (dbus-daemon started here) with a notification server."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import pytest
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import (
    DBusDict,
    DBusInt32,
    DBusSignature,
    DBusStr,
    DBusUInt32,
    DBusUInt64,
)
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

from supple.reminders.breaks import Action, BreakTimer, Notice, NoticeKind
from supple.reminders.idle import idle_seconds
from supple.reminders.loop import run_breaks
from supple.reminders.notify import (
    NOTIFICATIONS,
    DesktopNotices,
    TerminalNotices,
    choose_notifier,
)
from supple.reminders.schedule import Breaks

DBUS_DAEMON = shutil.which("dbus-daemon")
needs_dbus = pytest.mark.skipif(DBUS_DAEMON is None, reason="dbus-daemon is not installed")
PATH = "/org/freedesktop/Notifications"
LONDON = ZoneInfo("Europe/London")
STRINGS = Annotated[list[str], DBusSignature("as")]
INFO = Annotated[tuple[str, str, str, str], DBusSignature("ssss")]
CLOSED = Annotated[tuple[int, int], DBusSignature("uu")]
INVOKED = Annotated[tuple[int, str], DBusSignature("us")]

CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def due_notice(
    actions: tuple[Action, ...] = (Action.START, Action.POSTPONE, Action.SKIP),
) -> Notice:
    return Notice(
        kind=NoticeKind.DUE,
        at=datetime(2026, 11, 30, 9, 45, tzinfo=ZoneInfo("Europe/London")),
        actions=actions,
        title="Time for a 3-minute desk break",
        body="A few easy stretches for your back and hips, then back to work.",
        postpone_minutes=5,
    )


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private dbus-daemon for this test, its address in DBUS_SESSION_BUS_ADDRESS."""
    assert DBUS_DAEMON is not None
    # A short folder: a unix socket's path must fit in 108 bytes.
    folder = Path(tempfile.mkdtemp(prefix="supple-bus-"))
    config = folder / "bus.conf"
    config.write_text(CONFIG.format(socket=folder / "bus"))
    daemon = subprocess.Popen(
        [DBUS_DAEMON, f"--config-file={config}", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address.startswith("unix:"), address
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)
        if daemon.stdout:
            daemon.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


class Notifications(ServiceInterface):
    """A tiny org.freedesktop.Notifications server, as a desktop runs one."""

    def __init__(self) -> None:
        super().__init__(NOTIFICATIONS)
        self.shown: list[dict[str, Any]] = []
        self.closed: list[int] = []
        self.press: str | None = None  # a button to press on each notice that has it

    @dbus_method()
    def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: STRINGS,
        hints: DBusDict,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        pairs = dict(zip(actions[::2], actions[1::2], strict=True))
        self.shown.append(
            {
                "app": app_name,
                "summary": summary,
                "body": body,
                "actions": pairs,
                "timeout": expire_timeout,
            }
        )
        if self.press in pairs:
            # A person's click comes a moment after the notice appears.
            asyncio.get_running_loop().call_later(
                0.1, self.ActionInvoked, len(self.shown), self.press
            )
        return len(self.shown)

    @dbus_method()
    def CloseNotification(self, id: DBusUInt32):  # type: ignore[no-untyped-def]  # noqa: ANN201
        self.closed.append(id)
        self.NotificationClosed(id, 3)

    @dbus_method()
    def GetCapabilities(self) -> STRINGS:
        return ["actions", "body"]

    @dbus_method()
    def GetServerInformation(self) -> INFO:
        return ("test server", "supple tests", "1.0", "1.2")

    @dbus_signal()
    def ActionInvoked(self, id: int, key: str) -> INVOKED:
        return (id, key)

    @dbus_signal()
    def NotificationClosed(self, id: int, reason: int) -> CLOSED:
        return (id, reason)


async def serve() -> tuple[MessageBus, Notifications]:
    bus = await MessageBus().connect()
    server = Notifications()
    bus.export(PATH, server)
    await bus.request_name(NOTIFICATIONS)
    return bus, server


async def on_screen(notifier: DesktopNotices, count: int = 1) -> None:
    """Wait until the client has the server's id for its notice: a click before that is lost."""
    async with asyncio.timeout(5):
        while len(await notifier.notifier.get_current_notifications()) < count:
            await asyncio.sleep(0.01)


async def stop_bus(bus: MessageBus) -> None:
    bus.disconnect()
    await asyncio.wait_for(bus.wait_for_disconnect(), 5)


@needs_dbus
def test_a_due_notice_shows_its_buttons_and_hears_postpone(session_bus: str) -> None:
    async def run() -> tuple[Action | None, dict[str, Any], str, str | None]:
        bus, server = await serve()
        notifier, message = await choose_notifier(io.StringIO())
        try:
            assert isinstance(notifier, DesktopNotices)
            answer = asyncio.create_task(notifier.notify(due_notice()))
            await on_screen(notifier)
            shown = server.shown[-1]
            server.ActionInvoked(len(server.shown), "postpone")
            return await asyncio.wait_for(answer, 5), shown, notifier.backend, message
        finally:
            await notifier.close()
            await stop_bus(bus)

    action, shown, backend, message = asyncio.run(run())
    assert action is Action.POSTPONE
    assert message is None
    assert backend == "DBusDesktopNotifier"
    assert shown["app"] == "supple"
    assert shown["summary"] == "Time for a 3-minute desk break"
    assert shown["body"] == "A few easy stretches for your back and hips, then back to work."
    buttons = {k: v for k, v in shown["actions"].items() if k != "default"}
    assert buttons == {"start": "Start", "postpone": "Postpone 5 min", "skip": "Skip"}


@needs_dbus
def test_start_and_a_dismissed_notice(session_bus: str) -> None:
    async def run() -> tuple[Action | None, Action | None, dict[str, Any]]:
        bus, server = await serve()
        notifier = DesktopNotices(wait=5)
        try:
            task = asyncio.create_task(notifier.notify(due_notice((Action.START, Action.POSTPONE))))
            await on_screen(notifier)
            server.ActionInvoked(1, "start")
            started = await asyncio.wait_for(task, 5)
            task = asyncio.create_task(notifier.notify(due_notice()))
            await on_screen(notifier)
            server.NotificationClosed(2, 2)  # 2: dismissed by the person
            dismissed = await asyncio.wait_for(task, 5)
            return started, dismissed, server.shown[0]
        finally:
            await notifier.close()
            await stop_bus(bus)

    started, dismissed, first = asyncio.run(run())
    assert started is Action.START
    assert dismissed is None
    # With the daily skips used up, no Skip button is offered.
    assert "skip" not in first["actions"]


@needs_dbus
def test_an_unanswered_notice_is_taken_down(session_bus: str) -> None:
    async def run() -> tuple[Action | None, list[int], int]:
        bus, server = await serve()
        notifier = DesktopNotices(wait=0.3)
        try:
            answer = await asyncio.wait_for(notifier.notify(due_notice()), 5)
            await asyncio.sleep(0.1)  # the close reaches the server
            return answer, server.closed, server.shown[0]["timeout"]
        finally:
            await notifier.close()
            await stop_bus(bus)

    answer, closed, timeout = asyncio.run(run())
    assert answer is None
    assert closed == [1]
    assert timeout > 0  # the server may take it down by itself too


@needs_dbus
def test_supple_breaks_on_a_desktop_start_from_the_notice(session_bus: str) -> None:
    breaks = Breaks(enabled=True)
    timer = BreakTimer(breaks, LONDON)
    records: list[tuple[str, str, str]] = []
    started: list[str] = []

    async def run() -> list[dict[str, Any]]:
        bus, server = await serve()
        server.press = "start"
        stop = asyncio.Event()
        now = [datetime(2026, 11, 30, 9, 0, tzinfo=LONDON)]

        async def sleep(seconds: float) -> None:
            now[0] += timedelta(seconds=seconds)
            if now[0] >= datetime(2026, 11, 30, 9, 50, tzinfo=LONDON):
                stop.set()

        notifier, _ = await choose_notifier(io.StringIO())
        try:
            await asyncio.wait_for(
                run_breaks(
                    timer,
                    notifier,
                    clock=lambda: now[0],
                    sleep=sleep,
                    on_start=lambda: started.append(f"{now[0]:%H:%M}"),
                    record=lambda kind, outcome, at: records.append(
                        (kind, outcome.value, f"{at:%H:%M}")
                    ),
                    stop_event=stop,
                ),
                10,
            )
        finally:
            await notifier.close()
            await stop_bus(bus)
        return server.shown

    shown = asyncio.run(run())
    assert [s["summary"] for s in shown] == ["Break in 1 minute", "Time for a 3-minute desk break"]
    assert started == ["09:45"]
    assert records == [("break", "started", "09:45")]
    assert timer.due_at() == datetime(2026, 11, 30, 10, 30, tzinfo=LONDON)


@needs_dbus
def test_a_notice_that_cannot_be_sent_rings_the_bell_instead(session_bus: str) -> None:
    out = io.StringIO()

    async def run() -> Action | None:
        # The notification service went away after supple chose desktop notices.
        notifier = DesktopNotices(fallback=TerminalNotices(out))
        try:
            return await asyncio.wait_for(notifier.notify(due_notice()), 5)
        finally:
            await notifier.close()

    assert asyncio.run(run()) is None
    assert out.getvalue().startswith("\a09:45  Time for a 3-minute desk break.")


@needs_dbus
def test_a_bus_without_a_notification_server_falls_back(session_bus: str) -> None:
    out = io.StringIO()
    notifier, message = asyncio.run(choose_notifier(out))
    assert isinstance(notifier, TerminalNotices)
    assert message == (
        "Desktop notices are not available here (no notification service is running); "
        "breaks will ring the terminal bell instead."
    )
    assert out.getvalue() == ""  # the caller says it, once


def test_no_bus_at_all_falls_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-such-socket'}")
    out = io.StringIO()
    notifier, message = asyncio.run(choose_notifier(out, system="Linux"))
    assert isinstance(notifier, TerminalNotices)
    assert message == (
        "Desktop notices are not available here (no desktop session was found); "
        "breaks will ring the terminal bell instead."
    )
    # Then each break rings the bell with one line, and the reason is not repeated.
    assert asyncio.run(notifier.notify(due_notice())) is None
    assert out.getvalue() == (
        "\a09:45  Time for a 3-minute desk break. "
        "A few easy stretches for your back and hips, then back to work.\n"
    )


def test_no_address_and_no_display_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    notifier, message = asyncio.run(choose_notifier(io.StringIO(), system="Linux"))
    assert isinstance(notifier, TerminalNotices)
    assert message is not None and "(no desktop session was found)" in message


def test_the_terminal_reads_an_answer_when_given_input() -> None:
    out = io.StringIO()
    terminal = TerminalNotices(out, io.StringIO("p\n"))
    assert asyncio.run(terminal.notify(due_notice())) is Action.POSTPONE
    assert out.getvalue().endswith("Start [s]  Postpone 5 min [p]  Skip [k]\n")
    # A key for a button that is not offered is no answer.
    terminal = TerminalNotices(io.StringIO(), io.StringIO("k\n"))
    assert asyncio.run(terminal.notify(due_notice((Action.START, Action.POSTPONE)))) is None
    terminal = TerminalNotices(io.StringIO(), io.StringIO(""))
    assert asyncio.run(terminal.notify(due_notice())) is None


@pytest.mark.skipif(os.name != "posix", reason="waits on a pipe")
def test_the_terminal_waits_for_a_line_without_blocking() -> None:
    read_end, write_end = os.pipe()

    async def run() -> tuple[Action | None, Action | None]:
        with open(read_end) as reader, open(write_end, "w") as writer:
            terminal = TerminalNotices(io.StringIO(), reader, wait=0.2)
            nothing = await terminal.notify(due_notice())  # no key pressed in time
            asyncio.get_running_loop().call_later(
                0.05, lambda: (writer.write("s\n"), writer.flush())
            )
            terminal.wait = 5
            return nothing, await terminal.notify(due_notice())

    assert asyncio.run(run()) == (None, Action.START)


class IdleMonitor(ServiceInterface):
    """GNOME's idle monitor, answering in milliseconds."""

    def __init__(self, value: int) -> None:
        super().__init__("org.gnome.Mutter.IdleMonitor")
        self.value = value

    @dbus_method()
    def GetIdletime(self) -> DBusUInt64:
        return self.value


class ScreenSaver(ServiceInterface):
    def __init__(self, value: int) -> None:
        super().__init__("org.freedesktop.ScreenSaver")
        self.value = value

    @dbus_method()
    def GetSessionIdleTime(self) -> DBusUInt32:
        return self.value


async def idle_with(*services: tuple[str, str, ServiceInterface]) -> float | None:
    bus = await MessageBus().connect()
    try:
        for name, path, interface in services:
            bus.export(path, interface)
            await bus.request_name(name)
        return await asyncio.wait_for(idle_seconds(), 5)
    finally:
        await stop_bus(bus)


@needs_dbus
def test_idle_time_from_the_desktop(session_bus: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")  # no xprintidle to fall back on
    gnome = (
        "org.gnome.Mutter.IdleMonitor",
        "/org/gnome/Mutter/IdleMonitor/Core",
        IdleMonitor(312_000),
    )
    kde = ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", ScreenSaver(4_500))
    assert asyncio.run(idle_with(gnome)) == 312.0
    assert asyncio.run(idle_with(kde)) == 4.5
    assert asyncio.run(idle_with()) is None  # a bus, but nothing on it can tell


def test_idle_time_is_none_where_nothing_can_tell(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    monkeypatch.setenv("PATH", "")

    async def timed() -> tuple[float | None, float]:
        loop = asyncio.get_running_loop()
        began = loop.time()
        found = await idle_seconds()
        return found, loop.time() - began

    found, took = asyncio.run(timed())
    assert found is None
    assert took < 1.5  # never holds up the loop for long
