"""The `supple` command line: thin commands over the library and the store."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from ..store.errors import StoreUnavailable
from .breaks import breaks_app
from .common import console, fail
from .data import data_app
from .history import flags_app, history
from .plan import plan
from .profile import profile
from .progress import progress_app
from .remind import remind_app
from .routines import routine_app, routines
from .serve import serve
from .session import screen, start
from .stretches import advice, stretch, stretches


class Supple(TyperGroup):
    """The command group: a database that cannot be used is one line and exit 1, not a trace."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except StoreUnavailable as err:
            # Every command that opens the store ends here: damaged, newer, read-only, full.
            fail(str(err))


app = typer.Typer(
    cls=Supple,
    help="supple: a stretching coach for lower back and hip pain.",
    add_completion=False,
    rich_markup_mode=None,
)
app.command()(start)
app.command()(plan)
app.command()(profile)
app.command()(screen)
app.command()(serve)
app.command()(stretches)
app.command()(stretch)
app.command()(routines)
app.add_typer(routine_app, name="routine")
app.command()(advice)
app.command()(history)
app.add_typer(flags_app, name="flags")
app.add_typer(progress_app, name="progress")
app.add_typer(data_app, name="data")
app.add_typer(remind_app, name="remind")
app.add_typer(breaks_app, name="breaks")


@app.command("review-sheet", hidden=True)
def review_sheet() -> None:
    """Print the clinician's review sheet (docs/clinical-review.md) as Markdown."""
    from ..review import sheet

    typer.echo(sheet(), nl=False)


@app.callback(invoke_without_command=True)
def welcome(ctx: typer.Context) -> None:
    """supple: a stretching coach for lower back and hip pain."""
    if ctx.invoked_subcommand is not None:
        return
    from ..safety import NOT_MEDICAL_ADVICE

    console.print("[bold]supple[/]: a stretching coach for lower back and hip pain.")
    console.print(f"[dim]{NOT_MEDICAL_ADVICE}[/]\n")
    console.print("  supple start [ID]       a guided session, hands-free")
    console.print("  supple plan             a routine made for your time, place and focus")
    console.print("  supple profile          conditions to plan around (knee, no floor...)")
    console.print("  supple serve            the same in your browser (phone or laptop)")
    console.print("  supple screen           the safety questions (warning signs)")
    console.print("  supple history          your sessions, streaks and pain over time")
    console.print("  supple progress         usual pain by week, activities, your goal")
    console.print("  supple flags            stretches that hurt; clear one when it is fine")
    console.print("  supple stretches        browse the stretch library")
    console.print("  supple stretch ID       one stretch: steps, cues, cautions")
    console.print("  supple routines         the five article programs and your own")
    console.print("  supple routine ID       a routine's steps and total time")
    console.print("  supple advice           how to stretch safely, how often, posture")
    console.print("  supple remind           daily reminders, and a calendar file for them")
    console.print("  supple breaks           desk-break notices while you work")
    console.print("  supple data             export, import or erase everything supple keeps")
    console.print("\nMore: supple --help")


def main() -> None:
    app()
