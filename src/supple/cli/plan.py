"""`supple plan`: a routine made for your time, place, body and focus."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from ..choices import AgeBand, Condition, Place
from ..library.vocab import TARGET_LABELS, Target
from ..words import duration, plural
from .common import CONDITIONS, console, fail, library, own_routines, print_json

# The planner, the library and pydantic load when the command runs (see plan()).
if TYPE_CHECKING:
    from ..library.exchange import OwnRoutines
    from ..library.schema import Routine
    from ..planner.needs import Needs
    from ..planner.plan import Plan
    from ..store.db import Store


def _changes(n: int) -> str:
    return "no change of position" if n == 0 else f"{plural(n, 'change')} of position"


def _summary(result: Plan, needs: Needs) -> None:
    lib = library()
    used = duration(result.total_seconds)
    console.print(
        f"[bold]Takes {used}[/] of your {needs.minutes} min, with the warm-up, lead-ins, "
        f"switches and {_changes(result.position_changes)}."
    )
    console.print(result.summary)
    for target, seconds in result.coverage.items():
        label = TARGET_LABELS[Target(target)]
        if seconds >= result.dose_seconds:
            console.print(f"  [green]✓[/] {label}: {seconds} s (full time {result.dose_seconds} s)")
        elif target in result.unreachable:
            console.print(f"  [red]✗[/] {label}: nothing safe for it here")
        else:
            console.print(
                f"  [yellow]•[/] {label}: {seconds} s; more time would give it the full "
                f"{result.dose_seconds} s"
            )
    if result.near:
        near = ", ".join(
            f"{TARGET_LABELS[Target(t)].lower()} {s} s" for t, s in result.near.items()
        )
        console.print(f"  [dim]+ next to the focus: {near}[/]")
    if result.shortfall:
        console.print(f"[yellow]{result.shortfall}[/]")
    for sid, found in result.cautions.items():
        for c in found:
            console.print(f"[yellow]Take care[/] with {lib.stretches[sid].name}: {c.reason}")


def plan(
    minutes: Annotated[int, typer.Option(min=2, max=60, help="How long you have, 2 to 60.")] = 10,
    focus: Annotated[
        str | None,
        typer.Option(help="Targets or areas, comma-separated (default: lower back and hips)."),
    ] = None,
    place: Annotated[
        Place, typer.Option(help="anywhere, no-floor (standing, chair, wall) or desk.")
    ] = Place.ANYWHERE,
    condition: Annotated[
        list[Condition] | None,
        typer.Option(
            "--condition",
            metavar="CONDITION",
            help=f"Plan around it (repeat): {CONDITIONS}; default: your profile's.",
        ),
    ] = None,
    age: Annotated[
        AgeBand | None, typer.Option("--age", help="adult or older; default: your profile's.")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help="Same seed, same routine (default: today's date).")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the exchange format plus total_seconds and the options."
        ),
    ] = False,
    save: Annotated[
        str | None, typer.Option("--save", metavar="ID", help="Keep it as your routine ID.")
    ] = None,
    replace: Annotated[bool, typer.Option(help="With --save, overwrite your routine ID.")] = False,
    start: Annotated[bool, typer.Option("--start", help="Start a guided session of it.")] = False,
) -> None:
    """Plan a routine for your time, place and focus, safe for the conditions you have."""
    # The planner loads only when a plan is asked for: the other commands start quicker.
    from ..library.exchange import RoutineExists, Unwritable, to_exchange
    from ..safety import NOT_MEDICAL_ADVICE
    from ..services.errors import Invalid
    from ..services.planning import Ask, plan_for, unused_id
    from .routines import steps_table

    ask = Ask(
        minutes=minutes,
        focus=[f for f in focus.split(",") if f.strip()] if focus else None,
        place=place,
        conditions=condition,
        age_band=age,
        seed=seed,
    )
    lib = library()
    try:
        with _store() as store:
            planned = plan_for(store, lib, ask)
    except Invalid as err:
        fail("; ".join(_as_option(p) for p in err.problems))
    result, needs = planned.plan, planned.needs
    routine = result.routine
    if save is not None:
        routine = _renamed(routine, save)
    if save is not None or start:
        own = own_routines()
        same = False
        if save is None:
            # The plan's readable id, or id-2, id-3... where another routine has it already.
            new_id = unused_id(
                routine, [*own.ids(), *lib.routines], lambda i: _same(own, i, routine)
            )
            same = _same(own, new_id, routine)
            routine = _renamed(routine, new_id)
        try:
            own.save(routine, replace=replace or same)
        except RoutineExists as err:
            fail(f"{err}; choose another id" if err.built_in else f"{err}; add --replace")
        except Unwritable as err:
            fail(str(err))
    if as_json:
        print_json(
            {
                **to_exchange(routine),
                "total_seconds": result.total_seconds,
                "options": result.options.model_dump(mode="json"),
            }
        )
    else:
        console.print(steps_table(routine, lib, needs.conditions))
        _summary(result, needs)
        if planned.left_out:
            names = ", ".join(lib.stretches[s].name for s in planned.left_out if s in lib.stretches)
            console.print(
                f"[dim]Left out because they hurt before: {names} (supple flags to clear)[/]"
            )
        if planned.overridden:
            console.print(
                "[yellow]Your profile lists other conditions too; only --condition was used.[/]"
            )
        if needs.conditions:
            console.print(f"[dim]{NOT_MEDICAL_ADVICE}[/]")
        if save is not None or start:
            console.print(f"Kept as your routine [cyan]{routine.id}[/].")
        else:
            console.print("[dim]Keep it with --save ID, or play it now with --start.[/]")
    if start:
        from .session import start as start_session

        # Played as it was timed: the routine carries its warm-up and lead-ins (its pacing).
        start_session(routine_id=routine.id)


def _same(own: OwnRoutines, routine_id: str, routine: Routine) -> bool:
    """Whether the routine kept under this id is this very plan (saving it again is harmless)."""
    from ..library.exchange import DamagedRoutine

    try:
        kept = own.get(routine_id)
    except DamagedRoutine:
        return False
    return kept is not None and kept == _renamed(routine, routine_id)


@contextmanager
def _store() -> Iterator[Store | None]:
    """The person's store, if they have one: a plan needs no database to exist."""
    from ..paths import user_dir

    home = user_dir()
    if not (home / "supple.db").exists():
        yield None
        return
    from ..store.db import open_store

    with open_store(home) as store:
        yield store


def _as_option(problem: str) -> str:
    """'minutes: ...' reads as '--minutes: ...' on the command line."""
    name, sep, rest = problem.partition(": ")
    option = name.split(".")[0]
    if sep and option.isidentifier() and option not in ("profile", "no plan"):
        return f"--{option}: {rest}"
    return problem


def _renamed(routine: Routine, new_id: str) -> Routine:
    from pydantic import ValidationError

    from ..library.exchange import to_exchange
    from ..library.schema import Routine

    try:
        return Routine.model_validate({**to_exchange(routine), "id": new_id})
    except ValidationError:
        fail(f"--save: {new_id!r} is not an id: use lowercase words joined by hyphens")
