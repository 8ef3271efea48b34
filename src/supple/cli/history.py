"""`supple history`: recent sessions, minutes per week, streaks and stretches that hurt."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.bar import Bar
from rich.table import Table

from ..library.catalog import default_library
from ..library.errors import ContentError
from ..progress import (
    history_data,
    minutes_per_week,
    outcome_counts,
    session_minutes,
    streak_days,
    streaks,
)
from .common import console, print_json

REASON_WORDS = {
    "sharp": "sharp pain",
    "numbness": "numbness or tingling",
    "too-strong": "too strong",
}
STATUS_WORDS = {"completed": "completed", "quit": "quit", "in-progress": "interrupted"}
BAR_WIDTH = 40


def _stretch_names() -> dict[str, str]:
    # The history must still show when the library cannot load: fall back to the ids.
    try:
        return {sid: s.name for sid, s in default_library().stretches.items()}
    except ContentError:
        return {}


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def history(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many sessions to list.")] = 10,
) -> None:
    """Show your recent sessions, minutes per week, streaks and stretches that hurt."""
    # Imported here so that the other commands do not pay for loading SQLAlchemy.
    from ..store import open_store

    with open_store() as store:
        every = store.sessions()
        flags = store.flags()
    today = date.today()
    if as_json:
        print_json(history_data(every, flags, today, limit=limit))
        return
    if not every:
        console.print("No sessions yet. Start one with [bold]supple start[/].")
        return

    table = Table(title="Recent sessions", title_justify="left")
    table.add_column("when", no_wrap=True)
    table.add_column("routine")
    table.add_column("minutes", justify="right")
    for name in ("done", "skipped", "stopped"):
        table.add_column(name, justify="right")
    table.add_column("pain", justify="center")
    table.add_column("status")
    for s in every[:limit]:
        counts = outcome_counts(s)
        before = "?" if s.pain_before is None else str(s.pain_before)
        after = "?" if s.pain_after is None else str(s.pain_after)
        pain = "-" if s.pain_before is None and s.pain_after is None else f"{before} -> {after}"
        table.add_row(
            s.started_at.astimezone().strftime("%a %d %b %Y %H:%M"),
            s.routine_title,
            f"{session_minutes(s):.1f}",
            str(counts["done"]),
            str(counts["skipped"]),
            str(counts["stopped"]),
            pain,
            STATUS_WORDS.get(s.status, s.status),
        )
    console.print(table)

    weeks = minutes_per_week(every, today)
    top = max(minutes for _, minutes in weeks) or 1.0
    chart = Table(title="Minutes per week", title_justify="left", box=None)
    chart.add_column("week of", no_wrap=True)
    chart.add_column("", width=BAR_WIDTH)
    chart.add_column("min", justify="right")
    for start, minutes in weeks:
        chart.add_row(
            start.strftime("%d %b"), Bar(top, 0, minutes, width=BAR_WIDTH), f"{minutes:.1f}"
        )
    console.print(chart)

    current, longest = streaks(streak_days(every), today)
    console.print(f"Streak: [bold]{_days(current)}[/] in a row (longest: {_days(longest)})")

    if flags:
        names = _stretch_names()
        console.print("\n[bold]Stretches that hurt[/]")
        for f in sorted(flags.values(), key=lambda f: f.last_at, reverse=True):
            name = names.get(f.stretch_id, f.stretch_id)
            times = "once" if f.count == 1 else f"{f.count} times"
            last = f.last_at.astimezone().strftime("%d %b %Y")
            reason = REASON_WORDS.get(f.reason, f.reason)
            console.print(f"  {name} ({f.stretch_id}): {times}, last on {last} ({reason})")
