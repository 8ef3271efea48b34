"""`supple history` and `supple flags`: sessions, minutes per week, streaks, what hurt."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.bar import Bar
from rich.table import Table

from ..words import duration, plural
from .common import console, fail, library, print_json, shown

if TYPE_CHECKING:
    from ..services.history import FlagView

BAR_WIDTH = 40


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

    table = Table(title="Recent sessions", title_justify="left")
    table.add_column("when", no_wrap=True)
    table.add_column("routine")
    table.add_column("time", justify="right")
    for name in ("done", "skipped", "stopped"):
        table.add_column(name, justify="right")
    table.add_column("pain", justify="center")
    table.add_column("ended")
    for v in found.sessions:
        s, t = v.record, v.tally
        before = "?" if s.pain_before is None else str(s.pain_before)
        after = "?" if s.pain_after is None else str(s.pain_after)
        pain = "-" if s.pain_before is None and s.pain_after is None else f"{before} -> {after}"
        table.add_row(
            s.started_at.astimezone().strftime("%a %d %b %H:%M"),
            shown(s.routine_title),
            duration(t.seconds),
            str(t.done),
            str(t.skipped),
            str(t.stopped),
            pain,
            v.ended(),
        )
    console.print(table)

    top = max(minutes for _, minutes in found.weeks) or 1.0
    chart = Table(title="Minutes per week", title_justify="left", box=None)
    chart.add_column("week of", no_wrap=True)
    chart.add_column("", width=BAR_WIDTH)
    chart.add_column("min", justify="right")
    for start, minutes in found.weeks:
        chart.add_row(
            start.strftime("%d %b"), Bar(top, 0, minutes, width=BAR_WIDTH), f"{minutes:.1f}"
        )
    console.print(chart)
    console.print(
        f"Streak: [bold]{plural(found.streak_current, 'day')}[/] in a row "
        f"(longest: {plural(found.streak_longest, 'day')})"
    )
    if found.flags:
        console.print("\n[bold]Stretches that hurt[/] (left out of plans; clear with supple flags)")
        _print_flags(found.flags)


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
