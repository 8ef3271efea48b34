"""`supple progress`: pain over the weeks, what a session does, activities (PSFS), the goal.

Also the exports for a clinician (--export CSV, --fhir JSON) and the commands that record:
`supple progress pain N`, `supple progress psfs`, `supple progress goal`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.bar import Bar
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..progress import PSFS_FEWEST, PSFS_MOST, Goal, same_activity
from .common import console, fail, plain, print_json, shown
from .data import STDIO, write_out

if TYPE_CHECKING:
    from ..services.progress import Progress

BAR_WIDTH = 30

progress_app = typer.Typer(
    help="Your progress: usual pain by week, activities (PSFS), sessions against your goal.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@progress_app.callback()
def progress(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            metavar="FILE.csv",
            help="Write a CSV for a clinician: a row per session, weekly score and PSFS rating.",
        ),
    ] = None,
    fhir: Annotated[
        Path | None,
        typer.Option(
            "--fhir",
            metavar="FILE.json",
            help="Write an HL7 FHIR R4B Bundle of your pain ratings and PSFS checks.",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="Your name in the FHIR Bundle (otherwise: a local reference only)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Show your progress: usual pain by week, what a session does, activities, your goal."""
    if ctx.invoked_subcommand is not None:
        return
    # Imported here so that the other commands do not pay for loading SQLAlchemy.
    from ..services.clinician import fhir_bundle, progress_csv
    from ..services.errors import Invalid
    from ..services.progress import overview, progress_data
    from ..store.db import open_store

    if name is not None and fhir is None:
        fail("--name goes with --fhir: it names you in the FHIR Bundle")
    with open_store() as store:
        if export is not None or fhir is not None:
            try:
                bundle = fhir_bundle(store, name=name) if fhir is not None else None
            except Invalid as err:
                fail(str(err))
            csv_text = progress_csv(store) if export is not None else None
        else:
            found = overview(store, date.today())
    if export is not None or fhir is not None:
        if export is not None and csv_text is not None:
            if write_out(export, csv_text, force):
                rows = csv_text.count("\r\n") - 1
                console.print(f"Wrote {rows} rows to {shown(str(export))} (CSV).")
        if fhir is not None and bundle is not None:
            if write_out(fhir, json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", force):
                n = len(bundle["entry"]) - 1
                console.print(f"Wrote a FHIR R4B Bundle of {n} observations to {shown(str(fhir))}.")
        if STDIO not in (export, fhir):
            console.print("It holds health records: keep it somewhere only you can read.")
        return
    if as_json:
        print_json(progress_data(found))
        return
    _print(found)


def _say(markup: str) -> None:
    """A line of the report, indented, and still indented where it wraps."""
    console.print(Padding(Text.from_markup(markup), (0, 0, 0, 2), expand=False))


def _print(p: Progress) -> None:
    from ..services.progress import PAIN_RULE, PSFS_CREDIT, PSFS_RULE

    pain, fn = p.pain, p.function
    console.print("[bold]Pain[/] [dim]· your usual pain each week, 0 (none) to 10[/]")
    _say(f"{pain.line()}.")
    if pain.weeks:
        chart = Table(box=None, show_header=False, padding=(0, 1))
        chart.add_column(no_wrap=True)
        chart.add_column(width=BAR_WIDTH)
        chart.add_column(justify="right")
        for w in pain.weeks[-12:]:
            chart.add_row(
                f"  week of {w.week.day} {w.week:%b}",
                Bar(10, 0, w.pain, width=BAR_WIDTH),
                str(w.pain),
            )
        console.print(chart)
        _say(f"[dim]{PAIN_RULE}[/]")
    if pain.due:
        _say(
            "[dim]This week's is not given yet: supple progress pain N, or at your next session.[/]"
        )
    if advice := pain.advice():
        _say(f"[yellow]{advice}[/]")

    console.print("\n[bold]Within a session[/]")
    _say(p.within.line())

    console.print(f"\n[bold]Activities[/] [dim]· {PSFS_CREDIT}[/]")
    _say(f"{shown(fn.line())}.")
    if fn.checks:
        table = Table(box=None, padding=(0, 1))
        table.add_column("  activity")
        table.add_column("first", justify="right")
        table.add_column("latest", justify="right")
        first = {same_activity(a): s for a, s in fn.checks[0].ratings}
        for activity, score in fn.checks[-1].ratings:
            before = first.get(same_activity(activity))
            table.add_row(plain("  " + activity), "" if before is None else str(before), str(score))
        console.print(table)
        _say(f"[dim]{PSFS_RULE}[/]")
    if reminder := fn.reminder():
        _say(f"[yellow]{reminder}[/] supple progress psfs")
    elif fn.next_due:
        _say(f"[dim]Next check from {fn.next_due.day} {fn.next_due:%b}.[/]")

    console.print("\n[bold]Your goal[/]")
    _say(p.adherence_line())
    _say(p.streak_line())
    _say("[dim]Demonstrations never count. Change the goal: supple progress goal[/]")
    from ..safety import NOT_MEDICAL_ADVICE  # the safety content loads only when shown

    console.print(f"\n[dim]{shown(NOT_MEDICAL_ADVICE)}[/]")


@progress_app.command("pain")
def pain(
    score: Annotated[int, typer.Argument(min=0, max=10, metavar="N", help="0 (none) to 10.")],
) -> None:
    """Record your usual pain this week, 0 (none) to 10 (the worst you can imagine)."""
    from ..services.progress import overview, record_weekly_pain
    from ..store.db import open_store

    today = date.today()
    with open_store() as store:
        record_weekly_pain(store, score, today)
        found = overview(store, today)
    console.print(f"Saved. {found.pain.line()}.")


@progress_app.command("goal")
def goal(
    choice: Annotated[
        str | None,
        typer.Argument(
            metavar="[GOAL]",
            help="twice-a-day, once-a-day, most-days or three-times-a-week.",
        ),
    ] = None,
) -> None:
    """Show or set how often you mean to stretch (the wall article says once or twice a day)."""
    from ..services.errors import Invalid
    from ..services.progress import goal_of, set_goal
    from ..store.db import open_store

    with open_store() as store:
        if choice is None:
            now = goal_of(store)
            console.print(f"Your goal: [bold]{now.words}[/].")
            console.print("Choices: " + ", ".join(g.value for g in Goal))
            console.print("[dim]Set one: supple progress goal most-days[/]")
            return
        try:
            chosen = set_goal(store, choice.strip().lower())
        except Invalid as err:
            fail(str(err))
    console.print(f"Your goal is now {chosen.words}.")


@progress_app.command("psfs")
def psfs(
    ratings: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ACTIVITY=SCORE]...",
            help='3 to 5, e.g. "Putting on socks=4"; none: asked one by one.',
        ),
    ] = None,
) -> None:
    """Rate 3 to 5 activities your back or hips make hard, 0 (unable) to 10 (as before).

    The Patient-Specific Functional Scale (Stratford et al. 1995): asked at the start, then
    every two weeks, on the same activities.
    """
    from ..services.errors import Invalid
    from ..services.progress import PSFS_ASK, PSFS_CREDIT, overview, record_psfs
    from ..store.db import open_store

    with open_store() as store:
        if ratings:
            given = [_pair(r) for r in ratings]
        else:
            console.print(f"[bold]{PSFS_CREDIT}[/]")
            console.print(PSFS_ASK)
            last = store.psfs()
            given = _ask(list(last[-1].ratings) if last else [])
        try:
            record_psfs(store, given)
        except Invalid as err:
            fail(str(err))
        found = overview(store, date.today())
    console.print(f"Saved. {shown(found.function.line())}.")


