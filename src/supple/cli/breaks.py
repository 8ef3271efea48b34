"""`supple breaks`: desk-break reminders during working hours, in the foreground."""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import console, fail, library, own_routines, shown
from .remind import invalid, store

if TYPE_CHECKING:
    from ..reminders.schedule import Schedule

breaks_app = typer.Typer(
    help="Desk breaks: a notice every so often during working hours, with Start, Postpone "
    "and Skip.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def _settings(schedule: Schedule) -> str:
    from ..reminders.schedule import days_text, time_text

    b = schedule.breaks
    return (
        f"a {b.minutes}-minute break every {b.every} min, {time_text(b.start)}-"
        f"{time_text(b.end)} {days_text(b.days)}"
    )


@breaks_app.callback()
def breaks(
    ctx: typer.Context,
    every: Annotated[int | None, typer.Option(help="Minutes between breaks (15-240).")] = None,
    start: Annotated[str | None, typer.Option(help="Start of working hours, like 09:00.")] = None,
    end: Annotated[str | None, typer.Option(help="End of working hours, like 17:30.")] = None,
    days: Annotated[str | None, typer.Option(help="Working days: mon-fri, daily...")] = None,
    minutes: Annotated[int | None, typer.Option(help="Length of a break (2-5 min).")] = None,
    max_skips: Annotated[
        int | None, typer.Option(help="At most this many skips a day (0-20).")
    ] = None,
    terminal: Annotated[
        bool, typer.Option("--terminal", help="Play breaks in the terminal, not the browser.")
    ] = False,
) -> None:
    """Remind me to take a short desk break every so often while I work (Ctrl-C stops).

    What you give is saved for next time; breaks are turned on.
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..reminders.schedule import parse_time
    from ..services import reminders
    from ..services.errors import Invalid

    try:
        start_at = parse_time(start) if start is not None else None
        end_at = parse_time(end) if end is not None else None
    except ValueError as err:
        fail(str(err))
    with store() as s:
        try:
            schedule = reminders.set_breaks(
                s,
                enabled=True,
                every=every,
                days=days,
                minutes=minutes,
                max_skips=max_skips,
                start=start_at,
                end=end_at,
            )
        except Invalid as err:
            invalid(err)
    run(schedule, terminal=terminal)


@breaks_app.command("off")
def off() -> None:
    """Turn desk breaks off (your settings are kept)."""
    from ..services import reminders

    with store() as s:
        reminders.set_breaks(s, enabled=False)
    console.print("Desk breaks are off. Turn them on again with: supple breaks")


@breaks_app.command("install")
def install() -> None:
    """Start `supple breaks` by itself when you log in."""
    from ..reminders import autostart

    system = platform.system()
    command = [sys.executable, "-m", "supple", "breaks"]
    try:
        path = autostart.install(command, home=Path.home(), system=system)
    except (OSError, ValueError) as err:
        fail(f"could not add the login entry: {err}")
    console.print(f"Added {shown(str(path))}: desk breaks start when you log in.")
    if not autostart.activate(system, path, home=Path.home()):
        hint = autostart.next_step(system, path)
        if hint:
            console.print(f"To start it now too: {shown(hint)}")


@breaks_app.command("uninstall")
def uninstall() -> None:
    """Stop starting `supple breaks` when you log in."""
    from ..reminders import autostart

    system = platform.system()
    path = autostart.entry_path(home=Path.home(), system=system)
    autostart.deactivate(system, path, home=Path.home())
    removed = autostart.uninstall(home=Path.home(), system=system)
    console.print(f"Removed {shown(str(removed))}." if removed else "There was no login entry.")


def run(schedule: Schedule, *, terminal: bool) -> None:
    """The foreground loop: notices through the desktop (or the terminal bell) until Ctrl-C."""
    import asyncio

    from ..paths import user_dir
    from ..services.reminders import BREAKS_RUNTIME

    home = user_dir()
    runtime = home / BREAKS_RUNTIME
    runtime.write_text(json.dumps({"pid": os.getpid()}), encoding="utf-8")
    console.print(f"Desk breaks: {_settings(schedule)} ({schedule.timezone}). Ctrl-C stops.")
    try:
        asyncio.run(_loop(schedule, home, terminal=terminal))
    except KeyboardInterrupt:
        console.print("\nDesk breaks stopped.")
    finally:
        runtime.unlink(missing_ok=True)


async def _loop(schedule: Schedule, home: Path, *, terminal: bool) -> None:
    from ..reminders.breaks import BreakTimer
    from ..reminders.idle import idle_seconds
    from ..reminders.loop import Outcome, run_breaks
    from ..reminders.notify import choose_notifier
    from ..reminders.schedule import time_text
    from ..services import reminders

    notifier, message = await choose_notifier(sys.stdout, sys.stdin if sys.stdin.isatty() else None)
    if message:
        console.print(f"[yellow]{message}[/]")
    timer = BreakTimer(schedule.breaks, schedule.zone, now=datetime.now(schedule.zone))
    due = timer.due_at()
    console.print(f"First break at {time_text(due.time())}." if due else "No more breaks today.")

    def record(kind: str, outcome: Outcome, due_at: datetime) -> None:
        with store() as s:
            reminders.record(s, kind, due_at, outcome.value)

    async def on_start() -> None:
        await start_break(home, schedule.breaks.minutes, terminal=terminal)

    try:
        await run_breaks(timer, notifier, idle_probe=idle_seconds, on_start=on_start, record=record)
    finally:
        await notifier.close()


async def start_break(home: Path, minutes: int, *, terminal: bool) -> None:
    """Plan a desk break (the profile respected) and play it: in the browser, or the terminal."""
    import asyncio

    from ..services import reminders
    from ..services.errors import Invalid

    with store() as s:
        try:
            routine_id = reminders.desk_break(s, library(), own_routines(), minutes)
        except Invalid as err:
            console.print(f"[yellow]No desk break could be planned: {shown(str(err))}[/]")
            return
    if not terminal:
        url = browser_url(home)
        if url is not None:
            import webbrowser

            webbrowser.open(f"{url}play/{routine_id}")
            return
        console.print("[dim]supple serve is not running: the break plays here.[/]")
    supple = shutil.which("supple")
    command = [supple] if supple else [sys.executable, "-m", "supple"]
    process = await asyncio.create_subprocess_exec(*command, "start", routine_id)
    await process.wait()


def browser_url(home: Path) -> str | None:
    """The running `supple serve`'s address (server.json), if one runs for this home."""
    from ..services.data import server_running

    if server_running(home) is None:
        return None
    try:
        url = json.loads((home / "server.json").read_text(encoding="utf-8"))["url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return str(url).split("?", 1)[0]
