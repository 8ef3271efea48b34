"""`supple history` and `supple flags`: sessions, minutes per week, streaks, what hurt."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.bar import Bar
from rich.table import Table

from ..words import clock, duration, plural
from .common import console, fail, library, plain, print_json, shown

if TYPE_CHECKING:
    from ..services.history import FlagView
    from ..services.sessions import SessionView

BAR_WIDTH = 40
# Narrower than this, the sessions table merges its columns: the date without the weekday,
# the time as 1:32, and the stretches done, skipped and stopped in one cell.
FULL_TABLE_FROM = 120


def history(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many sessions to list.")] = 10,
) -> None:
    """Show your recent sessions, minutes per week, streaks and stretches that hurt."""
    # Imported here so that the other commands do not pay for loading SQLAlchemy.
    from ..services.history import overview, overview_data
    from ..store.db import open_store

    with open_store() as store:
        found = overview(store, library(), date.today(), limit=limit)
    if as_json:
        print_json(overview_data(found))
        return
    if not found.sessions:
        console.print("No sessions yet. Start one with [bold]supple start[/].")
        return

    console.print(sessions_table(found.sessions, full=console.width >= FULL_TABLE_FROM))

    top = max(minutes for _, minutes in found.weeks) or 1.0
    chart = Table(title="Minutes per week", title_justify="left", box=None)
    chart.add_column("week of", no_wrap=True)
    chart.add_column("", width=BAR_WIDTH)
    chart.add_column("min", justify="right")
    for start, minutes in found.weeks:
        chart.add_row(
            start.strftime("%d %b"), Bar(top, 0, minutes, width=BAR_WIDTH), f"{round(minutes)}"
        )
    console.print(chart)
    if found.reminders:
        console.print("[bold]Reminders[/]")
        for r in reversed(found.reminders):
            console.print(f"  week of {r.week:%d %b}: {r.line()}")
    console.print(
        f"Streak: [bold]{plural(found.streak_current, 'day')}[/] in a row "
        f"(longest: {plural(found.streak_longest, 'day')})"
    )
    if found.flags:
        console.print("\n[bold]Stretches that hurt[/] (left out of plans; clear with supple flags)")
        _print_flags(found.flags)


def sessions_table(views: list[SessionView], full: bool) -> Table:
    """One row a session: when, what, how long, the stretches, pain before -> after, the end."""
    table = Table(
        title="Recent sessions",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
        show_edge=False,
    )
    table.add_column("when", no_wrap=True)
    table.add_column("routine", min_width=12)
    table.add_column("time", justify="right", no_wrap=True)
    if full:
        for name in ("done", "skipped", "stopped"):
            table.add_column(name, justify="right", no_wrap=True)
    else:
        table.add_column("stretches", min_width=9)
    table.add_column("pain", no_wrap=True)
    table.add_column("ended", min_width=len("interrupted"))
    for v in views:
        s, t = v.record, v.tally
        before = "?" if s.pain_before is None else str(s.pain_before)
        after = "?" if s.pain_after is None else str(s.pain_after)
        pain = "-" if s.pain_before is None and s.pain_after is None else f"{before} -> {after}"
        started = s.started_at.astimezone()
        if full:
            when = started.strftime("%a %d %b %H:%M")
            counts = [str(t.done), str(t.skipped), str(t.stopped)]
            spent = duration(t.seconds)
        else:
            when = started.strftime("%d %b %H:%M")
            said = [f"{n} {word}" for n, word in ((t.done, "done"), (t.skipped, "skipped"))]
            said.append(f"{t.stopped} stopped")
            counts = [", ".join(c for c in said if not c.startswith("0 ")) or "none"]
            spent = clock(t.seconds)
        table.add_row(when, plain(s.routine_title), spent, *counts, pain, v.ended())
    return table


def _print_flags(flags: list[FlagView]) -> None:
    for f in flags:
        times = "once" if f.count == 1 else f"{f.count} times"
        last = f.last_at.astimezone().strftime("%d %b %Y")
        console.print(
            f"  {shown(f.name)} ({f.stretch_id}): {times}, last on {last} "
            f"({f.reason_words.lower()})"
        )


flags_app = typer.Typer(
    help="Stretches that hurt: left out of plans and pointed out until you clear them.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@flags_app.callback()
def flags(ctx: typer.Context) -> None:
    """List the stretches that hurt (left out of plans until cleared)."""
    if ctx.invoked_subcommand is not None:
        return
    from ..services.history import flags as find_flags
    from ..store.db import open_store

    with open_store() as store:
        found = find_flags(store, library())
    if not found:
        console.print("No stretch is flagged as having hurt.")
        return
    _print_flags(found)
    console.print("[dim]When one feels fine again: supple flags clear ID[/]")


@flags_app.command("clear")
def clear(stretch_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Clear a flag: plans may use the stretch again and players stop warning about it."""
    from ..services.errors import NotFound
    from ..services.history import clear_flag
    from ..store.db import open_store

    with open_store() as store:
        try:
            clear_flag(store, stretch_id)
        except NotFound as err:
            fail(f"{err}; see the flagged ones with supple flags")
    console.print(f"Cleared: {stretch_id} may be planned again.")
