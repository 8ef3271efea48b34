"""How long the person has not touched the keyboard or mouse, where the system can tell."""

from __future__ import annotations

import asyncio
import contextlib
import platform
import re
import shutil
import sys

TIMEOUT = 1.0  # a probe runs every poll; a slow answer is no answer


async def idle_seconds() -> float | None:
    """Seconds since the last input, or None where this system cannot say."""
    system = platform.system()
    try:
        if system == "Linux":
            return await _linux()
        if system == "Darwin":
            return await _macos()
        if system == "Windows":
            return _windows()
    except Exception:
        # Idle time is a nicety: without it breaks still come, they just do not pause.
        return None
    return None


async def _linux() -> float | None:
    found = await _dbus_idle()
    if found is None and shutil.which("xprintidle"):
        out = await _run("xprintidle")
        found = int(out) / 1000 if out and out.strip().isdigit() else None
    return found


async def _dbus_idle() -> float | None:
    """GNOME's idle monitor, then the freedesktop screensaver (KDE and others)."""
    from dbus_fast import Message, MessageType
    from dbus_fast.aio import MessageBus

    asks = [
        # (service, path, interface, method, units per second)
        (
            "org.gnome.Mutter.IdleMonitor",
            "/org/gnome/Mutter/IdleMonitor/Core",
            "org.gnome.Mutter.IdleMonitor",
            "GetIdletime",
            1000,
        ),
        (
            "org.freedesktop.ScreenSaver",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "GetSessionIdleTime",
            # Milliseconds in KDE; read as seconds it would call a person away after a
            # second, while the other way round only loses the pause.
            1000,
        ),
    ]
    try:
        bus = MessageBus()
        await asyncio.wait_for(bus.connect(), TIMEOUT)
    except Exception:
        return None
    try:
        for service, path, interface, member, per_second in asks:
            message = Message(destination=service, path=path, interface=interface, member=member)
            try:
                reply = await asyncio.wait_for(bus.call(message), TIMEOUT)
            except Exception:
                continue
            if reply.message_type is MessageType.METHOD_RETURN and reply.body:
                return float(reply.body[0]) / per_second
        return None
    finally:
        bus.disconnect()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(bus.wait_for_disconnect(), TIMEOUT)  # type: ignore[no-untyped-call]


async def _macos() -> float | None:
    out = await _run("ioreg", "-c", "IOHIDSystem")
    match = re.search(r'"HIDIdleTime"\s*=\s*(\d+)', out or "")
    return int(match.group(1)) / 1e9 if match else None  # nanoseconds


def _windows() -> float | None:
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    class LastInput(ctypes.Structure):
        _fields_ = [("cbSize", wintypes.UINT), ("dwTime", wintypes.DWORD)]

    info = LastInput()
    info.cbSize = ctypes.sizeof(info)
    if not ctypes.windll.user32.GetLastInputInfo(ctypes.byref(info)):
        return None
    # Both counts are milliseconds since boot and wrap after 49.7 days.
    ticks = ctypes.windll.kernel32.GetTickCount() & 0xFFFFFFFF
    return float((ticks - info.dwTime) & 0xFFFFFFFF) / 1000


async def _run(*command: str) -> str | None:
    """A command's output, or None if it fails or takes too long."""
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        out, _ = await asyncio.wait_for(process.communicate(), TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()
        return None
    return out.decode(errors="replace") if process.returncode == 0 else None
