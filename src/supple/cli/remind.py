"""`supple remind`: daily stretching times, and the calendar file a calendar app can read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import console, fail, library, own_routines, shown

if TYPE_CHECKING:
    from ..reminders.schedule import Schedule
    from ..store.db import Store


remind_app = typer.Typer(
    help="Daily stretching reminders: set times and days, see them, or write a calendar file.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@contextmanager
def store() -> Iterator[Store]:
    from ..paths import user_dir
    from ..store.db import open_store

    with open_store(user_dir()) as s:
        yield s


def invalid(err: Exception) -> None:
    """Invalid or NotFound from the service: each problem on its own line, then exit 1."""
    from ..services.errors import Invalid

    fail("\n".join(err.problems) if isinstance(err, Invalid) else str(err))


def show(schedule: Schedule) -> None:
    """The schedule in words, and when the next reminder is."""
    from ..reminders.schedule import next_daily, time_text
    from ..services import reminders

    found = reminders.lines(schedule, library(), own_routines())
    if not found:
        console.print("No reminders set.")
        console.print("[dim]Set one: supple remind set 08:00 18:30 --days mon-fri[/]")
        return
    console.print(f"[bold]Your reminders[/] [dim](times in {schedule.timezone})[/]")
    for line in found:
        console.print(f"  {shown(line)}")
    now = datetime.now(schedule.zone)
    upcoming = next_daily(schedule, now)
    if upcoming is not None:
        when = upcoming[0]
        day = "today" if when.date() == now.date() else when.strftime("%A")
        console.print(f"Next: {day} at {time_text(when.time())}.")
    console.print(
        "[dim]supple shows them on its pages while `supple serve` runs; for an alert from "
        "your calendar app: supple remind ics reminders.ics[/]"
    )


@remind_app.callback()
def remind(ctx: typer.Context) -> None:
    """Show your reminders and when the next one is."""
    if ctx.invoked_subcommand is not None:
        return
    from ..services import reminders

    with store() as s:
        show(reminders.schedule_of(s))


@remind_app.command("set")
def set_times(
    times: Annotated[list[str], typer.Argument(help="One or more times, like 08:00 18:30.")],
    days: Annotated[
        str | None,
        typer.Option(help="mon-fri, weekends, daily, or days like mon,wed,fri (default: daily)."),
    ] = None,
    routine: Annotated[
        str | None,
        typer.Option(help="A routine to play (see supple routines); left out: plan one for me."),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option(help="Minutes for a planned session (2-60; default 10).")
    ] = None,
    place: Annotated[
        str | None, typer.Option(help="For a planned session: anywhere, no-floor or desk.")
    ] = None,
    add: Annotated[
        bool, typer.Option("--add", help="Keep the reminders already set and add these.")
    ] = False,
) -> None:
    """Remind me at these times on these days (replaces the daily times set before)."""
    from ..services import reminders
    from ..services.errors import Invalid, NotFound

    with store() as s:
        try:
            schedule = reminders.set_daily(
                s,
                library(),
                own_routines(),
                times,
                days=days,
                routine=routine,
                minutes=minutes,
                place=place,
                replace=not add,
            )
        except (Invalid, NotFound) as err:
            invalid(err)
        show(schedule)


@remind_app.command("remove")
def remove(
    time: Annotated[str, typer.Argument(help="The time of the reminder, like 08:00.")],
) -> None:
    """Remove the reminder at this time."""
    from ..services import reminders
    from ..services.errors import Invalid, NotFound

    with store() as s:
        try:
            schedule = reminders.remove_daily(s, time)
        except (Invalid, NotFound) as err:
            invalid(err)
        show(schedule)


@remind_app.command("clear")
def clear() -> None:
    """Remove every daily reminder and turn desk breaks off (the time zone stays)."""
    from ..services import reminders

    with store() as s:
        had = reminders.clear(s)
    console.print("Reminders removed; desk breaks are off." if had else "No reminders were set.")


@remind_app.command("zone")
def zone(name: Annotated[str, typer.Argument(help="A time zone, like Europe/London.")]) -> None:
    """Set the time zone your reminder times are in (this computer's is the default)."""
    from ..services import reminders
    from ..services.errors import Invalid

    with store() as s:
        try:
            show(reminders.set_timezone(s, name))
        except Invalid as err:
            invalid(err)


@remind_app.command("ics")
def ics(
    file: Annotated[Path, typer.Argument(help="Where to write it (.ics); - prints it.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file.")] = False,
) -> None:
    """Write your daily reminders as a calendar file (iCalendar), with an alert before each."""
    from ..services import reminders
    from .data import write_out

    with store() as s:
        schedule = reminders.schedule_of(s)
        data = reminders.calendar(s, library(), own_routines(), datetime.now(schedule.zone))
    if not write_out(file, data.decode("utf-8"), force):
        return
    count = len(schedule.daily)
    if not count:
        console.print(
            f"Wrote {shown(str(file))}, an empty calendar: no reminder is set "
            "(supple remind set 08:00)."
        )
        return
    console.print(
        f"Wrote {shown(str(file))}: {count} reminder{'s' * (count != 1)}, each with an "
        "alert 5 minutes before. Import it into your calendar app, or subscribe to "
        "http://127.0.0.1:8765/calendar.ics while supple serve runs."
    )