def _pair(text: str) -> tuple[str, int]:
    """ "Putting on socks=4" -> ("Putting on socks", 4)."""
    activity, sep, score = text.rpartition("=")
    if not sep or not score.strip().isdigit():
        fail(f'{text!r}: give each activity with its score, e.g. "Putting on socks=4"')
    return activity, int(score)


def _score(question: str) -> int:
    while True:
        answer = typer.prompt(question).strip()
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        console.print(Text(f"{answer!r} is not a whole number from 0 to 10."))


def _ask(last: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The activities one by one: last time's again (Enter keeps them), or new ones."""
    try:
        if last:
            console.print("The same activities as last time, so the change can be measured:")
            return [
                (activity, _score(f"  {activity} (last time {score}), 0-10"))
                for activity, score in last
            ]
        names: list[str] = []
        while len(names) < PSFS_MOST:
            more = len(names) >= PSFS_FEWEST
            hint = " (Enter when done)" if more else ""
            name = typer.prompt(
                f"  Activity {len(names) + 1}{hint}", default="" if more else None,
                show_default=False,
            ).strip()  # fmt: skip
            if not name:
                if more:
                    break
                continue
            names.append(name)
        return [(name, _score(f"  {name}: 0 (unable) to 10 (as before)")) for name in names]
    except typer.Abort:
        console.print()
        fail(
            "no answers, nothing saved; or give them at once: "
            'supple progress psfs "Putting on socks=4" ...'
        )
