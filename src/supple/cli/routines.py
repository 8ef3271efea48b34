"""`supple routines` and `supple routine ...`: show, export, import and delete routines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from .common import (
    console,
    err_console,
    fail,
    fmt_seconds,
    library,
    own_routines,
    plain,
    print_json,
    shown,
)
from .profile import profile_or_fail

# The library and the planner's rules load when a command runs: `supple --help` skips them.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from ..library.catalog import Library
    from ..library.exchange import DamagedRoutine
    from ..library.schema import Routine
    from ..planner.needs import Condition


class ShowByDefault(TyperGroup):
    """`supple routine ID` means `supple routine show ID`."""

    # ctx is Any: Typer's Context type moved between releases (it now vendors click).
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


routine_app = typer.Typer(
    cls=ShowByDefault,
    no_args_is_help=True,
    help="Show a routine (supple routine ID), or export, import or delete one.",
)


def routines(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """List the built-in routines and your own."""
    from rich.table import Table
    from rich.text import Text

    from ..library.present import routine_summary

    lib = library()
    mine, bad = own_routines().load()
    found = {**lib.routines, **mine}
    if as_json:
        _print_damaged(bad, err_console)  # stdout stays JSON
        print_json([routine_summary(r, lib) for r in found.values()])
        return
    table = Table(title="Routines", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("stretches", justify="right")
    table.add_column("time", justify="right")
    table.add_column("from")
    for r in found.values():
        table.add_row(
            r.id,
            plain(r.title),
            str(len(r.steps)),
            fmt_seconds(sum(s.work_seconds for s in r.steps)),
            plain(lib.source_credit(r.source)),
        )
    for err in bad:
        damaged = Text("damaged", style="bold red")
        table.add_row(plain(err.routine_id), damaged, "-", "-", "your own")
    console.print(table)
    _print_damaged(bad, console)
    console.print("Show one with [bold]supple routine ID[/].")


def _print_damaged(bad: list[DamagedRoutine], out: Console) -> None:
    """Each damaged routine file, and why it cannot be used."""
    from rich.text import Text

    for err in bad:
        why = plain(f"{err.routine_id}: {err.reason}\n  (the file {err.path})")
        out.print(Text.assemble(("Damaged: ", "bold red"), why), soft_wrap=True)
    if bad:
        out.print("Fix the file, or delete it with supple routine delete ID.")


@routine_app.command("show")
def show(
    routine_id: Annotated[str, typer.Argument(metavar="ID", help="A routine id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print in the exchange format.")] = False,
) -> None:
    """Show a routine's steps, their times and the total."""
    from ..library.exchange import dumps, find_routine
    from .marks import alternative_names, unsafe_for

    lib = library()
    try:
        r = find_routine(lib, own_routines(), routine_id)
    except LookupError as err:
        fail(str(err))
    if as_json:
        typer.echo(dumps(r, "json"), nl=False)
        return
    conditions = profile_or_fail().conditions
    console.print(steps_table(r, lib, conditions))
    total = sum(s.work_seconds for s in r.steps)
    console.print(f"[bold]Total stretching time: {fmt_seconds(total)}[/]")
    console.print(f"From: {shown(lib.source_credit(r.source))}")
    notes = [(i, step.note) for i, step in enumerate(r.steps, 1) if step.note]
    for i, note in notes:
        console.print(f"[dim]Step {i}: {shown(note)}[/]")
    for i, step in enumerate(r.steps, 1):
        s = lib.stretches[step.stretch]
        if unsafe_for(s, conditions):
            console.print(
                f"[bold red]Step {i}, {shown(s.name)}, is not advised for you[/] "
                f"({', '.join(unsafe_for(s, conditions))}). Instead: "
                f"{shown(alternative_names(s, conditions, lib))}. See supple stretch {s.id}."
            )


def steps_table(r: Routine, lib: Library, conditions: Sequence[Condition] = ()) -> Table:
    """A routine's steps and times; with conditions, a column marking what is not for them."""
    from rich.table import Table
    from rich.text import Text

    from ..library.schema import Mode
    from .marks import mark

    title = Text.assemble(plain(r.title), (f"  ({r.id})", "dim"))
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("stretch")
    table.add_column("how")
    table.add_column("time", justify="right")
    if conditions:
        table.add_column("for you")
    for i, step in enumerate(r.steps, 1):
        s = lib.stretches[step.stretch]
        how = "move" if step.mode is Mode.MOBILIZE else "hold"
        how += f" {fmt_seconds(step.hold_seconds)}"
        if step.per_side:
            how += " each side"
        if step.repetitions > 1:
            how += f", x{step.repetitions}"
        row = [str(i), f"{shown(s.name)} [dim]({s.id})[/]", how, fmt_seconds(step.work_seconds)]
        if conditions:
            row.append(mark(s, conditions))
        table.add_row(*row)
    return table


@routine_app.command("export")
def export(
    routine_id: Annotated[str, typer.Argument(metavar="ID", help="A routine id.")],
    fmt: Annotated[str, typer.Option("--format", help="json or yaml.")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
) -> None:
    """Print a routine in the exchange format (see the README)."""
    from ..library.exchange import dumps, find_routine

    if fmt not in ("json", "yaml"):
        fail(f"--format: must be json or yaml, not {fmt!r}")
    try:
        r = find_routine(library(), own_routines(), routine_id)
    except LookupError as err:
        fail(str(err))
    text = dumps(r, "yaml" if fmt == "yaml" else "json")
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as err:
            fail(f"--output {output}: {err}")
        console.print(f"Wrote {r.id} to {shown(str(output))}")


@routine_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A routine file, JSON or YAML.")],
    replace: Annotated[bool, typer.Option(help="Overwrite your routine with the same id.")] = False,
    new_id: Annotated[str | None, typer.Option("--id", help="Keep it under this id.")] = None,
) -> None:
    """Keep a routine from a file as your own, in your data folder."""
    from ..library.errors import ContentError
    from ..library.exchange import RoutineExists, Unwritable, parse

    lib = library()
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        r = parse(file, lib)
        if new_id is not None:
            r = parse_renamed(r, new_id, file)
    except ContentError as err:
        fail(f"the routine was not imported:\n{err}")
    try:
        path = own_routines().save(r, replace=replace)
    except RoutineExists as err:
        if err.built_in:
            fail(f"{err}; import it under another id with --id")
        fail(f"{err}; add --replace to overwrite it")
    except Unwritable as err:
        fail(str(err))
    console.print(
        f"Imported [bold]{shown(r.title)}[/] as [cyan]{r.id}[/] ({len(r.steps)} stretches)."
    )
    console.print(f"[dim]Kept in {shown(str(path))}[/]")


def parse_renamed(r: Routine, new_id: str, file: Path) -> Routine:
    """The same routine under another id, checked like any other."""
    from ..library.errors import validate
    from ..library.schema import Routine

    return validate(Routine, {**r.model_dump(mode="json"), "id": new_id}, f"{file} (--id)")


@routine_app.command("delete")
def delete(
    routine_id: Annotated[str, typer.Argument(metavar="ID", help="One of your own routines.")],
) -> None:
    """Delete one of your own routines (built-in ones cannot be deleted)."""
    from ..library.exchange import Unwritable

    lib = library()
    if routine_id in lib.routines:
        fail(f"{routine_id!r} is built in and cannot be deleted")
    try:
        own_routines().delete(routine_id)
    except (LookupError, Unwritable) as err:
        fail(str(err))
    console.print(f"Deleted {routine_id}.")
